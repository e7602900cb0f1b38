package com.galleryanalytics.security;

/** What a key may do. ADMIN may do everything. */
public enum Role {
    INGEST, ANALYTICS, ADMIN;

    public boolean allows(Role needed) {
        return this == ADMIN || this == needed;
    }
}
