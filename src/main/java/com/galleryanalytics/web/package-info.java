/** HTTP plumbing shared by the endpoints: raw request bodies, the GraphiQL page. */
package com.galleryanalytics.web;
