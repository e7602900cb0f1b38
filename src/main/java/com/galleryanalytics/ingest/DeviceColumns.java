package com.galleryanalytics.ingest;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The device columns of a row (device, os, browser) for a user agent given as UTF-8 bytes, cached
 * by those bytes: the fast path looks a user agent up without making a String of it (a hundred
 * bytes and more per event) or hashing it whole. A miss asks {@link DeviceDetection}, so the
 * columns are always those it gives.
 */
final class DeviceColumns {
    private static final int SLOTS = 4096;

    /** A user agent and its columns as RowBinary Strings: with the type, and without it (device given). */
    private record Entry(byte[] userAgent, byte[] withType, byte[] withoutType) {}

    private final DeviceDetection devices;
    /** Direct-mapped; entries are immutable (final fields), so a racy read sees a whole one or null. */
    private final Entry[] table = new Entry[SLOTS];
    private final Entry none;

    DeviceColumns(DeviceDetection devices) {
        this.devices = devices;
        this.none = entry(new byte[0], "");
    }

    /** The columns for user agent bytes [s, e) of {@code b} (an empty range: no user agent). */
    byte[] columns(byte[] b, int s, int e, boolean withType) {
        Entry x = s == e ? none : lookup(b, s, e);
        return withType ? x.withType() : x.withoutType();
    }

    private Entry lookup(byte[] b, int s, int e) {
        int n = e - s;
        // the length and a few bytes spread over the value: cheap, and equality is checked anyway
        int h = n;
        int step = Math.max(1, n / 12);
        for (int i = s; i < e; i += step) {
            h = 31 * h + b[i];
        }
        h = 31 * h + b[e - 1];
        int slot = (h ^ h >>> 16) & (SLOTS - 1);
        Entry x = table[slot];
        if (x != null && Arrays.equals(x.userAgent(), 0, x.userAgent().length, b, s, e)) {
            return x;
        }
        x = entry(Arrays.copyOfRange(b, s, e), new String(b, s, n, StandardCharsets.UTF_8));
        table[slot] = x;
        return x;
    }

    private Entry entry(byte[] bytes, String userAgent) {
        DeviceDetection.Device d = devices.detect(userAgent);
        Bytes all = new Bytes(64);
        all.string(d.type());
        int typeEnd = all.len;
        all.string(d.os()).string(d.browser());
        byte[] full = all.toArray();
        return new Entry(bytes, full, Arrays.copyOfRange(full, typeEnd, full.length));
    }
}
