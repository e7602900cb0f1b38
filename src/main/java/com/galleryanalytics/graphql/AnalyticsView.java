package com.galleryanalytics.graphql;

import com.galleryanalytics.analytics.Aggregates;
import com.galleryanalytics.analytics.Scope;
import com.galleryanalytics.analytics.Selection;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Function;

/**
 * The GraphQL {@code Analytics} object: a scope's selection under a filter, its comparison period
 * (or null) and a per-request memo, so panels that share a total (plays for distributions)
 * query it once.
 */
public record AnalyticsView(Scope scope, Selection selection, Selection comparison, ConcurrentMap<Object, Object> memo) {

    public AnalyticsView(Scope scope, Selection selection, Selection comparison) {
        this(scope, selection, comparison, new ConcurrentHashMap<>());
    }

    @SuppressWarnings("unchecked")
    public <T> T remember(Object key, Function<Object, T> compute) {
        return (T) memo.computeIfAbsent(key, k -> compute.apply(k));
    }

    /** Totals of the selection, once per request. */
    public Aggregates totals(Function<Selection, Aggregates> query) {
        return remember("totals", k -> query.apply(selection));
    }
}
