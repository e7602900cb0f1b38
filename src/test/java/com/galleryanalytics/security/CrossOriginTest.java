package com.galleryanalytics.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.galleryanalytics.support.IntegrationTest;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/**
 * CORS as a front end on another origin meets it. The test profile allows
 * {@code https://dashboards.example.com} and {@code http://localhost:*}.
 */
class CrossOriginTest extends IntegrationTest {
    private static final String ALLOWED = "https://dashboards.example.com";
    private static final String QUERY = "{\"query\":\"{ __typename }\"}";

    private HttpResponse<String> preflight(String path, String origin, String method) {
        return send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", origin)
                .header("Access-Control-Request-Method", method)
                .header("Access-Control-Request-Headers", "authorization, content-type")
                .build());
    }

    private HttpResponse<String> postGraphql(String origin, String key) {
        return postGraphql("localhost", origin, key);
    }

    private HttpResponse<String> postGraphql(String host, String origin, String key) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://" + host + ":" + port + "/graphql"))
                .header("Origin", origin)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(QUERY));
        if (key != null) {
            b.header("Authorization", "Bearer " + key);
        }
        return send(b.build());
    }

    @Test
    void aPreflightFromAnAllowedOriginIsAnsweredWithoutAKey() {
        HttpResponse<String> r = preflight("/graphql", ALLOWED, "POST");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Access-Control-Allow-Origin")).hasValue(ALLOWED);
        assertThat(r.headers().firstValue("Access-Control-Allow-Methods").orElse("")).contains("POST");
        assertThat(r.headers().firstValue("Access-Control-Allow-Headers").orElse("").toLowerCase())
                .contains("authorization", "content-type");
        assertThat(r.headers().firstValue("Access-Control-Allow-Credentials")).isEmpty();
        assertThat(r.headers().firstValue("Access-Control-Max-Age")).hasValue("3600");

        // any port of localhost, and the export and ingest paths too
        HttpResponse<String> local = preflight("/v1/export/countries.csv", "http://localhost:5173", "GET");
        assertThat(local.statusCode()).isEqualTo(200);
        assertThat(local.headers().firstValue("Access-Control-Allow-Origin")).hasValue("http://localhost:5173");
        assertThat(preflight("/v1/events", ALLOWED, "POST").statusCode()).isEqualTo(200);
    }

    @Test
    void theRealRequestStillNeedsItsKeyAndItsRefusalIsReadable() {
        HttpResponse<String> noKey = postGraphql(ALLOWED, null);
        assertThat(noKey.statusCode()).isEqualTo(401);
        assertThat(noKey.headers().firstValue("Access-Control-Allow-Origin")).hasValue(ALLOWED);
        assertThat(noKey.body()).contains("missing_key");

        HttpResponse<String> withKey = postGraphql(ALLOWED, "it-analytics-1");
        assertThat(withKey.statusCode()).isEqualTo(200);
        assertThat(withKey.headers().firstValue("Access-Control-Allow-Origin")).hasValue(ALLOWED);
        assertThat(withKey.body()).contains("\"__typename\":\"Query\"");
    }

    @Test
    void otherOriginsAreRefused() {
        for (String origin : new String[] {"https://evil.example", "https://dashboards.example.com.evil.example",
                "http://dashboards.example.com", "null"}) {
            HttpResponse<String> pre = preflight("/graphql", origin, "POST");
            assertThat(pre.statusCode()).as(origin).isEqualTo(403);
            assertThat(pre.headers().firstValue("Access-Control-Allow-Origin")).as(origin).isEmpty();
            HttpResponse<String> real = postGraphql(origin, "it-analytics-1");
            assertThat(real.statusCode()).as(origin).isEqualTo(403);
            assertThat(real.body()).as(origin).doesNotContain("__typename");
        }
    }

    @Test
    void sameOriginRequestsNeedNoConfiguration() {
        // 127.0.0.1 is not among the allowed origins: only being the service's own origin lets it in
        HttpResponse<String> r = postGraphql("127.0.0.1", "http://127.0.0.1:" + port, "it-analytics-1");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).contains("\"__typename\":\"Query\"");
    }
}
