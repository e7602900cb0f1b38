/**
 * The analytics: the filter and the scope it applies to, the metric definitions (each written
 * once: its SQL over rollups or raw events, and its value), and the query builder and repository
 * that turn a selection + dimensions + metrics into ClickHouse SQL.
 */
package com.galleryanalytics.analytics;
