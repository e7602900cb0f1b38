package com.galleryanalytics.ingest;

/**
 * Why one event of a batch was not accepted.
 *
 * @param index   position of the event in the batch (0-based; for NDJSON the line's event index)
 * @param eventId its eventId, when it had one
 * @param field   the field at fault ("body" when the JSON itself is broken)
 * @param reason  what is wrong, in words
 */
public record Rejection(int index, String eventId, String field, String reason) {}
