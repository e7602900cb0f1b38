package com.galleryanalytics.catalog;

import com.galleryanalytics.clickhouse.ClickHouseReads;
import com.galleryanalytics.clickhouse.RowVersions;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;
import org.jooq.Record;
import org.springframework.stereotype.Repository;

/**
 * Categories, entries and users of a partner. Tables are ReplacingMergeTree by a version that
 * grows with every write, so the latest upsert wins; reads use FINAL.
 */
@Repository
public class CatalogRepository {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);

    private final DataSource dataSource;
    private final ClickHouseReads reads;

    public CatalogRepository(DataSource dataSource, ClickHouseReads reads) {
        this.dataSource = dataSource;
        this.reads = reads;
    }

    public void upsertCategories(String partnerId, List<Category> categories) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "INSERT INTO categories (partner_id, id, name, parent_id, created_at, updated_at, version) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            for (Category cat : categories) {
                ps.setString(1, partnerId);
                ps.setString(2, cat.id());
                ps.setString(3, cat.name());
                ps.setString(4, cat.parentId());
                ps.setString(5, TIME.format(cat.createdAt()));
                ps.setString(6, TIME.format(cat.updatedAt()));
                ps.setLong(7, RowVersions.next());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    public void upsertEntries(String partnerId, List<Entry> entries) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "INSERT INTO entries (partner_id, id, name, creator_id, duration_sec, media_type, source_type, tags,"
                        + " category_ids, created_at, updated_at, version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            for (Entry e : entries) {
                ps.setString(1, partnerId);
                ps.setString(2, e.id());
                ps.setString(3, e.name());
                ps.setString(4, e.creatorId());
                ps.setDouble(5, e.durationSec());
                ps.setString(6, e.mediaType());
                ps.setString(7, e.sourceType());
                ps.setArray(8, stringArray(c, e.tags()));
                ps.setArray(9, stringArray(c, e.categoryIds()));
                ps.setString(10, TIME.format(e.createdAt()));
                ps.setString(11, TIME.format(e.updatedAt()));
                ps.setLong(12, RowVersions.next());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    public void upsertUsers(String partnerId, List<User> users) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("INSERT INTO users (partner_id, id, name, version) VALUES (?, ?, ?, ?)")) {
            for (User u : users) {
                ps.setString(1, partnerId);
                ps.setString(2, u.id());
                ps.setString(3, u.name());
                ps.setLong(4, RowVersions.next());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    private static Array stringArray(Connection c, List<String> values) throws SQLException {
        return c.createArrayOf("String", values.toArray(new String[0]));
    }

    private static final String CATEGORY_COLUMNS =
            "id, name, parent_id, toUInt32(created_at) AS created, toUInt32(updated_at) AS updated";

    /** Every category of the partner (galleries are few; the tree is walked in memory). */
    public List<Category> categories(String partnerId) {
        return reads.fetch("SELECT " + CATEGORY_COLUMNS + " FROM categories FINAL WHERE partner_id = ? ORDER BY id", partnerId)
                .map(CatalogRepository::category);
    }

    public Optional<Category> category(String partnerId, String id) {
        return reads.fetch("SELECT " + CATEGORY_COLUMNS + " FROM categories FINAL WHERE partner_id = ? AND id = ?",
                partnerId, id).stream().findFirst().map(CatalogRepository::category);
    }

    /** The categories with these ids (unknown ids are missing from the answer). */
    public List<Category> categories(String partnerId, Collection<String> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        return reads.fetch("SELECT " + CATEGORY_COLUMNS + " FROM categories FINAL WHERE partner_id = ? AND id IN "
                + placeholders(ids.size()), binds(partnerId, ids)).map(CatalogRepository::category);
    }

    /** How many direct sub-categories each of these categories has (absent: none). */
    public Map<String, Long> subCategoryCounts(String partnerId, Collection<String> ids) {
        Map<String, Long> out = new HashMap<>();
        if (ids.isEmpty()) {
            return out;
        }
        for (Record r : reads.fetch("SELECT parent_id, count() FROM categories FINAL WHERE partner_id = ? AND parent_id IN "
                + placeholders(ids.size()) + " GROUP BY parent_id", binds(partnerId, ids))) {
            out.put(r.get(0, String.class), r.get(1, Long.class));
        }
        return out;
    }

    /** One page of a category search, and how many categories match in all. */
    public record CategoryPage(List<Category> categories, long totalCount) {}

    /**
     * The partner's categories whose name contains {@code search} (case-insensitive, any
     * position; every category when it is empty), ordered by name then id so pages are stable.
     */
    public CategoryPage searchCategories(String partnerId, String search, long offset, int limit) {
        String where = " FROM categories FINAL WHERE partner_id = ?" + (search.isEmpty() ? "" : " AND positionCaseInsensitiveUTF8(name, ?) > 0");
        Object[] binds = search.isEmpty() ? new Object[] {partnerId} : new Object[] {partnerId, search};
        List<Object> pageBinds = new ArrayList<>(Arrays.asList(binds));
        pageBinds.add(limit);
        pageBinds.add(offset);
        List<Category> page = new ArrayList<>();
        long total = -1;
        // the count comes with the page (a window over the matches before the page is cut)
        for (Record r : reads.fetch("SELECT " + CATEGORY_COLUMNS + ", count() OVER () AS total" + where
                + " ORDER BY name, id LIMIT ? OFFSET ?", pageBinds.toArray())) {
            page.add(category(r));
            total = r.get("total", Long.class);
        }
        if (total < 0) {
            total = reads.fetch("SELECT count()" + where, binds).get(0).get(0, Long.class);
        }
        return new CategoryPage(page, total);
    }

    private static Category category(Record r) {
        return new Category(r.get(0, String.class), r.get(1, String.class), r.get(2, String.class),
                Instant.ofEpochSecond(r.get(3, Long.class)), Instant.ofEpochSecond(r.get(4, Long.class)));
    }

    private static String placeholders(int n) {
        return "(" + String.join(",", java.util.Collections.nCopies(n, "?")) + ")";
    }

    private static Object[] binds(String partnerId, Collection<String> values) {
        List<Object> binds = new ArrayList<>(values.size() + 1);
        binds.add(partnerId);
        binds.addAll(values);
        return binds.toArray();
    }

    public List<Entry> entries(String partnerId, List<String> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        return reads.fetch("SELECT id, name, creator_id, duration_sec, media_type, source_type, tags, category_ids,"
                        + " toUInt32(created_at), toUInt32(updated_at) FROM entries FINAL WHERE partner_id = ? AND id IN "
                        + placeholders(ids.size()), binds(partnerId, ids))
                .map(r -> new Entry(r.get(0, String.class), r.get(1, String.class), r.get(2, String.class),
                        r.get(3, Double.class), r.get(4, String.class), r.get(5, String.class), strings(r.get(6)),
                        strings(r.get(7)), Instant.ofEpochSecond(r.get(8, Long.class)),
                        Instant.ofEpochSecond(r.get(9, Long.class))));
    }

    public List<User> users(String partnerId, List<String> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        return reads.fetch("SELECT id, name FROM users FINAL WHERE partner_id = ? AND id IN " + placeholders(ids.size()),
                        binds(partnerId, ids))
                .map(r -> new User(r.get(0, String.class), r.get(1, String.class)));
    }

    private static List<String> strings(Object value) {
        try {
            if (value instanceof Array a) {
                Object arr = a.getArray();
                if (arr instanceof Object[] objects) {
                    return Arrays.stream(objects).map(String::valueOf).toList();
                }
            }
            if (value instanceof Object[] objects) {
                return Arrays.stream(objects).map(String::valueOf).toList();
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return List.of();
    }
}
