package com.galleryanalytics.graphql;

import com.galleryanalytics.analytics.AnalyticsRepository;
import com.galleryanalytics.analytics.AnalyticsService;
import com.galleryanalytics.analytics.Futures;
import com.galleryanalytics.analytics.Panels;
import com.galleryanalytics.analytics.Granularity;
import com.galleryanalytics.analytics.Highlights;
import com.galleryanalytics.analytics.MetricChanges;
import com.galleryanalytics.analytics.Point;
import com.galleryanalytics.analytics.Selection;
import graphql.schema.DataFetchingEnvironment;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.dataloader.DataLoader;
import java.util.concurrent.Callable;
import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.SchemaMapping;
import org.springframework.stereotype.Controller;

/**
 * The panels of {@code Analytics}. Each returns a Callable, so independent panels of one query
 * run concurrently.
 */
@Controller
public class AnalyticsController {
    private final AnalyticsService analytics;
    private final AnalyticsRepository repository;

    public AnalyticsController(AnalyticsService analytics) {
        this.analytics = analytics;
        this.repository = analytics.repository();
    }

    @SchemaMapping(typeName = "Analytics")
    public CompletableFuture<Highlights> highlights(AnalyticsView view, DataFetchingEnvironment env) {
        DataLoader<Selection, Highlights> loader = env.getDataLoader(DrillDowns.HIGHLIGHTS);
        return loader.load(view.selection());
    }

    @SchemaMapping(typeName = "Analytics")
    public Callable<List<Point>> performance(AnalyticsView view, @Argument Granularity granularity) {
        return () -> {
            Granularity g = granularity == null ? Granularity.DAY : granularity;
            Panels.Totals totals = view.playTotals(repository);
            if (view.comparison() == null) {
                return analytics.performance(view.selection(), g, totals.plays());
            }
            // both periods at the same time, so their completion shares a statement
            CompletableFuture<List<Point>> previous = CompletableFuture.supplyAsync(
                    () -> analytics.performance(view.comparison(), g, totals.previousPlays()), Thread.ofVirtual()::start);
            List<Point> points = analytics.performance(view.selection(), g, totals.plays());
            return Panels.withPrevious(points, Futures.join(previous));
        };
    }

    @SchemaMapping(typeName = "Analytics")
    public ComparisonView comparison(AnalyticsView view) {
        return view.comparison() == null ? null : new ComparisonView(view);
    }

    @SchemaMapping(typeName = "Comparison")
    public CompletableFuture<Highlights> highlights(ComparisonView comparison, DataFetchingEnvironment env) {
        DataLoader<Selection, Highlights> loader = env.getDataLoader(DrillDowns.HIGHLIGHTS);
        return loader.load(comparison.view().comparison());
    }

    @SchemaMapping(typeName = "Comparison")
    public java.time.LocalDate from(ComparisonView comparison) {
        return comparison.view().comparison().from();
    }

    @SchemaMapping(typeName = "Comparison")
    public java.time.LocalDate to(ComparisonView comparison) {
        return comparison.view().comparison().to();
    }

    /** From the same (cached) highlights the two periods' highlights fields show. */
    @SchemaMapping(typeName = "Comparison")
    public CompletableFuture<MetricChanges> change(ComparisonView comparison, DataFetchingEnvironment env) {
        DataLoader<Selection, Highlights> loader = env.getDataLoader(DrillDowns.HIGHLIGHTS);
        return loader.load(comparison.view().selection())
                .thenCombine(loader.load(comparison.view().comparison()), MetricChanges::between);
    }

    @SchemaMapping(typeName = "Comparison")
    public Callable<List<Point>> performance(ComparisonView comparison, @Argument Granularity granularity) {
        AnalyticsView view = comparison.view();
        return () -> analytics.performance(view.comparison(), granularity == null ? Granularity.DAY : granularity,
                view.playTotals(repository).previousPlays());
    }

    /** The {@code Comparison} object of an analytics view. */
    public record ComparisonView(AnalyticsView view) {}
}
