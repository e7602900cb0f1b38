/**
 * The partner's catalog: categories (galleries, with their parent), entries (duration, creator,
 * media type, tags, categories) and users, upserted through {@code /v1/categories},
 * {@code /v1/entries} and {@code /v1/users} and read by the analytics.
 */
package com.galleryanalytics.catalog;
