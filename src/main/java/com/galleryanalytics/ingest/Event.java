package com.galleryanalytics.ingest;

import java.time.Instant;

/**
 * A validated event, ready to store. Text fields are never null (empty when absent); the user of
 * an anonymous viewer is {@link #UNKNOWN_USER}.
 */
public record Event(
        String eventId,
        EventType type,
        Instant time,
        String entryId,
        String playId,
        String userId,
        double positionSec,
        String contextCategoryId,
        String pageUrl,
        String domain,
        String url,
        String userAgent,
        String device,
        String os,
        String browser,
        String playbackType,
        String country,
        String region,
        String city) {

    /** The user every event without a user belongs to; it counts as one viewer. */
    public static final String UNKNOWN_USER = "Unknown";
}
