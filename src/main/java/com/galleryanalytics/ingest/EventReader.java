package com.galleryanalytics.ingest;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * Reads a batch of events (a JSON array, or NDJSON: one object per line) and validates each one,
 * with Jackson's streaming parser over the request's bytes: each event's values go straight into
 * an {@link Event} and its RowBinary row, without a tree. Every rejected event is named with the
 * field at fault; the good ones go on.
 *
 * <p>It reads as a tree-reading of each event would, so clients see the answers they always had:
 * a whole value is parsed before it is judged (a syntax error anywhere in a line makes the line
 * malformed, whatever else is wrong with it), every string and number is materialized (so the
 * parser's limits apply alike), the last of repeated fields wins, the first unknown field is the
 * one named, content after a line's value is ignored, and a syntax error is worded and placed as
 * when the same text is parsed as a String (that parser counts columns in characters, this one
 * in bytes).
 */
@Component
public class EventReader {
    static final int MAX_TEXT = 2048;
    static final int MAX_URL = 8192;
    static final Instant EARLIEST = Instant.parse("2000-01-01T00:00:00Z");
    static final Duration FUTURE_SLACK = Duration.ofDays(1);
    private static final Set<String> DEVICES = Set.of("DESKTOP", "MOBILE", "TABLET", "TV", "OTHER");
    private static final Set<String> PLAYBACK_TYPES = Set.of("VOD", "LIVE", "DVR");

    private static final String EMPTY_BODY = "The body is empty: send a JSON array of events or NDJSON (one event per line).";
    private static final String NO_EVENTS = "The body holds no events.";

    private final ObjectMapper mapper;
    private final DeviceDetection devices;
    /**
     * Domain and URL of the pages seen last, read by every request thread without a lock: a
     * portal's events repeat a few thousand pages, and parsing a URL was a tenth of reading an
     * event. When full it starts over (an answer depends on the URL alone).
     */
    private final Map<String, String[]> pages = new ConcurrentHashMap<>(1024);
    private static final int PAGE_CACHE_SIZE = 10_000;

    public EventReader(DeviceDetection devices) {
        this.devices = devices;
        this.mapper = new ObjectMapper();
        mapper.getFactory().setStreamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(16)
                .maxStringLength(1_000_000).build());
    }

    /** The outcome of reading one batch. */
    public record Batch(List<Event> events, List<Rejection> rejections) {}

    /** A body that is not JSON (or not an array/objects) at all. */
    public static class MalformedBodyException extends RuntimeException {
        public MalformedBodyException(String message) {
            super(message);
        }
    }

    /** Reads a body given as text: as {@link #read(byte[], int, Instant)} reads its UTF-8 bytes. */
    public Batch read(String body, Instant now) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        EncodedEvents read = read(bytes, bytes.length, now);
        return new Batch(read.events(), read.rejections());
    }

    /**
     * Reads a body as sent: {@code length} bytes of valid UTF-8. NDJSON is read line by line
     * (blank lines skipped, a malformed line rejected with the parser's message), a JSON array
     * element by element (a syntax error anywhere refuses the whole body).
     */
    public EncodedEvents read(byte[] body, int length, Instant now) {
        int first = skipWhitespace(body, 0, length);
        if (first == length) {
            throw new MalformedBodyException(EMPTY_BODY);
        }
        List<Rejection> rejections = new ArrayList<>();
        EncodedEvents out = new EncodedEvents(length / 300 + 16, body, now, this, rejections);
        EventFields fields = new EventFields();
        fields.plain = plain(body, length);
        if (body[first] == '[') {
            readArray(body, first, length, now, fields, out, rejections);
            return out;
        }
        int index = 0;
        int json = 0;
        String firstError = null;
        for (int start = 0, end; start < length; start = end + 1) {
            end = start;
            while (end < length && body[end] != '\n') {
                end++;
            }
            int to = end > start && body[end - 1] == '\r' ? end - 1 : end;
            if (skipWhitespace(body, start, to) == to) {
                continue; // blank
            }
            int i = index++;
            try (JsonParser p = mapper.getFactory().createParser(body, start, to - start)) {
                readValue(p, p.nextToken(), fields);
            } catch (IOException e) {
                String msg = malformedLine(new String(body, start, to - start, StandardCharsets.UTF_8), e);
                rejections.add(new Rejection(i, null, "body", "Malformed JSON on this line: " + msg));
                if (firstError == null) {
                    firstError = msg;
                }
                continue;
            }
            json++;
            accept(i, fields, now, out, rejections, start, to);
        }
        if (index == 0) {
            throw new MalformedBodyException(NO_EVENTS);
        }
        if (json == 0) {
            throw notJson(firstError);
        }
        return out;
    }

    /** Whether the first {@code length} bytes hold no backslash (JSON's escapes) and no DEL. */
    static boolean plain(byte[] body, int length) {
        for (int i = 0; i < length; i++) {
            byte b = body[i];
            if (b == '\\' || b == 0x7f) {
                return false;
            }
        }
        return true;
    }

    private static MalformedBodyException notJson(String firstError) {
        return new MalformedBodyException("The body is not JSON: send a JSON array of events or NDJSON (one event"
                + " per line). First line: " + firstError);
    }

    private void readArray(byte[] body, int from, int length, Instant now, EventFields fields, EncodedEvents out,
            List<Rejection> rejections) {
        try (JsonParser p = mapper.getFactory().createParser(body, from, length - from)) {
            p.nextToken();
            int index = 0;
            JsonToken t;
            while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
                if (t == null) {
                    throw new MalformedBodyException("The JSON array is not closed (truncated body?).");
                }
                readValue(p, t, fields);
                accept(index++, fields, now, out, rejections, -1, -1);
            }
            if (p.nextToken() != null) {
                throw new MalformedBodyException("Unexpected content after the JSON array.");
            }
        } catch (IOException e) {
            // the message of parsing the text as a String: its position counts characters, this parser's bytes
            MalformedBodyException asText = malformedArray(new String(body, from, length - from, StandardCharsets.UTF_8));
            throw asText != null ? asText : malformed(e);
        }
    }

    /** What a syntax error in a JSON array body says: where it is, and what. */
    private static MalformedBodyException malformed(IOException e) {
        if (e instanceof JsonParseException jpe) {
            return new MalformedBodyException("Malformed JSON at line " + jpe.getLocation().getLineNr() + ", column "
                    + jpe.getLocation().getColumnNr() + ": " + jpe.getOriginalMessage());
        }
        return new MalformedBodyException("Malformed JSON: " + e.getMessage());
    }

    /** The syntax error of a JSON array given as text (from its '['), or null when it has none. */
    private MalformedBodyException malformedArray(String array) {
        try (JsonParser p = mapper.getFactory().createParser(array)) {
            p.nextToken();
            JsonToken t;
            while ((t = p.nextToken()) != JsonToken.END_ARRAY && t != null) {
                mapper.readTree(p);
            }
            if (t != null) {
                p.nextToken();
            }
            return null;
        } catch (IOException e) {
            return malformed(e);
        }
    }

    /** The message the String path gives for a malformed line (the streaming parser's when that path finds none). */
    private String malformedLine(String line, IOException streaming) {
        try {
            mapper.readTree(line);
        } catch (IOException e) {
            return firstLine(e instanceof JsonParseException jpe ? jpe.getOriginalMessage() : e.getMessage());
        }
        return firstLine(streaming instanceof JsonParseException jpe ? jpe.getOriginalMessage() : streaming.getMessage());
    }

    /** The event of an NDJSON line that was accepted, read again (the same event). */
    Event reread(byte[] body, int from, int to, Instant now) {
        EventFields fields = new EventFields();
        try (JsonParser p = mapper.getFactory().createParser(body, from, to - from)) {
            readValue(p, p.nextToken(), fields);
            return validate(fields, now);
        } catch (IOException | InvalidField e) {
            throw new IllegalStateException("An event accepted at first is not on reading it again: " + e.getMessage(), e);
        }
    }

    /** The event read into {@code fields} to {@code out} (of line [from, to), or of an array: -1), or its rejection. */
    private void accept(int index, EventFields fields, Instant now, EncodedEvents out, List<Rejection> rejections, int from,
            int to) {
        try {
            Event event = validate(fields, now);
            out.plays.see(index, event);
            if (from < 0) {
                out.add(event);
            } else {
                out.add(event, from, to);
            }
        } catch (InvalidField f) {
            rejections.add(new Rejection(index, fields.object ? fields.id() : null, f.field, f.getMessage()));
        }
    }

    /** Reads the value starting at token {@code t} whole into {@code fields}. */
    private static void readValue(JsonParser p, JsonToken t, EventFields fields) throws IOException {
        fields.clear();
        if (t == null) {
            throw new JsonParseException(p, "No content to map due to end-of-input");
        }
        if (t != JsonToken.START_OBJECT) {
            skip(p, t);
            return;
        }
        fields.object = true;
        while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            int f = fieldIndex(name);
            JsonToken v = p.nextToken();
            if (f < 0) {
                if (fields.unknown == null) {
                    fields.unknown = name;
                }
                skip(p, v);
                continue;
            }
            fields.token[f] = v;
            fields.text[f] = null;
            if (v == JsonToken.VALUE_STRING) {
                fields.text[f] = p.getText();
            } else if (v == JsonToken.VALUE_NUMBER_INT || v == JsonToken.VALUE_NUMBER_FLOAT) {
                double d = number(p, v);
                if (f == F_POSITION) {
                    fields.position = d;
                }
            } else {
                skip(p, v);
            }
        }
        // the parser fails on anything but the object's end
    }

    /** A number as a tree's node holds it, as a double (what {@code asDouble} gives). */
    private static double number(JsonParser p, JsonToken t) throws IOException {
        if (t == JsonToken.VALUE_NUMBER_FLOAT) {
            return p.getDoubleValue();
        }
        return switch (p.getNumberType()) {
            case INT -> p.getIntValue();
            case LONG -> p.getLongValue();
            default -> p.getBigIntegerValue().doubleValue();
        };
    }

    /** Passes over the value at token {@code t}, materializing its strings and numbers as a tree would. */
    private static void skip(JsonParser p, JsonToken t) throws IOException {
        int depth = 0;
        while (true) {
            if (t == null) {
                throw new JsonParseException(p, "Unexpected end-of-input");
            }
            switch (t) {
                case START_OBJECT, START_ARRAY -> depth++;
                case END_OBJECT, END_ARRAY -> depth--;
                case VALUE_STRING -> p.getText();
                case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> number(p, t);
                default -> {
                }
            }
            if (depth == 0) {
                return;
            }
            t = p.nextToken();
        }
    }

    /** The first index of [from, to) that is not whitespace by {@link Character#isWhitespace(int)} (as {@code isBlank}), or to. */
    private static int skipWhitespace(byte[] b, int i, int to) {
        while (i < to) {
            int c = b[i] & 0xFF;
            if (c < 0x80) {
                if (!Character.isWhitespace(c)) {
                    return i;
                }
                i++;
                continue;
            }
            // a valid UTF-8 sequence (the body was checked): its code point
            int n = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2;
            int cp = c & (0xFF >> (n + 1));
            for (int k = 1; k < n && i + k < to; k++) {
                cp = cp << 6 | b[i + k] & 0x3F;
            }
            if (!Character.isWhitespace(cp)) {
                return i;
            }
            i += n;
        }
        return to;
    }

    private static final class InvalidField extends RuntimeException {
        final String field;

        InvalidField(String field, String message) {
            super(message, null, false, false);
            this.field = field;
        }
    }

    /** Names of the fields, in {@link EventFields}'s order. */
    private static final String[] FIELD_NAMES = {"eventId", "type", "time", "entryId", "playId", "userId", "positionSec",
            "contextCategoryId", "pageUrl", "userAgent", "device", "playbackType", "country", "region", "city"};
    private static final int F_EVENT_ID = 0, F_TYPE = 1, F_TIME = 2, F_ENTRY_ID = 3, F_PLAY_ID = 4, F_USER_ID = 5,
            F_POSITION = 6, F_CONTEXT = 7, F_PAGE_URL = 8, F_USER_AGENT = 9, F_DEVICE = 10, F_PLAYBACK = 11, F_COUNTRY = 12,
            F_REGION = 13, F_CITY = 14;

    private static int fieldIndex(String name) {
        return switch (name) {
            case "eventId" -> F_EVENT_ID;
            case "type" -> F_TYPE;
            case "time" -> F_TIME;
            case "entryId" -> F_ENTRY_ID;
            case "playId" -> F_PLAY_ID;
            case "userId" -> F_USER_ID;
            case "positionSec" -> F_POSITION;
            case "contextCategoryId" -> F_CONTEXT;
            case "pageUrl" -> F_PAGE_URL;
            case "userAgent" -> F_USER_AGENT;
            case "device" -> F_DEVICE;
            case "playbackType" -> F_PLAYBACK;
            case "country" -> F_COUNTRY;
            case "region" -> F_REGION;
            case "city" -> F_CITY;
            default -> -1;
        };
    }

    /**
     * One event's values as the parser met them: for each field its last value's token (null when
     * absent), its text when a string, its number when a number; the first unknown field's name.
     * What {@link #validate(EventFields, Instant)} judges, as the tree of the object would be judged.
     */
    static final class EventFields {
        final JsonToken[] token = new JsonToken[FIELD_NAMES.length];
        final String[] text = new String[FIELD_NAMES.length];
        double position;
        String unknown;
        /** Whether the value read was an object (else another JSON value: not an event). */
        boolean object;
        /**
         * Whether the body has no backslash and no DEL byte: then its strings hold no control
         * character and no unpaired surrogate (the parser refuses raw control characters, and the
         * body is valid UTF-8), so they need no character-by-character check.
         */
        boolean plain;

        void clear() {
            Arrays.fill(token, null);
            Arrays.fill(text, null);
            unknown = null;
            object = false;
        }

        /** The event id when it is a string (a rejection names it), else null. */
        String id() {
            return token[F_EVENT_ID] == JsonToken.VALUE_STRING ? text[F_EVENT_ID] : null;
        }
    }

    Event validate(EventFields f, Instant now) {
        if (!f.object) {
            throw new InvalidField("body", "An event must be a JSON object.");
        }
        if (f.unknown != null) {
            throw new InvalidField(f.unknown, "Unknown field '" + truncate(f.unknown) + "'.");
        }
        String eventId = text(f, F_EVENT_ID, false, 200);
        String typeText = text(f, F_TYPE, true, 40);
        EventType type;
        try {
            type = EventType.valueOf(typeText);
        } catch (IllegalArgumentException e) {
            throw new InvalidField("type", "Unknown event type '" + truncate(typeText) + "'; expected one of "
                    + Arrays.toString(EventType.values()) + ".");
        }
        String timeText = text(f, F_TIME, true, 64);
        Instant time;
        try {
            time = EventTimes.parse(timeText);
        } catch (DateTimeParseException e) {
            throw new InvalidField("time", "'" + truncate(timeText) + "' is not an ISO-8601 time with offset, e.g. 2023-07-03T10:15:00Z.");
        }
        if (time.isBefore(EARLIEST) || time.isAfter(now.plus(FUTURE_SLACK))) {
            throw new InvalidField("time", "Time " + timeText + " is outside the accepted range (from " + EARLIEST
                    + " to one day ahead of now).");
        }
        String entryId = text(f, F_ENTRY_ID, true, 200);
        String playId = text(f, F_PLAY_ID, type.needsPlayId(), 200);
        String userId = text(f, F_USER_ID, false, 200);
        double position = 0;
        JsonToken pos = f.token[F_POSITION];
        if (pos != null && pos != JsonToken.VALUE_NULL) {
            boolean number = pos == JsonToken.VALUE_NUMBER_INT || pos == JsonToken.VALUE_NUMBER_FLOAT;
            if (!number || !Double.isFinite(f.position) || f.position < 0 || f.position > 1e7) {
                throw new InvalidField("positionSec", "positionSec must be a number of seconds between 0 and 10,000,000.");
            }
            position = f.position;
        }
        String context = text(f, F_CONTEXT, false, 200);
        String pageUrl = text(f, F_PAGE_URL, false, MAX_URL);
        String domain = "";
        String url = "";
        if (!pageUrl.isEmpty()) {
            try {
                String[] page = pages.get(pageUrl);
                if (page == null) {
                    page = page(pageUrl);
                    if (pages.size() >= PAGE_CACHE_SIZE) {
                        pages.clear();
                    }
                    pages.put(pageUrl, page);
                }
                domain = page[0];
                url = page[1];
            } catch (URISyntaxException e) {
                throw new InvalidField("pageUrl", "pageUrl '" + truncate(pageUrl) + "' is not an absolute URL.");
            }
        }
        String userAgent = text(f, F_USER_AGENT, false, MAX_TEXT);
        String device = text(f, F_DEVICE, false, 20).toUpperCase(Locale.ROOT);
        if (!device.isEmpty() && !DEVICES.contains(device)) {
            throw new InvalidField("device", "device must be one of " + DEVICES + ".");
        }
        String playback = text(f, F_PLAYBACK, false, 20).toUpperCase(Locale.ROOT);
        if (playback.isEmpty()) {
            playback = "VOD";
        } else if (!PLAYBACK_TYPES.contains(playback)) {
            throw new InvalidField("playbackType", "playbackType must be one of " + PLAYBACK_TYPES + ".");
        }
        DeviceDetection.Device detected = devices.detect(userAgent);
        return new Event(eventId, type, time, entryId, playId, userId.isEmpty() ? Event.UNKNOWN_USER : userId,
                position, context, pageUrl, domain, url, userAgent, device.isEmpty() ? detected.type() : device,
                detected.os(), detected.browser(), playback,
                text(f, F_COUNTRY, false, 200), text(f, F_REGION, false, 200), text(f, F_CITY, false, 200));
    }

    private static String text(EventFields f, int k, boolean required, int maxLength) {
        String field = FIELD_NAMES[k];
        JsonToken t = f.token[k];
        if (t == null || t == JsonToken.VALUE_NULL) {
            if (required) {
                throw new InvalidField(field, field + " is required.");
            }
            return "";
        }
        if (t != JsonToken.VALUE_STRING) {
            throw new InvalidField(field, field + " must be a string, not " + kind(t) + ".");
        }
        return checked(field, f.text[k], required, maxLength, f.plain);
    }

    /** The name a tree gives the type of the value at token {@code t} (JsonNodeType, in lower case). */
    private static String kind(JsonToken t) {
        return switch (t) {
            case START_OBJECT -> "object";
            case START_ARRAY -> "array";
            case VALUE_TRUE, VALUE_FALSE -> "boolean";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "number";
            case VALUE_EMBEDDED_OBJECT -> "pojo";
            default -> t.name().toLowerCase(Locale.ROOT);
        };
    }

    /** Domain and URL (no query, no fragment) of an absolute page URL. */
    static String[] page(String pageUrl) throws URISyntaxException {
        URI uri = new URI(pageUrl);
        if (uri.getHost() == null || uri.getScheme() == null) {
            throw new URISyntaxException(pageUrl, "no scheme or host");
        }
        String domain = uri.getHost().toLowerCase(Locale.ROOT);
        String url = uri.getScheme().toLowerCase(Locale.ROOT) + "://" + domain
                + (uri.getPort() > 0 ? ":" + uri.getPort() : "") + (uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath());
        return new String[] {domain, url};
    }

    /** A string value's checks: not blank when required, not too long, no control character, no unpaired surrogate. */
    private static String checked(String field, String s, boolean required, int maxLength, boolean plain) {
        if (required && s.isBlank()) {
            throw new InvalidField(field, field + " must not be empty.");
        }
        if (s.length() > maxLength) {
            throw new InvalidField(field, field + " is longer than " + maxLength + " characters.");
        }
        if (plain) {
            return s;
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
