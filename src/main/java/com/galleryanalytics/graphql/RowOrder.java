package com.galleryanalytics.graphql;

import com.galleryanalytics.analytics.AnalyticsRepository;
import com.galleryanalytics.analytics.Metric;

/** The GraphQL {@code RowOrder} input. */
public record RowOrder(Metric metric, Direction direction) {
    /** Sort direction. */
    public enum Direction { ASC, DESC }

    /** The sort for an optional order; plays, descending, by default. */
    public static AnalyticsRepository.Sort sort(RowOrder order) {
        if (order == null || order.metric() == null) {
            return new AnalyticsRepository.Sort(Metric.PLAYS, true);
        }
        return new AnalyticsRepository.Sort(order.metric(), order.direction() != Direction.ASC);
    }
}
