package com.galleryanalytics.analytics;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.Map;
import java.util.Set;
import org.springframework.stereotype.Service;

/**
 * The dashboard's tables and drill-downs on top of {@link AnalyticsRepository}: a page of rows,
 * its total count, and the comparison period's values of the same rows, each in one statement.
 */
@Service
public class Panels {
    private final AnalyticsRepository repository;

    public Panels(AnalyticsRepository repository) {
        this.repository = repository;
    }

    /** What the selection and its comparison period total, for distributions. */
    public record Totals(long plays, long previousPlays) {}

    /**
     * Dimensions with few values in any selection (a world's countries, regions and cities; device
     * types, operating systems, browsers; a partner's domains; playback types). Their tables and
     * drill-downs are read whole by one statement and paged here: the row count comes with the rows
     * (no count statement, which read the same rollup again), and panels showing the same table
     * (Insights and Top countries) can share it.
     */
    static final Set<Dimension> FEW_VALUES = EnumSet.of(Dimension.COUNTRY, Dimension.REGION, Dimension.CITY, Dimension.DEVICE,
            Dimension.OS, Dimension.BROWSER, Dimension.DOMAIN, Dimension.PLAYBACK_TYPE);

    public static boolean fewValues(Dimension d) {
        return FEW_VALUES.contains(d);
    }

    /** A table grouped by one dimension: one page, sorted, with its total row count. */
    public Page table(Selection s, Selection comparison, Totals totals, Dimension dimension, AnalyticsRepository.Sort sort,
            int first, long offset) {
        if (fewValues(dimension)) {
            return all(s, comparison, totals, dimension, sort).slice(offset, first);
        }
        Grouping g = Grouping.by(dimension).sorted(sort).page(first, offset);
        AnalyticsRepository.CountedRows page = repository.countedRows(s, g, true);
        List<AnalyticsRepository.Row> rows = page.rows();
        // the count comes with the page; a page past the last row has none to carry it
        Long total = page.totals().get(List.of());
        long count = total != null ? total : offset == 0 ? 0 : repository.count(s, Grouping.by(dimension));
        return new Page(rows, count, offset, totals.plays(), previous(comparison, List.of(dimension), rows), totals.previousPlays());
    }

    /** Every row of a table grouped by one dimension (no paging: device types and the like). */
    public Page all(Selection s, Selection comparison, Totals totals, Dimension dimension, AnalyticsRepository.Sort sort) {
        List<AnalyticsRepository.Row> rows = repository.rows(s, Grouping.by(dimension).sorted(sort));
        return new Page(rows, rows.size(), 0, totals.plays(), previous(comparison, List.of(dimension), rows),
                totals.previousPlays());
    }

    /**
     * A drill-down level for many parent rows at once: for each parent (values of
     * {@code parentDimensions}), one page of its children by {@code child}, with their count. One
     * statement (a later page whose parents are not all on it: two), plus one for the comparison
     * period, whatever the number of parents.
     *
     * @param first rows per parent; null for all
     */
    public Map<List<String>, Page> drill(Selection s, Selection comparison, Totals totals, List<Dimension> parentDimensions,
            List<List<String>> parents, Dimension child, AnalyticsRepository.Sort sort, Integer first, long offset) {
        return drill(s, comparison, totals, parentDimensions, parents, child, sort, first, offset, true);
    }

    /** @param completion whether the rows need completion rates (see {@link AnalyticsRepository#rows(Selection, Grouping, boolean)}) */
    public Map<List<String>, Page> drill(Selection s, Selection comparison, Totals totals, List<Dimension> parentDimensions,
            List<List<String>> parents, Dimension child, AnalyticsRepository.Sort sort, Integer first, long offset,
            boolean completion) {
        List<Dimension> dims = new ArrayList<>(parentDimensions);
        dims.add(child);
        // few children per parent: all of them in one statement, paged here, counted as read
        boolean whole = first != null && fewValues(child);
        Grouping g = whole ? new Grouping(dims, parents, sort, null, 0, null) : new Grouping(dims, parents, sort, first, offset, null);
        AnalyticsRepository.CountedRows read = repository.countedRows(s, g, completion);
        List<AnalyticsRepository.Row> rows = read.rows();
        // each parent's count comes with its rows; a parent with none on the page has none (first
        // page) or needs the count statement (a later page)
        Map<List<String>, Long> counts = first == null || whole ? null
                : offset > 0 && !read.totals().keySet().containsAll(parents) ? repository.counts(s, g.page(null, 0).sorted(null))
                : read.totals();
        Map<List<String>, List<AnalyticsRepository.Row>> byParent = new LinkedHashMap<>();
        for (List<String> p : parents) {
            byParent.put(p, new ArrayList<>());
        }
        for (AnalyticsRepository.Row r : rows) {
            byParent.computeIfAbsent(r.parentKeys(parentDimensions.size()), k -> new ArrayList<>()).add(r);
        }
        Map<List<String>, Long> sizes = new HashMap<>();
        if (whole) {
            List<AnalyticsRepository.Row> shown = new ArrayList<>();
            byParent.replaceAll((parent, children) -> {
                sizes.put(parent, (long) children.size());
                List<AnalyticsRepository.Row> page = List.copyOf(
                        children.subList((int) Math.min(offset, children.size()), (int) Math.min(offset + first, children.size())));
                shown.addAll(page);
                return page;
            });
            rows = shown;
        }
        Map<List<String>, Aggregates> previous = previous(comparison, dims, rows, completion);
        Map<List<String>, Page> out = new HashMap<>();
        byParent.forEach((parent, children) -> out.put(parent, new Page(children,
                counts != null ? counts.getOrDefault(parent, 0L) : whole ? sizes.get(parent) : children.size(), offset,
                totals.plays(), previous, totals.previousPlays())));
        return out;
    }

    /** The comparison period's aggregates of exactly these rows (one statement), or null. */
    private Map<List<String>, Aggregates> previous(Selection comparison, List<Dimension> dims,
            List<AnalyticsRepository.Row> rows) {
        return previous(comparison, dims, rows, true);
    }

    private Map<List<String>, Aggregates> previous(Selection comparison, List<Dimension> dims,
            List<AnalyticsRepository.Row> rows, boolean completion) {
        if (comparison == null) {
            return null;
        }
        Map<List<String>, Aggregates> out = new HashMap<>();
        if (rows.isEmpty()) {
            return out;
        }
        List<List<String>> keys = rows.stream().map(AnalyticsRepository.Row::keys).toList();
        for (AnalyticsRepository.Row r : repository.rows(comparison, new Grouping(dims, keys, null, null, 0, null), completion)) {
            out.put(r.keys(), r.aggregates());
        }
        return out;
    }

    /** A top-videos row: the entry, its score and the row it was computed from. */
    public record ScoredEntry(String entryId, double score, AnalyticsRepository.Row row) {}

    /**
     * Every entry of the selection scored 0.0–10.0 (one decimal): 5 × plays / maxPlays +
     * 2.5 × uniqueViewers / maxUniqueViewers + min(2.5, 2.5 × avgCompletionRate), maxima over the
     * same entries; best first, ties by plays then entry id.
     */
    public List<ScoredEntry> topVideos(Selection s) {
        List<AnalyticsRepository.Row> rows = repository.rows(s, Grouping.by(Dimension.ENTRY));
        long maxPlays = rows.stream().mapToLong(r -> r.aggregates().plays()).max().orElse(0);
        long maxViewers = rows.stream().mapToLong(r -> r.aggregates().viewers()).max().orElse(0);
        List<ScoredEntry> scored = new ArrayList<>();
        for (AnalyticsRepository.Row r : rows) {
            Aggregates a = r.aggregates();
            double score = (maxPlays == 0 ? 0 : 5.0 * a.plays() / maxPlays)
                    + (maxViewers == 0 ? 0 : 2.5 * a.viewers() / maxViewers)
                    + Math.min(2.5, 2.5 * Metric.AVG_COMPLETION_RATE.value(a, 0));
            scored.add(new ScoredEntry(r.key(), Math.round(score * 10) / 10.0, r));
        }
        scored.sort(Comparator.comparingDouble(ScoredEntry::score).reversed()
                .thenComparing(e -> -e.row().aggregates().plays())
                .thenComparing(ScoredEntry::entryId));
        return scored;
    }

    /** Rows of one aggregate per sub-category (an entry filed in several counts in each). */
    public Map<String, Aggregates> bySubCategory(Selection s, CategoryGroups groups) {
        Map<String, Aggregates> out = new HashMap<>();
        for (AnalyticsRepository.Row r : repository.rows(s.inCategories(groups.fromCategory()),
                Grouping.by(Dimension.SUB_CATEGORY).withGroups(groups))) {
            out.put(r.key(), r.aggregates());
        }
        return out;
    }

    /** Zero-filled series per parent: the parents' rows by day or month (one statement). */
    public Map<List<String>, List<Point>> series(Selection s, Selection comparison, Totals totals,
            List<Dimension> parentDimensions, List<List<String>> parents, Granularity granularity) {
        return series(s, comparison, totals, parentDimensions, parents, granularity, true);
    }

    /** @param completion whether the points need completion rates */
    public Map<List<String>, List<Point>> series(Selection s, Selection comparison, Totals totals,
            List<Dimension> parentDimensions, List<List<String>> parents, Granularity granularity, boolean completion) {
        Dimension time = granularity == Granularity.MONTH ? Dimension.MONTH : Dimension.DAY;
        // the two periods at the same time (their completion then shares a statement)
        CompletableFuture<Map<List<String>, Page>> previous = comparison == null ? null
                : CompletableFuture.supplyAsync(() -> drill(comparison, null, totals, parentDimensions, parents, time, null,
                        null, 0, completion), Thread.ofVirtual()::start);
        Map<List<String>, Page> now = drill(s, null, totals, parentDimensions, parents, time, null, null, 0, completion);
        Map<List<String>, Page> then = previous == null ? null : Futures.join(previous);
        Map<List<String>, List<Point>> out = new HashMap<>();
        for (List<String> parent : parents) {
            List<Point> points = fill(s, granularity, now.get(parent), totals.plays());
            if (then != null) {
                points = withPrevious(points, fill(comparison, granularity, then.get(parent), totals.previousPlays()));
            }
            out.put(parent, points);
        }
        return out;
    }

    static List<Point> fill(Selection s, Granularity granularity, Page page, long totalPlays) {
        Map<String, Aggregates> byDate = new HashMap<>();
        if (page != null) {
            for (AnalyticsRepository.Row r : page.rows()) {
                byDate.put(r.key(), r.aggregates());
            }
        }
        List<Point> points = new ArrayList<>();
        LocalDate date = granularity == Granularity.MONTH ? s.from().withDayOfMonth(1) : s.from();
        while (!date.isAfter(s.to())) {
            points.add(new Point(date, MetricValues.of(byDate.getOrDefault(date.toString(), Aggregates.ZERO), totalPlays)));
            date = granularity == Granularity.MONTH ? date.plusMonths(1) : date.plusDays(1);
        }
        return points;
    }

    /** Each point gets the comparison series' point at the same position (when there is one). */
    public static List<Point> withPrevious(List<Point> points, List<Point> previous) {
        List<Point> out = new ArrayList<>(points.size());
        for (int i = 0; i < points.size(); i++) {
            Point p = points.get(i);
            out.add(i < previous.size() ? new Point(p.date(), p.metrics().withPrevious(previous.get(i).metrics())) : p);
        }
        return out;
    }
}
