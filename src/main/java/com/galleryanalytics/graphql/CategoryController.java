package com.galleryanalytics.graphql;

import com.galleryanalytics.analytics.InvalidFilterException;
import com.galleryanalytics.catalog.CatalogRepository;
import com.galleryanalytics.catalog.Category;
import com.galleryanalytics.security.Caller;
import graphql.GraphQLContext;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.BatchMapping;
import org.springframework.graphql.data.method.annotation.ContextValue;
import org.springframework.graphql.data.method.annotation.QueryMapping;
import org.springframework.graphql.data.method.annotation.SchemaMapping;
import org.springframework.stereotype.Controller;

/**
 * Finding categories and their details: parent and sub-categories. Parents and sub-category
 * counts are read for every category of a response at once (a search page lists many).
 */
@Controller
public class CategoryController {
    /** Longest search text taken: a gallery name is far shorter, a longer text is a mistake. */
    static final int MAX_SEARCH_LENGTH = 200;

    private final CatalogRepository catalog;

    public CategoryController(CatalogRepository catalog) {
        this.catalog = catalog;
    }

    @QueryMapping
    public Connection<Category> categories(@Argument String search, @Argument Integer first, @Argument String after,
            @ContextValue Caller caller) {
        String text = search == null ? "" : search.strip();
        if (text.length() > MAX_SEARCH_LENGTH) {
            throw new InvalidFilterException("'search' is longer than " + MAX_SEARCH_LENGTH + " characters.");
        }
        int limit = Connection.checkFirst(first);
        long offset = Connection.offsetAfter(after);
        CatalogRepository.CategoryPage page = catalog.searchCategories(caller.partnerId(), text, offset, limit);
        return Connection.of(page.categories(), offset, page.totalCount());
    }

    @BatchMapping(typeName = "Category", field = "parent")
    public Map<Category, Category> parent(List<Category> categories, GraphQLContext context) {
        Set<String> parentIds = new LinkedHashSet<>();
        for (Category c : categories) {
            if (!c.parentId().isEmpty()) {
                parentIds.add(c.parentId());
            }
        }
        Map<String, Category> parents = new HashMap<>();
        for (Category p : catalog.categories(partner(context), parentIds)) {
            parents.put(p.id(), p);
        }
        Map<Category, Category> out = new HashMap<>();
        for (Category c : categories) {
            Category p = parents.get(c.parentId());
            if (p != null) {
                out.put(c, p);
            }
        }
        return out;
    }

    @SchemaMapping(typeName = "Category")
    public List<Category> subCategories(Category category, @ContextValue Caller caller) {
        return catalog.categories(caller.partnerId()).stream().filter(c -> c.parentId().equals(category.id())).toList();
    }

    @BatchMapping(typeName = "Category", field = "subCategoriesCount")
    public Map<Category, Integer> subCategoriesCount(List<Category> categories, GraphQLContext context) {
        Set<String> ids = new LinkedHashSet<>();
        for (Category c : categories) {
            ids.add(c.id());
        }
        Map<String, Long> counts = catalog.subCategoryCounts(partner(context), ids);
        Map<Category, Integer> out = new HashMap<>();
        for (Category c : categories) {
            out.put(c, counts.getOrDefault(c.id(), 0L).intValue());
        }
        return out;
    }

    private static String partner(GraphQLContext context) {
        Caller caller = context.get("caller");
        return caller.partnerId();
    }
}
