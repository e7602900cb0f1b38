/** GraphQL wiring apart from features: scalars, the caller in the context, error mapping. */
package com.galleryanalytics.graphql.runtime;
