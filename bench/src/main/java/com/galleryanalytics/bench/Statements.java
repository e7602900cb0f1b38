package com.galleryanalytics.bench;

import com.galleryanalytics.generator.ClickHouseHttp;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The SQL the service sends for one dashboard request, read back from ClickHouse's query log,
 * grouped into the waves the service runs them in (each wave depends on the one before: the
 * category, the category tree, the panels, their first drill-down level and row entities, the
 * second drill-down level), and rewritten to compute the same answers from raw events.
 */
final class Statements {
    /** One statement, the wave it belongs to, and what ClickHouse logged for it (server time, rows read). */
    record Statement(int wave, String sql, long serverMillis, long readRows) {
        Statement(int wave, String sql) {
            this(wave, sql, 0, 0);
        }
    }

    static final int WAVES = 5;
    private static final String MILESTONES = "('PLAY_REACHED_25', 'PLAY_REACHED_50', 'PLAY_REACHED_75', 'PLAY_REACHED_100')";

    private Statements() {
    }

    /**
     * The statements the service read as {@code readUser} (its analytics and catalog reads) that
     * started in [fromEpochSecond, toEpochSecond], in log order. The harness's own statements (its
     * user agent) and the pool's connection checks are left out, so the service may share a user
     * with the harness on a configured server.
     */
    static List<Statement> captured(ClickHouseHttp clickHouse, String readUser, long fromEpochSecond, long toEpochSecond) {
        clickHouse.query("SYSTEM FLUSH LOGS");
        String json = clickHouse.query("SELECT query, query_duration_ms, read_rows FROM system.query_log"
                + " WHERE type = 'QueryFinish' AND event_date >= yesterday()"
                + " AND query_start_time >= toDateTime(" + fromEpochSecond + ") AND query_start_time <= toDateTime(" + toEpochSecond + ")"
                + " AND user = '" + readUser.replace("\\", "\\\\").replace("'", "\\'") + "' AND query_kind = 'Select'"
                + " AND http_user_agent != '" + ClickHouseHttp.USER_AGENT + "' AND query NOT LIKE 'SELECT 1%' AND is_initial_query"
                + " ORDER BY query_start_time_microseconds, query_id FORMAT JSONEachRow");
        List<Statement> out = new ArrayList<>();
        com.fasterxml.jackson.databind.ObjectMapper mapper = new com.fasterxml.jackson.databind.ObjectMapper();
        for (String line : json.split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            try {
                com.fasterxml.jackson.databind.JsonNode row = mapper.readTree(line);
                String sql = row.get("query").asText();
                out.add(new Statement(wave(sql), sql, row.get("query_duration_ms").asLong(), row.get("read_rows").asLong()));
            } catch (java.io.IOException e) {
                throw new IllegalStateException(e);
            }
        }
        return out;
    }

    /** Which wave of the service's execution a statement belongs to, from its shape. */
    static int wave(String sql) {
        String s = sql.replaceAll("\\s+", " ");
        if (s.contains("FROM categories FINAL") && s.contains(" AND id = ")) {
            return 0; // Query.category
        }
        if (s.contains("FROM categories FINAL")) {
            return 1; // the tree, for sub-category scopes
        }
        if (Pattern.compile("AND \\(\\w+, \\w+\\) IN \\(").matcher(s).find()) {
            return 4; // second drill-down level (cities of regions)
        }
        if (Pattern.compile("AND \\(\\w+\\) IN \\(").matcher(s).find() || s.contains("FROM users FINAL")
                || s.contains("FROM entries FINAL WHERE partner_id = ") && s.startsWith("SELECT id, name")) {
            return 3; // first drill-down level, and the entities of table rows
        }
        return 2; // the panels
    }

    /**
     * The same statement computing the same answer from the raw {@code events} table: sums over
     * rollup rows become counts over events, viewer states become {@code uniqExactIf}, the per-play
     * table becomes a GROUP BY play over events. Catalog statements stay as they are. Returns null
     * for statements that read no rollup.
     */
    static String raw(String sql) {
        if (!sql.contains("rollup_") && !sql.contains("FROM plays")) {
            return null;
        }
        String s = sql;
        // counts: rollup rows (15-minute, day and month pieces) → events in the same ranges
        s = s.replaceAll("FROM rollup_\\w+", "FROM events");
        s = s.replaceAll(" AND grain = '(day|month)'", "");
        Matcher piece = Pattern.compile("SELECT ([\\w, ]+?), impressions, plays, milestones(, viewers)? FROM events").matcher(s);
        StringBuilder pieces = new StringBuilder();
        while (piece.find()) {
            String columns = piece.group(1);
            piece.appendReplacement(pieces, Matcher.quoteReplacement("SELECT " + columns
                    + (List.of(columns.split(", ")).contains("user_id") ? "" : ", user_id") + ", type FROM events"));
        }
        piece.appendTail(pieces);
        s = pieces.toString();
        // the rollups' columns are SimpleAggregateFunction(sum, UInt64), read with sum(); viewers an uniqExactIf state
        s = s.replace("sum(impressions)", "countIf(type = 'IMPRESSION')");
        s = s.replace("sum(plays)", "countIf(type = 'PLAY')");
        s = s.replace("uniqExactIfMerge(viewers)", "uniqExactIf(user_id, type != 'IMPRESSION')");
        s = s.replace("sum(milestones * duration_sec)", "sumIf(duration_sec, type IN " + MILESTONES + ")");
        s = s.replace("sum(milestones)", "countIf(type IN " + MILESTONES + ")");
        s = s.replaceAll("\\bbucket\\b", "event_time");
        // plays: per-play rows → one GROUP BY play over events (the same months the service reads);
        // max_position is SimpleAggregateFunction(max, Float64), the others states
        s = s.replace("minIfMerge(play_time)", "minIf(event_time, type = 'PLAY')");
        s = s.replace("max(max_position)", "max(position_sec)");
        s = s.replaceAll("anyIfMerge\\((\\w+)\\)", "anyIf($1, type = 'PLAY')");
        s = s.replaceAll("FROM plays WHERE partner_id = ('(?:[^'\\\\]|\\\\.)*') AND \\(",
                "FROM events WHERE partner_id = $1 AND play_id != '' AND type != 'IMPRESSION' AND (");
        s = s.replaceAll("month >= toDate\\('([0-9-]+)'\\) AND month <= toDate\\('([0-9-]+)'\\)",
                "event_time >= toDateTime(toStartOfMonth(toDate('$1'))) AND event_time < toDateTime(addMonths(toStartOfMonth(toDate('$2')), 1))");
        String code = s.replaceAll("'(?:[^'\\\\]|\\\\.)*'", "''"); // not the string literals (ids, names)
        if (code.contains("Merge(") || code.contains("rollup_") || code.contains("FROM plays")
                || Pattern.compile("\\b(impressions|milestones|viewers|max_position|play_time)\\b").matcher(code).find()) {
            throw new IllegalStateException("Cannot rewrite to raw events: " + sql);
        }
        return s;
    }
}
