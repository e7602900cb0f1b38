package com.galleryanalytics.graphql;

import com.galleryanalytics.analytics.AnalyticsService;
import com.galleryanalytics.analytics.Granularity;
import com.galleryanalytics.analytics.Highlights;
import com.galleryanalytics.analytics.Point;
import java.util.List;
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

    public AnalyticsController(AnalyticsService analytics) {
        this.analytics = analytics;
    }

    @SchemaMapping(typeName = "Analytics")
    public Callable<Highlights> highlights(AnalyticsView view) {
        return () -> analytics.highlights(view.selection());
    }

    @SchemaMapping(typeName = "Analytics")
    public Callable<List<Point>> performance(AnalyticsView view, @Argument Granularity granularity) {
        return () -> analytics.performance(view.selection(), granularity == null ? Granularity.DAY : granularity);
    }

    @SchemaMapping(typeName = "Analytics")
    public ComparisonView comparison(AnalyticsView view) {
        return view.comparison() == null ? null : new ComparisonView(view);
    }

    @SchemaMapping(typeName = "Comparison")
    public Callable<Highlights> highlights(ComparisonView comparison) {
        return () -> analytics.highlights(comparison.view().comparison());
    }

    @SchemaMapping(typeName = "Comparison")
    public java.time.LocalDate from(ComparisonView comparison) {
        return comparison.view().comparison().from();
    }

    @SchemaMapping(typeName = "Comparison")
    public java.time.LocalDate to(ComparisonView comparison) {
        return comparison.view().comparison().to();
    }

    @SchemaMapping(typeName = "Comparison")
    public Callable<MetricChanges> change(ComparisonView comparison) {
        return () -> MetricChanges.between(analytics.highlights(comparison.view().selection()),
                analytics.highlights(comparison.view().comparison()));
    }

    @SchemaMapping(typeName = "Comparison")
    public Callable<List<Point>> performance(ComparisonView comparison, @Argument Granularity granularity) {
        return () -> analytics.performance(comparison.view().comparison(), granularity == null ? Granularity.DAY : granularity);
    }

    /** The {@code Comparison} object of an analytics view. */
    public record ComparisonView(AnalyticsView view) {}
}
