package com.galleryanalytics.catalog;

import java.time.Instant;

/** A gallery; {@code parentId} is empty for a top-level category. */
public record Category(String id, String name, String parentId, Instant createdAt, Instant updatedAt) {}
