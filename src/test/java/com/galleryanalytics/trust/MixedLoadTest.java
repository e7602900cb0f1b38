package com.galleryanalytics.trust;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Mixed load over loopback: 32 clients, each a fixed number of iterations (at most 60 s in all),
 * mixing ingest batches with fresh event ids and dashboard queries of the same partner (it-19).
 * Asserted: no 5xx, every query answered without errors, and afterwards the counts are exactly
 * the acknowledged events (nothing lost, nothing counted twice). Speed is only printed.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MixedLoadTest extends TrustSupport {
    static final String INGEST = "it-ingest-19";
    static final String ANALYTICS = "it-analytics-19";
    static final String DAY = "2023-07-20";
    static final int CLIENTS = 32;
    static final int ITERATIONS = 10;
    static final int EVENTS_PER_BATCH = 24;
    static final int USERS = 60;
    static final Duration WALL = Duration.ofSeconds(60);

    @BeforeAll
    void seed() {
        upsert("categories", INGEST, List.of(category("ld-cat", "Load", null), category("ld-sub", "Load sub", "ld-cat")));
        List<Map<String, Object>> entries = new ArrayList<>();
        for (int e = 0; e < 8; e++) {
            entries.add(entry("ld-e" + e, "Load " + e, "ld-owner" + e % 3, 60 + 30 * e, e % 2 == 0 ? "ld-cat" : "ld-sub"));
        }
        upsert("entries", INGEST, entries);
    }

    /** One acknowledged (or not) request. */
    record Result(boolean ingest, int status, long nanos, int impressions, int plays, Set<String> viewers, String problem) {}

    /** Batch {@code i} of client {@code c}: plays with impressions and milestones, from a pool of users and places. */
    static List<Map<String, Object>> batch(Random r, int c, int i) {
        List<Map<String, Object>> events = new ArrayList<>();
        for (int j = 0; j < EVENTS_PER_BATCH; j++) {
            String type = switch (j % 4) {
                case 0 -> "IMPRESSION";
                case 1 -> "PLAY";
                case 2 -> "PLAY_REACHED_25";
                default -> "VIEW";
            };
            String playId = "ld-p-" + c + "-" + i + "-" + j / 4;
            Map<String, Object> e = event("ld-" + c + "-" + i + "-" + j, type,
                    Instant.parse(DAY + "T00:00:00Z").plusSeconds(r.nextInt(86_400)).toString(), "ld-e" + r.nextInt(8), playId,
                    "ld-u" + r.nextInt(USERS), j % 4 == 0 ? null : 10.0 * (j % 4));
            at(e, List.of("NL", "FR", "JP", "BR").get(r.nextInt(4)), "R" + r.nextInt(3), "C" + r.nextInt(5),
                    "https://load" + r.nextInt(3) + ".example/v/" + r.nextInt(20), r.nextBoolean() ? DESKTOP_UA : IPHONE_UA,
                    r.nextBoolean() ? "DESKTOP" : "MOBILE");
            events.add(e);
        }
        return events;
    }

    Result ingestOnce(List<Map<String, Object>> events) {
        long t = System.nanoTime();
        try {
            HttpResponse<String> r = postBody("/v1/events", INGEST, json(events));
            long nanos = System.nanoTime() - t;
            if (r.statusCode() != 200) {
                return new Result(true, r.statusCode(), nanos, 0, 0, Set.of(), "ingest " + r.statusCode() + ": "
                        + abbreviate(r.body()));
            }
            JsonNode b = parse(r.body());
            if (b.path("stored").asInt() + b.path("spooled").asInt() != events.size() || b.path("duplicates").asInt() != 0) {
                return new Result(true, 200, nanos, 0, 0, Set.of(), "not all stored: " + r.body());
            }
            int imps = 0;
            int plays = 0;
            Set<String> viewers = new HashSet<>();
            for (Map<String, Object> e : events) {
                if (e.get("type").equals("IMPRESSION")) {
                    imps++;
                } else {
                    viewers.add((String) e.get("userId"));
                    if (e.get("type").equals("PLAY")) {
                        plays++;
                    }
                }
            }
            return new Result(true, 200, nanos, imps, plays, viewers, null);
        } catch (RuntimeException e) {
            return new Result(true, -1, System.nanoTime() - t, 0, 0, Set.of(), "no answer: " + e);
        }
    }

    Result queryOnce(String document, Map<String, Object> variables) {
        long t = System.nanoTime();
        try {
            HttpResponse<String> r = graphQlRaw(ANALYTICS, document, variables);
            long nanos = System.nanoTime() - t;
            JsonNode b = r.statusCode() == 200 ? parse(r.body()) : null;
            String problem = b == null ? "query " + r.statusCode() : b.has("errors") ? "errors: " + abbreviate(r.body()) : null;
            return new Result(false, r.statusCode(), nanos, 0, 0, Set.of(), problem);
        } catch (RuntimeException e) {
            return new Result(false, -1, System.nanoTime() - t, 0, 0, Set.of(), "no answer: " + e);
        }
    }

    static long percentile(List<Long> sortedNanos, double p) {
        if (sortedNanos.isEmpty()) {
            return 0;
        }
        int index = (int) Math.ceil(p * sortedNanos.size()) - 1;
        return sortedNanos.get(Math.max(0, Math.min(sortedNanos.size() - 1, index))) / 1_000_000;
    }

    @Test
    void thirtyTwoClientsMixingIngestAndDashboardsLoseNothingAndNeverFail() throws Exception {
        String dashboard = document("trustDashboard");
        Map<String, Object> day = Map.of("f", filter(DAY, DAY));
        Map<String, Object> month = filter("2023-07-01", "2023-07-31");
        month.put("compareTo", Map.of("type", "PREVIOUS_PERIOD"));
        String categoryPanels = """
                query($f: AnalyticsFilter!) { category(id: "ld-cat") { name analytics(filter: $f) {
                  highlights { plays uniqueViewers minutesViewed } pageViews { plays allPlays }
                  subCategories(first: 10) { edges { node { category { id } metrics { plays } } } }
                  performance(granularity: DAY) { date metrics { plays } } } } }""";

        Instant deadline = Instant.now().plus(WALL);
        ConcurrentLinkedQueue<Result> results = new ConcurrentLinkedQueue<>();
        AtomicInteger unfinished = new AtomicInteger();
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
        List<Future<?>> clients = new ArrayList<>();
        for (int c = 0; c < CLIENTS; c++) {
            int client = c;
            clients.add(pool.submit(() -> {
                Random r = new Random(1_000L + client);
                go.await();
                for (int i = 0; i < ITERATIONS; i++) {
                    if (Instant.now().isAfter(deadline)) {
                        unfinished.addAndGet(ITERATIONS - i);
                        return null;
                    }
                    // 4 in 8 iterations ingest; the others run a dashboard, a month with comparison, or a gallery (twice as often)
                    int roll = r.nextInt(8);
                    results.add(switch (roll) {
                        case 0 -> queryOnce(dashboard, day);
                        case 1 -> queryOnce(HIGHLIGHTS, Map.of("f", month));
                        case 2, 3 -> queryOnce(categoryPanels, day);
                        default -> ingestOnce(batch(r, client, i));
                    });
                }
                return null;
            }));
        }
        long start = System.nanoTime();
        go.countDown();
        for (Future<?> f : clients) {
            f.get(WALL.toSeconds() + 60, TimeUnit.SECONDS);
        }
        pool.shutdown();
        double seconds = (System.nanoTime() - start) / 1e9;

        List<Result> all = List.copyOf(results);
        List<Result> ingests = all.stream().filter(Result::ingest).toList();
        List<Result> queries = all.stream().filter(x -> !x.ingest()).toList();
        long acked = ingests.stream().filter(x -> x.status() == 200 && x.problem() == null).count();
        long events = acked * EVENTS_PER_BATCH;
        List<Long> queryNanos = queries.stream().map(Result::nanos).sorted().toList();
        List<Long> ingestNanos = ingests.stream().map(Result::nanos).sorted().toList();
        System.out.printf("[load] %d clients × %d iterations, %.1f s: %d requests (%.0f/s), %d ingest batches = %d events"
                        + " (%.0f events/s), %d queries; query latency p50 %d ms, p95 %d ms, max %d ms; ingest latency p50 %d ms,"
                        + " p95 %d ms; unfinished iterations %d%n",
                CLIENTS, ITERATIONS, seconds, all.size(), all.size() / seconds, ingests.size(), events, events / seconds,
                queries.size(), percentile(queryNanos, 0.50), percentile(queryNanos, 0.95), percentile(queryNanos, 1.0),
                percentile(ingestNanos, 0.50), percentile(ingestNanos, 0.95), unfinished.get());

        assertThat(all.stream().filter(x -> x.status() >= 500 || x.status() < 0).map(Result::problem).toList())
                .as("5xx or no answer").isEmpty();
        assertThat(all.stream().filter(x -> x.problem() != null).map(Result::problem).limit(10).toList())
                .as("requests not answered as they should be").isEmpty();
        assertThat(queries).isNotEmpty();
        assertThat(ingests).isNotEmpty();

        // Nothing lost, nothing twice: the day's counts are the acknowledged events.
        long imps = ingests.stream().mapToLong(Result::impressions).sum();
        long plays = ingests.stream().mapToLong(Result::plays).sum();
        Set<String> viewers = new HashSet<>();
        ingests.forEach(x -> viewers.addAll(x.viewers()));
        JsonNode h = highlights(ANALYTICS, DAY, DAY);
        assertThat(h.path("playerImpressions").asLong()).as("impressions").isEqualTo(imps);
        assertThat(h.path("plays").asLong()).as("plays").isEqualTo(plays);
        assertThat(h.path("uniqueViewers").asLong()).as("viewers").isEqualTo(viewers.size());
        // every batch has 6 impressions, 6 plays and 12 more active events
        assertThat(imps).isEqualTo(6 * acked);
        assertThat(plays).isEqualTo(6 * acked);
    }
}
