package com.galleryanalytics.clickhouse;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

/**
 * Applies {@code clickhouse/migrations/V<n>__<name>.sql} in version order, once each, recording
 * each file's SHA-256 in {@code schema_migrations}. An applied file that was edited stops the
 * start: a schema must not silently differ from what its files say.
 */
public final class Migrations {
    private static final Logger log = LoggerFactory.getLogger(Migrations.class);
    static final String LOCATION = "classpath*:clickhouse/migrations/V*__*.sql";

    private final DataSource dataSource;
    private final ClickHouseEndpoint endpoint;

    public Migrations(DataSource dataSource, ClickHouseEndpoint endpoint) {
        this.dataSource = dataSource;
        this.endpoint = endpoint;
    }

    /** One migration file ({@code file}: its name as found, e.g. {@code V001__schema.sql}). */
    public record Migration(int version, String name, String sql, String checksum, String file) {}

    public void apply() {
        List<Migration> migrations = load();
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS schema_migrations (version UInt32, name String, checksum String,"
                    + " applied_at DateTime('UTC')) ENGINE = MergeTree() ORDER BY version");
            Map<Integer, String> applied = new HashMap<>();
            try (ResultSet rs = s.executeQuery("SELECT version, checksum FROM schema_migrations")) {
                while (rs.next()) {
                    applied.put(rs.getInt(1), rs.getString(2));
                }
            }
            int ran = 0;
            for (Migration m : migrations) {
                String known = applied.get(m.version());
                if (known != null) {
                    if (!known.equals(m.checksum())) {
                        throw new ClickHouseStartupException("Migration " + m.file()
                                + " was changed after it was applied (checksum " + known + " recorded, file has "
                                + m.checksum() + ").",
                                "Restore the file as it was and put the change in a new migration with a higher version."
                                        + " (A database made by a release of this service before ClickHouse 26.7, whose"
                                        + " migrations started again from V001, cannot be migrated: start with an empty one,"
                                        + " e.g. delete the embedded server's data folder, var/clickhouse.)");
                    }
                    continue;
                }
                for (String statement : statements(m.sql())) {
                    try {
                        s.execute(statement);
                    } catch (SQLException e) {
                        throw new ClickHouseStartupException("Migration " + m.file()
                                + " failed: " + firstLine(e.getMessage()),
                                "Fix the statement in the migration file; nothing of it was recorded as applied.", e);
                    }
                }
                try (PreparedStatement insert = c.prepareStatement(
                        "INSERT INTO schema_migrations (version, name, checksum, applied_at) VALUES (?, ?, ?, now())")) {
                    insert.setInt(1, m.version());
                    insert.setString(2, m.name());
                    insert.setString(3, m.checksum());
                    insert.executeUpdate();
                }
                ran++;
                log.info("Applied migration {}", m.file());
            }
            log.info("Schema up to date ({} migrations, {} applied now)", migrations.size(), ran);
        } catch (SQLException e) {
            throw new ClickHouseStartupException("Cannot reach ClickHouse at " + endpoint.httpUrl() + " ("
                    + endpoint.origin() + "): " + firstLine(e.getMessage()),
                    "Check that the server runs and the user/password are right (gallery.clickhouse.*).", e);
        }
    }

    static List<Migration> load() {
        try {
            Resource[] resources = new PathMatchingResourcePatternResolver().getResources(LOCATION);
            List<Migration> list = new ArrayList<>();
            for (Resource r : resources) {
                String file = r.getFilename();
                if (file == null) {
                    continue;
                }
                String[] parts = file.substring(1, file.length() - 4).split("__", 2);
                try (InputStream in = r.getInputStream()) {
                    byte[] bytes = in.readAllBytes();
                    list.add(new Migration(Integer.parseInt(parts[0]), parts[1], new String(bytes, StandardCharsets.UTF_8),
                            sha256(bytes), file));
                }
            }
            list.sort(Comparator.comparingInt(Migration::version));
            for (int i = 1; i < list.size(); i++) {
                if (list.get(i).version() == list.get(i - 1).version()) {
                    throw new ClickHouseStartupException("Two migrations share version " + list.get(i).version(),
                            "Give each migration file its own version number.");
                }
            }
            return list;
        } catch (IOException e) {
            throw new ClickHouseStartupException("Cannot read migrations: " + e.getMessage(),
                    "Check the clickhouse/migrations folder.", e);
        }
    }

    /** Splits a file into statements at semicolons ending a line; whole-line comments are dropped. */
    static List<String> statements(String sql) {
        StringBuilder current = new StringBuilder();
        List<String> out = new ArrayList<>();
        for (String line : sql.split("\n")) {
            if (line.strip().startsWith("--")) {
                continue;
            }
            current.append(line).append('\n');
            if (line.strip().endsWith(";")) {
                add(out, current);
            }
        }
        add(out, current);
        return out;
    }

    private static void add(List<String> out, StringBuilder current) {
        String s = current.toString().strip();
        if (s.endsWith(";")) {
            s = s.substring(0, s.length() - 1).strip();
        }
        if (!s.isEmpty()) {
            out.add(s);
        }
        current.setLength(0);
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String firstLine(String message) {
        return message == null ? "" : Arrays.stream(message.split("\n")).findFirst().orElse("");
    }
}
