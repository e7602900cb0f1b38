/** HTTP plumbing shared by the endpoints: raw request bodies, the GraphiQL page, the dashboard page. */
package com.galleryanalytics.web;
