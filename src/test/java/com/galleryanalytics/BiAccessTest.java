package com.galleryanalytics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * BI access that keeps tenants apart: a partner's BI user, created through the admin API, reads
 * only its partner's rows through every table and view it may read, cannot read the keys or
 * write, and is refused once revoked; the service itself still reads everything. Partners it-27
 * (A) and it-28 (B).
 *
 * <pre>
 * A: category bi-ca "A gallery", entry bi-ea (120 s) in it; on 2024-05-06 (UTC) user ua: an
 *    IMPRESSION, a PLAY, PLAY_REACHED_25 at 60 s, all from FR.
 * B: category bi-cb, entry bi-eb (60 s); two plays by bsecret-user from JP, same day.
 * </pre>
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BiAccessTest extends AnalyticsIntegrationTest {
    static final String DAY = "2024-05-06";

    @BeforeAll
    void seed() {
        String t = "2024-01-01T00:00:00Z";
        upsert("categories", "it-ingest-27", List.of(category("bi-ca", "A gallery", null, t, t)));
        upsert("entries", "it-ingest-27", List.of(entry("bi-ea", "ann", 120, "bi-ca")));
        List<Map<String, Object>> a = new ArrayList<>();
        a.add(from("FR", event("IMPRESSION", DAY + "T10:00:00Z", "bi-ea", "a-1", "ua", null)));
        a.add(from("FR", event("PLAY", DAY + "T10:00:01Z", "bi-ea", "a-1", "ua", 0.0)));
        a.add(from("FR", event("PLAY_REACHED_25", DAY + "T10:00:31Z", "bi-ea", "a-1", "ua", 60.0)));
        ingest("it-ingest-27", a);
        upsert("categories", "it-ingest-28", List.of(category("bi-cb", "bsecret gallery", null, t, t)));
        upsert("entries", "it-ingest-28", List.of(entry("bi-eb", "bsecret-owner", 60, "bi-cb")));
        ingest("it-ingest-28", List.of(from("JP", event("PLAY", DAY + "T11:00:00Z", "bi-eb", "b-1", "bsecret-user", 0.0)),
                from("JP", event("PLAY", DAY + "T11:05:00Z", "bi-eb", "b-2", "bsecret-user", 0.0))));
    }

    private static Map<String, Object> from(String country, Map<String, Object> event) {
        event.put("country", country);
        return event;
    }

    private JsonNode createBiUser(String adminKey) {
        return postExpecting(201, "/v1/admin/bi-users", adminKey, Map.of("name", "grafana"));
    }

    private static Connection jdbc(JsonNode user) throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", user.path("user").asText());
        p.setProperty("password", user.path("password").asText());
        return new com.clickhouse.jdbc.Driver().connect(user.path("jdbcUrl").asText(), p);
    }

    private static List<List<String>> rows(Connection c, String sql) throws SQLException {
        List<List<String>> out = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                List<String> row = new ArrayList<>();
                for (int i = 1; i <= n; i++) {
                    row.add(rs.getString(i));
                }
                out.add(row);
            }
        }
        return out;
    }

    @Test
    void aBiUserSeesItsPartnersRowsOnlyThroughEveryTableAndView() throws Exception {
        JsonNode user = createBiUser("it-admin-27");
        assertThat(user.path("user").asText()).startsWith("bi_");
        assertThat(user.path("partnerId").asText()).isEqualTo("it-27");
        // ten views (daily and monthly per category, entry, country, device, domain) and bi_plays
        assertThat(user.path("views")).hasSize(11);
        try (Connection c = jdbc(user)) {
            for (JsonNode table : user.path("views")) {
                assertThat(rows(c, "SELECT count() FROM " + table.asText() + " WHERE partner_id != 'it-27'"))
                        .as(table.asText()).containsExactly(List.of("0"));
            }
            for (String table : List.of("events", "plays", "categories", "entries", "rollup_entry", "rollup_entry_coarse",
                    "rollup_user_coarse", "rollup_geo_coarse", "rollup_device_coarse", "rollup_domain_coarse")) {
                assertThat(rows(c, "SELECT DISTINCT partner_id FROM " + table)).as(table).containsExactly(List.of("it-27"));
            }
            // the views' numbers, by hand: 1 impression, 1 play, 1 viewer, one milestone of 120 s = 0.5 min,
            // drop-off 0.25, completion 60 / 120 = 0.5
            List<List<String>> entry = rows(c, "SELECT day, entry_id, player_impressions, plays, unique_viewers, minutes_viewed,"
                    + " avg_drop_off_rate, avg_completion_rate FROM bi_entry_daily");
            assertThat(entry).hasSize(1);
            assertThat(entry.get(0).subList(0, 5)).containsExactly(DAY, "bi-ea", "1", "1", "1");
            assertThat(Double.parseDouble(entry.get(0).get(5))).isCloseTo(0.5, within(1e-9));
            assertThat(Double.parseDouble(entry.get(0).get(6))).isCloseTo(0.25, within(1e-9));
            assertThat(Double.parseDouble(entry.get(0).get(7))).isCloseTo(0.5, within(1e-9));
            assertThat(rows(c, "SELECT month, category_id, category_name, plays, unique_viewers FROM bi_category_monthly"))
                    .containsExactly(List.of("2024-05-01", "bi-ca", "A gallery", "1", "1"));
            assertThat(rows(c, "SELECT country, plays, avg_completion_rate FROM bi_country_daily"))
                    .containsExactly(List.of("FR", "1", "0.5"));
            // the keys, the BI users and the service's bookkeeping are not readable; nothing is writable
            for (String hidden : List.of("api_keys", "bi_users", "schema_migrations", "event_ids_by_day")) {
                assertThatThrownBy(() -> rows(c, "SELECT * FROM " + hidden)).as(hidden).isInstanceOf(SQLException.class)
                        .hasMessageContaining("ACCESS_DENIED");
            }
            assertThatThrownBy(() -> rows(c, "INSERT INTO categories (partner_id, id, name) VALUES ('it-27', 'x', 'x')"))
                    .isInstanceOf(SQLException.class);
            assertThatThrownBy(() -> rows(c, "SELECT count() FROM events SETTINGS max_execution_time = 3600"))
                    .isInstanceOf(SQLException.class);
        }
        // over HTTP, as a BI tool without a driver reads it
        HttpResponse<String> plays = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(user.path("httpUrl").asText() + "/?default_format=TabSeparated"))
                .header("X-ClickHouse-User", user.path("user").asText()).header("X-ClickHouse-Key", user.path("password").asText())
                .POST(HttpRequest.BodyPublishers.ofString("SELECT partner_id, count() FROM events GROUP BY partner_id")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(plays.statusCode()).isEqualTo(200);
        assertThat(plays.body()).isEqualTo("it-27\t3\n").doesNotContain("bsecret", "it-28");
    }

    @Test
    void eachPartnersUserReadsItsOwnAndARevokedUserIsRefused() throws Exception {
        JsonNode b = createBiUser("it-admin-28");
        try (Connection c = jdbc(b)) {
            assertThat(rows(c, "SELECT partner_id, count() FROM events GROUP BY partner_id"))
                    .containsExactly(List.of("it-28", "2"));
        }
        // A's admin cannot see or revoke B's user
        assertThat(get("/v1/admin/bi-users", "it-admin-27").body()).doesNotContain(b.path("user").asText());
        assertThat(send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/v1/admin/bi-users/" + b.path("user").asText()))
                .header("Authorization", "Bearer it-admin-27").DELETE().build()).statusCode()).isEqualTo(404);
        HttpResponse<String> revoked = send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/v1/admin/bi-users/"
                + b.path("user").asText())).header("Authorization", "Bearer it-admin-28").DELETE().build());
        assertThat(revoked.statusCode()).isEqualTo(200);
        assertThatThrownBy(() -> jdbc(b).createStatement().executeQuery("SELECT 1")).isInstanceOf(SQLException.class);
        JsonNode listed = parse(get("/v1/admin/bi-users", "it-admin-28").body());
        assertThat(listed.get(0).path("revoked").asBoolean()).isTrue();
        assertThat(listed.toString()).doesNotContain("password");
        // the service's own reads still see every row (its users are under the policy that reads all)
        graphQl("it-analytics-28").documentName("accountHighlights").variable("filter", filter(DAY, DAY, null)).execute()
                .path("analytics.highlights.plays").entity(Long.class).isEqualTo(2L);
    }
}
