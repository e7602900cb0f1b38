package com.galleryanalytics.ingest;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URISyntaxException;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The reader {@link EventReader} replaced, kept as the reference its answers are compared with:
 * each event read whole into a Jackson tree, then validated field by field. Its rejections and
 * messages are those clients have always had.
 */
final class TreeReader {
    static final int MAX_TEXT = 2048;
    static final int MAX_URL = 8192;
    static final Instant EARLIEST = Instant.parse("2000-01-01T00:00:00Z");
    static final Duration FUTURE_SLACK = Duration.ofDays(1);
    private static final Set<String> DEVICES = Set.of("DESKTOP", "MOBILE", "TABLET", "TV", "OTHER");
    private static final Set<String> PLAYBACK_TYPES = Set.of("VOD", "LIVE", "DVR");
    private static final Set<String> FIELDS = Set.of("eventId", "type", "time", "entryId", "playId", "userId",
            "positionSec", "contextCategoryId", "pageUrl", "userAgent", "device", "playbackType", "country", "region",
            "city");

    private static final String EMPTY_BODY = "The body is empty: send a JSON array of events or NDJSON (one event per line).";
    private static final String NO_EVENTS = "The body holds no events.";

    private final ObjectMapper mapper;
    private final DeviceDetection devices;

    TreeReader(DeviceDetection devices) {
        this.devices = devices;
        this.mapper = new ObjectMapper();
        mapper.getFactory().setStreamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(16)
                .maxStringLength(1_000_000).build());
    }

    EventReader.Batch read(String body, Instant now) {
        String trimmed = body.stripLeading();
        if (trimmed.isEmpty()) {
            throw new EventReader.MalformedBodyException(EMPTY_BODY);
        }
        List<Event> events = new ArrayList<>();
        List<Rejection> rejections = new ArrayList<>();
        if (trimmed.charAt(0) == '[') {
            readArray(trimmed, now, events, rejections);
        } else {
            readLines(body, now, events, rejections);
        }
        return new EventReader.Batch(events, rejections);
    }

    private void readArray(String body, Instant now, List<Event> events, List<Rejection> rejections) {
        try (JsonParser p = mapper.getFactory().createParser(body)) {
            p.nextToken();
            int index = 0;
            JsonToken t;
            while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
                if (t == null) {
                    throw new EventReader.MalformedBodyException("The JSON array is not closed (truncated body?).");
                }
                JsonNode node = mapper.readTree(p);
                accept(index++, node, now, events, rejections);
            }
            if (p.nextToken() != null) {
                throw new EventReader.MalformedBodyException("Unexpected content after the JSON array.");
            }
        } catch (JsonParseException e) {
            throw new EventReader.MalformedBodyException("Malformed JSON at line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr() + ": " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new EventReader.MalformedBodyException("Malformed JSON: " + e.getMessage());
        }
    }

    private void readLines(String body, Instant now, List<Event> events, List<Rejection> rejections) {
        int index = 0;
        int json = 0;
        String firstError = null;
        // lines by hand: a regex split of a multi-megabyte body cost a fifth of ingest's CPU
        for (int start = 0, end; start < body.length(); start = end + 1) {
            end = body.indexOf('\n', start);
            if (end < 0) {
                end = body.length();
            }
            String line = body.substring(start, end > start && body.charAt(end - 1) == '\r' ? end - 1 : end);
            if (line.isBlank()) {
                continue;
            }
            String error = readLine(index++, line, now, events::add, rejections);
            if (error == null) {
                json++;
            } else if (firstError == null) {
                firstError = error;
            }
        }
        if (index == 0) {
            throw new EventReader.MalformedBodyException(NO_EVENTS);
        }
        if (json == 0) {
            // not one line is JSON: the body as a whole is malformed (400), not a batch of bad events (422)
            throw notJson(firstError);
        }
    }

    private static EventReader.MalformedBodyException notJson(String firstError) {
        return new EventReader.MalformedBodyException("The body is not JSON: send a JSON array of events or NDJSON (one event"
                + " per line). First line: " + firstError);
    }

    private static String idOf(JsonNode node) {
        return node != null && node.isObject() && node.path("eventId").isTextual() ? node.get("eventId").asText() : null;
    }

    /**
     * One NDJSON line by the exact path: its event to {@code accepted}, or its rejection. Returns
     * null when the line is JSON, else the parser's message (the line is rejected as malformed).
     */
    private String readLine(int index, String line, Instant now, Consumer<Event> accepted, List<Rejection> rejections) {
        JsonNode node;
        try {
            node = mapper.readTree(line);
        } catch (IOException e) {
            String msg = firstLine(e instanceof JsonParseException jpe ? jpe.getOriginalMessage() : e.getMessage());
            rejections.add(new Rejection(index, null, "body", "Malformed JSON on this line: " + msg));
            return msg;
        }
        try {
            accepted.accept(validate(node, now));
        } catch (InvalidField f) {
            rejections.add(new Rejection(index, idOf(node), f.field, f.getMessage()));
        }
        return null;
    }

    private void accept(int index, JsonNode node, Instant now, List<Event> events, List<Rejection> rejections) {
        try {
            events.add(validate(node, now));
        } catch (InvalidField f) {
            rejections.add(new Rejection(index, idOf(node), f.field, f.getMessage()));
        }
    }

    private static final class InvalidField extends RuntimeException {
        final String field;

        InvalidField(String field, String message) {
            super(message, null, false, false);
            this.field = field;
        }
    }

    Event validate(JsonNode node, Instant now) {
        if (node == null || !node.isObject()) {
            throw new InvalidField("body", "An event must be a JSON object.");
        }
        node.fieldNames().forEachRemaining(name -> {
            if (!FIELDS.contains(name)) {
                throw new InvalidField(name, "Unknown field '" + truncate(name) + "'.");
            }
        });
        String eventId = text(node, "eventId", false, 200);
        String typeText = text(node, "type", true, 40);
        EventType type;
        try {
            type = EventType.valueOf(typeText);
        } catch (IllegalArgumentException e) {
            throw new InvalidField("type", "Unknown event type '" + truncate(typeText) + "'; expected one of "
                    + java.util.Arrays.toString(EventType.values()) + ".");
        }
        String timeText = text(node, "time", true, 64);
        Instant time;
        try {
            time = java.time.OffsetDateTime.parse(timeText).toInstant();
        } catch (DateTimeParseException e) {
            throw new InvalidField("time", "'" + truncate(timeText) + "' is not an ISO-8601 time with offset, e.g. 2023-07-03T10:15:00Z.");
        }
        if (time.isBefore(EARLIEST) || time.isAfter(now.plus(FUTURE_SLACK))) {
            throw new InvalidField("time", "Time " + timeText + " is outside the accepted range (from " + EARLIEST
                    + " to one day ahead of now).");
        }
        String entryId = text(node, "entryId", true, 200);
        String playId = text(node, "playId", type.needsPlayId(), 200);
        String userId = text(node, "userId", false, 200);
        double position = 0;
        JsonNode pos = node.get("positionSec");
        if (pos != null && !pos.isNull()) {
            if (!pos.isNumber() || !Double.isFinite(pos.asDouble()) || pos.asDouble() < 0 || pos.asDouble() > 1e7) {
                throw new InvalidField("positionSec", "positionSec must be a number of seconds between 0 and 10,000,000.");
            }
            position = pos.asDouble();
        }
        String context = text(node, "contextCategoryId", false, 200);
        String pageUrl = text(node, "pageUrl", false, MAX_URL);
        String domain = "";
        String url = "";
        if (!pageUrl.isEmpty()) {
            try {
                String[] page = EventReader.page(pageUrl);
                domain = page[0];
                url = page[1];
            } catch (URISyntaxException e) {
                throw new InvalidField("pageUrl", "pageUrl '" + truncate(pageUrl) + "' is not an absolute URL.");
            }
        }
        String userAgent = text(node, "userAgent", false, MAX_TEXT);
        String device = text(node, "device", false, 20).toUpperCase(Locale.ROOT);
        if (!device.isEmpty() && !DEVICES.contains(device)) {
            throw new InvalidField("device", "device must be one of " + DEVICES + ".");
        }
        String playback = text(node, "playbackType", false, 20).toUpperCase(Locale.ROOT);
        if (playback.isEmpty()) {
            playback = "VOD";
        } else if (!PLAYBACK_TYPES.contains(playback)) {
            throw new InvalidField("playbackType", "playbackType must be one of " + PLAYBACK_TYPES + ".");
        }
        DeviceDetection.Device detected = devices.detect(userAgent);
        return new Event(eventId, type, time, entryId, playId, userId.isEmpty() ? Event.UNKNOWN_USER : userId,
                position, context, pageUrl, domain, url, userAgent, device.isEmpty() ? detected.type() : device,
                detected.os(), detected.browser(), playback,
                text(node, "country", false, 200), text(node, "region", false, 200), text(node, "city", false, 200));
    }

    private static String text(JsonNode node, String field, boolean required, int maxLength) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            if (required) {
                throw new InvalidField(field, field + " is required.");
            }
            return "";
        }
        if (!value.isTextual()) {
            throw new InvalidField(field, field + " must be a string, not " + value.getNodeType().name().toLowerCase(Locale.ROOT) + ".");
        }
        String s = value.asText();
        if (required && s.isBlank()) {
            throw new InvalidField(field, field + " must not be empty.");
        }
        if (s.length() > maxLength) {
            throw new InvalidField(field, field + " is longer than " + maxLength + " characters.");
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                throw new InvalidField(field, field + " contains a control character (code " + (int) c + ").");
            }
            if (Character.isSurrogate(c)) {
                if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                    i++;
                } else {
                    // not a character: stored as UTF-8 it would become '?', a different id
                    throw new InvalidField(field, field + " contains an unpaired surrogate (\\u"
                            + Integer.toHexString(c) + ") at position " + i + ": not valid Unicode.");
                }
            }
        }
        return s;
    }

    private static String truncate(String s) {
        return s.length() > 60 ? s.substring(0, 60) + "…" : s;
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
