package com.galleryanalytics.graphql;

import com.galleryanalytics.analytics.AnalyticsFilter;
import com.galleryanalytics.analytics.AnalyticsService;
import com.galleryanalytics.analytics.Scope;
import com.galleryanalytics.analytics.Selection;
import com.galleryanalytics.catalog.CatalogRepository;
import com.galleryanalytics.catalog.Category;
import com.galleryanalytics.catalog.Entry;
import com.galleryanalytics.catalog.User;
import com.galleryanalytics.security.Caller;
import graphql.GraphQLContext;
import java.util.List;
import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.ContextValue;
import org.springframework.graphql.data.method.annotation.QueryMapping;
import org.springframework.graphql.data.method.annotation.SchemaMapping;
import org.springframework.stereotype.Controller;

/** The root fields and the {@code analytics} of categories, entries and users. */
@Controller
public class QueryController {
    private final CatalogRepository catalog;
    private final AnalyticsService analytics;

    public QueryController(CatalogRepository catalog, AnalyticsService analytics) {
        this.catalog = catalog;
        this.analytics = analytics;
    }

    @QueryMapping
    public Category category(@Argument String id, @ContextValue Caller caller) {
        return catalog.category(caller.partnerId(), id).orElse(null);
    }

    @QueryMapping
    public Entry entry(@Argument String id, @ContextValue Caller caller) {
        return catalog.entries(caller.partnerId(), List.of(id)).stream().findFirst().orElse(null);
    }

    @QueryMapping
    public User user(@Argument String id, @ContextValue Caller caller) {
        return catalog.users(caller.partnerId(), List.of(id)).stream().findFirst().orElse(new User(id, id));
    }

    @QueryMapping(name = "analytics")
    public AnalyticsView accountAnalytics(@Argument AnalyticsFilter filter, @ContextValue Caller caller,
            GraphQLContext context) {
        return view(caller, new Scope.Account(), filter, context);
    }

    @SchemaMapping(typeName = "Category", field = "analytics")
    public AnalyticsView categoryAnalytics(Category category, @Argument AnalyticsFilter filter, @ContextValue Caller caller,
            GraphQLContext context) {
        return view(caller, new Scope.OfCategory(category.id()), filter, context);
    }

    @SchemaMapping(typeName = "Entry", field = "analytics")
    public AnalyticsView entryAnalytics(Entry entry, @Argument AnalyticsFilter filter, @ContextValue Caller caller,
            GraphQLContext context) {
        return view(caller, new Scope.OfEntry(entry.id()), filter, context);
    }

    @SchemaMapping(typeName = "User", field = "analytics")
    public AnalyticsView userAnalytics(User user, @Argument AnalyticsFilter filter, @ContextValue Caller caller,
            GraphQLContext context) {
        return view(caller, new Scope.OfUser(user.id()), filter, context);
    }

    private AnalyticsView view(Caller caller, Scope scope, AnalyticsFilter filter, GraphQLContext context) {
        Selection selection = analytics.select(caller.partnerId(), scope, filter);
        return new AnalyticsView(caller.partnerId(), scope, filter, selection,
                analytics.comparison(selection, filter.compareTo()), AnalyticsView.memo(context));
    }
}
