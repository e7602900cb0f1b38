package com.galleryanalytics.security;

import com.galleryanalytics.clickhouse.ClickHouseConfiguration.EmbeddedServer;
import com.galleryanalytics.clickhouse.ClickHouseEndpoint;
import com.galleryanalytics.clickhouse.RowVersions;
import com.galleryanalytics.clickhouse.embedded.EmbeddedClickHouse;
import jakarta.annotation.PostConstruct;
import java.io.IOException;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import com.zaxxer.hikari.HikariDataSource;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Repository;

/**
 * The partners' BI users: ClickHouse users that BI tools log in as, each reading its partner's
 * rows only (a row filter {@code partner_id = '<partner>'} on every table and view it may read),
 * read-only, bounded per statement and per hour; never {@code api_keys}, {@code bi_users} or the
 * migration log. Their list and password hashes are kept in {@code bi_users}; the password itself
 * is shown once, when the user is created.
 * <p>
 * On the embedded server (clickhouse-local, whose users come from users.xml only) they are written
 * into users.xml with their grants and row filters, and the server is restarted to take them. On
 * a configured server they are SQL users with a role and a row policy on the database (the writer
 * user needs {@code access_management}); a table with row policies shows no row to a user none of
 * them names, so the service's own users get one that reads every row.
 */
@Repository
public class BiUsers {
    private static final Logger log = LoggerFactory.getLogger(BiUsers.class);
    static final String ROLE = "gallery_bi";
    static final String SERVICE_POLICY = "gallery_service_reads_all";
    static final String QUOTA = "gallery_bi_quota";
    /** What BI users may read: the documented views, and the tables under them. */
    static final List<String> READABLE = List.of("events", "plays", "categories", "entries", "users",
            "rollup_entry", "rollup_entry_coarse", "rollup_user", "rollup_user_coarse", "rollup_geo", "rollup_geo_coarse",
            "rollup_device", "rollup_device_coarse", "rollup_domain", "rollup_domain_coarse", "bi_plays",
            "bi_category_daily", "bi_category_monthly", "bi_entry_daily", "bi_entry_monthly", "bi_country_daily",
            "bi_country_monthly", "bi_device_daily", "bi_device_monthly", "bi_domain_daily", "bi_domain_monthly");
    /** Per statement, on a configured server (the embedded server's profile {@code bi} says the same). */
    static final int MAX_EXECUTION_SECONDS = 60;
    static final long MAX_MEMORY_BYTES = 2_000_000_000L;
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);

    /** A BI user as listed (never its password). */
    public record BiUser(String user, String name, Instant createdAt, boolean revoked) {}

    /** A BI user just created: the only time its password is shown. */
    public record CreatedBiUser(String user, String password, String partnerId, String name, String database) {}

    private record Stored(String partnerId, String user, String name, String passwordSha256, Instant createdAt, boolean revoked) {}

    private final DataSource dataSource;
    private final DataSource analyticsDataSource;
    private final ClickHouseEndpoint endpoint;
    private final Optional<EmbeddedClickHouse> embedded;
    private volatile String unavailable;

    public BiUsers(DataSource dataSource, @Qualifier("analyticsDataSource") DataSource analyticsDataSource,
            ClickHouseEndpoint endpoint, EmbeddedServer embedded) {
        this.dataSource = dataSource;
        this.analyticsDataSource = analyticsDataSource;
        this.endpoint = endpoint;
        this.embedded = embedded.server();
    }

    /**
     * On a configured server: the role, its grants, the service's row policy and the quota
     * (idempotent, at every start). A server whose writer may not manage access runs without BI
     * users; the admin endpoints say why.
     */
    @PostConstruct
    public void prepare() {
        if (embedded.isPresent()) {
            return; // the profile and quota are in users.xml
        }
        String db = quoted(endpoint.database());
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE ROLE IF NOT EXISTS " + ROLE);
            for (String table : READABLE) {
                s.execute("GRANT SELECT ON " + db + "." + quoted(table) + " TO " + ROLE);
            }
            s.execute("CREATE ROW POLICY IF NOT EXISTS " + SERVICE_POLICY + " ON " + db + ".* USING 1 TO ALL EXCEPT " + ROLE);
            s.execute("CREATE QUOTA IF NOT EXISTS " + QUOTA + " FOR INTERVAL 1 hour MAX queries = 3600, execution_time = 1800"
                    + " TO " + ROLE);
        } catch (SQLException e) {
            unavailable = "BI users are not available on this ClickHouse: it refused to set up their role ("
                    + firstLine(e.getMessage()) + "). Give the service's writer user access_management = 1.";
            log.warn(unavailable);
        }
    }

    /** Why BI users cannot be managed, or empty when they can. */
    public Optional<String> unavailable() {
        return Optional.ofNullable(unavailable);
    }

    public synchronized CreatedBiUser create(String partnerId, String name) throws SQLException, IOException {
        byte[] id = new byte[6];
        byte[] secret = new byte[24];
        RANDOM.nextBytes(id);
        RANDOM.nextBytes(secret);
        String user = "bi_" + HexFormat.of().formatHex(id);
        String password = Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        Stored stored = new Stored(partnerId, user, name, ApiKeys.hash(password), Instant.now(), false);
        write(stored);
        if (embedded.isPresent()) {
            restartWith(usersXml());
        } else {
            createSqlUser(user, password, partnerId);
        }
        return new CreatedBiUser(user, password, partnerId, name, endpoint.database());
    }

    /** Drops a BI user of the partner; false when the partner has no such (unrevoked) user. */
    public synchronized boolean revoke(String partnerId, String user) throws SQLException, IOException {
        Optional<Stored> found = stored().stream()
                .filter(u -> u.partnerId().equals(partnerId) && u.user().equals(user) && !u.revoked()).findFirst();
        if (found.isEmpty()) {
            return false;
        }
        Stored s = found.get();
        write(new Stored(s.partnerId(), s.user(), s.name(), s.passwordSha256(), s.createdAt(), true));
        if (embedded.isPresent()) {
            restartWith(usersXml());
        } else {
            try (Connection c = dataSource.getConnection(); Statement st = c.createStatement()) {
                st.execute("DROP USER IF EXISTS " + quoted(user));
                st.execute("DROP ROW POLICY IF EXISTS " + quoted(policy(user)) + " ON " + quoted(endpoint.database()) + ".*");
            }
        }
        return true;
    }

    public List<BiUser> list(String partnerId) throws SQLException {
        List<BiUser> out = new ArrayList<>();
        for (Stored s : stored()) {
            if (s.partnerId().equals(partnerId)) {
                out.add(new BiUser(s.user(), s.name(), s.createdAt(), s.revoked()));
            }
        }
        return out;
    }

    /**
     * Until its row policy exists, the user reads nothing: without the role it may not read, and
     * with it the service's policy (to all but the role) does not apply to it.
     */
    private void createSqlUser(String user, String password, String partnerId) throws SQLException {
        String db = quoted(endpoint.database());
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE USER " + quoted(user) + " IDENTIFIED WITH sha256_password BY " + literal(password)
                    + " SETTINGS readonly = 2, max_execution_time = " + MAX_EXECUTION_SECONDS + " MAX " + MAX_EXECUTION_SECONDS
                    + ", max_memory_usage = " + MAX_MEMORY_BYTES + " MAX " + MAX_MEMORY_BYTES);
            s.execute("GRANT " + ROLE + " TO " + quoted(user));
            s.execute("CREATE ROW POLICY " + quoted(policy(user)) + " ON " + db + ".* USING partner_id = " + literal(partnerId)
                    + " TO " + quoted(user));
        }
    }

    /**
     * Restarts the embedded server with these BI users; the pools' connections held sockets to the
     * old process, so they are replaced rather than failing once each.
     */
    private void restartWith(String usersXml) throws IOException {
        embedded.orElseThrow().replaceBiUsers(usersXml);
        for (DataSource pool : List.of(dataSource, analyticsDataSource)) {
            if (pool instanceof HikariDataSource hikari && hikari.getHikariPoolMXBean() != null) {
                hikari.getHikariPoolMXBean().softEvictConnections();
            }
        }
    }

    /** The embedded server's BI users, as {@code <user>} elements of users.xml. */
    private String usersXml() throws SQLException {
        String db = endpoint.database();
        StringBuilder xml = new StringBuilder();
        for (Stored s : stored()) {
            if (s.revoked()) {
                continue;
            }
            xml.append("        <").append(s.user()).append(">\n")
                    .append("            <password_sha256_hex>").append(s.passwordSha256()).append("</password_sha256_hex>\n")
                    .append("            <networks><ip>127.0.0.1</ip><ip>::1</ip></networks>\n")
                    .append("            <profile>bi</profile>\n            <quota>bi</quota>\n            <grants>\n");
            for (String table : READABLE) {
                xml.append("                <query>").append(xmlText("GRANT SELECT ON " + quoted(db) + "." + quoted(table)))
                        .append("</query>\n");
            }
            xml.append("            </grants>\n            <databases>\n                <").append(db).append(">\n");
            String filter = xmlText("partner_id = " + literal(s.partnerId()));
            for (String table : READABLE) {
                xml.append("                    <").append(table).append("><filter>").append(filter).append("</filter></")
                        .append(table).append(">\n");
            }
            xml.append("                </").append(db).append(">\n            </databases>\n        </").append(s.user())
                    .append(">\n");
        }
        return xml.toString();
    }

    private List<Stored> stored() throws SQLException {
        List<Stored> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT partner_id, user_name, name, password_sha256, toUInt32(created_at), revoked FROM bi_users FINAL"
                        + " ORDER BY created_at, user_name");
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(new Stored(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        Instant.ofEpochSecond(rs.getLong(5)), rs.getInt(6) == 1));
            }
        }
        return out;
    }

    private void write(Stored s) throws SQLException {
        long version = RowVersions.next();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "INSERT INTO bi_users (partner_id, user_name, name, password_sha256, created_at, revoked, version)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, s.partnerId());
            ps.setString(2, s.user());
            ps.setString(3, s.name() == null ? "" : s.name());
            ps.setString(4, s.passwordSha256());
            ps.setString(5, TIME.format(s.createdAt()));
            ps.setInt(6, s.revoked() ? 1 : 0);
            ps.setLong(7, version);
            ps.executeUpdate();
        }
    }

    private static String policy(String user) {
        return "policy_" + user;
    }

    /** A ClickHouse identifier, back-quoted. */
    static String quoted(String identifier) {
        return "`" + identifier.replace("\\", "\\\\").replace("`", "\\`") + "`";
    }

    /** A ClickHouse string literal. */
    static String literal(String value) {
        return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }

    private static String xmlText(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
