package com.galleryanalytics.graphql;

import com.galleryanalytics.analytics.Aggregates;
import com.galleryanalytics.analytics.AnalyticsRepository;
import com.galleryanalytics.analytics.AnalyticsService;
import com.galleryanalytics.analytics.CategoryTree;
import com.galleryanalytics.analytics.Countries;
import com.galleryanalytics.analytics.Dimension;
import com.galleryanalytics.analytics.Granularity;
import com.galleryanalytics.analytics.MetricValues;
import com.galleryanalytics.analytics.Page;
import com.galleryanalytics.analytics.Panels;
import com.galleryanalytics.analytics.Point;
import com.galleryanalytics.analytics.Scope;
import com.galleryanalytics.analytics.Selection;
import com.galleryanalytics.catalog.CatalogRepository;
import com.galleryanalytics.catalog.Category;
import com.galleryanalytics.catalog.Entry;
import com.galleryanalytics.catalog.User;
import graphql.schema.DataFetchingEnvironment;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.dataloader.DataLoader;
import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.BatchMapping;
import org.springframework.graphql.data.method.annotation.SchemaMapping;
import org.springframework.stereotype.Controller;

/**
 * The dashboard panels under {@code Analytics} and their drill-downs. Top-level panels return
 * Callables (they run concurrently); drill-downs go through {@link DrillDowns} (one statement per
 * level); entity lookups of rows are batched.
 */
@Controller
public class PanelsController {
    private final AnalyticsService analytics;
    private final AnalyticsRepository repository;
    private final Panels panels;
    private final CatalogRepository catalog;

    public PanelsController(AnalyticsService analytics, Panels panels, CatalogRepository catalog) {
        this.analytics = analytics;
        this.repository = analytics.repository();
        this.panels = panels;
        this.catalog = catalog;
    }

    /** The PageViews panel. */
    public record PageViews(long plays, long uniqueViewers, long allPlays, long allUniqueViewers) {}

    @SchemaMapping(typeName = "Analytics")
    public Callable<PageViews> pageViews(AnalyticsView view) {
        return () -> {
            Selection s = view.selection();
            List<String> pages = s.categoryIds() != null ? s.categoryIds() : List.of();
            Aggregates onPages = repository.countTotals(s.onCategoryPages(pages));
            Aggregates all = view.countTotals(repository);
            return new PageViews(onPages.plays(), onPages.viewers(), all.plays(), all.viewers());
        };
    }

    // ---- tables -------------------------------------------------------------------------

    /** One page of a table grouped by {@code d}; arguments are checked before anything runs. */
    private Callable<Connection<TableRow>> table(AnalyticsView view, Dimension d, int first, String after, RowOrder orderBy) {
        int pageSize = Connection.checkFirst(first);
        long offset = Connection.offsetAfter(after);
        if (Panels.fewValues(d)) {
            return () -> connection(whole(view, d, RowOrder.sort(orderBy)).slice(offset, pageSize), view);
        }
        return () -> connection(panels.table(view.selection(), view.comparison(), view.playTotals(repository), d,
                RowOrder.sort(orderBy), pageSize, offset), view);
    }

    /** A whole table of a dimension with few values, read once per view (Insights and the table panels share it). */
    private Page whole(AnalyticsView view, Dimension d, AnalyticsRepository.Sort sort) {
        return view.shared(List.of("whole table", d, sort),
                () -> panels.all(view.selection(), view.comparison(), view.playTotals(repository), d, sort));
    }

    private static Connection<TableRow> connection(Page page, AnalyticsView view) {
        List<TableRow> rows = page.rows().stream().map(r -> new TableRow(r.keys(), page.metrics(r), view)).toList();
        return Connection.of(rows, page.offset(), page.totalCount());
    }

    @SchemaMapping(typeName = "Analytics")
    public Callable<Connection<TableRow>> viewers(AnalyticsView view, @Argument int first, @Argument String after,
            @Argument RowOrder orderBy) {
        return table(view, Dimension.USER, first, after, orderBy);
    }

    @SchemaMapping(typeName = "Analytics")
    public Callable<Connection<TableRow>> entries(AnalyticsView view, @Argument int first, @Argument String after,
            @Argument RowOrder orderBy) {
        return table(view, Dimension.ENTRY, first, after, orderBy);
    }

    @SchemaMapping(typeName = "Analytics")
    public Callable<Connection<TableRow>> countries(AnalyticsView view, @Argument int first, @Argument String after,
            @Argument RowOrder orderBy) {
        return table(view, Dimension.COUNTRY, first, after, orderBy);
    }

    @SchemaMapping(typeName = "Analytics")
    public Callable<Connection<TableRow>> domains(AnalyticsView view, @Argument int first, @Argument String after,
            @Argument RowOrder orderBy) {
        return table(view, Dimension.DOMAIN, first, after, orderBy);
    }

    @SchemaMapping(typeName = "Analytics")
    public Callable<List<TableRow>> devices(AnalyticsView view, @Argument RowOrder orderBy) {
        return () -> {
            Page page = whole(view, Dimension.DEVICE, RowOrder.sort(orderBy));
            return page.rows().stream().map(r -> new TableRow(r.keys(), page.metrics(r), view)).toList();
        };
    }

    /** A top-videos row. */
    public record TopVideoRow(String entryId, double score, MetricValues metrics, String partnerId) {}

    @SchemaMapping(typeName = "Analytics")
    public Callable<Connection<TopVideoRow>> topVideos(AnalyticsView view, @Argument int first, @Argument String after) {
        Connection.checkFirst(first);
        long offset = Connection.offsetAfter(after);
        return () -> {
            List<Panels.ScoredEntry> scored = panels.topVideos(view.selection());
            long total = scored.stream().mapToLong(e -> e.row().aggregates().plays()).sum();
            List<Panels.ScoredEntry> slice = scored.subList((int) Math.min(offset, scored.size()),
                    (int) Math.min(offset + first, scored.size()));
            Page page = new Page(slice.stream().map(Panels.ScoredEntry::row).toList(), scored.size(), offset, total,
                    null, 0);
            Map<List<String>, MetricValues> previous = previousOf(view, Dimension.ENTRY, page);
            List<TopVideoRow> rows = slice.stream().map(e -> {
                MetricValues m = page.metrics(e.row());
                MetricValues then = previous.get(e.row().keys());
                return new TopVideoRow(e.entryId(), e.score(), then == null ? m : m.withPrevious(then), view.partnerId());
            }).toList();
            return Connection.of(rows, offset, scored.size());
        };
    }

    /** Comparison values for rows computed outside {@link Panels#table} (one statement). */
    private Map<List<String>, MetricValues> previousOf(AnalyticsView view, Dimension d, Page page) {
        if (view.comparison() == null || page.rows().isEmpty()) {
            return Map.of();
        }
        Panels.Totals totals = view.playTotals(repository);
        Map<List<String>, Page> then = panels.drill(view.comparison(), null, new Panels.Totals(totals.previousPlays(), 0),
                List.of(d), page.rows().stream().map(AnalyticsRepository.Row::keys).toList(), d, null, null, 0);
        Map<List<String>, MetricValues> out = new HashMap<>();
        for (AnalyticsRepository.Row r : page.rows()) {
            Page p = then.get(r.keys());
            Aggregates a = p == null || p.rows().isEmpty() ? Aggregates.ZERO : p.rows().get(0).aggregates();
            out.put(r.keys(), MetricValues.of(a, totals.previousPlays()));
        }
        return out;
    }

    /** A sub-category row: the category, its metrics, and the view for its own analytics. */
    public record SubCategoryRow(Category category, MetricValues metrics, AnalyticsView analytics) {}

    @SchemaMapping(typeName = "Analytics")
    public Callable<Connection<SubCategoryRow>> subCategories(AnalyticsView view, @Argument int first,
            @Argument String after, @Argument RowOrder orderBy) {
        Connection.checkFirst(first);
        long offset = Connection.offsetAfter(after);
        return () -> {
            if (!(view.scope() instanceof Scope.OfCategory(String categoryId))) {
                return Connection.of(List.<SubCategoryRow>of(), 0, 0);
            }
            List<SubCategoryRow> rows = new ArrayList<>();
            CategoryTree tree = analytics.tree(view.partnerId());
            for (AnalyticsService.SubCategoryMetrics m : analytics.subCategories(view.selection(), view.comparison(),
                    view.playTotals(repository), tree, categoryId, view.filter().subcategoriesIncluded(),
                    RowOrder.sort(orderBy))) {
                Scope scope = new Scope.OfCategory(m.category().id());
                Selection own = analytics.select(view.partnerId(), scope, view.filter(), tree);
                rows.add(new SubCategoryRow(m.category(), m.metrics(),
                        view.rescoped(scope, own, analytics.comparison(own, view.filter().compareTo()))));
            }
            List<SubCategoryRow> slice = rows.subList((int) Math.min(offset, rows.size()), (int) Math.min(offset + first, rows.size()));
            return Connection.of(slice, offset, rows.size());
        };
    }

    /** The Insights panel. */
    public record Insights(DomainShare topDomain, DeviceShare topDevice, List<TableRow> topCountries) {}

    public record DomainShare(String domain, double share) {}

    public record DeviceShare(String device, double share) {}

    @SchemaMapping(typeName = "Analytics")
    public Callable<Insights> insights(AnalyticsView view) {
        return () -> {
            Panels.Totals totals = view.playTotals(repository);
            var byPlays = RowOrder.sort(null);
            Page domains = whole(view, Dimension.DOMAIN, byPlays).slice(0, 1);
            Page devices = whole(view, Dimension.DEVICE, byPlays).slice(0, 1);
            Page countries = whole(view, Dimension.COUNTRY, byPlays).slice(0, 3);
            DomainShare domain = top(domains, totals).map(r -> new DomainShare(r.key(), share(r, totals))).orElse(null);
            DeviceShare device = top(devices, totals).map(r -> new DeviceShare(r.key(), share(r, totals))).orElse(null);
            return new Insights(domain, device, connection(countries, view).edges().stream().map(Connection.Edge::node).toList());
        };
    }

    private static java.util.Optional<AnalyticsRepository.Row> top(Page page, Panels.Totals totals) {
        return page.rows().stream().filter(r -> r.aggregates().plays() > 0 && totals.plays() > 0).findFirst();
    }

    private static double share(AnalyticsRepository.Row r, Panels.Totals totals) {
        return (double) r.aggregates().plays() / totals.plays();
    }

    // ---- drill-downs (batched per level) -----------------------------------------------

    private CompletableFuture<Connection<TableRow>> children(TableRow row, List<Dimension> parentDims, Dimension child,
            int first, String after, RowOrder orderBy, DataFetchingEnvironment env) {
        AnalyticsView view = row.view();
        DrillDowns.Level level = new DrillDowns.Level(view.selection(), view.comparison(), view.playTotals(repository),
                parentDims, row.keys(), child, RowOrder.sort(orderBy), Connection.checkFirst(first),
                Connection.offsetAfter(after), asksForCompletion(env, "edges/node/metrics"));
        DataLoader<DrillDowns.Level, Page> loader = env.getDataLoader(DrillDowns.PAGES);
        return loader.load(level).thenApply(page -> connection(page, view));
    }

    private CompletableFuture<List<TableRow>> allChildren(TableRow row, List<Dimension> parentDims, Dimension child,
            DataFetchingEnvironment env) {
        AnalyticsView view = row.view();
        DrillDowns.Level level = new DrillDowns.Level(view.selection(), view.comparison(), view.playTotals(repository),
                parentDims, row.keys(), child, RowOrder.sort(null), null, 0, asksForCompletion(env, "metrics"));
        DataLoader<DrillDowns.Level, Page> loader = env.getDataLoader(DrillDowns.PAGES);
        return loader.load(level).thenApply(page -> connection(page, view).edges().stream().map(Connection.Edge::node).toList());
    }

    private CompletableFuture<List<Point>> series(TableRow row, Dimension parent, Granularity granularity,
            DataFetchingEnvironment env) {
        AnalyticsView view = row.view();
        DrillDowns.Series key = new DrillDowns.Series(view.selection(), view.comparison(), view.playTotals(repository),
                List.of(parent), row.keys(), granularity == null ? Granularity.DAY : granularity, asksForCompletion(env, "metrics"));
        DataLoader<DrillDowns.Series, List<Point>> loader = env.getDataLoader(DrillDowns.SERIES);
        return loader.load(key);
    }

    /**
     * Whether the rows' metrics under {@code metricsPath} ask for completion (now, previous or its
     * change): drill-downs that do not skip the per-play table, half of their statement's cost.
     */
    private static boolean asksForCompletion(DataFetchingEnvironment env, String metricsPath) {
        var selection = env.getSelectionSet();
        return selection.contains(metricsPath + "/avgCompletionRate") || selection.contains(metricsPath + "/**/avgCompletionRate");
    }

    @SchemaMapping(typeName = "CountryRow")
    public CompletableFuture<Connection<TableRow>> regions(TableRow row, @Argument int first, @Argument String after,
            @Argument RowOrder orderBy, DataFetchingEnvironment env) {
        return children(row, List.of(Dimension.COUNTRY), Dimension.REGION, first, after, orderBy, env);
    }

    @SchemaMapping(typeName = "RegionRow")
    public CompletableFuture<Connection<TableRow>> cities(TableRow row, @Argument int first, @Argument String after,
            @Argument RowOrder orderBy, DataFetchingEnvironment env) {
        return children(row, List.of(Dimension.COUNTRY, Dimension.REGION), Dimension.CITY, first, after, orderBy, env);
    }

    @SchemaMapping(typeName = "DomainRow")
    public CompletableFuture<Connection<TableRow>> urls(TableRow row, @Argument int first, @Argument String after,
            @Argument RowOrder orderBy, DataFetchingEnvironment env) {
        return children(row, List.of(Dimension.DOMAIN), Dimension.URL, first, after, orderBy, env);
    }

    @SchemaMapping(typeName = "ViewerRow", field = "entries")
    public CompletableFuture<Connection<TableRow>> viewerEntries(TableRow row, @Argument int first, @Argument String after,
            @Argument RowOrder orderBy, DataFetchingEnvironment env) {
        return children(row, List.of(Dimension.USER), Dimension.ENTRY, first, after, orderBy, env);
    }

    @SchemaMapping(typeName = "EntryRow", field = "viewers")
    public CompletableFuture<Connection<TableRow>> entryViewers(TableRow row, @Argument int first, @Argument String after,
            @Argument RowOrder orderBy, DataFetchingEnvironment env) {
        return children(row, List.of(Dimension.ENTRY), Dimension.USER, first, after, orderBy, env);
    }

    @SchemaMapping(typeName = "DeviceRow")
    public CompletableFuture<List<TableRow>> operatingSystems(TableRow row, DataFetchingEnvironment env) {
        return allChildren(row, List.of(Dimension.DEVICE), Dimension.OS, env);
    }

    @SchemaMapping(typeName = "DeviceRow")
    public CompletableFuture<List<TableRow>> browsers(TableRow row, DataFetchingEnvironment env) {
        return allChildren(row, List.of(Dimension.DEVICE), Dimension.BROWSER, env);
    }

    @SchemaMapping(typeName = "ViewerRow", field = "performance")
    public CompletableFuture<List<Point>> viewerPerformance(TableRow row, @Argument Granularity granularity,
            DataFetchingEnvironment env) {
        return series(row, Dimension.USER, granularity, env);
    }

    @SchemaMapping(typeName = "EntryRow", field = "performance")
    public CompletableFuture<List<Point>> entryPerformance(TableRow row, @Argument Granularity granularity,
            DataFetchingEnvironment env) {
        return series(row, Dimension.ENTRY, granularity, env);
    }

    // ---- row details ---------------------------------------------------------------------

    @SchemaMapping(typeName = "CountryRow", field = "name")
    public String countryName(TableRow row) {
        return Countries.displayName(row.key());
    }

    @BatchMapping(typeName = "ViewerRow", field = "user")
    public Map<TableRow, User> viewerUsers(List<TableRow> rows) {
        if (rows.isEmpty()) {
            return Map.of();
        }
        String partner = rows.get(0).view().partnerId();
        Map<String, User> users = catalog.users(partner, rows.stream().map(TableRow::key).distinct().toList()).stream()
                .collect(Collectors.toMap(User::id, Function.identity(), (a, b) -> a));
        Map<TableRow, User> out = new HashMap<>();
        for (TableRow r : rows) {
            out.put(r, users.getOrDefault(r.key(), new User(r.key(), r.key())));
        }
        return out;
    }

    @BatchMapping(typeName = "EntryRow", field = "entry")
    public Map<TableRow, Entry> entryRowEntries(List<TableRow> rows) {
        if (rows.isEmpty()) {
            return Map.of();
        }
        Map<String, Entry> entries = entriesById(rows.get(0).view().partnerId(), rows.stream().map(TableRow::key).toList());
        Map<TableRow, Entry> out = new HashMap<>();
        for (TableRow r : rows) {
            Entry e = entries.get(r.key());
            if (e != null) {
                out.put(r, e);
            }
        }
        return out;
    }

    @BatchMapping(typeName = "TopVideoRow", field = "entry")
    public Map<TopVideoRow, Entry> topVideoEntries(List<TopVideoRow> rows) {
        if (rows.isEmpty()) {
            return Map.of();
        }
        Map<String, Entry> entries = entriesById(rows.get(0).partnerId(), rows.stream().map(TopVideoRow::entryId).toList());
        Map<TopVideoRow, Entry> out = new HashMap<>();
        for (TopVideoRow r : rows) {
            Entry e = entries.get(r.entryId());
            if (e != null) {
                out.put(r, e);
            }
        }
        return out;
    }

    private Map<String, Entry> entriesById(String partnerId, List<String> ids) {
        return catalog.entries(partnerId, ids.stream().distinct().toList()).stream()
                .collect(Collectors.toMap(Entry::id, Function.identity(), (a, b) -> a));
    }
}
