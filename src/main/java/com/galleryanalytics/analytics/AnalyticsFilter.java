package com.galleryanalytics.analytics;

import java.time.LocalDate;
import java.util.List;

/** The GraphQL {@code AnalyticsFilter} input: what every panel is narrowed by. */
public record AnalyticsFilter(
        LocalDate from,
        LocalDate to,
        String timeZone,
        ComparePeriod compareTo,
        List<String> tags,
        List<String> mediaTypes,
        List<String> playbackTypes,
        List<String> sourceTypes,
        List<String> ownerIds,
        List<String> entryIds,
        List<String> userIds,
        List<String> countries,
        List<String> regions,
        List<String> cities,
        List<String> devices,
        List<String> operatingSystems,
        List<String> browsers,
        List<String> domains,
        List<String> urls,
        Boolean categoryPageOnly,
        Boolean includeSubcategories) {

    public AnalyticsFilter {
        tags = nonNull(tags);
        mediaTypes = nonNull(mediaTypes);
        playbackTypes = nonNull(playbackTypes);
        sourceTypes = nonNull(sourceTypes);
        ownerIds = nonNull(ownerIds);
        entryIds = nonNull(entryIds);
        userIds = nonNull(userIds);
        countries = nonNull(countries);
        regions = nonNull(regions);
        cities = nonNull(cities);
        devices = nonNull(devices);
        operatingSystems = nonNull(operatingSystems);
        browsers = nonNull(browsers);
        domains = nonNull(domains);
        urls = nonNull(urls);
    }

    public static AnalyticsFilter of(LocalDate from, LocalDate to, String timeZone) {
        return new AnalyticsFilter(from, to, timeZone, null, null, null, null, null, null, null, null, null, null, null,
                null, null, null, null, null, null, null);
    }

    public boolean subcategoriesIncluded() {
        return includeSubcategories == null || includeSubcategories;
    }

    public boolean onlyCategoryPages() {
        return categoryPageOnly != null && categoryPageOnly;
    }

    private static List<String> nonNull(List<String> list) {
        return list == null ? List.of() : List.copyOf(list);
    }
}
