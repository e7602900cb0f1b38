package com.galleryanalytics.graphql;

import com.galleryanalytics.analytics.Highlights;

/** (current − previous) / previous for each highlight; null when previous is 0. */
public record MetricChanges(Double playerImpressions, Double plays, Double uniqueViewers, Double minutesViewed,
        Double avgDropOffRate, Double avgCompletionRate, Double playImpressionRatio, Double playsDistribution,
        Double contributors, Double playedEntries) {

    public static MetricChanges between(Highlights current, Highlights previous) {
        return new MetricChanges(change(current.playerImpressions(), previous.playerImpressions()),
                change(current.plays(), previous.plays()), change(current.uniqueViewers(), previous.uniqueViewers()),
                change(current.minutesViewed(), previous.minutesViewed()),
                change(current.avgDropOffRate(), previous.avgDropOffRate()),
                change(current.avgCompletionRate(), previous.avgCompletionRate()),
                change(current.playImpressionRatio(), previous.playImpressionRatio()),
                change(current.playsDistribution(), previous.playsDistribution()),
                change(current.contributors(), previous.contributors()),
                change(current.playedEntries(), previous.playedEntries()));
    }

    public static Double change(double current, double previous) {
        return previous == 0 ? null : (current - previous) / previous;
    }
}
