package com.galleryanalytics.analytics;

import java.util.List;

/**
 * How one panel query groups, orders and cuts its rows.
 *
 * @param dimensions   what to group by (the parents of a drill-down first, then the child)
 * @param parents      for a drill-down: the parent rows (one value per parent dimension each),
 *                     so all children of one level come from one statement; empty otherwise
 * @param sort         order of the rows (within each parent); null: by key
 * @param limit        rows to return (per parent, for a drill-down); null: all
 * @param offset       rows to skip (per parent)
 * @param groups       mapping for {@link Dimension#SUB_CATEGORY}; null when not grouped by it
 */
public record Grouping(List<Dimension> dimensions, List<List<String>> parents, AnalyticsRepository.Sort sort,
        Integer limit, long offset, CategoryGroups groups) {

    public Grouping {
        dimensions = List.copyOf(dimensions);
        parents = List.copyOf(parents);
    }

    public static Grouping by(Dimension... dimensions) {
        return new Grouping(List.of(dimensions), List.of(), null, null, 0, null);
    }

    public Grouping sorted(AnalyticsRepository.Sort newSort) {
        return new Grouping(dimensions, parents, newSort, limit, offset, groups);
    }

    public Grouping page(Integer newLimit, long newOffset) {
        return new Grouping(dimensions, parents, sort, newLimit, newOffset, groups);
    }

    public Grouping withGroups(CategoryGroups newGroups) {
        return new Grouping(dimensions, parents, sort, limit, offset, newGroups);
    }

    int parentCount() {
        return parents.isEmpty() ? 0 : parents.get(0).size();
    }
}
