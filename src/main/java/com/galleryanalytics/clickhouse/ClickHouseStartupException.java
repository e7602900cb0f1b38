package com.galleryanalytics.clickhouse;

/** ClickHouse cannot be reached, started or migrated; carries the action that fixes it. */
public class ClickHouseStartupException extends RuntimeException {
    private final String action;

    public ClickHouseStartupException(String message, String action) {
        this(message, action, null);
    }

    public ClickHouseStartupException(String message, String action, Throwable cause) {
        super(message, cause);
        this.action = action;
    }

    public String action() {
        return action;
    }
}
