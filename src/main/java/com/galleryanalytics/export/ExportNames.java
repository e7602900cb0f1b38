package com.galleryanalytics.export;

import com.galleryanalytics.analytics.Countries;
import com.galleryanalytics.analytics.Dimension;
import com.galleryanalytics.catalog.CatalogRepository;
import com.galleryanalytics.catalog.Entry;
import com.galleryanalytics.catalog.User;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Names beside ids in exported rows, as GraphQL gives them: a country's English name, a user's
 * name (its id when the catalog has none, as {@code User.name}), an entry's name (empty when the
 * entry is not in the catalog, where GraphQL's {@code entry} is null).
 */
@Component
class ExportNames {
    /** Ids per catalog statement: an export chunk holds thousands, a statement's text stays small. */
    static final int IDS_PER_STATEMENT = 1000;

    private final CatalogRepository catalog;

    ExportNames(CatalogRepository catalog) {
        this.catalog = catalog;
    }

    boolean categoryExists(String partnerId, String categoryId) {
        return catalog.category(partnerId, categoryId).isPresent();
    }

    /** Name by id for the rows' keys of one dimension (country, user or entry; nothing for others). */
    Map<String, String> of(String partnerId, Dimension dimension, List<String> ids) {
        Map<String, String> out = new HashMap<>();
        switch (dimension) {
            case COUNTRY -> ids.forEach(id -> out.put(id, Countries.displayName(id)));
            case USER -> {
                ids.forEach(id -> out.put(id, id));
                for (int i = 0; i < ids.size(); i += IDS_PER_STATEMENT) {
                    for (User u : catalog.users(partnerId, ids.subList(i, Math.min(ids.size(), i + IDS_PER_STATEMENT)))) {
                        out.put(u.id(), u.name());
                    }
                }
            }
            case ENTRY -> {
                for (int i = 0; i < ids.size(); i += IDS_PER_STATEMENT) {
                    for (Entry e : catalog.entries(partnerId, ids.subList(i, Math.min(ids.size(), i + IDS_PER_STATEMENT)))) {
                        out.put(e.id(), e.name());
                    }
                }
            }
            default -> { }
        }
        return out;
    }
}
