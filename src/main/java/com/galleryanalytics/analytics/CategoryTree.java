package com.galleryanalytics.analytics;

import com.galleryanalytics.catalog.Category;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** A partner's categories as a tree, read once and walked in memory (galleries are few). */
public final class CategoryTree {
    private final Map<String, List<Category>> children = new HashMap<>();

    public CategoryTree(List<Category> categories) {
        for (Category c : categories) {
            children.computeIfAbsent(c.parentId(), k -> new ArrayList<>()).add(c);
        }
    }

    /** The direct sub-categories. */
    public List<Category> children(String categoryId) {
        return children.getOrDefault(categoryId, List.of());
    }

    /** The category and all its descendants. */
    public List<String> subtree(String categoryId) {
        Set<String> out = new LinkedHashSet<>();
        Deque<String> queue = new ArrayDeque<>();
        queue.add(categoryId);
        while (!queue.isEmpty()) {
            String id = queue.poll();
            if (out.add(id)) {
                children(id).forEach(c -> queue.add(c.id()));
            }
        }
        return List.copyOf(out);
    }
}
