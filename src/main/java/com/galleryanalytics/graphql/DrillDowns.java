package com.galleryanalytics.graphql;

import com.galleryanalytics.analytics.AnalyticsRepository;
import com.galleryanalytics.analytics.AnalyticsService;
import com.galleryanalytics.analytics.Highlights;
import com.galleryanalytics.analytics.Dimension;
import com.galleryanalytics.analytics.Futures;
import com.galleryanalytics.analytics.Granularity;
import com.galleryanalytics.analytics.Page;
import com.galleryanalytics.analytics.Panels;
import com.galleryanalytics.analytics.Point;
import com.galleryanalytics.analytics.Selection;
import graphql.GraphQLContext;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.dataloader.DataLoader;
import org.springframework.graphql.execution.BatchLoaderRegistry;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Batches drill-downs: the regions of every country row on a page (and any other child level)
 * are loaded by one statement per level, never one per row. Rows ask with a {@link Level} key;
 * keys that differ only in their parent row are answered together.
 */
@Component
public class DrillDowns {
    static final String PAGES = "drillPages";
    static final String SERIES = "drillSeries";
    static final String HIGHLIGHTS = "highlights";

    /**
     * One parent row's request for a page of children.
     *
     * @param parent the parent row's keys (one per parent dimension)
     * @param first  children per parent; null for all
     */
    public record Level(Selection selection, Selection comparison, Panels.Totals totals, List<Dimension> parentDimensions,
            List<String> parent, Dimension child, AnalyticsRepository.Sort sort, Integer first, long offset, boolean completion) {
        Level withoutParent() {
            return new Level(selection, comparison, totals, parentDimensions, List.of(), child, sort, first, offset, completion);
        }
    }

    /**
     * One parent row's request for its time series.
     *
     * @param completion whether the query asks for completion rates (reading them is half the statement's cost)
     */
    public record Series(Selection selection, Selection comparison, Panels.Totals totals, List<Dimension> parentDimensions,
            List<String> parent, Granularity granularity, boolean completion) {
        Series withoutParent() {
            return new Series(selection, comparison, totals, parentDimensions, List.of(), granularity, completion);
        }
    }

    public DrillDowns(BatchLoaderRegistry registry, Panels panels, AnalyticsService analytics) {
        // the highlights of sibling scopes (sub-category rows' own analytics) in two statements
        registry.<Selection, Highlights>forName(HIGHLIGHTS).registerMappedBatchLoader((keys, env) -> Mono.fromCallable(
                () -> analytics.highlights(keys, AnalyticsView.memo((GraphQLContext) env.getContext()))));
        registry.<Level, Page>forName(PAGES).registerMappedBatchLoader((keys, env) -> Mono.fromCallable(
                () -> eachLevel(byLevel(keys, Level::withoutParent), (l, parents) -> panels.drill(l.selection(),
                        l.comparison(), l.totals(), l.parentDimensions(), parents, l.child(), l.sort(), l.first(),
                        l.offset(), l.completion()), Level::parent)));
        registry.<Series, List<Point>>forName(SERIES).registerMappedBatchLoader((keys, env) -> Mono.fromCallable(
                () -> eachLevel(byLevel(keys, Series::withoutParent), (s, parents) -> panels.series(s.selection(),
                        s.comparison(), s.totals(), s.parentDimensions(), parents, s.granularity(), s.completion()),
                        Series::parent)));
    }

    /**
     * Loads the levels of one dispatch (each: all its parents' children at once) at the same time,
     * each on its own virtual thread, so their statements run together (and their completion
     * shares one statement, see AnalyticsRepository).
     */
    private static <K, V> Map<K, V> eachLevel(Map<K, List<K>> levels,
            BiFunction<K, List<List<String>>, Map<List<String>, V>> load, Function<K, List<String>> parentOf) {
        Map<K, CompletableFuture<Map<List<String>, V>>> loading = new LinkedHashMap<>();
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (Map.Entry<K, List<K>> level : levels.entrySet()) {
                List<List<String>> parents = level.getValue().stream().map(parentOf).distinct().toList();
                loading.put(level.getKey(), CompletableFuture.supplyAsync(() -> load.apply(level.getKey(), parents), threads));
            }
            Map<K, V> out = new HashMap<>();
            for (Map.Entry<K, List<K>> level : levels.entrySet()) {
                Map<List<String>, V> values = Futures.join(loading.get(level.getKey()));
                for (K key : level.getValue()) {
                    out.put(key, values.get(parentOf.apply(key)));
                }
            }
            return out;
        }
    }

    private static <K> Map<K, List<K>> byLevel(Iterable<K> keys, java.util.function.Function<K, K> level) {
        Map<K, List<K>> groups = new LinkedHashMap<>();
        for (K key : keys) {
            groups.computeIfAbsent(level.apply(key), k -> new ArrayList<>()).add(key);
        }
        return groups;
    }

    static CompletableFuture<Page> page(DataLoader<Level, Page> loader, Level level) {
        return loader.load(level);
    }
}
