package com.galleryanalytics.security;

import com.galleryanalytics.clickhouse.RowVersions;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Service;

/**
 * The API keys: those of the configuration (bootstrap and demo keys) and those created through
 * the admin endpoints, stored in ClickHouse as SHA-256 hashes only. Lookups hash the presented
 * key and read an in-memory map; this instance applies its own creations and revocations at once
 * and reloads the table every few seconds for other instances'.
 */
@Service
public class ApiKeys implements DisposableBean {
    private static final Logger log = LoggerFactory.getLogger(ApiKeys.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    /** A key as listed (never the key itself). */
    public record KeyInfo(String keyId, String partnerId, Role role, String name, Instant createdAt, boolean revoked,
            boolean configured) {}

    /** A key just created: the only time the key itself is shown. */
    public record CreatedKey(String keyId, String key, String partnerId, Role role, String name) {}

    private final DataSource dataSource;
    private final Map<String, Caller> configured = new HashMap<>();
    private final List<KeyInfo> configuredInfo = new ArrayList<>();
    private volatile Map<String, Caller> stored = Map.of();
    /** Hashes of revoked keys, so a caller of one is told it was revoked rather than unknown. */
    private volatile java.util.Set<String> revoked = java.util.Set.of();
    /** Creations and revocations applied here; a reload that overlaps one is dropped (guarded by this). */
    private long localChanges;
    private final ScheduledExecutorService refresher = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "api-key-refresh");
        t.setDaemon(true);
        return t;
    });

    public ApiKeys(ApiKeyProperties properties, DataSource dataSource) {
        this.dataSource = dataSource;
        int i = 0;
        for (ApiKeyProperties.Key k : properties.keys()) {
            if (k.key() == null || k.key().isBlank() || k.partner() == null || k.partner().isBlank() || k.role() == null) {
                throw new IllegalStateException("gallery.keys[" + i + "] needs key, partner and role");
            }
            String id = "config-" + i++;
            configured.put(hash(k.key()), new Caller(k.partner(), k.role()));
            configuredInfo.add(new KeyInfo(id, k.partner(), k.role(), "from configuration", null, false, true));
        }
        reload();
        refresher.scheduleWithFixedDelay(this::reload, 5, 5, TimeUnit.SECONDS);
    }

    /** The caller a presented key stands for, if it is a valid, unrevoked key. */
    public Optional<Caller> find(String presentedKey) {
        String h = hash(presentedKey);
        Caller c = configured.get(h);
        return Optional.ofNullable(c != null ? c : stored.get(h));
    }

    /** Whether a presented key is one that was created here and then revoked. */
    public boolean isRevoked(String presentedKey) {
        return revoked.contains(hash(presentedKey));
    }

    public CreatedKey create(String partnerId, Role role, String name) throws SQLException {
        byte[] idBytes = new byte[6];
        byte[] secret = new byte[32];
        RANDOM.nextBytes(idBytes);
        RANDOM.nextBytes(secret);
        String keyId = HexFormat.of().formatHex(idBytes);
        String key = "ga_" + keyId + "_" + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        write(keyId, partnerId, role, hash(key), name, Instant.now(), false);
        synchronized (this) {
            Map<String, Caller> copy = new HashMap<>(stored);
            copy.put(hash(key), new Caller(partnerId, role));
            stored = copy;
            localChanges++;
        }
        return new CreatedKey(keyId, key, partnerId, role, name);
    }

    /** Revokes a stored key of the partner; false when the partner has no such key. */
    public boolean revoke(String partnerId, String keyId) throws SQLException {
        Optional<Row> row = rows().stream().filter(r -> r.info.keyId().equals(keyId) && r.info.partnerId().equals(partnerId))
                .findFirst();
        if (row.isEmpty()) {
            return false;
        }
        KeyInfo k = row.get().info;
        write(k.keyId(), k.partnerId(), k.role(), row.get().hash, k.name(), k.createdAt(), true);
        synchronized (this) {
            Map<String, Caller> copy = new HashMap<>(stored);
            copy.remove(row.get().hash);
            stored = copy;
            java.util.Set<String> revokedCopy = new java.util.HashSet<>(revoked);
            revokedCopy.add(row.get().hash);
            revoked = revokedCopy;
            localChanges++;
        }
        return true;
    }

    /** The partner's keys, configured and stored, revoked ones included. */
    public List<KeyInfo> list(String partnerId) throws SQLException {
        List<KeyInfo> out = new ArrayList<>();
        for (KeyInfo k : configuredInfo) {
            if (k.partnerId().equals(partnerId)) {
                out.add(k);
            }
        }
        for (Row r : rows()) {
            if (r.info.partnerId().equals(partnerId)) {
                out.add(r.info);
            }
        }
        return out;
    }

    /** Whether the key id names a key of the configuration (those are changed in configuration only). */
    public boolean isConfigured(String keyId) {
        return configuredInfo.stream().anyMatch(k -> k.keyId().equals(keyId));
    }

    private record Row(KeyInfo info, String hash) {}

    private List<Row> rows() throws SQLException {
        List<Row> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT key_id, partner_id, role, key_hash, name, toUInt32(created_at), revoked FROM api_keys FINAL ORDER BY key_id");
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(new Row(new KeyInfo(rs.getString(1), rs.getString(2), Role.valueOf(rs.getString(3)), rs.getString(5),
                        Instant.ofEpochSecond(rs.getLong(6)), rs.getInt(7) == 1, false), rs.getString(4)));
            }
        }
        return out;
    }

    private void reload() {
        try {
            long changesBefore;
            synchronized (this) {
                changesBefore = localChanges;
            }
            Map<String, Caller> fresh = new HashMap<>();
            java.util.Set<String> freshRevoked = new java.util.HashSet<>();
            for (Row r : rows()) {
                if (r.info.revoked()) {
                    freshRevoked.add(r.hash);
                } else {
                    fresh.put(r.hash, new Caller(r.info.partnerId(), r.info.role()));
                }
            }
            synchronized (this) {
                // rows read before a creation or revocation of this instance would undo it: keep
                // the newer state; the next reload reads the table with that change in it
                if (localChanges == changesBefore) {
                    stored = fresh;
                    revoked = freshRevoked;
                }
            }
        } catch (SQLException e) {
            log.debug("API keys not reloaded: {}", e.getMessage());
        }
    }

    private void write(String keyId, String partnerId, Role role, String hash, String name, Instant createdAt, boolean revoked)
            throws SQLException {
        long version = RowVersions.next();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "INSERT INTO api_keys (key_id, partner_id, role, key_hash, name, created_at, revoked, version)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, keyId);
            ps.setString(2, partnerId);
            ps.setString(3, role.name());
            ps.setString(4, hash);
            ps.setString(5, name == null ? "" : name);
            ps.setString(6, java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
                    .withZone(java.time.ZoneOffset.UTC).format(createdAt));
            ps.setInt(7, revoked ? 1 : 0);
            ps.setLong(8, version);
            ps.executeUpdate();
        }
    }

    static String hash(String key) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void destroy() {
        refresher.shutdownNow();
    }
}
