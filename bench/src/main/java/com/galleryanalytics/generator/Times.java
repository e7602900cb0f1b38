package com.galleryanalytics.generator;

/** Fast, allocation-free formatting of UTC epoch seconds (ISO-8601 and ClickHouse's DateTime text). */
final class Times {
    private Times() {
    }

    /** {@code 2026-01-02T03:04:05Z} */
    static void appendIso(StringBuilder out, long epochSecond) {
        append(out, epochSecond, 'T');
        out.append('Z');
    }

    /** {@code 2026-01-02 03:04:05} */
    static void appendClickHouse(StringBuilder out, long epochSecond) {
        append(out, epochSecond, ' ');
    }

    private static void append(StringBuilder out, long epochSecond, char separator) {
        long days = Math.floorDiv(epochSecond, 86_400L);
        int secs = (int) Math.floorMod(epochSecond, 86_400L);
        // civil-from-days (Howard Hinnant)
        long z = days + 719_468;
        long era = Math.floorDiv(z, 146_097);
        long doe = z - era * 146_097;
        long yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        long y = yoe + era * 400;
        long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        long mp = (5 * doy + 2) / 153;
        long d = doy - (153 * mp + 2) / 5 + 1;
        long m = mp < 10 ? mp + 3 : mp - 9;
        if (m <= 2) {
            y++;
        }
        pad(out, y, 4).append('-');
        pad(out, m, 2).append('-');
        pad(out, d, 2).append(separator);
        pad(out, secs / 3600, 2).append(':');
        pad(out, secs / 60 % 60, 2).append(':');
        pad(out, secs % 60, 2);
    }

    private static StringBuilder pad(StringBuilder out, long v, int width) {
        String s = Long.toString(v);
        for (int i = s.length(); i < width; i++) {
            out.append('0');
        }
        return out.append(s);
    }
}
