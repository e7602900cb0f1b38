package com.galleryanalytics.ingest;

import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Arrays;

/**
 * The fast path of {@link EventReader} for one NDJSON line: reads the common shape of an event
 * straight from the body's bytes (a flat object of known fields whose values are strings without
 * escapes, numbers or null) and writes its RowBinary row without making a tree, a String per
 * value or an {@link Event}. It takes only events that it can prove valid; anything else (an error
 * of any kind, an escape, a nested value, a rare form of time or URL) it leaves to the exact path,
 * which gives the same answer and the message naming the field. So it never changes what is
 * accepted, stored or rejected, only how fast.
 *
 * <p>Not thread-safe: one per request.
 */
final class FastLine {
    // the fields, in the order clients usually send them (the next expected one is tried first)
    private static final String[] NAMES = {"eventId", "type", "time", "entryId", "playId", "userId", "positionSec",
            "contextCategoryId", "pageUrl", "userAgent", "device", "playbackType", "country", "region", "city"};
    private static final byte[][] NAME_BYTES = new byte[NAMES.length][];
    private static final int EVENT_ID = 0, TYPE = 1, TIME = 2, ENTRY_ID = 3, PLAY_ID = 4, USER_ID = 5, POSITION = 6,
            CONTEXT = 7, PAGE_URL = 8, USER_AGENT = 9, DEVICE = 10, PLAYBACK = 11, COUNTRY = 12, REGION = 13, CITY = 14;
    private static final byte ABSENT = 0, STRING = 1, NUMBER = 2, NULL = 3;
    private static final EventType[] TYPES = EventType.values();
    private static final byte[][] TYPE_BYTES = new byte[TYPES.length][];
    private static final byte[] UNKNOWN_USER = Event.UNKNOWN_USER.getBytes(StandardCharsets.UTF_8);
    private static final byte[] VOD = "VOD".getBytes(StandardCharsets.US_ASCII);
    private static final byte[][] DEVICES = ascii("DESKTOP", "MOBILE", "TABLET", "TV", "OTHER");
    private static final byte[][] PLAYBACK_TYPES = ascii("VOD", "LIVE", "DVR");
    private static final long EARLIEST_SECOND = EventReader.EARLIEST.getEpochSecond();
    /** URI's characters of a path segment (RFC 2396 pchar and ';'), '%' handled apart. */
    private static final boolean[] PATH = chars("-_.!~*'()" + ":@&=+$,;");
    /** ... of a query or fragment (uric), less the brackets, which URI takes only in some places. */
    private static final boolean[] QUERY = chars("-_.!~*'()" + ";/?:@&=+$,");

    static {
        for (int i = 0; i < NAMES.length; i++) {
            NAME_BYTES[i] = NAMES[i].getBytes(StandardCharsets.US_ASCII);
        }
        for (int i = 0; i < TYPES.length; i++) {
            TYPE_BYTES[i] = TYPES[i].name().getBytes(StandardCharsets.US_ASCII);
        }
    }

    private final DeviceColumns devices;
    private final Instant latest;
    private final byte[] kind = new byte[NAMES.length];
    private final int[] from = new int[NAMES.length];
    private final int[] to = new int[NAMES.length];
    private final byte[] upper = new byte[32];

    FastLine(DeviceColumns devices, Instant now) {
        this.devices = devices;
        this.latest = now.plus(EventReader.FUTURE_SLACK);
    }

    /**
     * Encodes the event of the line that starts at {@code start} (and ends at the next '\n' or at
     * {@code limit}) into {@code out} when it is of the common shape and valid: returns the end of
     * the line. Otherwise -1, and {@code out} as it was.
     */
    int encode(byte[] b, int start, int limit, EncodedEvents out) {
        int end = parse(b, start, limit);
        if (end < 0) {
            return -1;
        }
        Bytes row = out.rows;
        int mark = row.len;
        String eventId = row(b, row);
        if (eventId == null) {
            row.len = mark;
            return -1;
        }
        out.addEncoded(eventId, start, end > start && b[end - 1] == '\r' ? end - 1 : end);
        return end;
    }

    // ---------------------------------------------------------------- JSON

    /** JSON's whitespace within a line. */
    private static boolean ws(byte c) {
        return c == ' ' || c == '\t' || c == '\r';
    }

    /** Bytes that end the fast reading of a string: the quote, escapes, control characters. */
    private static final boolean[] STRING_STOP = new boolean[256];

    static {
        for (int c = 0; c < 0x20; c++) {
            STRING_STOP[c] = true;
        }
        STRING_STOP['"'] = true;
        STRING_STOP['\\'] = true;
        STRING_STOP[0x7F] = true;
    }

    /**
     * Reads a line holding one flat object into {@link #kind}, {@link #from}, {@link #to}: the
     * line's end (its '\n' or {@code limit}), or -1 for anything else.
     */
    private int parse(byte[] b, int i, int limit) {
        Arrays.fill(kind, ABSENT);
        while (i < limit && ws(b[i])) {
            i++;
        }
        if (i >= limit || b[i] != '{') {
            return -1;
        }
        i++;
        int expected = 0;
        while (true) {
            while (i < limit && ws(b[i])) {
                i++;
            }
            if (i >= limit || b[i] != '"') {
                return -1; // "}" right away (no field: type is missing) included
            }
            int ns = ++i;
            while (i < limit && !STRING_STOP[b[i] & 0xFF]) {
                i++;
            }
            if (i >= limit || b[i] != '"') {
                return -1;
            }
            int f = field(b, ns, i, expected);
            if (f < 0 || kind[f] != ABSENT) {
                return -1; // unknown or repeated
            }
            expected = f + 1;
            i++;
            while (i < limit && ws(b[i])) {
                i++;
            }
            if (i >= limit || b[i] != ':') {
                return -1;
            }
            i++;
            while (i < limit && ws(b[i])) {
                i++;
            }
            if (i >= limit) {
                return -1;
            }
            byte c = b[i];
            if (c == '"') {
                int vs = ++i;
                while (i < limit && !STRING_STOP[b[i] & 0xFF]) {
                    i++;
                }
                if (i >= limit || b[i] != '"') {
                    return -1;
                }
                kind[f] = STRING;
                from[f] = vs;
                to[f] = i;
                i++;
            } else if (c == 'n') {
                if (i + 4 > limit || b[i + 1] != 'u' || b[i + 2] != 'l' || b[i + 3] != 'l') {
                    return -1;
                }
                kind[f] = NULL;
                i += 4;
            } else if (c >= '0' && c <= '9') {
                int vs = i;
                i = number(b, i, limit);
                if (i < 0 || i - vs > 32) { // long numbers: the exact path (and the parser's limits)
                    return -1;
                }
                kind[f] = NUMBER;
                from[f] = vs;
                to[f] = i;
            } else {
                return -1; // negative numbers, true/false, objects, arrays: the exact path
            }
            while (i < limit && ws(b[i])) {
                i++;
            }
            if (i >= limit) {
                return -1;
            }
            if (b[i] == ',') {
                i++;
                continue;
            }
            if (b[i] != '}') {
                return -1;
            }
            i++;
            while (i < limit && ws(b[i])) {
                i++;
            }
            return i == limit || b[i] == '\n' ? i : -1; // anything after the object: the exact path
        }
    }

    private static int field(byte[] b, int s, int e, int expected) {
        int n = e - s;
        if (expected < NAMES.length && NAME_BYTES[expected].length == n && Arrays.equals(b, s, e, NAME_BYTES[expected], 0, n)) {
            return expected;
        }
        for (int f = 0; f < NAMES.length; f++) {
            if (NAME_BYTES[f].length == n && Arrays.equals(b, s, e, NAME_BYTES[f], 0, n)) {
                return f;
            }
        }
        return -1;
    }

    /** The end of a JSON number (no sign) at i, or -1 when it is not one as JSON has them. */
    private static int number(byte[] b, int i, int end) {
        if (b[i] == '0') {
            i++;
        } else {
            while (i < end && b[i] >= '0' && b[i] <= '9') {
                i++;
            }
        }
        if (i < end && b[i] == '.') {
            i++;
            int d = i;
            while (i < end && b[i] >= '0' && b[i] <= '9') {
                i++;
            }
            if (i == d) {
                return -1;
            }
        }
        if (i < end && (b[i] == 'e' || b[i] == 'E')) {
            i++;
            if (i < end && (b[i] == '+' || b[i] == '-')) {
                i++;
            }
            int d = i;
            while (i < end && b[i] >= '0' && b[i] <= '9') {
                i++;
            }
            if (i == d) {
                return -1;
            }
        }
        if (i < end && !ws(b[i]) && b[i] != ',' && b[i] != '}' && b[i] != '\n') {
            return -1; // e.g. a leading zero followed by digits
        }
        return i;
    }

    // ---------------------------------------------------------------- validation and the row

    /**
     * A text value's length in UTF-16 chars (as String.length() counts), or -1 when the exact path
     * must judge it. The body is valid UTF-8 and a value has no escapes, so neither control
     * characters nor unpaired surrogates can be in it.
     */
    private static int chars(byte[] b, int s, int e) {
        int n = 0;
        for (int i = s; i < e; i++) {
            int x = b[i];
            if ((x & 0xC0) != 0x80) {
                n++;
            }
            if ((x & 0xF8) == 0xF0) {
                n++; // a supplementary character: two chars
            }
        }
        return n;
    }

    /** A string field that is present, not longer than {@code max} (an empty one when absent or null); false when the exact path must judge it. */
    private boolean optional(int f, int max) {
        byte k = kind[f];
        if (k == ABSENT || k == NULL) {
            return true;
        }
        return k == STRING && fits(from[f], to[f], max);
    }

    /** Whether a value is at most {@code max} chars: never more chars than UTF-8 bytes, so most need no count. */
    private boolean fits(int s, int e, int max) {
        return e - s <= max || chars(bufferOf, s, e) <= max;
    }

    /** A required string field: present, not blank (some visible ASCII in it), not longer than {@code max}. */
    private boolean required(int f, int max) {
        if (kind[f] != STRING || !fits(from[f], to[f], max)) {
            return false;
        }
        for (int i = from[f]; i < to[f]; i++) {
            byte x = bufferOf[i];
            if (x > ' ' && x < 0x7F) {
                return true;
            }
        }
        return false; // blank, or only non-ASCII: the exact path says which
    }

    private byte[] bufferOf;

    private void value(Bytes row, int f) {
        if (kind[f] == STRING) {
            row.string(bufferOf, from[f], to[f]);
        } else {
            row.varint(0);
        }
    }

    private String string(int f) {
        if (kind[f] != STRING) {
            return "";
        }
        int s = from[f];
        int e = to[f];
        for (int i = s; i < e; i++) {
            if (bufferOf[i] < 0) {
                return new String(bufferOf, s, e - s, StandardCharsets.UTF_8);
            }
        }
        return new String(bufferOf, s, e - s, StandardCharsets.ISO_8859_1);
    }

    /** Validates the parsed event and writes its row; its id, or null when the exact path must judge it. */
    private String row(byte[] b, Bytes row) {
        bufferOf = b;
        try {
            return validRow(b, row);
        } finally {
            bufferOf = null;
        }
    }

    private String validRow(byte[] b, Bytes row) {
        // the checks of EventReader.validate, in any order: a failure of any goes to the exact path
        if (!optional(EVENT_ID, 200) || !required(TYPE, 40) || !required(TIME, 64) || !required(ENTRY_ID, 200)
                || !optional(USER_ID, 200) || !optional(CONTEXT, 200) || !optional(PAGE_URL, EventReader.MAX_URL)
                || !optional(USER_AGENT, EventReader.MAX_TEXT) || !optional(DEVICE, 20) || !optional(PLAYBACK, 20)
                || !optional(COUNTRY, 200) || !optional(REGION, 200) || !optional(CITY, 200)) {
            return null;
        }
        EventType type = type(b, from[TYPE], to[TYPE]);
        if (type == null) {
            return null;
        }
        if (type.needsPlayId() ? !required(PLAY_ID, 200) : !optional(PLAY_ID, 200)) {
            return null;
        }
        // type, event_time
        row.string(TYPE_BYTES[type.ordinal()], 0, TYPE_BYTES[type.ordinal()].length);
        if (!time(b, from[TIME], to[TIME], row)) {
            return null;
        }
        value(row, ENTRY_ID);
        value(row, PLAY_ID);
        if (kind[USER_ID] == STRING && to[USER_ID] > from[USER_ID]) {
            value(row, USER_ID);
        } else {
            row.string(UNKNOWN_USER, 0, UNKNOWN_USER.length);
        }
        // position_sec
        if (kind[POSITION] == NUMBER) {
            double p = Double.parseDouble(new String(b, from[POSITION], to[POSITION] - from[POSITION], StandardCharsets.ISO_8859_1));
            if (!Double.isFinite(p) || p < 0 || p > 1e7) {
                return null;
            }
            row.float64(p);
        } else if (kind[POSITION] == ABSENT || kind[POSITION] == NULL) {
            row.float64(0);
        } else {
            return null;
        }
        value(row, CONTEXT);
        // page_url, domain, url
        if (kind[PAGE_URL] == STRING && to[PAGE_URL] > from[PAGE_URL]) {
            value(row, PAGE_URL);
            if (!page(b, from[PAGE_URL], to[PAGE_URL], row)) {
                return null;
            }
        } else {
            row.varint(0).varint(0).varint(0);
        }
        // user_agent, device, os, browser
        value(row, USER_AGENT);
        int uaFrom = kind[USER_AGENT] == STRING ? from[USER_AGENT] : 0;
        int uaTo = kind[USER_AGENT] == STRING ? to[USER_AGENT] : 0;
        if (kind[DEVICE] == STRING && to[DEVICE] > from[DEVICE]) {
            if (!member(b, from[DEVICE], to[DEVICE], DEVICES, row)) {
                return null;
            }
            row.put(devices.columns(b, uaFrom, uaTo, false));
        } else {
            row.put(devices.columns(b, uaFrom, uaTo, true));
        }
        // playback_type
        if (kind[PLAYBACK] == STRING && to[PLAYBACK] > from[PLAYBACK]) {
            if (!member(b, from[PLAYBACK], to[PLAYBACK], PLAYBACK_TYPES, row)) {
                return null;
            }
        } else {
            row.string(VOD, 0, VOD.length);
        }
        value(row, COUNTRY);
        value(row, REGION);
        value(row, CITY);
        return string(EVENT_ID);
    }

    private static EventType type(byte[] b, int s, int e) {
        for (int i = 0; i < TYPES.length; i++) {
            if (Arrays.equals(b, s, e, TYPE_BYTES[i], 0, TYPE_BYTES[i].length)) {
                return TYPES[i];
            }
        }
        return null;
    }

    /** An ASCII value upper-cased (as toUpperCase(ROOT)) that is one of {@code allowed}: written; false otherwise. */
    private boolean member(byte[] b, int s, int e, byte[][] allowed, Bytes row) {
        int n = e - s;
        if (n > upper.length) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            byte x = b[s + i];
            if (x < 0) {
                return false; // non-ASCII: upper-casing may change more than letters
            }
            upper[i] = x >= 'a' && x <= 'z' ? (byte) (x - 32) : x;
        }
        for (byte[] a : allowed) {
            if (Arrays.equals(upper, 0, n, a, 0, a.length)) {
                row.string(a, 0, a.length);
                return true;
            }
        }
        return false;
    }

    // ---------------------------------------------------------------- time

    private static int monthLength(int year, int month) {
        return switch (month) {
            case 2 -> (year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)) ? 29 : 28;
            case 4, 6, 9, 11 -> 30;
            default -> 31;
        };
    }

    /** Days since 1970-01-01 of a date of the proleptic Gregorian calendar (years 0 to 9999), as LocalDate counts them. */
    static long epochDay(int year, int month, int day) {
        int y = month <= 2 ? year - 1 : year;
        int era = Math.floorDiv(y, 400);
        int yoe = y - era * 400;
        int doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
        int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        return era * 146_097L + doe - 719_468L;
    }

    private static int digits2(byte[] b, int i) {
        int h = b[i] - '0';
        int l = b[i + 1] - '0';
        return h < 0 || h > 9 || l < 0 || l > 9 ? -1 : h * 10 + l;
    }

    /**
     * Writes event_time for a time value, checked against the accepted range; false when invalid.
     * {@code YYYY-MM-DDTHH:MM:SS[.fraction]Z} is read here; every other form by OffsetDateTime.
     */
    private boolean time(byte[] b, int s, int e, Bytes row) {
        int n = e - s;
        long second = Long.MIN_VALUE;
        int nano = 0;
        if (n >= 20 && n <= 30 && b[s + 4] == '-' && b[s + 7] == '-' && b[s + 10] == 'T' && b[s + 13] == ':'
                && b[s + 16] == ':' && b[e - 1] == 'Z' && (n == 20 || n >= 22 && b[s + 19] == '.')) {
            int y1 = digits2(b, s);
            int y2 = digits2(b, s + 2);
            int month = digits2(b, s + 5);
            int day = digits2(b, s + 8);
            int hour = digits2(b, s + 11);
            int minute = digits2(b, s + 14);
            int sec = digits2(b, s + 17);
            boolean ok = y1 >= 0 && y2 >= 0 && month >= 1 && month <= 12 && day >= 1 && hour >= 0 && hour <= 23
                    && minute >= 0 && minute <= 59 && sec >= 0 && sec <= 59;
            int year = y1 * 100 + y2;
            if (ok && day <= monthLength(year, month)) {
                int scale = 100_000_000;
                for (int i = s + 20; i < e - 1 && ok; i++) {
                    int d = b[i] - '0';
                    ok = d >= 0 && d <= 9;
                    nano += d * scale;
                    scale /= 10;
                }
                if (ok) {
                    second = epochDay(year, month, day) * 86_400L + hour * 3600L + minute * 60L + sec;
                }
            }
        }
        if (second != Long.MIN_VALUE) {
            if (second < EARLIEST_SECOND || Instant.ofEpochSecond(second, nano).isAfter(latest)) {
                return false;
            }
            row.uint32(second);
            return true;
        }
        Instant time;
        try {
            time = OffsetDateTime.parse(new String(b, s, n, StandardCharsets.UTF_8)).toInstant();
        } catch (DateTimeParseException ex) {
            return false;
        }
        if (time.isBefore(EventReader.EARLIEST) || time.isAfter(latest)) {
            return false;
        }
        row.uint32(time.getEpochSecond());
        return true;
    }

    // ---------------------------------------------------------------- page URL

    private static byte[][] ascii(String... values) {
        byte[][] out = new byte[values.length][];
        for (int i = 0; i < values.length; i++) {
            out[i] = values[i].getBytes(StandardCharsets.US_ASCII);
        }
        return out;
    }

    private static boolean[] chars(String extra) {
        boolean[] t = new boolean[128];
        for (char c = 'a'; c <= 'z'; c++) {
            t[c] = true;
            t[c - 32] = true;
        }
        for (char c = '0'; c <= '9'; c++) {
            t[c] = true;
        }
        for (char c : extra.toCharArray()) {
            t[c] = true;
        }
        return t;
    }

    private static boolean alpha(byte c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z';
    }

    private static boolean alnum(byte c) {
        return alpha(c) || c >= '0' && c <= '9';
    }

    private static boolean hex(byte c) {
        return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F';
    }

    private static byte lower(byte c) {
        return c >= 'A' && c <= 'Z' ? (byte) (c + 32) : c;
    }

    /** The end of URI characters of {@code allowed} (with %XX escapes) from i, or -1 at one that is not. */
    private static int scan(byte[] b, int i, int e, boolean[] allowed, byte stop1, byte stop2) {
        while (i < e) {
            byte c = b[i];
            if (c == stop1 || c == stop2) {
                return i;
            }
            if (c == '%') {
                if (i + 2 >= e || !hex(b[i + 1]) || !hex(b[i + 2])) {
                    return -1;
                }
                i += 3;
            } else if (c > 0 && allowed[c]) {
                i++;
            } else {
                return -1;
            }
        }
        return i;
    }

    /**
     * Writes domain and url of a page URL. The usual {@code scheme://host[:port]/path?query#fragment}
     * of plain ASCII is read here; every other form, valid or not, by java.net.URI as
     * {@link EventReader#page} does. False when it is not an absolute URL.
     */
    private boolean page(byte[] b, int s, int e, Bytes row) {
        if (!fastPage(b, s, e, row)) {
            try {
                String[] page = EventReader.page(new String(b, s, e - s, StandardCharsets.UTF_8));
                row.string(page[0]).string(page[1]);
            } catch (URISyntaxException ex) {
                return false;
            }
        }
        return true;
    }

    private static boolean fastPage(byte[] b, int s, int e, Bytes row) {
        int i = s;
        if (i >= e || !alpha(b[i])) {
            return false;
        }
        while (i < e && (alnum(b[i]) || b[i] == '+' || b[i] == '-' || b[i] == '.')) {
            i++;
        }
        int schemeEnd = i;
        if (i + 3 > e || b[i] != ':' || b[i + 1] != '/' || b[i + 2] != '/') {
            return false;
        }
        i += 3;
        int hostStart = i;
        int lastLabel;
        while (true) {
            lastLabel = i;
            if (i >= e || !alnum(b[i])) {
                return false;
            }
            while (i < e && (alnum(b[i]) || b[i] == '-')) {
                i++;
            }
            if (b[i - 1] == '-') {
                return false;
            }
            if (i < e && b[i] == '.') {
                i++;
                continue;
            }
            break;
        }
        int hostEnd = i;
        if (!alpha(b[lastLabel])) {
            return false; // IPv4 addresses and the like
        }
        int portStart = i;
        if (i < e && b[i] == ':') {
            i++;
            int d = i;
            while (i < e && b[i] >= '0' && b[i] <= '9') {
                i++;
            }
            if (i == d || i - d > 5 || b[d] == '0') {
                return false;
            }
        }
        int portEnd = i;
        if (i < e && b[i] != '/' && b[i] != '?' && b[i] != '#') {
            return false; // user info, brackets, ...
        }
        int pathStart = i;
        boolean[] path = PATH;
        // the path: segments of pchar separated by '/'
        int pathEnd = scanPath(b, i, e, path);
        if (pathEnd < 0) {
            return false;
        }
        i = pathEnd;
        if (i < e && b[i] == '?') {
            i = scan(b, i + 1, e, QUERY, (byte) '#', (byte) '#');
            if (i < 0) {
                return false;
            }
        }
        if (i < e && b[i] == '#') {
            i = scan(b, i + 1, e, QUERY, (byte) 0, (byte) 0);
            if (i < 0) {
                return false;
            }
        }
        if (i != e) {
            return false;
        }
        // domain: the host in lower case; url: scheme://host[:port]path (no query, no fragment)
        row.ensure(2 * (hostEnd - hostStart) + (schemeEnd - s) + (portEnd - portStart) + (pathEnd - pathStart) + 16);
        row.varint(hostEnd - hostStart);
        for (int k = hostStart; k < hostEnd; k++) {
            row.buf[row.len++] = lower(b[k]);
        }
        row.varint((schemeEnd - s) + 3 + (hostEnd - hostStart) + (portEnd - portStart)
                + (pathEnd > pathStart ? pathEnd - pathStart : 1));
        for (int k = s; k < schemeEnd; k++) {
            row.buf[row.len++] = lower(b[k]);
        }
        row.put(b, schemeEnd, schemeEnd + 3);
        for (int k = hostStart; k < hostEnd; k++) {
            row.buf[row.len++] = lower(b[k]);
        }
        row.put(b, portStart, portEnd);
        if (pathEnd > pathStart) {
            row.put(b, pathStart, pathEnd);
        } else {
            row.put((byte) '/');
        }
        return true;
    }

    private static int scanPath(byte[] b, int i, int e, boolean[] pchar) {
        while (i < e) {
            byte c = b[i];
            if (c == '?' || c == '#') {
                return i;
            }
            if (c == '/') {
                i++;
            } else if (c == '%') {
                if (i + 2 >= e || !hex(b[i + 1]) || !hex(b[i + 2])) {
                    return -1;
                }
                i += 3;
            } else if (c > 0 && pchar[c]) {
                i++;
            } else {
                return -1;
            }
        }
        return i;
    }
}
