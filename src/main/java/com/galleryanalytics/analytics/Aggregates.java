package com.galleryanalytics.analytics;

/**
 * The additive quantities every metric is derived from, for one row of a panel.
 *
 * @param impressions          IMPRESSION events
 * @param plays                PLAY events
 * @param viewers              distinct users with an active viewing action (anonymous = "Unknown")
 * @param milestones           PLAY_REACHED_x events (each is a quarter of a play's duration)
 * @param milestoneDurationSec Σ over milestone events of the entry's duration, in seconds
 * @param completionSum        Σ over plays of min(1, furthest position / duration)
 */
public record Aggregates(long impressions, long plays, long viewers, long milestones, double milestoneDurationSec,
        double completionSum) {

    public static final Aggregates ZERO = new Aggregates(0, 0, 0, 0, 0, 0);
}
