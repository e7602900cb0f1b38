package com.galleryanalytics.analytics;

import java.util.function.ToDoubleBiFunction;

/**
 * Every metric of the product, defined once: its GraphQL field, the SQL that sorts by it (over
 * the aggregate columns {@code a_*} of {@link AnalyticsRepository}) and its value from
 * {@link Aggregates}. {@code total} is the selection's total plays, for distributions.
 */
public enum Metric {
    /** IMPRESSION events: the player loaded, played or not. */
    PLAYER_IMPRESSIONS("playerImpressions", "a_impressions", (a, total) -> a.impressions()),
    /** PLAY events (auto-play counts). */
    PLAYS("plays", "a_plays", (a, total) -> a.plays()),
    /** Distinct users with an active viewing action; anonymous viewers are one user, "Unknown". */
    UNIQUE_VIEWERS("uniqueViewers", "a_viewers", (a, total) -> a.viewers()),
    /** Σ over milestone events of a quarter of the entry's duration, in minutes. */
    MINUTES_VIEWED("minutesViewed", "a_milestone_duration_sec", (a, total) -> a.milestoneDurationSec() / 4 / 60),
    /** Mean over plays of the highest quartile milestone reached: milestone events × 25 % / plays. */
    AVG_DROP_OFF_RATE("avgDropOffRate", "if(a_plays = 0, 0, a_milestones / a_plays)",
            (a, total) -> a.plays() == 0 ? 0 : a.milestones() * 0.25 / a.plays()),
    /** Mean over plays of the furthest position reached / duration, capped at 1. */
    AVG_COMPLETION_RATE("avgCompletionRate", "if(a_plays = 0, 0, a_completion_sum / a_plays)",
            (a, total) -> a.plays() == 0 ? 0 : Math.min(1.0, a.completionSum() / a.plays())),
    /** plays / impressions; 0 without impressions. */
    PLAY_IMPRESSION_RATIO("playImpressionRatio", "if(a_impressions = 0, 0, a_plays / a_impressions)",
            (a, total) -> a.impressions() == 0 ? 0 : (double) a.plays() / a.impressions()),
    /** The row's plays / all plays of the selection. */
    PLAYS_DISTRIBUTION("playsDistribution", "a_plays", (a, total) -> total == 0 ? 0 : (double) a.plays() / total);

    private final String field;
    private final String sortSql;
    private final ToDoubleBiFunction<Aggregates, Long> value;

    Metric(String field, String sortSql, ToDoubleBiFunction<Aggregates, Long> value) {
        this.field = field;
        this.sortSql = sortSql;
        this.value = value;
    }

    public String field() {
        return field;
    }

    String sortSql() {
        return sortSql;
    }

    public double value(Aggregates aggregates, long totalPlays) {
        return value.applyAsDouble(aggregates, totalPlays);
    }
}
