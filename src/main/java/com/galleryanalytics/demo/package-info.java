/**
 * The demo account: a deterministic, realistic data set for partner {@code demo} (a gallery tree,
 * entries, viewers and a few months of player events) and the loader that stores it once, through
 * the same catalog and ingestion paths as the API, when {@code gallery.demo.enabled=true}.
 */
package com.galleryanalytics.demo;
