package com.galleryanalytics.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.galleryanalytics.support.IntegrationTest;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Schema migrations: how files are split into statements, that each applied file is recorded
 * once with its SHA-256, that applying again changes nothing, and that an applied file that was
 * edited stops the start naming the file. Uses no partner data (nominally partner it-6).
 */
class MigrationsTest extends IntegrationTest {
    static final Path MIGRATIONS = Path.of("clickhouse", "migrations");

    @Autowired
    DataSource dataSource;

    @Autowired
    ClickHouseEndpoint endpoint;

    // ---- splitting (no database) --------------------------------------------------------------

    @Test
    void statementsAreSplitAtSemicolonsEndingALineAndCommentLinesAreDropped() {
        String sql = """
                -- a header comment
                CREATE TABLE a (x UInt8);

                  -- an indented comment; with a semicolon
                CREATE TABLE b (
                    y String
                );
                INSERT INTO a VALUES (1)
                """;
        assertThat(Migrations.statements(sql)).containsExactly(
                "CREATE TABLE a (x UInt8)",
                "CREATE TABLE b (\n    y String\n)",
                "INSERT INTO a VALUES (1)");
    }

    @Test
    void aSemicolonInsideALineDoesNotSplit() {
        assertThat(Migrations.statements("SELECT 'a;b' AS x,\n  1;\n")).containsExactly("SELECT 'a;b' AS x,\n  1");
    }

    @Test
    void windowsLineEndingsAndTrailingBlanksAfterTheSemicolon() {
        assertThat(Migrations.statements("CREATE TABLE a (x UInt8);\r\nCREATE TABLE b (y UInt8);   \r\n"))
                .containsExactly("CREATE TABLE a (x UInt8)", "CREATE TABLE b (y UInt8)");
    }

    @Test
    void onlyCommentsAndBlankLinesAreNoStatements() {
        assertThat(Migrations.statements("-- nothing here\n\n   \n-- at all;\n")).isEmpty();
        assertThat(Migrations.statements("")).isEmpty();
    }

    @Test
    void theSchemaFileSplitsIntoItsTwentyEightCreateStatements() throws IOException {
        // V001: events, event_ids (+ mv), 5 rollup families of a 15-minute table, a day/month table and
        // their 2 views, plays (+ mv), categories, entries, users
        // = 1 + 2 + 20 + 2 + 3 = 28 statements, each a CREATE, none with a comment line left.
        List<String> statements = Migrations.statements(Files.readString(MIGRATIONS.resolve("V001__schema.sql")));
        assertThat(statements).hasSize(28);
        assertThat(statements).allSatisfy(s -> {
            assertThat(s).startsWith("CREATE ");
            assertThat(s).doesNotEndWith(";");
            assertThat(s.lines()).noneMatch(line -> line.strip().startsWith("--"));
        });
    }

    // ---- the service's own database -----------------------------------------------------------

    record Applied(long version, String name, String checksum) {}

    private static List<Applied> applied(DataSource ds) throws SQLException {
        List<Applied> rows = new ArrayList<>();
        try (Connection c = ds.getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT version, name, checksum FROM schema_migrations ORDER BY version")) {
            while (rs.next()) {
                rows.add(new Applied(rs.getLong(1), rs.getString(2), rs.getString(3)));
            }
        }
        return rows;
    }

    private static long count(DataSource ds, String sql) throws SQLException {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** What the migration files say: one expected row each, the checksum computed here. */
    private static List<Applied> expectedFromFiles() throws Exception {
        List<Applied> expected = new ArrayList<>();
        try (Stream<Path> files = Files.list(MIGRATIONS)) {
            for (Path f : files.sorted().toList()) {
                String file = f.getFileName().toString(); // V001__schema.sql
                String[] parts = file.substring(1, file.length() - ".sql".length()).split("__", 2);
                String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(f)));
                expected.add(new Applied(Long.parseLong(parts[0]), parts[1], sha));
            }
        }
        return expected;
    }

    @Test
    void everyMigrationFileIsRecordedOnceWithItsSha256() throws Exception {
        List<Applied> expected = expectedFromFiles();
        assertThat(expected).isNotEmpty().first().isEqualTo(new Applied(1, "schema", expected.get(0).checksum()));
        assertThat(applied(dataSource)).containsExactlyElementsOf(expected);
    }

    @Test
    void applyingAgainIsANoOp() throws Exception {
        String tables = "SELECT count() FROM system.tables WHERE database = '" + endpoint.database() + "'";
        List<Applied> before = applied(dataSource);
        long tablesBefore = count(dataSource, tables);

        new Migrations(dataSource, endpoint).apply();

        assertThat(applied(dataSource)).isEqualTo(before).hasSize(expectedFromFiles().size());
        assertThat(count(dataSource, tables)).isEqualTo(tablesBefore);
    }

    // ---- a throwaway database -----------------------------------------------------------------

    private interface DatabaseTest {
        void run(HikariDataSource ds, ClickHouseEndpoint ep) throws Exception;
    }

    private void withThrowawayDatabase(DatabaseTest test) throws Exception {
        String name = "mig_test_" + UUID.randomUUID().toString().replace("-", "");
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        }
        ClickHouseEndpoint ep = new ClickHouseEndpoint(endpoint.host(), endpoint.httpPort(), name, endpoint.writer(),
                endpoint.reader(), "throwaway database of MigrationsTest");
        HikariConfig config = new HikariConfig();
        config.setPoolName("migrations-test");
        config.setDriverClassName("com.clickhouse.jdbc.Driver");
        config.setJdbcUrl(ep.jdbcUrl());
        config.setUsername(ep.writer().user());
        config.setPassword(ep.writer().password());
        config.setMaximumPoolSize(2);
        config.setMinimumIdle(0);
        try (HikariDataSource ds = new HikariDataSource(config)) {
            test.run(ds, ep);
        } finally {
            try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
                s.execute("DROP DATABASE IF EXISTS " + name);
            }
        }
    }

    @Test
    void anEmptyDatabaseGetsTheWholeSchemaOnceEvenWhenAppliedTwice() throws Exception {
        withThrowawayDatabase((ds, ep) -> {
            new Migrations(ds, ep).apply();
            List<Applied> expected = expectedFromFiles();
            assertThat(applied(ds)).containsExactlyElementsOf(expected);
            String tables = "SELECT count() FROM system.tables WHERE database = '" + ep.database() + "'";
            // schema_migrations + the 28 objects of V001 (tables and materialized views) + api_keys of V002,
            // V003 replacing event_ids and its view by event_ids_by_day and its view, V004's bi_users and
            // its 11 BI views
            assertThat(count(ds, tables)).isEqualTo(42);

            new Migrations(ds, ep).apply();
            assertThat(applied(ds)).containsExactlyElementsOf(expected);
            assertThat(count(ds, tables)).isEqualTo(42);
        });
    }

    @Test
    void anEditedAppliedMigrationStopsTheStartNamingTheFile() throws Exception {
        withThrowawayDatabase((ds, ep) -> {
            // Version 1 is recorded as applied, but with another checksum than the file has now.
            String recorded = "0".repeat(64);
            try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
                s.execute("CREATE TABLE schema_migrations (version UInt32, name String, checksum String,"
                        + " applied_at DateTime('UTC')) ENGINE = MergeTree() ORDER BY version");
                s.execute("INSERT INTO schema_migrations (version, name, checksum, applied_at)"
                        + " VALUES (1, 'schema', '" + recorded + "', now())");
            }
            String fileChecksum = expectedFromFiles().get(0).checksum();

            assertThatThrownBy(() -> new Migrations(ds, ep).apply())
                    .isInstanceOf(ClickHouseStartupException.class)
                    .hasMessageContaining("V001__schema.sql")
                    .hasMessageContaining("changed")
                    .hasMessageContaining(recorded)
                    .hasMessageContaining(fileChecksum)
                    .satisfies(e -> assertThat(((ClickHouseStartupException) e).action()).contains("new migration"));

            // Nothing of the schema was created, and the record was left as it was.
            assertThat(count(ds, "SELECT count() FROM system.tables WHERE database = '" + ep.database() + "'"))
                    .isEqualTo(1);
            assertThat(applied(ds)).containsExactly(new Applied(1, "schema", recorded));
        });
    }
}
