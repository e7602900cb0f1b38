package com.galleryanalytics.analytics;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Sub-categories as a dimension: each category id of the subtree mapped to the direct
 * sub-category it lies under. An entry filed in several counts in each of their rows.
 *
 * @param fromCategory category ids
 * @param toGroup      the sub-category each lies under (same order)
 */
public record CategoryGroups(List<String> fromCategory, List<String> toGroup) {

    public static CategoryGroups of(Map<String, List<String>> subtreeBySubCategory) {
        List<String> from = new ArrayList<>();
        List<String> to = new ArrayList<>();
        subtreeBySubCategory.forEach((group, categories) -> categories.forEach(c -> {
            from.add(c);
            to.add(group);
        }));
        return new CategoryGroups(List.copyOf(from), List.copyOf(to));
    }
}
