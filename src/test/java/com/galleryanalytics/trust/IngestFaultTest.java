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
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.TestPropertySource;

/**
 * "An acknowledged event is in ClickHouse, or in a durable spool that reaches ClickHouse." This
 * class has a Spring context (and so a ClickHouse process) of its own, which it stops and starts
 * again: a spool folder of its own, drained every 200 ms, at most 32 KiB (a few dozen small
 * batches, or two batches of 40 events), closed with the class. The steady-ingest drill stops
 * ClickHouse gracefully ({@code close()}); the full-spool drill kills it (a crash).
 *
 * <p>Every batch carries fresh event ids; a batch counts as acknowledged when its answer is 200,
 * and then all its events must be counted exactly once after ClickHouse is back, whether the
 * answer said {@code stored} or {@code spooled}. Partner it-15 (steady ingest), it-16 (full spool),
 * (ClickHouseCrashTest kills it without holding it down).
 */
@TestPropertySource(properties = {
        "gallery.spool.dir=${java.io.tmpdir}/gallery-trust-fault-spool-${random.uuid}",
        "gallery.spool.drain-interval-millis=200",
        "gallery.spool.max-bytes=32768"})
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class IngestFaultTest extends FaultDrill {

    // ---- ClickHouse goes away under a steady ingest ----------------------------------------------

    @Test
    void everyAcknowledgedEventIsCountedOnceAfterClickHouseComesBack() throws Exception {
        currentKey = "it-ingest-15";
        String day = "2023-04-10";
        int writers = 4;
        int maxBatchesPerWriter = 400;
        Instant writerDeadline = Instant.now().plus(Duration.ofSeconds(120));
        List<Sent> sent = new CopyOnWriteArrayList<>();
        AtomicBoolean stop = new AtomicBoolean();
        AtomicBoolean down = new AtomicBoolean();
        // While ClickHouse is stopping and away, the writers send a bounded number of batches (so
        // the 32 KiB spool holds them all: about 1.5 KB each): null = no bound.
        AtomicReference<Semaphore> faultBudget = new AtomicReference<>();
        List<Sent> whileDown = new CopyOnWriteArrayList<>();
        double spooledBefore = counter("spooled");
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        List<Future<?>> futures = new ArrayList<>();
        for (int w = 0; w < writers; w++) {
            int writer = w;
            futures.add(pool.submit(() -> {
                int i = 0;
                while (i < maxBatchesPerWriter && !stop.get() && Instant.now().isBefore(writerDeadline)) {
                    Semaphore budget = faultBudget.get();
                    if (budget != null && !budget.tryAcquire()) {
                        sleep(50);
                        continue;
                    }
                    boolean wasDown = down.get();
                    Sent s = send(batch("flt", day, writer, i++));
                    sent.add(s);
                    if (wasDown && down.get()) {
                        whileDown.add(s);
                    }
                    sleep(20);
                }
            }));
        }
        try {
            await("20 batches stored before the fault", Duration.ofSeconds(60),
                    () -> sent.stream().filter(s -> s.status() == 200 && s.stored() > 0).count() >= 20);
            faultBudget.set(new Semaphore(5));
            server.stop(false);
            assertThat(server.isRunning()).isFalse();
            down.set(true);
            faultBudget.set(new Semaphore(6));
            // Acknowledged while ClickHouse is away: each waits at most 3 s for a connection, then spools.
            await("4 batches acknowledged while ClickHouse is down", Duration.ofSeconds(60),
                    () -> whileDown.stream().filter(s -> s.status() == 200).count() >= 4);
            for (Sent s : List.copyOf(whileDown)) {
                assertThat(s.status()).as("answer while ClickHouse is down: %s", s.answer()).isEqualTo(200);
                assertThat(s.spooled()).as("spooled: %s", s.answer()).isEqualTo(s.size());
                assertThat(s.stored()).isZero();
            }
            JsonNode h = health();
            assertThat(h.path("components").path("spool").path("status").asText()).as("health %s", h).isEqualTo("DEGRADED");
            assertThat(h.path("components").path("spool").path("details").path("events").asLong()).isPositive();
            assertThat(h.path("components").path("clickhouse").path("status").asText()).as("health %s", h).isEqualTo("DOWN");
            assertThat(spool.batches()).isPositive();
        } finally {
            down.set(false);
            server.resume();
            faultBudget.set(null);
        }
        int ackedBeforeRestart = sent.size();
        await("10 batches stored after the restart", Duration.ofSeconds(60), () -> sent.subList(ackedBeforeRestart,
                sent.size()).stream().filter(s -> s.status() == 200 && s.stored() > 0).count() >= 10);
        stop.set(true);
        for (Future<?> f : futures) {
            f.get(60, TimeUnit.SECONDS);
        }
        pool.shutdown();
        awaitSpoolEmpty();

        List<Sent> all = everyBatchAcknowledged(sent);
        long imps = all.stream().mapToLong(Sent::imps).sum();
        long plays = all.stream().mapToLong(Sent::plays).sum();
        long spooled = all.stream().mapToLong(Sent::spooled).sum();
        long stored = all.stream().mapToLong(Sent::stored).sum();
        System.out.printf("[fault] batches acknowledged %d (stored %d events, spooled %d events); impressions %d, plays %d%n",
                all.size(), stored, spooled, imps, plays);
        assertThat(spooled).isPositive();
        assertThat(counter("spooled") - spooledBefore).isEqualTo((double) spooled);

        countedOnce("it-analytics-15", day, all);

        // Replaying acknowledged batches (spooled ones and stored ones) changes nothing.
        List<Sent> replays = new ArrayList<>();
        all.stream().filter(s -> s.spooled() > 0).limit(3).forEach(replays::add);
        all.stream().filter(s -> s.stored() > 0).limit(3).forEach(replays::add);
        for (Sent s : replays) {
            Sent again = send(s.body(), s.imps(), s.plays(), s.size());
            assertThat(again.status()).as(again.answer()).isEqualTo(200);
            assertThat(again.duplicates()).as(again.answer()).isEqualTo(s.size());
            assertThat(again.stored() + again.spooled()).isZero();
        }
        JsonNode after = dayHighlights("it-analytics-15", day);
        assertThat(after.path("playerImpressions").asLong()).isEqualTo(imps);
        assertThat(after.path("plays").asLong()).isEqualTo(plays);
    }

    /** Kills the server outright (SIGKILL, a crash) and keeps it down until {@link EmbeddedClickHouse#resume()}. */
    void crash() {
        server.stop(true);
        assertThat(server.isRunning()).isFalse();
    }

    // ---- the spool fills up ----------------------------------------------------------------------

    /** 20 impressions and 20 plays with ids unique to {@code n}. */
    static List<Map<String, Object>> bigBatch(String day, int n) {
        List<Map<String, Object>> events = new ArrayList<>();
        for (int k = 0; k < 20; k++) {
            events.add(event("full-" + n + "-i" + k, "IMPRESSION", time(day, n * 100 + k), "fault-e2", "full-p-" + n,
                    "full-u" + k, null));
            events.add(event("full-" + n + "-p" + k, "PLAY", time(day, n * 100 + 50 + k), "fault-e2", "full-p-" + n + "-" + k,
                    "full-u" + k, 0.0));
        }
        return events;
    }

    @Test
    void aFullSpoolRefusesWith503AndLosesNothingAcknowledged() throws Exception {
        currentKey = "it-ingest-16";
        String day = "2023-04-11";
        // 3 events stored while ClickHouse is up
        Sent first = send(List.of(event("full-base-i", "IMPRESSION", time(day, 1), "fault-e2", "full-base", "full-u0", null),
                event("full-base-p", "PLAY", time(day, 2), "fault-e2", "full-base", "full-u0", 0.0),
                event("full-base-v", "VIEW", time(day, 3), "fault-e2", "full-base", "full-u0", 5.0)));
        assertThat(first.status()).isEqualTo(200);
        assertThat(first.stored()).isEqualTo(3);
        double refusedBefore = counter("refused");

        List<Sent> results = new ArrayList<>();
        crash();
        try {
            // 4 batches of 40 events (about 13 KB each in the spool) at once: the 32 KiB spool holds two.
            ExecutorService pool = Executors.newFixedThreadPool(4);
            List<Future<Sent>> futures = new ArrayList<>();
            for (int n = 0; n < 4; n++) {
                List<Map<String, Object>> b = bigBatch(day, n);
                futures.add(pool.submit(() -> send(b)));
            }
            for (Future<Sent> f : futures) {
                results.add(f.get(90, TimeUnit.SECONDS));
            }
            pool.shutdown();
            JsonNode h = health();
            assertThat(h.path("components").path("spool").path("status").asText()).isIn("DEGRADED", "OUT_OF_SERVICE");
            assertThat(h.path("components").path("clickhouse").path("status").asText()).isEqualTo("DOWN");
        } finally {
            server.resume();
        }
        List<Sent> acked = results.stream().filter(s -> s.status() == 200).toList();
        List<Sent> refused = results.stream().filter(s -> s.status() == 503).toList();
        assertThat(acked.size() + refused.size()).as("only 200 or 503: %s", results.stream().map(Sent::answer).toList())
                .isEqualTo(4);
        assertThat(acked).as("some batches fit in the spool").isNotEmpty();
        assertThat(refused).as("some batches do not fit in 32 KiB").isNotEmpty();
        for (Sent s : acked) {
            assertThat(s.spooled()).as(s.answer()).isEqualTo(40);
        }
        System.out.printf("[fault] spool of 32 KiB while ClickHouse is down: %d batches of 40 events acknowledged (spooled),"
                + " %d refused with 503%n", acked.size(), refused.size());
        for (Sent s : refused) {
            assertThat(s.answer()).contains("\"error\":\"unavailable\"").contains("\"accepted\":0")
                    .endsWith("Retry-After=5");
        }
        assertThat(counter("refused") - refusedBefore).isEqualTo(40.0 * refused.size());

        awaitSpoolEmpty();
        // the first batch (1 impression, 1 play) + 20 impressions and 20 plays per acknowledged batch
        JsonNode h = dayHighlights("it-analytics-16", day);
        assertThat(h.path("playerImpressions").asLong()).isEqualTo(1 + 20L * acked.size());
        assertThat(h.path("plays").asLong()).isEqualTo(1 + 20L * acked.size());

        // A refused batch stored nothing: sent again now, all of it is new.
        for (Sent s : refused) {
            Sent again = send(s.body(), s.imps(), s.plays(), s.size());
            assertThat(again.status()).isEqualTo(200);
            assertThat(again.stored()).as(again.answer()).isEqualTo(40);
        }
        // An acknowledged one is all there: sent again, all duplicates.
        Sent repeat = send(acked.get(0).body(), 20, 20, 40);
        assertThat(repeat.duplicates()).as(repeat.answer()).isEqualTo(40);
        JsonNode end = dayHighlights("it-analytics-16", day);
        assertThat(end.path("playerImpressions").asLong()).isEqualTo(1 + 20L * 4);
        assertThat(end.path("plays").asLong()).isEqualTo(1 + 20L * 4);
    }
}
