package com.galleryanalytics.ingest;

import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.springframework.stereotype.Service;

/**
 * Accepts validated events for a partner: drops repeats of an event id (within the batch and
 * against what is stored), then stores the rest. Batches of one partner that carry event ids
 * are stored one at a time, so two concurrent retries cannot both pass the repeat check.
 */
@Service
public class EventIngestion {
    private static final int STRIPES = 64;
    private final Object[] locks = new Object[STRIPES];
    private final EventRepository repository;

    public EventIngestion(EventRepository repository) {
        this.repository = repository;
        for (int i = 0; i < STRIPES; i++) {
            locks[i] = new Object();
        }
    }

    /** What happened to a batch's valid events. */
    public record Stored(int stored, int duplicates) {}

    public Stored store(String partnerId, List<Event> events) throws SQLException {
        Instant now = Instant.now();
        boolean hasIds = events.stream().anyMatch(e -> !e.eventId().isEmpty());
        if (!hasIds) {
            repository.insert(partnerId, events, now);
            return new Stored(events.size(), 0);
        }
        synchronized (locks[Math.floorMod(partnerId.hashCode(), STRIPES)]) {
            Set<String> ids = new HashSet<>();
            for (Event e : events) {
                if (!e.eventId().isEmpty()) {
                    ids.add(e.eventId());
                }
            }
            Set<String> existing = repository.existingIds(partnerId, ids);
            Set<String> seen = new HashSet<>();
            List<Event> fresh = new ArrayList<>(events.size());
            for (Event e : events) {
                if (e.eventId().isEmpty() || !existing.contains(e.eventId()) && seen.add(e.eventId())) {
                    fresh.add(e);
                }
            }
            repository.insert(partnerId, fresh, now);
            return new Stored(fresh.size(), events.size() - fresh.size());
        }
    }
}
