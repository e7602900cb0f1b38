package com.galleryanalytics.analytics;

import com.galleryanalytics.clickhouse.ClickHouseReads;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.concurrent.CompletableFuture;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jooq.Record;
import org.springframework.stereotype.Repository;

/**
 * The one query builder: a {@link Selection} and a {@link Grouping} become one ClickHouse
 * statement. Counts and viewers come from the smallest rollup that holds every column the query
 * needs (raw events only when none does); completion comes from the per-play table, attributed
 * to the day and dimensions of each play's PLAY event. Merging the plays play by play is the
 * larger half of a statement's cost, so statements of one partner running at the same time (the
 * panels of a dashboard, its sub-categories, other users' dashboards) each read their counts,
 * then get their rows' completion from one statement that merges the plays of all their windows
 * and entries once and sums them for every request's own window, entries, filters and grouping
 * (see {@link CompletionBatch}); only a sort by completion joins the two halves in one statement.
 */
@Repository
public class AnalyticsRepository {
    static final String MILESTONE_TYPES = "('PLAY_REACHED_25', 'PLAY_REACHED_50', 'PLAY_REACHED_75', 'PLAY_REACHED_100')";
    /** Completion of a play whose PLAY is in range counts even if its last events come this much later. */
    static final int PLAY_TAIL_DAYS = 2;

    /** Statements one completion batch takes at most; and how long it takes new ones. */
    static final int MAX_BATCH = 64;
    static final long MAX_BATCH_OPEN_NANOS = 200_000_000L;
    /** A batch is sent no sooner than this after it opened, so statements starting together share it. */
    static final long MIN_BATCH_OPEN_NANOS = 5_000_000L;
    /**
     * Length the requests' parts of a batch's statement may have; more requests go to further
     * statements, inside ClickHouse's max_query_size (256 KiB) with the rest of the statement.
     */
    static final int MAX_STATEMENT_CHARS = 200_000;
    /** Rows (and characters of their keys) a completion request lists; above this it asks for all keys. */
    static final int MAX_LISTED_KEYS = 200;
    static final int MAX_LISTED_KEY_CHARS = 20_000;
    /** Keys a batched completion request may group by (drill-downs go three levels deep, plus a day). */
    private static final int MAX_BATCHED_KEYS = 4;

    private final ClickHouseReads reads;
    private final java.util.concurrent.atomic.AtomicLong completionStatements = new java.util.concurrent.atomic.AtomicLong();
    /** Open completion batches by partner. */
    private final Map<String, CompletionBatch> openBatches = new HashMap<>();

    public AnalyticsRepository(ClickHouseReads reads) {
        this.reads = reads;
    }

    /** One grouped row: its key values (one per dimension) and its aggregates. */
    public record Row(List<String> keys, Aggregates aggregates) {
        /** The last key: the row's own value (in a drill-down, the child's). */
        public String key() {
            return keys.isEmpty() ? "" : keys.get(keys.size() - 1);
        }

        /** The parent keys of a drill-down row. */
        public List<String> parentKeys(int count) {
            return keys.subList(0, count);
        }
    }

    /** Order of a table: a metric (descending or not); ties sort by the keys, ascending. */
    public record Sort(Metric metric, boolean descending) {}

    /** Entries that had any event (their creators are the contributors) and entries that had a PLAY. */
    public record EntryStats(long contributors, long playedEntries) {}

    /** The selection's totals (no grouping). */
    public Aggregates totals(Selection s) {
        List<Row> rows = rows(s, Grouping.by());
        return rows.isEmpty() ? Aggregates.ZERO : rows.get(0).aggregates();
    }

    /** The selection's totals without completion (its sum is 0): plays for distributions and the like. */
    public Aggregates countTotals(Selection s) {
        List<Row> rows = rows(s, Grouping.by(), false);
        return rows.isEmpty() ? Aggregates.ZERO : rows.get(0).aggregates();
    }

    /** The selection's totals completed with their completion sum (from a batch, without reading the counts again). */
    public Aggregates withCompletion(Selection s, Aggregates counts) {
        if (counts.plays() == 0) {
            return counts;
        }
        Ticket ticket = enter(s);
        try {
            double sum = ticket.submit(s, Grouping.by()).getOrDefault(List.of(), 0.0);
            return new Aggregates(counts.impressions(), counts.plays(), counts.viewers(), counts.milestones(),
                    counts.milestoneDurationSec(), sum);
        } finally {
            ticket.leave();
        }
    }

    public List<Row> rows(Selection s, Grouping g) {
        return rows(s, g, true);
    }

    /**
     * @param completion whether the rows need completion (read from the per-play table, half of a
     *                   statement's cost); without it their completion sum is 0. Sorting by
     *                   completion always reads it.
     */
    public List<Row> rows(Selection s, Grouping g, boolean completion) {
        return rows(s, g, completion, null);
    }

    /**
     * One page of rows and how many rows there are in all, per parent for a drill-down (keyed by the
     * parent's keys; the empty list without parents), from the same statement: a parent with no row
     * on the page is missing from the totals.
     */
    public record CountedRows(List<Row> rows, Map<List<String>, Long> totals) {}

    /** {@link #rows(Selection, Grouping, boolean)} with the number of rows in all (see {@link CountedRows}). */
    public CountedRows countedRows(Selection s, Grouping g, boolean completion) {
        Map<List<String>, Long> totals = new HashMap<>();
        List<Row> rows = rows(s, g, completion, totals);
        return new CountedRows(rows, totals);
    }

    private List<Row> rows(Selection s, Grouping g, boolean completion, Map<List<String>, Long> totals) {
        List<Dimension> dims = g.dimensions();
        Source source = sourceFor(s, dims);
        String keyList = keyList(dims.size());
        boolean sortByCompletion = g.sort() != null && g.sort().metric() == Metric.AVG_COMPLETION_RATE;
        boolean batched = completion && !sortByCompletion && batchable(g);
        boolean withCompletion = !batched && (completion || sortByCompletion);
        Ticket ticket = batched ? enter(s) : null;
        try {
            List<Row> out = countRows(s, g, source, keyList, withCompletion, totals);
            return ticket == null || out.isEmpty() ? out : withCompletionSums(out, ticket.submit(s, restrictedTo(g, out)));
        } finally {
            if (ticket != null) {
                ticket.leave();
            }
        }
    }

    /** @param totals null, or where the number of grouped rows per parent goes (a window over them, before the page is cut) */
    private List<Row> countRows(Selection s, Grouping g, Source source, String keyList, boolean withCompletion,
            Map<List<String>, Long> totals) {
        List<Dimension> dims = g.dimensions();
        int parents = g.parentCount();
        Sql sql = new Sql().append("SELECT ").append(keyList)
                .append(", a_impressions, a_plays, a_viewers, a_milestones, a_milestone_duration_sec, ")
                .append(withCompletion ? "a_completion_sum" : "toFloat64(0) AS a_completion_sum");
        if (totals != null) {
            sql.append(", count() OVER (" + (parents == 0 ? "" : "PARTITION BY " + keyList(parents)) + ") AS a_total");
        }
        sql.append(" FROM (")
                .append(counts(s, g, source)).append(") AS counted");
        if (withCompletion) {
            sql.append(" ANY LEFT JOIN (").append(completion(s, g)).append(") AS completed USING ").append(keyList);
        }
        sql.append(" ORDER BY ");
        for (int i = 0; i < parents; i++) {
            sql.append("k" + i + " ASC, ");
        }
        if (g.sort() != null) {
            sql.append(g.sort().metric().sortSql()).append(g.sort().descending() ? " DESC, " : " ASC, ");
        }
        sql.append(keyList.replace(",", " ASC,") + " ASC");
        boolean perParent = parents > 0 && g.parents().size() > 1;
        if (g.limit() != null) {
            if (perParent) {
                // LIMIT n OFFSET m BY: every parent's page of rows from one statement
                sql.append(" LIMIT ? OFFSET ? BY " + keyList(parents), g.limit(), g.offset());
            } else {
                sql.append(" LIMIT ? OFFSET ?", g.limit(), g.offset());
            }
        }
        List<Row> out = new ArrayList<>();
        for (Record r : reads.fetch(sql.text(), sql.binds())) {
            List<String> values = new ArrayList<>(dims.size());
            for (int i = 0; i < dims.size(); i++) {
                values.add(r.get("k" + i, String.class));
            }
            out.add(new Row(values, new Aggregates(num(r, "a_impressions"), num(r, "a_plays"), num(r, "a_viewers"),
                    num(r, "a_milestones"), dbl(r, "a_milestone_duration_sec"), dbl(r, "a_completion_sum"))));
            if (totals != null) {
                totals.put(List.copyOf(values.subList(0, parents)), num(r, "a_total"));
            }
        }
        return out;
    }

    private static List<Row> withCompletionSums(List<Row> rows, Map<List<String>, Double> sums) {
        List<Row> out = new ArrayList<>(rows.size());
        for (Row r : rows) {
            Aggregates a = r.aggregates();
            out.add(new Row(r.keys(), new Aggregates(a.impressions(), a.plays(), a.viewers(), a.milestones(),
                    a.milestoneDurationSec(), sums.getOrDefault(r.keys(), 0.0))));
        }
        return out;
    }

    /**
     * The grouping narrowed to the rows' own keys; all keys within the parents when it groups by
     * time or has many rows (a long list of keys would cost more than it saves and could pass
     * ClickHouse's limit on the size of a statement).
     */
    private static Grouping restrictedTo(Grouping g, List<Row> rows) {
        if (g.dimensions().isEmpty() || g.dimensions().stream().anyMatch(d -> d.isTime() || d == Dimension.SUB_CATEGORY)
                || rows.size() > MAX_LISTED_KEYS) {
            return g;
        }
        List<List<String>> keys = new ArrayList<>(rows.size());
        int chars = 0;
        for (Row r : rows) {
            keys.add(r.keys());
            for (String k : r.keys()) {
                chars += k.length();
            }
        }
        return chars > MAX_LISTED_KEY_CHARS ? g : new Grouping(g.dimensions(), keys, null, null, 0, null);
    }

    private static boolean batchable(Grouping g) {
        if (g.dimensions().contains(Dimension.SUB_CATEGORY)) {
            return g.dimensions().size() == 1 && g.groups() != null && g.parents().isEmpty();
        }
        return g.dimensions().size() <= MAX_BATCHED_KEYS;
    }

    /** One grouping's completion sums, answered with the others of its batch. */
    private record CompletionRequest(Selection selection, Grouping grouping,
            CompletableFuture<Map<List<String>, Double>> result) {}

    /**
     * The completion requests of one partner's statements that run at the same time. A
     * statement enters the open batch before reading its counts and submits its rows' keys after;
     * the batch is sent, by the thread that submits last, once every statement that entered has
     * submitted or left (so it waits for the slowest count, never for a timer). A statement
     * starting after the batch was sent opens the next one.
     */
    private static final class CompletionBatch {
        final List<CompletionRequest> requests = new ArrayList<>();
        final long opened = System.nanoTime();
        int entered;
        int done;
        boolean sending;

        /** Under steady load statements keep coming: a batch takes no one new after this, so it is sent. */
        boolean full() {
            return entered >= MAX_BATCH || System.nanoTime() - opened > MAX_BATCH_OPEN_NANOS;
        }
    }

    /** A statement's place in a batch. */
    private final class Ticket {
        private final String key;
        private final CompletionBatch batch;
        private boolean finished;

        Ticket(String key, CompletionBatch batch) {
            this.key = key;
            this.batch = batch;
        }

        /** Adds this statement's request; sends the batch if it is the last one missing, else waits for it. */
        Map<List<String>, Double> submit(Selection s, Grouping g) {
            CompletionRequest request = new CompletionRequest(s, g, new CompletableFuture<>());
            synchronized (openBatches) {
                batch.requests.add(request);
                finished = true;
                batch.done++;
            }
            sendIfLast();
            return Futures.join(request.result());
        }

        /** Leaves without a request (no rows, or the counts failed); sends the batch if the others are all in. */
        void leave() {
            synchronized (openBatches) {
                if (finished) {
                    return;
                }
                finished = true;
                batch.done++;
            }
            sendIfLast();
        }

        /**
         * Sends the batch when every statement that entered is in; a batch younger than
         * {@link #MIN_BATCH_OPEN_NANOS} first waits that long for statements starting just after.
         */
        private void sendIfLast() {
            while (true) {
                long wait;
                synchronized (openBatches) {
                    if (batch.sending || batch.done < batch.entered) {
                        return; // the last one sends it
                    }
                    wait = batch.opened + MIN_BATCH_OPEN_NANOS - System.nanoTime();
                    if (wait <= 0) {
                        batch.sending = true;
                        openBatches.remove(key, batch);
                    }
                }
                if (wait <= 0) {
                    if (!batch.requests.isEmpty()) {
                        send(batch);
                    }
                    return;
                }
                try {
                    Thread.sleep(Duration.ofNanos(wait));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }

    private Ticket enter(Selection s) {
        String key = s.partnerId();
        synchronized (openBatches) {
            CompletionBatch batch = openBatches.get(key);
            if (batch == null || batch.full()) {
                batch = new CompletionBatch();
                openBatches.put(key, batch);
            }
            batch.entered++;
            return new Ticket(key, batch);
        }
    }

    private void send(CompletionBatch batch) {
        try {
            List<CompletionRequest> chunk = new ArrayList<>();
            int length = 0;
            for (CompletionRequest request : batch.requests) {
                int part = requestPart(request, chunk.size() + 1).filledLength();
                if (!chunk.isEmpty() && length + part > MAX_STATEMENT_CHARS) {
                    answer(chunk);
                    chunk = new ArrayList<>();
                    length = 0;
                }
                chunk.add(request);
                length += part;
            }
            answer(chunk);
        } catch (RuntimeException | Error e) {
            for (CompletionRequest request : batch.requests) {
                request.result().completeExceptionally(e);
            }
        }
    }

    /** How many shared completion statements were sent (for tests and monitoring of the batching). */
    public long completionStatements() {
        return completionStatements.get();
    }

    /** One statement for these requests; completes each request's result. */
    private void answer(List<CompletionRequest> requests) {
        completionStatements.incrementAndGet();
        List<Map<List<String>, Double>> sums = new ArrayList<>();
        for (int i = 0; i < requests.size(); i++) {
            sums.add(new HashMap<>());
        }
        Sql sql = batchedCompletion(requests);
        for (Record r : reads.fetch(sql.text(), sql.binds())) {
            int index = (int) num(r, "r") - 1;
            int keys = requests.get(index).grouping().dimensions().size();
            List<String> key = new ArrayList<>(keys);
            for (int k = 0; k < keys; k++) {
                key.add(r.get("k" + k, String.class));
            }
            sums.get(index).put(key, dbl(r, "c"));
        }
        for (int i = 0; i < requests.size(); i++) {
            requests.get(i).result().complete(sums.get(i));
        }
    }

    /**
     * One statement for a batch: every play merged once; each play then contributes to every
     * request whose window and filters it matches, under that request's keys.
     */
    private static Sql batchedCompletion(List<CompletionRequest> requests) {
        Sql sql = new Sql().append("SELECT r, k[1] AS k0, k[2] AS k1, k[3] AS k2, k[4] AS k3,")
                .append(" sum(least(if(duration_sec > 0, p_max_position / duration_sec, 0), 1)) AS c FROM (")
                .append("SELECT p_max_position, duration_sec, arrayJoin(arrayFilter(x -> tupleElement(x, 1) != 0, arrayConcat(");
        for (int i = 0; i < requests.size(); i++) {
            sql.append(i == 0 ? "" : ", ").append(requestPart(requests.get(i), i + 1));
        }
        sql.append("))) AS rk, tupleElement(rk, 1) AS r, tupleElement(rk, 2) AS k FROM (")
                .append(perPlay(requests.stream().map(CompletionRequest::selection).toList()))
                .append(") AS per_play ANY LEFT JOIN (SELECT id AS entry_id, duration_sec, category_ids FROM entries FINAL WHERE partner_id = ?)"
                        + " AS catalog USING entry_id) GROUP BY r, k", requests.get(0).selection().partnerId());
        return sql;
    }

    /** How many rows {@link #rows} has (values with any event); per parent for a drill-down. */
    public Map<List<String>, Long> counts(Selection s, Grouping g) {
        List<Dimension> dims = g.dimensions();
        Source source = sourceFor(s, dims);
        int parents = g.parentCount();
        Sql sql = new Sql().append("SELECT ").append(parents == 0 ? "" : keyList(parents) + ", ")
                .append("count() AS n FROM (SELECT ");
        appendKeys(sql, s, dims, source.timeColumn(), false);
        sql.append(" FROM ").append(input(s, g, source, viewersOnly(g))).append(entriesJoin(s, g, false))
                .append(rawWhere(s, g, source)).append(" GROUP BY ").append(keyList(dims.size()));
        if (viewersOnly(g)) {
            sql.append(" HAVING " + viewersExpression(source) + " > 0");
        }
        sql.append(")");
        if (parents > 0) {
            sql.append(" GROUP BY ").append(keyList(parents));
        }
        Map<List<String>, Long> out = new java.util.HashMap<>();
        for (Record r : reads.fetch(sql.text(), sql.binds())) {
            List<String> key = new ArrayList<>();
            for (int i = 0; i < parents; i++) {
                key.add(r.get("k" + i, String.class));
            }
            out.put(key, num(r, "n"));
        }
        return out;
    }

    public long count(Selection s, Grouping g) {
        return counts(s, g).getOrDefault(List.of(), 0L);
    }

    public EntryStats entryStats(Selection s) {
        return entryStats(s, null).getOrDefault("", new EntryStats(0, 0));
    }

    /**
     * Contributors and played entries, per sub-category group when {@code groups} is given (an
     * entry counts in every group it is filed under), else for the whole selection under key "".
     */
    public Map<String, EntryStats> entryStats(Selection s, CategoryGroups groups) {
        Source source = sourceFor(s, List.of(Dimension.ENTRY));
        Grouping g = Grouping.by(Dimension.ENTRY);
        Sql sql = new Sql().append("SELECT " + (groups == null ? "''" : "sub_category") + " AS k0,"
                + " uniqExactIf(creator_id, creator_id != '') AS contributors,"
                + " countIf(p > 0) AS played FROM (SELECT entry_id, ")
                .append(source.isRaw() ? "countIf(type = 'PLAY')" : "sum(plays)").append(" AS p FROM ")
                .append(input(s, g, source, false)).append(rawWhere(s, g, source)).append(" GROUP BY entry_id) AS played");
        if (groups == null) {
            sql.append(" ANY LEFT JOIN (SELECT id AS entry_id, creator_id FROM entries FINAL WHERE partner_id = ?) AS catalog",
                    s.partnerId());
        } else {
            sql.append(" ALL INNER JOIN (SELECT id AS entry_id, creator_id, ").append(subCategoriesOfEntry(groups))
                    .append(" AS sub_category FROM entries FINAL WHERE partner_id = ?) AS catalog", s.partnerId());
        }
        sql.append(" USING entry_id GROUP BY k0");
        Map<String, EntryStats> out = new java.util.HashMap<>();
        for (Record r : reads.fetch(sql.text(), sql.binds())) {
            out.put(r.get("k0", String.class), new EntryStats(num(r, "contributors"), num(r, "played")));
        }
        return out;
    }

    /** One row per sub-category group an entry's categories fall in (arrayJoin over the mapping). */
    private static Sql subCategoriesOfEntry(CategoryGroups groups) {
        return new Sql().append("arrayJoin(").append(subCategoryArray(groups)).append(")");
    }

    /** The sub-category groups an entry's categories fall in (column category_ids of the catalog). */
    private static Sql subCategoryArray(CategoryGroups groups) {
        return new Sql().append("arrayDistinct(arrayFilter(x -> x != '', arrayMap(c -> transform(c, ")
                .array(groups.fromCategory()).append(", ").array(groups.toGroup()).append(", ''), category_ids)))");
    }

    private static Source sourceFor(Selection s, List<Dimension> dims) {
        Set<Dimension> needed = EnumSet.noneOf(Dimension.class);
        needed.addAll(dims);
        needed.addAll(s.dimensions().keySet());
        return Source.covering(needed);
    }

    /** Counts, viewers and milestone minutes per key, from a rollup or raw events. */
    private Sql counts(Selection s, Grouping g, Source source) {
        Sql sql = new Sql().append("SELECT ");
        appendKeys(sql, s, g.dimensions(), source.timeColumn(), false);
        if (source.isRaw()) {
            sql.append(", countIf(type = 'IMPRESSION') AS a_impressions, countIf(type = 'PLAY') AS a_plays,"
                    + " " + viewersExpression(source) + " AS a_viewers,"
                    + " countIf(type IN " + MILESTONE_TYPES + ") AS a_milestones,"
                    + " sumIf(duration_sec, type IN " + MILESTONE_TYPES + ") AS a_milestone_duration_sec");
        } else {
            sql.append(", sum(impressions) AS a_impressions, sum(plays) AS a_plays,"
                    + " " + viewersExpression(source) + " AS a_viewers, sum(milestones) AS a_milestones,"
                    + " sum(milestones * duration_sec) AS a_milestone_duration_sec");
        }
        sql.append(" FROM ").append(input(s, g, source, true)).append(entriesJoin(s, g, true))
                .append(rawWhere(s, g, source)).append(" GROUP BY ").append(keyList(g.dimensions().size()));
        if (viewersOnly(g)) {
            sql.append(" HAVING a_viewers > 0");
        }
        return sql;
    }

    /**
     * Rows per user list viewers only: a user whose only events are impressions (never an active
     * viewing action) is not a viewer, so the users table has as many rows as there are viewers.
     * When the users are given (the comparison values of rows already listed), every given user's
     * values count, impressions included.
     */
    private static boolean viewersOnly(Grouping g) {
        int n = g.dimensions().size();
        return n > 0 && g.dimensions().get(n - 1) == Dimension.USER && g.parentCount() < n;
    }

    private static String viewersExpression(Source source) {
        return source.isRaw() ? "uniqExactIf(user_id, type != 'IMPRESSION')" : "uniqExactIfMerge(viewers)";
    }

    /** Σ completion per key over the plays whose PLAY event lies in the window. */
    private Sql completion(Selection s, Grouping g) {
        Sql sql = new Sql().append("SELECT ");
        appendKeys(sql, s, g.dimensions(), "p_time", true);
        sql.append(", sum(least(if(duration_sec > 0, p_max_position / duration_sec, 0), 1)) AS a_completion_sum FROM (")
                .append(perPlay(s)).append(") AS per_play").append(entriesJoin(s, g, true))
                .append(" WHERE p_time >= toDateTime(?) AND p_time < toDateTime(?)", s.start().getEpochSecond(),
                        s.end().getEpochSecond());
        appendDimensionFilters(sql, s, g, "p_");
        sql.append(" GROUP BY ").append(keyList(g.dimensions().size()));
        return sql;
    }

    /**
     * A request's part of a batch's statement: an array of (number, keys) for a play, the number 0
     * when the play is outside the request's window, entries or filters.
     */
    private static Sql requestPart(CompletionRequest request, int number) {
        Selection s = request.selection();
        Grouping g = request.grouping();
        Sql matches = new Sql().append("toUInt16(if(p_time >= toDateTime(?) AND p_time < toDateTime(?)",
                s.start().getEpochSecond(), s.end().getEpochSecond());
        Sql entries = entryCondition(s);
        if (entries != null) {
            matches.append(" AND ").append(entries);
        }
        appendDimensionFilters(matches, s, g, "p_");
        matches.append(", " + number + ", 0))");
        Sql sql = new Sql();
        if (g.dimensions().contains(Dimension.SUB_CATEGORY)) {
            // a play counts in every sub-category its entry is filed under (the match is computed
            // once per play, outside the lambda)
            Sql groups = subCategoryArray(g.groups());
            return sql.append("arrayMap((x, m) -> (m, [x]), ").append(groups).append(", arrayResize(emptyArrayUInt16(), length(")
                    .append(groups).append("), ").append(matches).append("))");
        }
        sql.append("[(").append(matches).append(", ");
        if (g.dimensions().isEmpty()) {
            sql.append("emptyArrayString()");
        } else {
            sql.append("[");
            appendKeyExpressions(sql, s, g.dimensions(), "p_time", true, false);
            sql.append("]");
        }
        return sql.append(")]");
    }

    /**
     * Every play of the entries in scope that may have its PLAY in the selection's window (and its
     * events up to {@link #PLAY_TAIL_DAYS} later), merged: its PLAY time, furthest position and the
     * PLAY event's dimensions (columns {@code p_*}; ClickHouse reads only those a statement uses).
     */
    private static Sql perPlay(Selection s) {
        return perPlay(List.of(s));
    }

    /**
     * {@link #perPlay(Selection)} for several selections of the same partner: the plays of all
     * their windows and entries (each selection's own window and entries are applied after).
     */
    private static Sql perPlay(List<Selection> selections) {
        Selection s = selections.get(0);
        Sql sql = new Sql().append("SELECT entry_id, minIfMerge(play_time) AS p_time, max(max_position) AS p_max_position");
        for (Dimension d : Dimension.values()) {
            if (!d.isTime() && !d.isEntryLevel()) {
                sql.append(", anyIfMerge(").append(d.column()).append(") AS p_").append(d.column());
            }
        }
        sql.append(" FROM plays WHERE partner_id = ? AND (", s.partnerId());
        Set<List<String>> months = new java.util.LinkedHashSet<>();
        Map<String, Sql> entries = new java.util.LinkedHashMap<>();
        boolean everyEntry = false;
        for (Selection each : selections) {
            months.add(List.of(each.start().atZone(ZoneOffset.UTC).toLocalDate().withDayOfMonth(1).toString(),
                    each.end().plusSeconds(PLAY_TAIL_DAYS * 86_400L).atZone(ZoneOffset.UTC).toLocalDate().toString()));
            Sql condition = entryCondition(each);
            if (condition == null) {
                everyEntry = true;
            } else {
                entries.putIfAbsent(condition.toString(), condition);
            }
        }
        String or = "";
        for (List<String> range : months) {
            sql.append(or + "month >= toDate(?) AND month <= toDate(?)", range.get(0), range.get(1));
            or = " OR ";
        }
        sql.append(")");
        if (!everyEntry) {
            sql.append(" AND (");
            or = "";
            for (Sql condition : entries.values()) {
                sql.append(or).append(condition);
                or = " OR ";
            }
            sql.append(")");
        }
        return sql.append(" GROUP BY entry_id, play_id");
    }

    /**
     * The entries' durations (for minutes and completion) and, when grouping by sub-category,
     * one row per sub-category an entry is filed under (so an entry counts in each).
     */
    private static Sql entriesJoin(Selection s, Grouping g, boolean durations) {
        if (g.groups() != null && g.dimensions().contains(Dimension.SUB_CATEGORY)) {
            return new Sql().append(" ALL INNER JOIN (SELECT id AS entry_id, duration_sec, ").append(subCategoriesOfEntry(g.groups()))
                    .append(" AS sub_category FROM entries FINAL WHERE partner_id = ?) AS catalog USING entry_id", s.partnerId());
        }
        if (!durations) {
            return new Sql();
        }
        return new Sql().append(" ANY LEFT JOIN (SELECT id AS entry_id, duration_sec FROM entries FINAL WHERE partner_id = ?)"
                + " AS catalog USING entry_id", s.partnerId());
    }

    /** {@code expr AS k0, expr AS k1}; without dimensions a constant key, so the two halves still join. */
    private static void appendKeys(Sql sql, Selection s, List<Dimension> dims, String timeColumn, boolean playColumns) {
        if (dims.isEmpty()) {
            sql.append("toUInt8(1) AS k0");
            return;
        }
        appendKeyExpressions(sql, s, dims, timeColumn, playColumns, true);
    }

    private static void appendKeyExpressions(Sql sql, Selection s, List<Dimension> dims, String timeColumn,
            boolean playColumns, boolean named) {
        for (int i = 0; i < dims.size(); i++) {
            if (i > 0) {
                sql.append(", ");
            }
            Dimension d = dims.get(i);
            switch (d) {
                case DAY -> sql.append("toString(toDate(" + timeColumn + ", ?))", s.zone().getId());
                case MONTH -> sql.append("toString(toStartOfMonth(toDate(" + timeColumn + ", ?)))", s.zone().getId());
                default -> sql.append(column(d, playColumns));
            }
            if (named) {
                sql.append(" AS k").append(Integer.toString(i));
            }
        }
    }

    private static String column(Dimension d, boolean playColumns) {
        return playColumns && !d.isEntryLevel() ? "p_" + d.column() : d.column();
    }

    private static String keyList(int count) {
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < Math.max(1, count); i++) {
            keys.add("k" + i);
        }
        return String.join(", ", keys);
    }

    /**
     * What a statement aggregates: raw events (filtered by {@link #rawWhere}), or a rollup's rows
     * for the range, each piece of the range (see {@link TimeSpans}) read from the grain that
     * answers it, every piece with the selection's filters.
     */
    private static Sql input(Selection s, Grouping g, Source source, boolean viewers) {
        if (source.isRaw()) {
            return new Sql().append(source.table());
        }
        List<String> columns = new ArrayList<>(List.of("bucket", "entry_id"));
        for (Dimension d : g.dimensions()) {
            if (!d.isTime() && d != Dimension.ENTRY && d != Dimension.SUB_CATEGORY) {
                columns.add(d.column());
            }
        }
        columns.addAll(List.of("impressions", "plays", "milestones"));
        if (viewers) {
            columns.add("viewers");
        }
        String select = "SELECT " + String.join(", ", columns) + " FROM ";
        TimeSpans spans = TimeSpans.of(s.start(), s.end(), g.dimensions(), s.zone());
        List<Sql> pieces = new ArrayList<>();
        addPiece(pieces, select + source.table(), null, spans.quarterHours(), s, g);
        addPiece(pieces, select + source.coarseTable(), "day", spans.days(), s, g);
        addPiece(pieces, select + source.coarseTable(), "month", spans.months(), s, g);
        if (pieces.isEmpty()) {
            pieces.add(new Sql().append(select + source.table() + " WHERE 0"));
        }
        Sql sql = new Sql().append("(");
        for (int i = 0; i < pieces.size(); i++) {
            sql.append(i == 0 ? "" : " UNION ALL ").append(pieces.get(i));
        }
        return sql.append(") AS rollup");
    }

    private static void addPiece(List<Sql> pieces, String select, String grain, List<TimeSpans.Span> spans, Selection s,
            Grouping g) {
        if (spans.isEmpty()) {
            return;
        }
        Sql sql = new Sql().append(select).append(" WHERE partner_id = ?", s.partnerId());
        if (grain != null) {
            sql.append(" AND grain = ?", grain);
        }
        sql.append(" AND (");
        for (int i = 0; i < spans.size(); i++) {
            sql.append(i == 0 ? "" : " OR ").append("bucket >= toDateTime(?) AND bucket < toDateTime(?)",
                    spans.get(i).from().getEpochSecond(), spans.get(i).to().getEpochSecond());
        }
        sql.append(")");
        appendFilters(sql, s, g);
        pieces.add(sql);
    }

    /** The WHERE clause of a statement over raw events; nothing for rollups (their pieces filter themselves). */
    private static Sql rawWhere(Selection s, Grouping g, Source source) {
        if (!source.isRaw()) {
            return new Sql();
        }
        Sql sql = new Sql().append(" WHERE partner_id = ?", s.partnerId())
                .append(" AND event_time >= toDateTime(?) AND event_time < toDateTime(?)",
                        s.start().getEpochSecond(), s.end().getEpochSecond());
        appendFilters(sql, s, g);
        return sql;
    }

    private static void appendFilters(Sql sql, Selection s, Grouping g) {
        Sql entries = entryCondition(s);
        if (entries != null) {
            sql.append(" AND ").append(entries);
        }
        appendDimensionFilters(sql, s, g, "");
    }

    private static void appendDimensionFilters(Sql sql, Selection s, Grouping g, String prefix) {
        boolean plays = !prefix.isEmpty();
        for (Map.Entry<Dimension, List<String>> f : s.dimensions().entrySet()) {
            if (f.getValue().isEmpty()) {
                sql.append(" AND 0");
                continue;
            }
            sql.append(" AND " + column(f.getKey(), plays) + " IN ").list(f.getValue());
        }
        if (s.pageCategories() != null) {
            String column = column(Dimension.CONTEXT_CATEGORY, plays);
            if (s.pageCategories().isEmpty()) {
                sql.append(" AND " + column + " != ''");
            } else {
                sql.append(" AND " + column + " IN ").list(s.pageCategories());
            }
        }
        int parents = g.parentCount();
        if (parents > 0) {
            List<String> columns = new ArrayList<>();
            for (int i = 0; i < parents; i++) {
                columns.add(column(g.dimensions().get(i), plays));
            }
            sql.append(" AND (" + String.join(", ", columns) + ") IN (");
            for (int r = 0; r < g.parents().size(); r++) {
                sql.append(r == 0 ? "" : ", ");
                if (parents == 1) {
                    sql.append("?", g.parents().get(r).get(0));
                } else {
                    sql.list(g.parents().get(r));
                }
            }
            sql.append(")");
        }
    }

    /** Entries in scope: by category, catalog attributes and ids; null when every entry is. */
    private static Sql entryCondition(Selection s) {
        Selection.EntryFilter f = s.entryFilter();
        boolean catalog = s.categoryIds() != null || f.needsCatalog();
        if (!catalog && f.entryIds().isEmpty()) {
            return null;
        }
        Sql sql = new Sql();
        if (catalog) {
            sql.append("entry_id IN (SELECT id FROM entries FINAL WHERE partner_id = ?", s.partnerId());
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
            sql.append(catalog ? " AND " : "").append("entry_id IN ").list(f.entryIds());
        }
        return sql;
    }

    private static long num(Record r, String field) {
        Object v = r == null ? null : r.get(field);
        return v == null ? 0 : v instanceof Number n ? n.longValue() : Long.parseLong(v.toString());
    }

    private static double dbl(Record r, String field) {
        Object v = r.get(field);
        return v == null ? 0 : v instanceof Number n ? n.doubleValue() : Double.parseDouble(v.toString());
    }
}
