package com.galleryanalytics.trust;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import com.galleryanalytics.clickhouse.ClickHouseConfiguration;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.TestPropertySource;

/**
 * A ClickHouse time limit hit surfaces as a GraphQL error, not a hang. Its own context (and
 * ClickHouse) with {@code gallery.query.max-execution-seconds=1}. Partner it-20 gets a huge
 * catalog: 8,000,000 entries written straight into ClickHouse's {@code entries} table (the API
 * would take minutes for that). Every statement with minutes viewed joins the partner's
 * durations ({@code entries FINAL}), which on this catalog takes a few seconds: more than 1 s.
 * The same pool is read-only (ClickHouse refuses writes through it).
 */
@TestPropertySource(properties = "gallery.query.max-execution-seconds=1")
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class QueryTimeLimitTest extends TrustSupport {
    @Autowired
    DataSource dataSource;
    @Autowired
    ClickHouseConfiguration.EmbeddedServer owned;
    @Autowired
    @Qualifier("analyticsDataSource")
    DataSource analyticsDataSource;

    @BeforeAll
    void seed() throws Exception {
        ingest("it-ingest-20", List.of(event("tl-1", "PLAY", "2023-05-20T10:00:00Z", "big-1", "tl-p1", "tl-u1", 0.0),
                event("tl-2", "PLAY_REACHED_25", "2023-05-20T10:00:15Z", "big-1", "tl-p1", "tl-u1", 15.0)));
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute("INSERT INTO entries (partner_id, id, name, creator_id, duration_sec, media_type, source_type, tags,"
                    + " category_ids, created_at, updated_at, version) SELECT 'it-20', concat('big-', toString(number)), '',"
                    + " 'big-owner', 60, 'VIDEO', '', [], [], now(), now(), 1 FROM system.numbers LIMIT 8000000");
        }
    }

    @Test
    void aStatementOverTheTimeLimitIsAGraphQlErrorNotAHang() {
        long start = System.nanoTime();
        HttpResponse<String> r = graphQlRaw("it-analytics-20", HIGHLIGHTS, Map.of("f", filter("2023-05-01", "2023-05-31")));
        long millis = (System.nanoTime() - start) / 1_000_000;
        System.out.printf("[time-limit] highlights over an 8,000,000-entry catalog with a 1 s limit: HTTP %d after %d ms: %s%n",
                r.statusCode(), millis, abbreviate(r.body()));
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode errors = parse(r.body()).path("errors");
        assertThat(errors).hasSize(1);
        assertThat(errors.get(0).path("extensions").path("classification").asText()).isEqualTo("QUERY_TOO_COMPLEX");
        assertThat(errors.get(0).path("message").asText()).contains("more than the 1 s");
        assertThat(errors.get(0).path("path").toString()).isEqualTo("[\"analytics\",\"highlights\"]");
        // the service goes on: a catalog lookup of the same partner is answered
        assertThat(graphQlData("it-analytics-20", "{ entry(id: \"big-7\") { id durationSec } }", null)
                .path("entry").path("durationSec").asDouble()).isEqualTo(60.0);
    }

    @Test
    void theAnalyticsPoolIsReadOnly() throws Exception {
        Assumptions.assumeTrue(owned.server().isPresent(), "a configured server is read-only only with gallery.clickhouse.read-profile");
        try (Connection c = analyticsDataSource.getConnection(); Statement s = c.createStatement()) {
            assertThatThrownBy(() -> s.execute("INSERT INTO users (partner_id, id, name, version) VALUES ('it-20', 'x', 'x', 1)"))
                    .isInstanceOf(SQLException.class).hasMessageContaining("readonly");
        }
    }
}
