package com.galleryanalytics.analytics;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * A resolved filter: one partner, a half-open time window [start, end) cut at local midnights of
 * the time zone, the entries in scope and the values each dimension is narrowed to.
 *
 * @param partnerId        the partner all data comes from (from the API key)
 * @param from             first day (inclusive), local
 * @param to               last day (inclusive), local
 * @param zone             the time zone days and months are cut in
 * @param categoryIds      entries must be in one of these categories; null for no category restriction
 * @param entryFilter      entry attributes (tags, media/source types, owners, ids)
 * @param dimensions       per dimension, the values events must have (any of)
 * @param pageCategories   category page context: null for any context, empty for "some category page",
 *                         else the category pages that count
 */
public record Selection(
        String partnerId,
        LocalDate from,
        LocalDate to,
        ZoneId zone,
        List<String> categoryIds,
        EntryFilter entryFilter,
        Map<Dimension, List<String>> dimensions,
        List<String> pageCategories) {

    /** Entry attributes an entry must have (each list: any of; empty: no restriction). */
    public record EntryFilter(List<String> entryIds, List<String> tags, List<String> mediaTypes, List<String> sourceTypes,
            List<String> ownerIds) {
        public static final EntryFilter NONE = new EntryFilter(List.of(), List.of(), List.of(), List.of(), List.of());

        boolean needsCatalog() {
            return !tags.isEmpty() || !mediaTypes.isEmpty() || !sourceTypes.isEmpty() || !ownerIds.isEmpty();
        }
    }

    public Selection {
        dimensions = dimensions.isEmpty() ? Map.of() : Map.copyOf(new EnumMap<>(dimensions));
    }

    public Instant start() {
        return from.atStartOfDay(zone).toInstant();
    }

    public Instant end() {
        return to.plusDays(1).atStartOfDay(zone).toInstant();
    }

    /** The same selection over other days (for a comparison period). */
    public Selection during(LocalDate newFrom, LocalDate newTo) {
        return new Selection(partnerId, newFrom, newTo, zone, categoryIds, entryFilter, dimensions, pageCategories);
    }

    /** The same selection, but only plays on these category pages (empty: any category page). */
    public Selection onCategoryPages(List<String> categories) {
        return new Selection(partnerId, from, to, zone, categoryIds, entryFilter, dimensions, List.copyOf(categories));
    }

    /** The same selection with no category restriction (what sibling scopes have in common). */
    public Selection withoutCategories() {
        return new Selection(partnerId, from, to, zone, null, entryFilter, dimensions, pageCategories);
    }

    /** The same selection for the entries of other categories (a sub-category's own numbers). */
    public Selection inCategories(List<String> categories) {
        return new Selection(partnerId, from, to, zone, List.copyOf(categories), entryFilter, dimensions, pageCategories);
    }
}
