/**
 * Event ingestion: {@code POST /v1/events} (NDJSON or a JSON array), per-event validation with
 * named reasons, user-agent parsing, de-duplication by event id and the insert into ClickHouse.
 */
package com.galleryanalytics.ingest;
