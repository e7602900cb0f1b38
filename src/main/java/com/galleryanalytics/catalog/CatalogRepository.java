package com.galleryanalytics.catalog;

import com.galleryanalytics.clickhouse.ClickHouseReads;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
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
    private static final AtomicLong LAST_VERSION = new AtomicLong();

    private final DataSource dataSource;
    private final ClickHouseReads reads;

    public CatalogRepository(DataSource dataSource, ClickHouseReads reads) {
        this.dataSource = dataSource;
        this.reads = reads;
    }

    /** Strictly increasing across calls, so a later upsert of the same id always wins. */
    private static long nextVersion() {
        long now = System.currentTimeMillis() * 1000;
        return LAST_VERSION.updateAndGet(last -> Math.max(last + 1, now));
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
                ps.setLong(7, nextVersion());
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
                ps.setLong(12, nextVersion());
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
                ps.setLong(4, nextVersion());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    private static Array stringArray(Connection c, List<String> values) throws SQLException {
        return c.createArrayOf("String", values.toArray(new String[0]));
    }

    /** Every category of the partner (galleries are few; the tree is walked in memory). */
    public List<Category> categories(String partnerId) {
        List<Category> out = new ArrayList<>();
        for (Record r : reads.fetch("SELECT id, name, parent_id, toUInt32(created_at) AS created, toUInt32(updated_at) AS updated"
                + " FROM categories FINAL WHERE partner_id = ? ORDER BY id", partnerId)) {
            out.add(new Category(r.get(0, String.class), r.get(1, String.class), r.get(2, String.class),
                    Instant.ofEpochSecond(r.get(3, Long.class)), Instant.ofEpochSecond(r.get(4, Long.class))));
        }
        return out;
    }

    public Optional<Category> category(String partnerId, String id) {
        return reads.fetch("SELECT id, name, parent_id, toUInt32(created_at) AS created, toUInt32(updated_at) AS updated"
                        + " FROM categories FINAL WHERE partner_id = ? AND id = ?", partnerId, id).stream()
                .findFirst()
                .map(r -> new Category(r.get(0, String.class), r.get(1, String.class), r.get(2, String.class),
                        Instant.ofEpochSecond(r.get(3, Long.class)), Instant.ofEpochSecond(r.get(4, Long.class))));
    }

    public List<Entry> entries(String partnerId, List<String> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        List<Object> binds = new ArrayList<>();
        binds.add(partnerId);
        binds.addAll(ids);
        return reads.fetch("SELECT id, name, creator_id, duration_sec, media_type, source_type, tags, category_ids,"
                        + " toUInt32(created_at), toUInt32(updated_at) FROM entries FINAL WHERE partner_id = ? AND id IN ("
                        + String.join(",", java.util.Collections.nCopies(ids.size(), "?")) + ")", binds.toArray())
                .map(r -> new Entry(r.get(0, String.class), r.get(1, String.class), r.get(2, String.class),
                        r.get(3, Double.class), r.get(4, String.class), r.get(5, String.class), strings(r.get(6)),
                        strings(r.get(7)), Instant.ofEpochSecond(r.get(8, Long.class)),
                        Instant.ofEpochSecond(r.get(9, Long.class))));
    }

    public List<User> users(String partnerId, List<String> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        List<Object> binds = new ArrayList<>();
        binds.add(partnerId);
        binds.addAll(ids);
        return reads.fetch("SELECT id, name FROM users FINAL WHERE partner_id = ? AND id IN ("
                        + String.join(",", java.util.Collections.nCopies(ids.size(), "?")) + ")", binds.toArray())
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
