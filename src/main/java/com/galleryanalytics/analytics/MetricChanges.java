package com.galleryanalytics.analytics;

/**
 * (current − previous) / previous for each metric; null when previous is 0. contributors and
 * playedEntries are set for highlights only.
 */
public record MetricChanges(Double playerImpressions, Double plays, Double uniqueViewers, Double minutesViewed,
        Double avgDropOffRate, Double avgCompletionRate, Double playImpressionRatio, Double playsDistribution,
        Double contributors, Double playedEntries) {

    public static MetricChanges between(Highlights current, Highlights previous) {
        MetricChanges m = between(current.metrics(), previous.metrics());
        return new MetricChanges(m.playerImpressions, m.plays, m.uniqueViewers, m.minutesViewed, m.avgDropOffRate,
                m.avgCompletionRate, m.playImpressionRatio, m.playsDistribution,
                change(current.contributors(), previous.contributors()),
                change(current.playedEntries(), previous.playedEntries()));
    }

    public static MetricChanges between(MetricValues current, MetricValues previous) {
        return new MetricChanges(change(current.playerImpressions(), previous.playerImpressions()),
                change(current.plays(), previous.plays()), change(current.uniqueViewers(), previous.uniqueViewers()),
                change(current.minutesViewed(), previous.minutesViewed()),
                change(current.avgDropOffRate(), previous.avgDropOffRate()),
                change(current.avgCompletionRate(), previous.avgCompletionRate()),
                change(current.playImpressionRatio(), previous.playImpressionRatio()),
                change(current.playsDistribution(), previous.playsDistribution()), null, null);
    }

    public static Double change(double current, double previous) {
        return previous == 0 ? null : (current - previous) / previous;
    }
}
