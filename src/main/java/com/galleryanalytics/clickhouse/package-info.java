/**
 * Where ClickHouse comes from (a configured server, or one this application starts and owns),
 * the connection pool and jOOQ set-up, and the ordered, checksummed schema migrations.
 */
package com.galleryanalytics.clickhouse;
