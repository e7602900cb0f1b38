package com.galleryanalytics.clickhouse;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Versions of rows in ReplacingMergeTree tables (catalog, keys, BI users): microseconds since the
 * epoch, strictly increasing across calls in this process, so a later write of the same row always
 * wins even within one millisecond.
 */
public final class RowVersions {
    private static final AtomicLong LAST = new AtomicLong();

    private RowVersions() {}

    public static long next() {
        long now = System.currentTimeMillis() * 1000;
        return LAST.updateAndGet(last -> Math.max(last + 1, now));
    }
}
