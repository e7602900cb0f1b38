package com.galleryanalytics.ingest;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.stereotype.Component;

/**
 * {@code /actuator/health} component "spool": UP while empty; DEGRADED while it holds
 * batches waiting for ClickHouse (events are safe but not yet counted); OUT_OF_SERVICE when
 * full (new events are refused).
 */
@Component("spool")
public class SpoolHealth implements HealthIndicator {
    /** Accepted events are safe but not yet in ClickHouse. */
    public static final Status DEGRADED = new Status("DEGRADED", "events are spooled until ClickHouse takes them");

    private final IngestSpool spool;

    public SpoolHealth(IngestSpool spool) {
        this.spool = spool;
    }

    @Override
    public Health health() {
        Health.Builder b = spool.batches() == 0 ? Health.up()
                : spool.bytes() >= spool.maxBytes() * 0.95 ? Health.outOfService() : Health.status(DEGRADED);
        return b.withDetail("batches", spool.batches()).withDetail("events", spool.events())
                .withDetail("bytes", spool.bytes()).withDetail("maxBytes", spool.maxBytes()).build();
    }
}
