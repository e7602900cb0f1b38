package com.galleryanalytics.analytics;

/**
 * The GraphQL {@code Metrics} of one row: every metric's value, computed by {@link Metric}, and
 * (with a comparison period) the same row's values then.
 */
public record MetricValues(long playerImpressions, long plays, long uniqueViewers, double minutesViewed,
        double avgDropOffRate, double avgCompletionRate, double playImpressionRatio, double playsDistribution,
        MetricValues previous) {

    public static MetricValues of(Aggregates a, long totalPlays) {
        return new MetricValues(a.impressions(), a.plays(), a.viewers(),
                Metric.MINUTES_VIEWED.value(a, totalPlays),
                Metric.AVG_DROP_OFF_RATE.value(a, totalPlays),
                Metric.AVG_COMPLETION_RATE.value(a, totalPlays),
                Metric.PLAY_IMPRESSION_RATIO.value(a, totalPlays),
                Metric.PLAYS_DISTRIBUTION.value(a, totalPlays), null);
    }

    public MetricValues withPrevious(MetricValues then) {
        return new MetricValues(playerImpressions, plays, uniqueViewers, minutesViewed, avgDropOffRate, avgCompletionRate,
                playImpressionRatio, playsDistribution, then);
    }

    /** Change against the comparison period; null without one. */
    public MetricChanges change() {
        return previous == null ? null : MetricChanges.between(this, previous);
    }

    public double get(Metric metric) {
        return switch (metric) {
            case PLAYER_IMPRESSIONS -> playerImpressions;
            case PLAYS -> plays;
            case UNIQUE_VIEWERS -> uniqueViewers;
            case MINUTES_VIEWED -> minutesViewed;
            case AVG_DROP_OFF_RATE -> avgDropOffRate;
            case AVG_COMPLETION_RATE -> avgCompletionRate;
            case PLAY_IMPRESSION_RATIO -> playImpressionRatio;
            case PLAYS_DISTRIBUTION -> playsDistribution;
        };
    }
}
