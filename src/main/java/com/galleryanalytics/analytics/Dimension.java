package com.galleryanalytics.analytics;

/**
 * What a panel groups by: a stored column, or a day/month of the event time in the filter's time
 * zone. The same column names exist in the raw events, the rollups that carry them and (for a
 * play's dimensions) the plays table.
 */
public enum Dimension {
    ENTRY("entry_id"),
    USER("user_id"),
    COUNTRY("country"),
    REGION("region"),
    CITY("city"),
    DEVICE("device"),
    OS("os"),
    BROWSER("browser"),
    DOMAIN("domain"),
    URL("url"),
    PLAYBACK_TYPE("playback_type"),
    CONTEXT_CATEGORY("context_category_id"),
    /** The direct sub-category (of the scope's category) an entry is filed under; see {@link CategoryGroups}. */
    SUB_CATEGORY("sub_category"),
    DAY(null),
    MONTH(null);

    private final String column;

    Dimension(String column) {
        this.column = column;
    }

    public String column() {
        return column;
    }

    public boolean isTime() {
        return column == null;
    }

    /** Columns every source has under the same name (not prefixed in the per-play table). */
    boolean isEntryLevel() {
        return this == ENTRY || this == SUB_CATEGORY;
    }
}
