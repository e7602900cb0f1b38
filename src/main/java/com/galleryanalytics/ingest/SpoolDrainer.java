package com.galleryanalytics.ingest;

import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Writes spooled entries to ClickHouse, oldest first, as soon as it takes them again; an entry
 * leaves the spool only after ClickHouse has it. A replay is the failed INSERT again, with its
 * deduplication token, so an INSERT that did land (wholly or in part) before it was reported
 * failed is not counted twice.
 */
@Component
public class SpoolDrainer implements DisposableBean {
    private static final Logger log = LoggerFactory.getLogger(SpoolDrainer.class);
    private final IngestSpool spool;
    private final EventIngestion ingestion;
    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "spool-drainer");
        t.setDaemon(true);
        return t;
    });

    public SpoolDrainer(IngestSpool spool, EventIngestion ingestion,
            @Value("${gallery.spool.drain-interval-millis:500}") long intervalMillis) {
        this.spool = spool;
        this.ingestion = ingestion;
        executor.scheduleWithFixedDelay(this::drain, intervalMillis, intervalMillis, TimeUnit.MILLISECONDS);
    }

    /** Writes what it can now; stops at the first entry ClickHouse does not take. */
    public void drain() {
        try {
            Optional<IngestSpool.Entry> next;
            while ((next = spool.oldest()).isPresent()) {
                IngestSpool.Entry entry = next.get();
                if (entry.notBefore().isAfter(Instant.now())) {
                    return;
                }
                EventIngestion.Stored stored = ingestion.replay(entry);
                log.info("Wrote a spooled entry ({} partners): {} events stored, {} already there", entry.runs().size(),
                        stored.stored(), stored.duplicates());
            }
        } catch (Exception e) {
            log.debug("Spool not drained yet: {}", e.getMessage());
        }
    }

    @Override
    public void destroy() {
        executor.shutdownNow();
    }
}
