package com.galleryanalytics.ingest;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.stereotype.Component;

/**
 * Micrometer meters of ingestion: {@code gallery.ingest.events} by outcome (stored, duplicate,
 * spooled, rejected, refused) and {@code gallery.ingest.spool.events} / {@code .bytes} gauges.
 * Query latency per panel is Spring for GraphQL's {@code graphql.datafetcher} timer (tag
 * {@code graphql.field.name}).
 */
@Component
public class IngestMetrics {
    private final Counter stored;
    private final Counter duplicates;
    private final Counter spooled;
    private final Counter rejected;
    private final Counter refused;

    public IngestMetrics(MeterRegistry registry, IngestSpool spool) {
        stored = counter(registry, "stored");
        duplicates = counter(registry, "duplicate");
        spooled = counter(registry, "spooled");
        rejected = counter(registry, "rejected");
        refused = counter(registry, "refused");
        Gauge.builder("gallery.ingest.spool.events", spool, IngestSpool::events)
                .description("Accepted events waiting in the spool for ClickHouse").register(registry);
        Gauge.builder("gallery.ingest.spool.bytes", spool, IngestSpool::bytes)
                .description("Size of the ingest spool").baseUnit("bytes").register(registry);
    }

    private static Counter counter(MeterRegistry registry, String outcome) {
        return Counter.builder("gallery.ingest.events").tag("outcome", outcome)
                .description("Events received by POST /v1/events, by outcome").register(registry);
    }

    void record(EventIngestion.Stored s, int rejectedEvents) {
        stored.increment(s.stored());
        duplicates.increment(s.duplicates());
        spooled.increment(s.spooled());
        rejected.increment(rejectedEvents);
    }

    void refused(int events) {
        refused.increment(events);
    }
}
