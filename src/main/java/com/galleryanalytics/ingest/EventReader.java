package com.galleryanalytics.ingest;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.Locale;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * Reads a batch of events (a JSON array, or NDJSON: one object per line) and validates each one.
 * Every rejected event is named with the field at fault; the good ones go on.
 */
@Component
public class EventReader {
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
    private final DeviceColumns deviceColumns;

    public EventReader(DeviceDetection devices) {
        this.devices = devices;
        this.deviceColumns = new DeviceColumns(devices);
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

    public Batch read(String body, Instant now) {
        String trimmed = body.stripLeading();
        if (trimmed.isEmpty()) {
            throw new MalformedBodyException(EMPTY_BODY);
        }
        List<Event> events = new ArrayList<>();
        List<Rejection> rejections = new ArrayList<>();
        if (trimmed.charAt(0) == '[') {
            readArray(trimmed, now, events, rejections);
        } else {
            readLines(body, now, events, rejections);
        }
        return new Batch(events, rejections);
    }

    private void readArray(String body, Instant now, List<Event> events, List<Rejection> rejections) {
        try (JsonParser p = mapper.getFactory().createParser(body)) {
            p.nextToken();
            int index = 0;
            JsonToken t;
            while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
                if (t == null) {
                    throw new MalformedBodyException("The JSON array is not closed (truncated body?).");
                }
                JsonNode node = mapper.readTree(p);
                accept(index++, node, now, events, rejections);
            }
            if (p.nextToken() != null) {
                throw new MalformedBodyException("Unexpected content after the JSON array.");
            }
        } catch (JsonParseException e) {
            throw new MalformedBodyException("Malformed JSON at line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr() + ": " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new MalformedBodyException("Malformed JSON: " + e.getMessage());
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
            throw new MalformedBodyException(NO_EVENTS);
        }
        if (json == 0) {
            // not one line is JSON: the body as a whole is malformed (400), not a batch of bad events (422)
            throw notJson(firstError);
        }
    }

    private static MalformedBodyException notJson(String firstError) {
        return new MalformedBodyException("The body is not JSON: send a JSON array of events or NDJSON (one event"
                + " per line). First line: " + firstError);
    }

    /**
     * Reads a body as sent: {@code length} bytes of valid UTF-8. NDJSON is read line by line from
     * the bytes, the usual events by {@link FastLine} straight into their TabSeparated rows and
     * the others as {@link #read(String, Instant)} reads them; a JSON array as that reads it. The
     * events accepted, the rejections and their messages are those of {@link #read(String, Instant)}.
     */
    public EncodedEvents read(byte[] body, int length, Instant now) {
        return FAST ? readFast(body, length, now) : readStreaming(body, length, now);
    }

    /** Measurement switch while both readers exist: -Dgallery.ingest.fast-reader=true reads with {@link FastLine}. */
    private static final boolean FAST = Boolean.getBoolean("gallery.ingest.fast-reader");

    EncodedEvents readFast(byte[] body, int length, Instant now) {
        int first = 0;
        while (first < length && asciiWhitespace(body[first])) {
            first++;
        }
        if (first == length) {
            throw new MalformedBodyException(EMPTY_BODY);
        }
        if (body[first] < 0 || body[first] == '[') {
            Batch batch = read(new String(body, 0, length, StandardCharsets.UTF_8), now);
            return EncodedEvents.of(batch.events(), batch.rejections());
        }
        List<Rejection> rejections = new ArrayList<>();
        EncodedEvents out = new EncodedEvents(length / 300 + 16, body, now, this, rejections);
        FastLine fast = new FastLine(deviceColumns, now);
        int index = 0;
        int json = 0;
        String firstError = null;
        for (int start = 0, end; start < length; start = end + 1) {
            end = fast.encode(body, start, length, out);
            if (end >= 0) {
                index++;
                json++;
                continue;
            }
            end = start;
            while (end < length && body[end] != '\n') {
                end++;
            }
            int to = end > start && body[end - 1] == '\r' ? end - 1 : end;
            String line = null;
            int k = start;
            while (k < to && asciiWhitespace(body[k])) {
                k++;
            }
            if (k == to) {
                continue; // blank
            }
            if (body[k] < 0) {
                // non-ASCII: blank by Character.isWhitespace or not, as read(String) judges it
                line = new String(body, start, to - start, StandardCharsets.UTF_8);
                if (line.isBlank()) {
                    continue;
                }
            }
            if (line == null) {
                line = new String(body, start, to - start, StandardCharsets.UTF_8);
            }
            String error = readLine(index++, line, now, out::add, rejections);
            if (error == null) {
                json++;
            } else if (firstError == null) {
                firstError = error;
            }
        }
        if (index == 0) {
            throw new MalformedBodyException(NO_EVENTS);
        }
        if (json == 0) {
            throw notJson(firstError);
        }
        return out;
    }

    /** The event of a line that {@link FastLine} accepted, read again by the exact path (the same event). */
    Event reread(byte[] body, int from, int to, Instant now) {
        try {
            return validate(mapper.readTree(new String(body, from, to - from, StandardCharsets.UTF_8)), now);
        } catch (IOException | InvalidField e) {
            throw new IllegalStateException("An event accepted at first is not on reading it again: " + e.getMessage(), e);
        }
    }

    /** Whitespace by Character.isWhitespace, for ASCII. */
    private static boolean asciiWhitespace(byte c) {
        return c == ' ' || c >= 0x09 && c <= 0x0D || c >= 0x1C && c <= 0x1F;
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
                String[] page = page(pageUrl);
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
        return checked(field, value.asText(), required, maxLength);
    }

    /** A string value's checks: not blank when required, not too long, no control character, no unpaired surrogate. */
    private static String checked(String field, String s, boolean required, int maxLength) {
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

    // ---------------------------------------------------------------- the streaming reader

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

        void clear() {
            java.util.Arrays.fill(token, null);
            java.util.Arrays.fill(text, null);
            unknown = null;
            object = false;
        }

        /** The event id when it is a string (a rejection names it), else null. */
        String id() {
            return token[F_EVENT_ID] == JsonToken.VALUE_STRING ? text[F_EVENT_ID] : null;
        }
    }

    /**
     * Reads a body with Jackson's streaming parser over its bytes, straight into events and their
     * rows. Accepts, rejects and words every message as {@link #read(String, Instant)} does: a
     * whole value is parsed before it is judged (a syntax error anywhere in a line makes the line
     * malformed), every string and number is materialized as a tree would be (so the parser's
     * limits apply alike), the last of repeated fields wins, the first unknown field is named,
     * content after a line's value is ignored. A syntax error's message is taken from parsing the
     * same text as a String, so its wording and position are those the String path gives.
     */
    EncodedEvents readStreaming(byte[] body, int length, Instant now) {
        int first = skipWhitespace(body, 0, length);
        if (first == length) {
            throw new MalformedBodyException(EMPTY_BODY);
        }
        List<Rejection> rejections = new ArrayList<>();
        EncodedEvents out = new EncodedEvents(length / 300 + 16, rejections);
        EventFields fields = new EventFields();
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
            accept(i, fields, now, out, rejections);
        }
        if (index == 0) {
            throw new MalformedBodyException(NO_EVENTS);
        }
        if (json == 0) {
            throw notJson(firstError);
        }
        return out;
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
                accept(index++, fields, now, out, rejections);
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

    private void accept(int index, EventFields fields, Instant now, EncodedEvents out, List<Rejection> rejections) {
        try {
            out.add(validate(fields, now));
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
                    + java.util.Arrays.toString(EventType.values()) + ".");
        }
        String timeText = text(f, F_TIME, true, 64);
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
                String[] page = page(pageUrl);
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
        return checked(field, f.text[k], required, maxLength);
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
