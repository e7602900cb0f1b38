package com.galleryanalytics.trust;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.galleryanalytics.clickhouse.ClickHouseConfiguration;
import com.galleryanalytics.clickhouse.embedded.EmbeddedClickHouse;
import com.galleryanalytics.ingest.IngestSpool;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * What the fault drills share: their own Spring context and embedded ClickHouse (stopped, killed
 * and started again by the drills), batches with fresh ids, the answers as sent, health and
 * metrics, and waiting for the spool to drain.
 */
abstract class FaultDrill extends TrustSupport {
    @Autowired
    ClickHouseConfiguration.EmbeddedServer owned;
    @Autowired
    IngestSpool spool;

    EmbeddedClickHouse server;

    @BeforeEach
    void ownedServer() {
        Assumptions.assumeTrue(owned.server().isPresent(),
                "needs the embedded ClickHouse (CLICKHOUSE_URL is set: nothing to stop)");
        server = owned.server().get();
        assertThat(server.isRunning()).isTrue();
    }

    /** One posted batch: what was sent and what the service answered. */
    record Sent(String body, int imps, int plays, int size, int status, int stored, int spooled, int duplicates,
            String answer) {}

    /** Batch {@code i} of writer {@code w}: 1–2 impressions, 1–3 plays and a VIEW, ids unique to (w, i). */
    static List<Map<String, Object>> batch(String prefix, String day, int w, int i) {
        List<Map<String, Object>> events = new ArrayList<>();
        int imps = 1 + i % 2;
        int plays = 1 + i % 3;
        int second = w * 20_000 + i * 8;
        String playId = prefix + "-p-" + w + "-" + i;
        String user = "fault-u" + (i % 7);
        for (int k = 0; k < imps; k++) {
            events.add(event(prefix + "-" + w + "-" + i + "-i" + k, "IMPRESSION", time(day, second + k), "fault-e1",
                    playId, user, null));
        }
        for (int k = 0; k < plays; k++) {
            events.add(event(prefix + "-" + w + "-" + i + "-p" + k, "PLAY", time(day, second + 3 + k), "fault-e1",
                    playId + "-" + k, user, 0.0));
        }
        events.add(event(prefix + "-" + w + "-" + i + "-v", "VIEW", time(day, second + 7), "fault-e1", playId, user, 12.0));
        return events;
    }

    static String time(String day, int second) {
        return Instant.parse(day + "T00:00:00Z").plusSeconds(second).toString();
    }

    Sent send(List<Map<String, Object>> events) {
        String body = json(events);
        int imps = (int) events.stream().filter(e -> e.get("type").equals("IMPRESSION")).count();
        int plays = (int) events.stream().filter(e -> e.get("type").equals("PLAY")).count();
        return send(body, imps, plays, events.size());
    }

    Sent send(String body, int imps, int plays, int size) {
        try {
            HttpResponse<String> r = postBody("/v1/events", currentKey, body);
            JsonNode a = r.statusCode() == 200 || r.statusCode() == 503 ? parse(r.body()) : JSON.createObjectNode();
            return new Sent(body, imps, plays, size, r.statusCode(), a.path("stored").asInt(), a.path("spooled").asInt(),
                    a.path("duplicates").asInt(), r.body() + " Retry-After=" + r.headers().firstValue("Retry-After")
                            .orElse(""));
        } catch (RuntimeException e) {
            return new Sent(body, imps, plays, size, -1, 0, 0, 0, String.valueOf(e));
        }
    }

    String currentKey;
    /** Health details and metrics need an ADMIN key (any partner's: they are the service's, not a partner's). */
    static final String OPERATOR_KEY = "it-admin-1";

    JsonNode health() {
        HttpResponse<String> r = getPath("/actuator/health", OPERATOR_KEY);
        return parse(r.body());
    }

    static void await(String what, Duration timeout, BooleanSupplier condition) {
        Instant deadline = Instant.now().plus(timeout);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                fail("Waited " + timeout.toSeconds() + " s for: " + what);
            }
            sleep(100);
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    double counter(String outcome) {
        HttpResponse<String> r = getPath("/actuator/metrics/gallery.ingest.events?tag=outcome:" + outcome, OPERATOR_KEY);
        assertThat(r.statusCode()).isEqualTo(200);
        return parse(r.body()).path("measurements").get(0).path("value").asDouble();
    }

    JsonNode dayHighlights(String key, String day) {
        return highlights(key, day, day);
    }

    void awaitSpoolEmpty() {
        // a batch spooled because ClickHouse was away is replayed as soon as it is back (within
        // seconds), not held back like one whose insert may still land (EventIngestion.TIMEOUT_GRACE, 90 s)
        await("the spool to drain (" + spool.batches() + " batches left)", Duration.ofSeconds(30),
                () -> spool.batches() == 0);
        JsonNode h = health();
        assertThat(h.path("components").path("spool").path("status").asText()).isEqualTo("UP");
        assertThat(h.path("components").path("clickhouse").path("status").asText()).isEqualTo("UP");
    }


    /**
     * Every batch sent was acknowledged (200), all its events stored or spooled, none a repeat;
     * returns the batches as sent.
     */
    static List<Sent> everyBatchAcknowledged(List<Sent> sent) {
        List<Sent> all = List.copyOf(sent);
        for (Sent s : all) {
            assertThat(s.status()).as("every batch is acknowledged (never a 5xx): %s", s.answer()).isEqualTo(200);
            assertThat(s.stored() + s.spooled()).as("stored + spooled: %s", s.answer()).isEqualTo(s.size());
            assertThat(s.duplicates()).isZero();
        }
        return all;
    }

    /** The day's impressions and plays of the partner are those of the acknowledged batches, each counted once. */
    void countedOnce(String analyticsKey, String day, List<Sent> all) {
        JsonNode h = dayHighlights(analyticsKey, day);
        assertThat(h.path("playerImpressions").asLong()).as("impressions = acknowledged IMPRESSION events")
                .isEqualTo(all.stream().mapToLong(Sent::imps).sum());
        assertThat(h.path("plays").asLong()).as("plays = acknowledged PLAY events")
                .isEqualTo(all.stream().mapToLong(Sent::plays).sum());
    }
}
