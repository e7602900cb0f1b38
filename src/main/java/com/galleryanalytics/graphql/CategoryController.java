package com.galleryanalytics.graphql;

import com.galleryanalytics.catalog.CatalogRepository;
import com.galleryanalytics.catalog.Category;
import com.galleryanalytics.security.Caller;
import java.util.List;
import org.springframework.graphql.data.method.annotation.ContextValue;
import org.springframework.graphql.data.method.annotation.SchemaMapping;
import org.springframework.stereotype.Controller;

/** Details of a category: its parent and sub-categories. */
@Controller
@SchemaMapping(typeName = "Category")
public class CategoryController {
    private final CatalogRepository catalog;

    public CategoryController(CatalogRepository catalog) {
        this.catalog = catalog;
    }

    @SchemaMapping
    public Category parent(Category category, @ContextValue Caller caller) {
        if (category.parentId().isEmpty()) {
            return null;
        }
        return catalog.category(caller.partnerId(), category.parentId()).orElse(null);
    }

    @SchemaMapping
    public List<Category> subCategories(Category category, @ContextValue Caller caller) {
        return catalog.categories(caller.partnerId()).stream().filter(c -> c.parentId().equals(category.id())).toList();
    }

    @SchemaMapping
    public int subCategoriesCount(Category category, @ContextValue Caller caller) {
        return subCategories(category, caller).size();
    }
}
