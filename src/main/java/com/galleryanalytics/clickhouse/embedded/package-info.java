/**
 * The ClickHouse server the service starts for itself when none is configured: the chDB build of
 * the pinned release ({@link com.galleryanalytics.clickhouse.embedded.ClickHouseVersion}), fetched
 * once from the npm registry into a cache folder ({@link com.galleryanalytics.clickhouse.embedded.ChdbLibrary}),
 * run as a real HTTP and native-TCP server in a child JVM ({@link com.galleryanalytics.clickhouse.embedded.ChdbLauncher})
 * that ends with the service, and restarted when it dies
 * ({@link com.galleryanalytics.clickhouse.embedded.EmbeddedClickHouse}).
 */
package com.galleryanalytics.clickhouse.embedded;
