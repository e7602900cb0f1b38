package com.galleryanalytics.catalog;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Finds the categories of an upsert whose parent chain, with the upsert applied over the stored
 * tree, leads back to themselves. Such a category would be its own ancestor: the tree walk would
 * list it among its own sub-categories and no top-level category would cover it.
 */
final class CategoryCycles {
    private CategoryCycles() {}

    /** The chain from a category back to itself (first and last element the same id). */
    record Cycle(List<String> path) {
        String message() {
            String id = path.get(0);
            return path.size() == 2
                    ? "parentId '" + id + "' is the category itself: a category cannot be its own parent."
                    : "parentId would make category '" + id + "' its own ancestor (" + String.join(" → ", path)
                            + "): a category's parent chain must end at a top-level category.";
        }
    }

    /**
     * @param stored parent id by category id of the stored tree (empty parent id: top level)
     * @param upsert the categories being written, applied in order over the stored tree
     * @return the cycle of each category of {@code upsert} that would close one, by its id
     */
    static Map<String, Cycle> find(Map<String, String> stored, List<Category> upsert) {
        Map<String, String> parents = new HashMap<>(stored);
        for (Category c : upsert) {
            parents.put(c.id(), c.parentId());
        }
        Map<String, Cycle> out = new HashMap<>();
        for (Category c : upsert) {
            List<String> path = new ArrayList<>(List.of(c.id()));
            Set<String> seen = new HashSet<>(path);
            String parent = c.parentId();
            // ends at a top-level category, at a parent not (yet) known, or in a cycle c is not on
            while (parent != null && !parent.isEmpty()) {
                path.add(parent);
                if (parent.equals(c.id())) {
                    out.put(c.id(), new Cycle(List.copyOf(path)));
                    break;
                }
                if (!seen.add(parent)) {
                    break;
                }
                parent = parents.get(parent);
            }
        }
        return out;
    }
}
