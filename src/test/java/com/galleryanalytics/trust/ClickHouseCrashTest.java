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
 * "If the embedded ClickHouse process dies, the service notices within seconds, reports health
 * DOWN for clickhouse, keeps acknowledging ingest through the spool, restarts the server, drains
 * the spool, and returns to UP with nothing lost or counted twice." Writers post batches steadily
 * while the server is killed with SIGKILL (no goodbye); its supervisor starts it again. A context
 * (and ClickHouse) of its own, a spool of its own drained every 200 ms. Partner it-22.
 */
@TestPropertySource(properties = {
        "gallery.spool.dir=${java.io.tmpdir}/gallery-trust-crash-spool-${random.uuid}",
        "gallery.spool.drain-interval-millis=200"})
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class ClickHouseCrashTest extends FaultDrill {
    @Test
    void aKilledClickHouseIsRestartedAndEveryAcknowledgedEventIsCountedOnce() throws Exception {
        currentKey = "it-ingest-22";
        String day = "2023-04-12";
        int writers = 4;
        int restartsBefore = server.restarts();
        long pidBefore = server.pid();
        List<Sent> sent = new CopyOnWriteArrayList<>();
        AtomicBoolean stop = new AtomicBoolean();
        ExecutorService pool = Executors.newFixedThreadPool(writers + 1);
        List<Future<?>> futures = new ArrayList<>();
        for (int w = 0; w < writers; w++) {
            int writer = w;
            futures.add(pool.submit(() -> {
                for (int i = 0; !stop.get() && i < 2_000; i++) {
                    sent.add(send(batch("kill", day, writer, i)));
                    sleep(20);
                }
            }));
        }
        // what /actuator/health says about ClickHouse, every 50 ms, in order of change
        List<String> states = new CopyOnWriteArrayList<>();
        AtomicBoolean watching = new AtomicBoolean(true);
        Future<?> watcher = pool.submit(() -> {
            while (watching.get()) {
                String s = health().path("components").path("clickhouse").path("status").asText();
                if (states.isEmpty() || !states.get(states.size() - 1).equals(s)) {
                    states.add(s);
                }
                sleep(50);
            }
        });
        try {
            await("20 batches stored before the kill", Duration.ofSeconds(60),
                    () -> sent.stream().filter(s -> s.status() == 200 && s.stored() > 0).count() >= 20);
            ProcessHandle clickhouse = ProcessHandle.of(pidBefore).orElseThrow();
            assertThat(clickhouse.info().commandLine().orElse("")).contains("ChdbLauncher");
            int sentAtKill = sent.size();
            clickhouse.destroyForcibly(); // SIGKILL: no goodbye to the service
            await("health to say DOWN, then UP again", Duration.ofSeconds(60),
                    () -> states.contains("DOWN") && states.get(states.size() - 1).equals("UP"));
            assertThat(server.restarts()).isEqualTo(restartsBefore + 1);
            assertThat(server.pid()).isNotEqualTo(pidBefore);
            await("10 batches stored after the restart", Duration.ofSeconds(60), () -> sent.subList(sentAtKill, sent.size())
                    .stream().filter(s -> s.status() == 200 && s.stored() > 0).count() >= 10);
        } finally {
            stop.set(true);
            for (Future<?> f : futures) {
                f.get(60, TimeUnit.SECONDS);
            }
            watching.set(false);
            watcher.get(10, TimeUnit.SECONDS);
            pool.shutdown();
        }
        awaitSpoolEmpty();

        List<Sent> all = everyBatchAcknowledged(sent);
        long imps = all.stream().mapToLong(Sent::imps).sum();
        long plays = all.stream().mapToLong(Sent::plays).sum();
        long spooled = all.stream().mapToLong(Sent::spooled).sum();
        System.out.printf("[kill] health %s; batches acknowledged %d (%d events spooled while ClickHouse was away);"
                + " impressions %d, plays %d%n", states, all.size(), spooled, imps, plays);
        assertThat(states.get(0)).isEqualTo("UP");
        assertThat(spooled).as("batches acknowledged through the spool while ClickHouse was away").isPositive();
        countedOnce("it-analytics-22", day, all);
    }

}
