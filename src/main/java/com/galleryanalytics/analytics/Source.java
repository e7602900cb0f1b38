package com.galleryanalytics.analytics;

import java.util.EnumSet;
import java.util.Set;

/**
 * Where the counts of a query are read from. Each rollup holds 15-minute buckets per entry,
 * playback type and category page, plus its own dimensions, and the same per UTC day and month
 * in its coarse table; a query takes the first rollup that holds every column it groups or
 * filters by, and raw events only when none does.
 */
enum Source {
    ROLLUP_ENTRY("rollup_entry", EnumSet.noneOf(Dimension.class)),
    ROLLUP_USER("rollup_user", EnumSet.of(Dimension.USER)),
    ROLLUP_GEO("rollup_geo", EnumSet.of(Dimension.COUNTRY, Dimension.REGION, Dimension.CITY)),
    ROLLUP_DEVICE("rollup_device", EnumSet.of(Dimension.DEVICE, Dimension.OS, Dimension.BROWSER)),
    ROLLUP_DOMAIN("rollup_domain", EnumSet.of(Dimension.DOMAIN, Dimension.URL)),
    RAW_EVENTS("events", EnumSet.allOf(Dimension.class));

    private final String table;
    private final Set<Dimension> columns;

    Source(String table, Set<Dimension> own) {
        this.table = table;
        // every rollup is keyed by bucket, entry, playback type and category page
        this.columns = EnumSet.of(Dimension.ENTRY, Dimension.SUB_CATEGORY, Dimension.PLAYBACK_TYPE,
                Dimension.CONTEXT_CATEGORY, Dimension.DAY, Dimension.MONTH);
        this.columns.addAll(own);
    }

    String table() {
        return table;
    }

    boolean isRaw() {
        return this == RAW_EVENTS;
    }

    /** The rollup's day and month grains (see {@link TimeSpans}). */
    String coarseTable() {
        return table + "_coarse";
    }

    String timeColumn() {
        return isRaw() ? "event_time" : "bucket";
    }

    static Source covering(Set<Dimension> needed) {
        for (Source s : values()) {
            if (s.columns.containsAll(needed)) {
                return s;
            }
        }
        return RAW_EVENTS;
    }
}
