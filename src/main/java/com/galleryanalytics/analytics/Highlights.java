package com.galleryanalytics.analytics;

/** The Highlights panel: every metric of the selection, plus contributors and played entries. */
public record Highlights(long playerImpressions, long plays, long uniqueViewers, double minutesViewed,
        double avgDropOffRate, double avgCompletionRate, double playImpressionRatio, double playsDistribution,
        long contributors, long playedEntries) {

    static Highlights of(MetricValues m, long contributors, long playedEntries) {
        return new Highlights(m.playerImpressions(), m.plays(), m.uniqueViewers(), m.minutesViewed(), m.avgDropOffRate(),
                m.avgCompletionRate(), m.playImpressionRatio(), m.playsDistribution(), contributors, playedEntries);
    }

    public MetricValues metrics() {
        return new MetricValues(playerImpressions, plays, uniqueViewers, minutesViewed, avgDropOffRate, avgCompletionRate,
                playImpressionRatio, playsDistribution, null);
    }
}
