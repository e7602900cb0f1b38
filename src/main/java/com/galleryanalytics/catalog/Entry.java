package com.galleryanalytics.catalog;

import java.time.Instant;
import java.util.List;

/** A media entry (video, audio, image or live stream). */
public record Entry(String id, String name, String creatorId, double durationSec, String mediaType, String sourceType,
        List<String> tags, List<String> categoryIds, Instant createdAt, Instant updatedAt) {}
