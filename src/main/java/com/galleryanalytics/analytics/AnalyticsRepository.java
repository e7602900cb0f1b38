package com.galleryanalytics.analytics;

import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.springframework.stereotype.Repository;

/**
 * The one query builder: a {@link Selection}, the dimensions to group by and a sort become one
 * ClickHouse statement. Counts and viewers come from the smallest rollup that holds every column
 * the query needs (raw events only when none does); completion comes from the per-play table,
 * attributed to the day and dimensions of each play's PLAY event.
 */
@Repository
public class AnalyticsRepository {
    static final String MILESTONE_TYPES = "('PLAY_REACHED_25', 'PLAY_REACHED_50', 'PLAY_REACHED_75', 'PLAY_REACHED_100')";
    /** Completion of a play whose PLAY is in range counts even if its last events come this much later. */
    static final int PLAY_TAIL_DAYS = 2;

    private final DSLContext dsl;

    public AnalyticsRepository(DSLContext dsl) {
        this.dsl = dsl;
    }

    /** One grouped row: its key values (one per dimension) and its aggregates. */
    public record Row(List<String> keys, Aggregates aggregates) {
        public String key() {
            return keys.isEmpty() ? "" : keys.get(0);
        }
    }

    /** Order of a table: a metric (descending or not); ties and null sort by the keys, ascending. */
    public record Sort(Metric metric, boolean descending) {}

    /** Entries that had any event (their creators are the contributors) and entries that had a PLAY. */
    public record EntryStats(long contributors, long playedEntries) {}

    /** The selection's totals (no grouping). */
    public Aggregates totals(Selection s) {
        List<Row> rows = rows(s, List.of(), null, null, 0);
        return rows.isEmpty() ? Aggregates.ZERO : rows.get(0).aggregates();
    }

    public List<Row> rows(Selection s, List<Dimension> dims, Sort sort, Integer limit, long offset) {
        Source source = sourceFor(s, dims);
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < Math.max(1, dims.size()); i++) {
            keys.add("k" + i);
        }
        String keyList = String.join(", ", keys);
        Sql sql = new Sql().append("SELECT ").append(keyList)
                .append(", a_impressions, a_plays, a_viewers, a_milestones, a_milestone_duration_sec, a_completion_sum FROM (");
        sql.append(counts(s, dims, source));
        sql.append(") ANY LEFT JOIN (").append(completion(s, dims)).append(") USING ").append(keyList);
        sql.append(" ORDER BY ");
        if (sort != null) {
            sql.append(sort.metric().sortSql()).append(sort.descending() ? " DESC, " : " ASC, ");
        }
        sql.append(keys.stream().map(k -> k + " ASC").reduce((a, b) -> a + ", " + b).orElseThrow());
        if (limit != null) {
            sql.append(" LIMIT ? OFFSET ?", limit, offset);
        }
        List<Row> out = new ArrayList<>();
        for (Record r : dsl.fetch(sql.text(), sql.binds())) {
            List<String> values = new ArrayList<>(dims.size());
            for (int i = 0; i < dims.size(); i++) {
                values.add(r.get("k" + i, String.class));
            }
            out.add(new Row(values, new Aggregates(num(r, "a_impressions"), num(r, "a_plays"), num(r, "a_viewers"),
                    num(r, "a_milestones"), dbl(r, "a_milestone_duration_sec"), dbl(r, "a_completion_sum"))));
        }
        return out;
    }

    /** How many rows {@link #rows} has for these dimensions (values with any event). */
    public long count(Selection s, List<Dimension> dims) {
        Source source = sourceFor(s, dims);
        Sql sql = new Sql().append("SELECT count() AS n FROM (SELECT ");
        appendKeys(sql, s, dims, source.timeColumn(), false);
        sql.append(" FROM ").append(source.table()).append(" WHERE ").append(where(s, source))
                .append(" GROUP BY ").append(groupKeys(dims)).append(")");
        return num(dsl.fetchOne(sql.text(), sql.binds()), "n");
    }

    public EntryStats entryStats(Selection s) {
        Source source = sourceFor(s, List.of(Dimension.ENTRY));
        Sql sql = new Sql().append("SELECT uniqExactIf(creator_id, creator_id != '') AS contributors,"
                + " countIf(p > 0) AS played FROM (SELECT entry_id, ")
                .append(source.isRaw() ? "countIf(type = 'PLAY')" : "sumMerge(plays)").append(" AS p FROM ")
                .append(source.table()).append(" WHERE ").append(where(s, source)).append(" GROUP BY entry_id)")
                .append(" ANY LEFT JOIN (SELECT id AS entry_id, creator_id FROM entries FINAL WHERE partner_id = ?)",
                        s.partnerId())
                .append(" USING entry_id");
        Record r = dsl.fetchOne(sql.text(), sql.binds());
        return new EntryStats(num(r, "contributors"), num(r, "played"));
    }

    private static Source sourceFor(Selection s, List<Dimension> dims) {
        Set<Dimension> needed = EnumSet.noneOf(Dimension.class);
        needed.addAll(dims);
        needed.addAll(s.dimensions().keySet());
        return Source.covering(needed);
    }

    /** Counts, viewers and milestone minutes per key, from a rollup or raw events. */
    private Sql counts(Selection s, List<Dimension> dims, Source source) {
        Sql sql = new Sql().append("SELECT ");
        appendKeys(sql, s, dims, source.timeColumn(), false);
        if (source.isRaw()) {
            sql.append(", countIf(type = 'IMPRESSION') AS a_impressions, countIf(type = 'PLAY') AS a_plays,"
                    + " uniqExactIf(user_id, type != 'IMPRESSION') AS a_viewers,"
                    + " countIf(type IN " + MILESTONE_TYPES + ") AS a_milestones,"
                    + " sumIf(duration_sec, type IN " + MILESTONE_TYPES + ") AS a_milestone_duration_sec");
        } else {
            sql.append(", sumMerge(impressions) AS a_impressions, sumMerge(plays) AS a_plays,"
                    + " uniqExactIfMerge(viewers) AS a_viewers, sumMerge(milestones) AS a_milestones,"
                    + " sum(finalizeAggregation(milestones) * duration_sec) AS a_milestone_duration_sec");
        }
        sql.append(" FROM ").append(source.table()).append(durations(s)).append(" WHERE ").append(where(s, source))
                .append(" GROUP BY ").append(groupKeys(dims));
        return sql;
    }

    /** Σ completion per key over the plays whose PLAY event lies in the window. */
    private Sql completion(Selection s, List<Dimension> dims) {
        Sql sql = new Sql().append("SELECT ");
        appendKeys(sql, s, dims, "p_time", true);
        sql.append(", sum(least(if(duration_sec > 0, p_max_position / duration_sec, 0), 1)) AS a_completion_sum FROM (")
                .append("SELECT entry_id, minIfMerge(play_time) AS p_time, maxMerge(max_position) AS p_max_position");
        for (Dimension d : Dimension.values()) {
            if (!d.isTime() && d != Dimension.ENTRY) {
                sql.append(", anyIfMerge(").append(d.column()).append(") AS p_").append(d.column());
            }
        }
        String firstMonth = s.start().atZone(ZoneOffset.UTC).toLocalDate().withDayOfMonth(1).toString();
        String lastMonth = s.end().plusSeconds(PLAY_TAIL_DAYS * 86_400L).atZone(ZoneOffset.UTC).toLocalDate().toString();
        sql.append(" FROM plays WHERE partner_id = ? AND month >= toDate(?) AND month <= toDate(?)", s.partnerId(), firstMonth,
                lastMonth);
        Sql entries = entryCondition(s, "entry_id");
        if (entries != null) {
            sql.append(" AND ").append(entries);
        }
        sql.append(" GROUP BY entry_id, play_id)").append(durations(s))
                .append(" WHERE p_time >= toDateTime(?) AND p_time < toDateTime(?)", s.start().getEpochSecond(),
                        s.end().getEpochSecond());
        appendDimensionFilters(sql, s, "p_");
        sql.append(" GROUP BY ").append(groupKeys(dims));
        return sql;
    }

    private static Sql durations(Selection s) {
        return new Sql().append(" ANY LEFT JOIN (SELECT id AS entry_id, duration_sec FROM entries FINAL WHERE partner_id = ?)"
                + " USING entry_id", s.partnerId());
    }

    /** {@code expr AS k0, expr AS k1}; without dimensions a constant key, so the two halves still join. */
    private static void appendKeys(Sql sql, Selection s, List<Dimension> dims, String timeColumn, boolean playColumns) {
        if (dims.isEmpty()) {
            sql.append("toUInt8(1) AS k0");
            return;
        }
        for (int i = 0; i < dims.size(); i++) {
            if (i > 0) {
                sql.append(", ");
            }
            Dimension d = dims.get(i);
            switch (d) {
                case DAY -> sql.append("toString(toDate(" + timeColumn + ", ?))", s.zone().getId());
                case MONTH -> sql.append("toString(toStartOfMonth(toDate(" + timeColumn + ", ?)))", s.zone().getId());
                case ENTRY -> sql.append("entry_id");
                default -> sql.append(playColumns ? "p_" + d.column() : d.column());
            }
            sql.append(" AS k").append(Integer.toString(i));
        }
    }

    private static String groupKeys(List<Dimension> dims) {
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < Math.max(1, dims.size()); i++) {
            keys.add("k" + i);
        }
        return String.join(", ", keys);
    }

    private Sql where(Selection s, Source source) {
        Sql sql = new Sql().append("partner_id = ?", s.partnerId())
                .append(" AND " + source.timeColumn() + " >= toDateTime(?) AND " + source.timeColumn() + " < toDateTime(?)",
                        s.start().getEpochSecond(), s.end().getEpochSecond());
        Sql entries = entryCondition(s, "entry_id");
        if (entries != null) {
            sql.append(" AND ").append(entries);
        }
        appendDimensionFilters(sql, s, "");
        return sql;
    }

    private static void appendDimensionFilters(Sql sql, Selection s, String prefix) {
        for (Map.Entry<Dimension, List<String>> f : s.dimensions().entrySet()) {
            if (f.getValue().isEmpty()) {
                sql.append(" AND 0");
                continue;
            }
            String column = f.getKey() == Dimension.ENTRY ? "entry_id" : prefix + f.getKey().column();
            sql.append(" AND " + column + " IN ").list(f.getValue());
        }
        if (s.pageCategories() != null) {
            String column = prefix + Dimension.CONTEXT_CATEGORY.column();
            if (s.pageCategories().isEmpty()) {
                sql.append(" AND " + column + " != ''");
            } else {
                sql.append(" AND " + column + " IN ").list(s.pageCategories());
            }
        }
    }

    /** Entries in scope: by category, catalog attributes and ids; null when every entry is. */
    private static Sql entryCondition(Selection s, String column) {
        Selection.EntryFilter f = s.entryFilter();
        boolean catalog = s.categoryIds() != null || f.needsCatalog();
        if (!catalog && f.entryIds().isEmpty()) {
            return null;
        }
        Sql sql = new Sql();
        if (catalog) {
            sql.append(column + " IN (SELECT id FROM entries FINAL WHERE partner_id = ?", s.partnerId());
            if (s.categoryIds() != null) {
                if (s.categoryIds().isEmpty()) {
                    sql.append(" AND 0");
                } else {
                    sql.append(" AND hasAny(category_ids, ").array(s.categoryIds()).append(")");
                }
            }
            if (!f.tags().isEmpty()) {
                sql.append(" AND hasAny(tags, ").array(f.tags()).append(")");
            }
            if (!f.mediaTypes().isEmpty()) {
                sql.append(" AND media_type IN ").list(f.mediaTypes());
            }
            if (!f.sourceTypes().isEmpty()) {
                sql.append(" AND source_type IN ").list(f.sourceTypes());
            }
            if (!f.ownerIds().isEmpty()) {
                sql.append(" AND creator_id IN ").list(f.ownerIds());
            }
            sql.append(")");
        }
        if (!f.entryIds().isEmpty()) {
            sql.append(catalog ? " AND " : "").append(column + " IN ").list(f.entryIds());
        }
        return sql;
    }

    private static long num(Record r, String field) {
        Object v = r == null ? null : r.get(field);
        return v == null ? 0 : ((Number) (v instanceof Number ? v : Double.valueOf(v.toString()))).longValue();
    }

    private static double dbl(Record r, String field) {
        Object v = r.get(field);
        return v == null ? 0 : v instanceof Number n ? n.doubleValue() : Double.parseDouble(v.toString());
    }
}
