/** GraphQL controllers, one per schema type; they resolve scope and filter and call the analytics. */
package com.galleryanalytics.graphql;
