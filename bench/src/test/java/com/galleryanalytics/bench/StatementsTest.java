package com.galleryanalytics.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

/**
 * The raw-events rewrite of the service's statements, on shortened statements of the shapes the
 * service sends (AnalyticsRepository): rollup pieces and the per-play table. The benchmark checks the
 * rewritten answers against ClickHouse; this pins the text, so a change of the service's SQL that the
 * rewrite misses shows up without a run.
 */
class StatementsTest {
    private static final String MILESTONES = "('PLAY_REACHED_25', 'PLAY_REACHED_50', 'PLAY_REACHED_75', 'PLAY_REACHED_100')";

    @Test
    void rollupPiecesBecomeCountsOverEvents() {
        String rollup = "SELECT country AS k0, sum(impressions) AS a_impressions, sum(plays) AS a_plays,"
                + " uniqExactIfMerge(viewers) AS a_viewers, sum(milestones) AS a_milestones,"
                + " sum(milestones * duration_sec) AS a_milestone_duration_sec FROM (SELECT bucket, entry_id, country, impressions, plays,"
                + " milestones, viewers FROM rollup_geo WHERE partner_id = 'p' AND (bucket >= toDateTime(10) AND bucket < toDateTime(20))"
                + " UNION ALL SELECT bucket, entry_id, country, impressions, plays, milestones, viewers FROM rollup_geo_coarse"
                + " WHERE partner_id = 'p' AND grain = 'month' AND (bucket >= toDateTime(20) AND bucket < toDateTime(30))) AS rollup"
                + " ANY LEFT JOIN (SELECT id AS entry_id, duration_sec FROM entries FINAL WHERE partner_id = 'p') AS catalog USING entry_id"
                + " GROUP BY k0";
        assertEquals("SELECT country AS k0, countIf(type = 'IMPRESSION') AS a_impressions, countIf(type = 'PLAY') AS a_plays,"
                + " uniqExactIf(user_id, type != 'IMPRESSION') AS a_viewers, countIf(type IN " + MILESTONES + ") AS a_milestones,"
                + " sumIf(duration_sec, type IN " + MILESTONES + ") AS a_milestone_duration_sec FROM (SELECT event_time, entry_id, country,"
                + " user_id, type FROM events WHERE partner_id = 'p' AND (event_time >= toDateTime(10) AND event_time < toDateTime(20))"
                + " UNION ALL SELECT event_time, entry_id, country, user_id, type FROM events"
                + " WHERE partner_id = 'p' AND (event_time >= toDateTime(20) AND event_time < toDateTime(30))) AS rollup"
                + " ANY LEFT JOIN (SELECT id AS entry_id, duration_sec FROM entries FINAL WHERE partner_id = 'p') AS catalog USING entry_id"
                + " GROUP BY k0", Statements.raw(rollup));
    }

    @Test
    void playsBecomeAGroupByPlayOverEvents() {
        String plays = "SELECT entry_id, minIfMerge(play_time) AS p_time, max(max_position) AS p_max_position,"
                + " anyIfMerge(country) AS p_country FROM plays WHERE partner_id = 'p' AND (month >= toDate('2025-12-01')"
                + " AND month <= toDate('2026-12-02')) AND (p_user_id) IN ('ann@viewers.example') GROUP BY entry_id, play_id";
        assertEquals("SELECT entry_id, minIf(event_time, type = 'PLAY') AS p_time, max(position_sec) AS p_max_position,"
                + " anyIf(country, type = 'PLAY') AS p_country FROM events WHERE partner_id = 'p' AND play_id != ''"
                + " AND type != 'IMPRESSION' AND (event_time >= toDateTime(toStartOfMonth(toDate('2025-12-01')))"
                + " AND event_time < toDateTime(addMonths(toStartOfMonth(toDate('2026-12-02')), 1)))"
                + " AND (p_user_id) IN ('ann@viewers.example') GROUP BY entry_id, play_id",
                Statements.raw(plays));
    }

    @Test
    void catalogStatementsStayAsTheyAre() {
        assertNull(Statements.raw("SELECT id, name FROM categories FINAL WHERE partner_id = 'p' ORDER BY id"));
    }
}
