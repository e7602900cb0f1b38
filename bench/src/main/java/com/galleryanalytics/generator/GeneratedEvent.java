package com.galleryanalytics.generator;

import com.galleryanalytics.ingest.EventType;
import java.time.Instant;

/**
 * One event as a player would send it to {@code POST /v1/events}. Optional fields are null when
 * not sent: {@code userId} (anonymous viewer), {@code positionSec} (NaN: not sent; impressions),
 * {@code contextCategoryId} (not on a category page), {@code device} (detected from the user
 * agent), {@code playbackType} (VOD, the default), the location (unknown).
 */
public record GeneratedEvent(String partnerId, String eventId, EventType type, long epochSecond, String entryId, String playId,
        String userId, double positionSec, String contextCategoryId, String pageUrl, String userAgent, String device,
        String playbackType, String country, String region, String city) {

    public Instant time() {
        return Instant.ofEpochSecond(epochSecond);
    }

    /** The same event of another partner (the benchmark stores the same rows again under other ids). */
    public GeneratedEvent ofPartner(String otherPartnerId) {
        return new GeneratedEvent(otherPartnerId, eventId, type, epochSecond, entryId, playId, userId, positionSec, contextCategoryId,
                pageUrl, userAgent, device, playbackType, country, region, city);
    }

    /** Each event of {@code events} as {@code f} makes it, as they are taken. */
    public static java.util.Iterator<GeneratedEvent> mapped(java.util.Iterator<GeneratedEvent> events,
            java.util.function.UnaryOperator<GeneratedEvent> f) {
        return new java.util.Iterator<>() {
            @Override
            public boolean hasNext() {
                return events.hasNext();
            }

            @Override
            public GeneratedEvent next() {
                return f.apply(events.next());
            }
        };
    }

    public boolean anonymous() {
        return userId == null;
    }

    /** The event as one line of NDJSON (no newline), fields in a fixed order. */
    public StringBuilder appendJson(StringBuilder out) {
        out.append('{');
        if (eventId != null) {
            field(out, "eventId", eventId).append(',');
        }
        field(out, "type", type.name());
        out.append(",\"time\":\"");
        Times.appendIso(out, epochSecond);
        out.append('"');
        field(out.append(','), "entryId", entryId);
        if (playId != null) {
            field(out.append(','), "playId", playId);
        }
        if (userId != null) {
            field(out.append(','), "userId", userId);
        }
        if (!Double.isNaN(positionSec)) {
            out.append(",\"positionSec\":").append(positionSec);
        }
        if (contextCategoryId != null) {
            field(out.append(','), "contextCategoryId", contextCategoryId);
        }
        if (pageUrl != null) {
            field(out.append(','), "pageUrl", pageUrl);
        }
        if (userAgent != null && !userAgent.isEmpty()) {
            field(out.append(','), "userAgent", userAgent);
        }
        if (device != null) {
            field(out.append(','), "device", device);
        }
        if (playbackType != null) {
            field(out.append(','), "playbackType", playbackType);
        }
        if (country != null) {
            field(out.append(','), "country", country);
            field(out.append(','), "region", region);
            field(out.append(','), "city", city);
        }
        return out.append('}');
    }

    private static StringBuilder field(StringBuilder out, String name, String value) {
        out.append('"').append(name).append("\":");
        return Json.appendString(out, value);
    }
}
