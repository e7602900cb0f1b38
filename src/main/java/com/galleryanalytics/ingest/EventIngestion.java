package com.galleryanalytics.ingest;

import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.locks.ReentrantLock;
import org.springframework.stereotype.Service;

/**
 * Accepts validated events for a partner: drops repeats of an event id (within the batch and
 * against what is stored), then stores the rest. Batches of one partner are stored one group at a
 * time, so two concurrent retries cannot both pass the repeat check.
 *
 * <p>Group commit: batches that arrive while a partner's previous group is being written wait for
 * the lock; the first to get it writes all of them together, in arrival order, by one INSERT (and
 * one repeat check), and the others find theirs written. Each request
 * still returns only once ClickHouse has its events, with its own counts; a failed INSERT fails
 * every request of its group. ClickHouse pays per INSERT (a new part for the table and for each
 * materialized view), so under load this turns many small inserts into few large ones.
 */
@Service
public class EventIngestion {
    private static final int STRIPES = 64;
    /** Largest group written by one INSERT (events); a bigger batch is written alone. */
    static final int MAX_GROUP = 200_000;

    private final Stripe[] stripes = new Stripe[STRIPES];
    private final EventRepository repository;

    public EventIngestion(EventRepository repository) {
        this.repository = repository;
        for (int i = 0; i < STRIPES; i++) {
            stripes[i] = new Stripe();
        }
    }

    /** What happened to a batch's valid events. */
    public record Stored(int stored, int duplicates) {}

    /** One request's events waiting to be written, and its answer. */
    private record Pending(String partnerId, List<Event> events, CompletableFuture<Stored> result) {}

    /** The partners hashed to one lock: their waiting batches and the lock of whoever writes them. */
    private static final class Stripe {
        final ReentrantLock lock = new ReentrantLock();
        final ConcurrentLinkedQueue<Pending> waiting = new ConcurrentLinkedQueue<>();
    }

    public Stored store(String partnerId, List<Event> events) throws SQLException {
        if (events.isEmpty()) {
            return new Stored(0, 0);
        }
        Stripe stripe = stripes[Math.floorMod(partnerId.hashCode(), STRIPES)];
        Pending mine = new Pending(partnerId, events, new CompletableFuture<>());
        stripe.waiting.add(mine);
        // The first to get the lock writes every batch waiting by then; the others find theirs done.
        stripe.lock.lock();
        try {
            while (!mine.result().isDone()) {
                write(take(stripe));
            }
        } finally {
            stripe.lock.unlock();
        }
        try {
            return mine.result().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SQLException("Interrupted while storing events", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof SQLException sql) {
                throw new SQLException(sql.getMessage(), sql.getSQLState(), sql.getErrorCode(), sql);
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    /** The next group: waiting batches in arrival order, up to {@link #MAX_GROUP} events (at least one batch). */
    private static List<Pending> take(Stripe stripe) {
        List<Pending> group = new ArrayList<>();
        int size = 0;
        Pending p;
        while ((p = stripe.waiting.peek()) != null && (group.isEmpty() || size + p.events().size() <= MAX_GROUP)) {
            stripe.waiting.poll();
            group.add(p);
            size += p.events().size();
        }
        return group;
    }

    /** Writes one group (its partners one after the other); completes each request with its own counts. */
    private void write(List<Pending> group) {
        List<String> partners = group.stream().map(Pending::partnerId).distinct().toList();
        for (String partnerId : partners) {
            List<Pending> mine = group.stream().filter(p -> p.partnerId().equals(partnerId)).toList();
            try {
                Instant now = Instant.now();
                Set<String> ids = new HashSet<>();
                for (Pending p : mine) {
                    for (Event e : p.events()) {
                        if (!e.eventId().isEmpty()) {
                            ids.add(e.eventId());
                        }
                    }
                }
                Set<String> existing = ids.isEmpty() ? Set.of() : repository.existingIds(partnerId, ids);
                Set<String> seen = new HashSet<>();
                List<Event> fresh = new ArrayList<>();
                List<Stored> counts = new ArrayList<>(mine.size());
                for (Pending p : mine) {
                    int kept = 0;
                    for (Event e : p.events()) {
                        if (e.eventId().isEmpty() || !existing.contains(e.eventId()) && seen.add(e.eventId())) {
                            fresh.add(e);
                            kept++;
                        }
                    }
                    counts.add(new Stored(kept, p.events().size() - kept));
                }
                repository.insert(partnerId, fresh, now);
                for (int i = 0; i < mine.size(); i++) {
                    mine.get(i).result().complete(counts.get(i));
                }
            } catch (SQLException | RuntimeException e) {
                for (Pending p : mine) {
                    p.result().completeExceptionally(e);
                }
            }
        }
    }
}
