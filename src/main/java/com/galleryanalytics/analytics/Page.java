package com.galleryanalytics.analytics;

import java.util.List;
import java.util.Map;

/**
 * One page of a table: its rows, how many rows the whole table has, where the page starts, and
 * what the metrics need besides the rows (the selection's total plays, and the comparison
 * period's values of the same rows when there is one).
 *
 * @param previous           per row key, the comparison period's aggregates; null without comparison
 */
public record Page(List<AnalyticsRepository.Row> rows, long totalCount, long offset, long totalPlays,
        Map<List<String>, Aggregates> previous, long previousTotalPlays) {

    /** The rows [offset, offset + first) of a page holding a whole table. */
    public Page slice(long from, int first) {
        int start = (int) Math.min(from, rows.size());
        int end = (int) Math.min(from + first, rows.size());
        return new Page(List.copyOf(rows.subList(start, end)), rows.size(), from, totalPlays, previous, previousTotalPlays);
    }

    public MetricValues metrics(AnalyticsRepository.Row row) {
        MetricValues now = MetricValues.of(row.aggregates(), totalPlays);
        if (previous == null) {
            return now;
        }
        return now.withPrevious(MetricValues.of(previous.getOrDefault(row.keys(), Aggregates.ZERO), previousTotalPlays));
    }
}
