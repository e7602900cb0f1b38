package com.galleryanalytics.graphql;

import com.galleryanalytics.analytics.Aggregates;
import com.galleryanalytics.analytics.AnalyticsFilter;
import com.galleryanalytics.analytics.AnalyticsRepository;
import com.galleryanalytics.analytics.Futures;
import com.galleryanalytics.analytics.Panels;
import com.galleryanalytics.analytics.Scope;
import com.galleryanalytics.analytics.Selection;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Supplier;

/**
 * The GraphQL {@code Analytics} object: a scope's selection under a filter and its comparison
 * period (or null). Totals that several panels share (plays, for distributions) are queried once
 * per request ({@code totalsMemo} is the request's, see {@link #TOTALS}); whole tables shown by
 * several panels once per view ({@code sharedMemo}).
 */
public record AnalyticsView(String partnerId, Scope scope, AnalyticsFilter filter, Selection selection,
        Selection comparison, ConcurrentMap<Selection, Aggregates> totalsMemo,
        ConcurrentMap<Object, CompletableFuture<Object>> sharedMemo) {

    /** GraphQL context key of the request's totals memo. */
    public static final String TOTALS = "analyticsTotals";

    /** A view sharing the request's totals memo. */
    public AnalyticsView(String partnerId, Scope scope, AnalyticsFilter filter, Selection selection, Selection comparison,
            ConcurrentMap<Selection, Aggregates> totalsMemo) {
        this(partnerId, scope, filter, selection, comparison, totalsMemo, new ConcurrentHashMap<>());
    }

    /** The request's totals memo from the GraphQL context (a new one outside a request). */
    public static ConcurrentMap<Selection, Aggregates> memo(graphql.GraphQLContext context) {
        return context.computeIfAbsent(TOTALS, k -> new ConcurrentHashMap<Selection, Aggregates>());
    }

    /**
     * A result several panels of this view need (a whole table that Insights and a table panel
     * both show): computed once, by the first panel that asks; the others wait for it.
     */
    @SuppressWarnings("unchecked")
    public <T> T shared(Object key, Supplier<T> compute) {
        CompletableFuture<Object> mine = new CompletableFuture<>();
        CompletableFuture<Object> theirs = sharedMemo.putIfAbsent(key, mine);
        if (theirs == null) {
            try {
                mine.complete(compute.get());
            } catch (RuntimeException e) {
                mine.completeExceptionally(e);
                throw e;
            }
            return (T) mine.join();
        }
        return (T) Futures.join(theirs);
    }

    /** The selection's totals, completion included (its counts are those of {@link #countTotals}). */
    public Aggregates totals(AnalyticsRepository repository) {
        return totalsMemo.computeIfAbsent(selection, s -> repository.withCompletion(s, countTotals(s, repository)));
    }

    public Aggregates comparisonTotals(AnalyticsRepository repository) {
        return comparison == null ? Aggregates.ZERO
                : totalsMemo.computeIfAbsent(comparison, s -> repository.withCompletion(s, countTotals(s, repository)));
    }

    /**
     * Plays of the selection and of its comparison period, for distributions. Counts only: the
     * panels that need them do not wait for completion (see {@link #countTotals}).
     */
    public Panels.Totals playTotals(AnalyticsRepository repository) {
        return new Panels.Totals(countTotals(selection, repository).plays(),
                comparison == null ? 0 : countTotals(comparison, repository).plays());
    }

    /** The selection's counts and viewers without completion: the full totals when known, else one statement per view. */
    public Aggregates countTotals(AnalyticsRepository repository) {
        return countTotals(selection, repository);
    }

    private Aggregates countTotals(Selection s, AnalyticsRepository repository) {
        Aggregates known = totalsMemo.get(s);
        return known != null ? known : shared(java.util.List.of("countTotals", s), () -> repository.countTotals(s));
    }

    /** The same view for another scope and selection (a sub-category row's own analytics). */
    public AnalyticsView rescoped(Scope newScope, Selection newSelection, Selection newComparison) {
        return new AnalyticsView(partnerId, newScope, filter, newSelection, newComparison, totalsMemo);
    }
}
