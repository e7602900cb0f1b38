package com.galleryanalytics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Completion of rows with long keys: a statement that lists its rows' keys, or a batch of many
 * such requests, must stay inside ClickHouse's limit on the size of a statement (256 KiB), and
 * each row must still get its own completion. Partner it-21.
 *
 * <p>One entry of 100 s. Domain {@code long.example}: 150 plays, each on its own URL of about
 * 1,500 characters. Domain {@code short.example}: 200 plays, each on its own URL of about 100
 * characters. Play number i reaches position 20 × (i mod 4 + 1) seconds (a VIEW event), so its
 * completion is 0.2, 0.4, 0.6 or 0.8, and its URL's row has exactly that completion.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LongKeysCompletionTest extends AnalyticsIntegrationTest {
    static final String INGEST = "it-ingest-21";
    static final String ANALYTICS = "it-analytics-21";
    static final int LONG_URLS = 150;
    static final int SHORT_URLS = 200;

    static String longUrl(int i) {
        return "https://long.example/" + String.format("%04d", i) + "/" + "x".repeat(1500);
    }

    static String shortUrl(int i) {
        return "https://short.example/" + String.format("%04d", i) + "/" + "y".repeat(70);
    }

    /** By hand: play i reaches 20 × (i mod 4 + 1) s of 100 s. */
    static double completion(int i) {
        return 0.2 * (i % 4 + 1);
    }

    @BeforeAll
    void seed() {
        upsert("entries", INGEST, List.of(entry("lk-e", "ann", 100)));
        List<Map<String, Object>> events = new ArrayList<>();
        for (int i = 0; i < LONG_URLS + SHORT_URLS; i++) {
            String url = i < LONG_URLS ? longUrl(i) : shortUrl(i);
            Map<String, Object> play = event("PLAY", "2020-03-10T10:00:00Z", "lk-e", "lk-p" + i, "u" + i, 0.0);
            play.put("pageUrl", url);
            Map<String, Object> view = event("VIEW", "2020-03-10T10:05:00Z", "lk-e", "lk-p" + i, "u" + i, 20.0 * (i % 4 + 1));
            view.put("pageUrl", url);
            events.add(play);
            events.add(view);
        }
        ingest(INGEST, events);
    }

    private static String query(int first) {
        return "{ analytics(filter: {from: \"2020-03-01\", to: \"2020-03-31\"}) { domains(first: 10) { edges { node { domain"
                + " metrics { plays avgCompletionRate } urls(first: " + first + ") { totalCount edges { node { url"
                + " metrics { plays avgCompletionRate } } } } } } } } }";
    }

    private JsonNode run(String query) {
        HttpResponse<String> r = post("/graphql", ANALYTICS, json(Map.of("query", query)));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode body = parse(r.body());
        assertThat(body.path("errors").isMissingNode()).as(r.body()).isTrue();
        return body;
    }

    /** Every URL row of the domain has its own play's completion; the domain has the mean. */
    private static void assertDomain(JsonNode body, String domain, int from, int count) {
        JsonNode node = null;
        for (JsonNode edge : body.at("/data/analytics/domains/edges")) {
            if (edge.at("/node/domain").asText().equals(domain)) {
                node = edge.path("node");
            }
        }
        assertThat(node).as("domain %s", domain).isNotNull();
        assertThat(node.at("/metrics/plays").asLong()).isEqualTo(count);
        // the mean of its plays: long.example 150 plays, i = 0..149: 38 × 0.2 + 38 × 0.4 + 37 × 0.6 + 37 × 0.8
        // = 74.6, / 150; short.example 200 plays, 50 of each: 100 / 200 = 0.5
        double mean = domain.startsWith("long") ? 74.6 / 150 : 0.5;
        assertThat(node.at("/metrics/avgCompletionRate").asDouble()).isCloseTo(mean, within(EPS));
        assertThat(node.at("/urls/totalCount").asLong()).isEqualTo(count);
        Map<String, Double> byUrl = new HashMap<>();
        for (JsonNode edge : node.at("/urls/edges")) {
            assertThat(edge.at("/node/metrics/plays").asLong()).isEqualTo(1);
            byUrl.put(edge.at("/node/url").asText(), edge.at("/node/metrics/avgCompletionRate").asDouble());
        }
        assertThat(byUrl).hasSize(count);
        for (int i = from; i < from + count; i++) {
            String url = domain.startsWith("long") ? longUrl(i) : shortUrl(i);
            assertThat(byUrl.get(url)).as("completion of %s…", url.substring(0, 30)).isCloseTo(completion(i), within(EPS));
        }
    }

    @Test
    void rowsWithLongKeysEachGetTheirCompletion() {
        // long.example: 150 keys of ~1,530 characters (listing them would make a 230 KB statement)
        JsonNode body = run(query(SHORT_URLS));
        assertDomain(body, "long.example", 0, LONG_URLS);
        assertDomain(body, "short.example", LONG_URLS, SHORT_URLS);
    }

    @Test
    void manyConcurrentRequestsWithListedKeysShareBatchesWithinTheStatementLimit() throws Exception {
        // 200 keys of ~100 characters each (20 KB listed per request); 16 at once go past 256 KiB
        // together, so the batch must be split into several statements.
        int clients = 16;
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<JsonNode>> answers = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                answers.add(pool.submit(() -> {
                    start.await();
                    return run(query(SHORT_URLS));
                }));
            }
            start.countDown();
            for (Future<JsonNode> answer : answers) {
                JsonNode body = answer.get();
                assertDomain(body, "short.example", LONG_URLS, SHORT_URLS);
                assertDomain(body, "long.example", 0, LONG_URLS);
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
