package com.galleryanalytics.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.galleryanalytics.support.IntegrationTest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/**
 * Secrets out of the defaults: the demo keys are the demo profile's only, and what operations
 * see (health details, metrics, Prometheus) needs an ADMIN key; the health status stays public
 * for load balancers. Runs in the test profile, without the demo profile.
 */
class OperationsAccessTest extends IntegrationTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ADMIN = "it-admin-1";
    private static final String ANALYTICS = "it-analytics-1";

    private static JsonNode parse(String body) {
        try {
            return JSON.readTree(body);
        } catch (Exception e) {
            throw new AssertionError(body, e);
        }
    }

    @Test
    void withoutTheDemoProfileTheDemoKeysAreRefused() {
        for (String[] call : new String[][] {{"/v1/admin/keys", "demo-admin-key"}, {"/v1/export/countries.csv?from=2024-01-01&to=2024-01-31",
                "demo-analytics-key"}}) {
            HttpResponse<String> r = get(call[0], call[1]);
            assertThat(r.statusCode()).as(call[1]).isEqualTo(401);
            assertThat(parse(r.body()).path("error").asText()).as(call[1]).isEqualTo("unknown_key");
        }
        HttpResponse<String> graphql = post("/graphql", "demo-analytics-key", "{\"query\":\"{ __typename }\"}");
        assertThat(graphql.statusCode()).isEqualTo(401);
        assertThat(parse(graphql.body()).path("errors").get(0).path("message").asText())
                .isEqualTo("The API key is not valid: no such key is configured or was created.");
    }

    @Test
    void healthShowsItsStatusToAnyoneAndItsDetailsToAdminsOnly() {
        for (String key : new String[] {null, ANALYTICS}) {
            HttpResponse<String> r = get("/actuator/health", key);
            assertThat(r.statusCode()).as(String.valueOf(key)).isEqualTo(200);
            JsonNode body = parse(r.body());
            assertThat(body.path("status").asText()).isEqualTo("UP");
            assertThat(body.has("components")).as(r.body()).isFalse();
            assertThat(r.body()).doesNotContain("clickhouse", "127.0.0.1", "/tmp", "version");
        }
        HttpResponse<String> admin = get("/actuator/health", ADMIN);
        assertThat(admin.statusCode()).isEqualTo(200);
        JsonNode clickhouse = parse(admin.body()).path("components").path("clickhouse");
        assertThat(clickhouse.path("status").asText()).isEqualTo("UP");
        assertThat(clickhouse.path("details").path("version").asText()).startsWith("26.");
        // an unknown key is refused even where no key is needed: it is a mistake worth saying
        assertThat(get("/actuator/health", "no-such-key").statusCode()).isEqualTo(401);
    }

    @Test
    void metricsAndPrometheusNeedAnAdminKey() {
        for (String path : new String[] {"/actuator/metrics", "/actuator/prometheus", "/actuator/metrics/jvm.memory.used"}) {
            HttpResponse<String> none = get(path, null);
            assertThat(none.statusCode()).as(path).isEqualTo(401);
            assertThat(parse(none.body()).path("error").asText()).isEqualTo("missing_key");
            HttpResponse<String> analytics = get(path, ANALYTICS);
            assertThat(analytics.statusCode()).as(path).isEqualTo(403);
            assertThat(parse(analytics.body()).path("message").asText())
                    .isEqualTo("This key has role ANALYTICS; this request needs ADMIN.");
        }
        HttpResponse<String> names = get("/actuator/metrics", ADMIN);
        assertThat(names.statusCode()).isEqualTo(200);
        assertThat(names.body()).contains("\"gallery.ingest.events\"", "\"gallery.ingest.spool.events\"");
        HttpResponse<String> prometheus = get("/actuator/prometheus", ADMIN);
        assertThat(prometheus.statusCode()).isEqualTo(200);
        assertThat(prometheus.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain");
        assertThat(prometheus.body()).contains("# TYPE gallery_ingest_spool_events gauge", "jvm_memory_used_bytes{");
    }
}
