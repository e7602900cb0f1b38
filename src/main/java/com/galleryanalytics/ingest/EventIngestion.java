package com.galleryanalytics.ingest;

import java.net.SocketTimeoutException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Service;

/**
 * Accepts validated events for a partner, exactly once. Every event gets an id (the client's,
 * or one made here), so a batch can be replayed without counting twice: repeats of a client's id
 * within the batch and against what is stored are dropped. When ClickHouse is down or too slow
 * the batch goes to the durable {@link IngestSpool} and {@link SpoolDrainer} writes it later;
 * when the spool is full the batch is refused, never dropped.
 *
 * <p>Group commit: batches of a partner that arrive while its previous group is being written
 * wait for the lock; the first to get it writes all of them together, in arrival order, by one
 * INSERT (and one repeat check), and the others find theirs written. Each request still returns
 * only once ClickHouse (or the spool) has its events, with its own counts. ClickHouse pays per
 * INSERT (a new part for the table and each materialized view), so under load this turns many
 * small inserts into few large ones.
 */
@Service
public class EventIngestion {
    private static final Logger log = LoggerFactory.getLogger(EventIngestion.class);
    /** Prefix of ids made here; clients' ids cannot collide with them in practice (128 random bits). */
    static final String GENERATED_ID_PREFIX = "~";
    /** How long a batch whose insert timed out waits before its replay (the insert may still land). */
    static final Duration TIMEOUT_GRACE = Duration.ofSeconds(90);
    /** Largest group written by one INSERT (events); a bigger batch is written alone. */
    static final int MAX_GROUP = 200_000;
    private static final int STRIPES = 64;

    private final Stripe[] stripes = new Stripe[STRIPES];
    private final EventRepository repository;
    private final IngestSpool spool;

    public EventIngestion(EventRepository repository, IngestSpool spool) {
        this.repository = repository;
        this.spool = spool;
        for (int i = 0; i < STRIPES; i++) {
            stripes[i] = new Stripe();
        }
    }

    /**
     * What happened to a batch's valid events.
     *
     * @param stored     events written to ClickHouse now
     * @param duplicates events dropped as repeats of an id already stored or earlier in the batch
     * @param spooled    events kept in the spool, written to ClickHouse when it is back
     */
    public record Stored(int stored, int duplicates, int spooled) {}

    /** One request's events waiting to be written, and its answer. */
    private record Pending(String partnerId, EncodedEvents events, CompletableFuture<Stored> result) {}

    /** The partners hashed to one lock: their waiting batches and the lock of whoever writes them. */
    private static final class Stripe {
        final ReentrantLock lock = new ReentrantLock();
        final ConcurrentLinkedQueue<Pending> waiting = new ConcurrentLinkedQueue<>();
    }

    public Stored store(String partnerId, List<Event> events) {
        if (events.isEmpty()) {
            return new Stored(0, 0, 0);
        }
        return store(partnerId, EncodedEvents.of(events));
    }

    /** Stores a request's events, already encoded (see {@link EventReader#read(byte[], int, Instant)}). */
    public Stored store(String partnerId, EncodedEvents events) {
        if (events.size() == 0) {
            return new Stored(0, 0, 0);
        }
        withIds(events);
        try {
            return grouped(partnerId, events);
        } catch (SQLException | DataAccessException e) {
            Instant notBefore = timedOut(e) ? Instant.now().plus(TIMEOUT_GRACE) : Instant.now();
            List<Event> identified = events.events();
            spool.append(partnerId, identified, notBefore);
            log.warn("ClickHouse write failed ({}); {} events of partner {} kept in the spool", e.getMessage(),
                    identified.size(), partnerId);
            return new Stored(0, 0, identified.size());
        }
    }

    /** Writes a spooled batch, every id checked against what is stored. */
    Stored replay(String partnerId, List<Event> events) throws SQLException {
        Stripe stripe = stripe(partnerId);
        stripe.lock.lock();
        try {
            Set<String> ids = new HashSet<>();
            events.forEach(e -> ids.add(e.eventId()));
            Set<String> existing = repository.existingIds(partnerId, ids);
            Set<String> seen = new HashSet<>();
            List<Event> fresh = new ArrayList<>(events.size());
            for (Event e : events) {
                if (!existing.contains(e.eventId()) && seen.add(e.eventId())) {
                    fresh.add(e);
                }
            }
            repository.insert(partnerId, fresh, Instant.now());
            return new Stored(fresh.size(), events.size() - fresh.size(), 0);
        } finally {
            stripe.lock.unlock();
        }
    }

    private Stripe stripe(String partnerId) {
        return stripes[Math.floorMod(partnerId.hashCode(), STRIPES)];
    }

    private Stored grouped(String partnerId, EncodedEvents events) throws SQLException {
        Stripe stripe = stripe(partnerId);
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
            if (e.getCause() instanceof DataAccessException dae) {
                throw dae;
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
                // repeats within the group: only an id's first event may be kept
                int total = 0;
                for (Pending p : mine) {
                    total += p.events().size();
                }
                Set<String> seen = HashSet.newHashSet(total);
                List<boolean[]> first = new ArrayList<>(mine.size());
                // only clients' ids can repeat what is stored: ids made here are new
                List<String> lookup = new ArrayList<>(total);
                for (Pending p : mine) {
                    EncodedEvents events = p.events();
                    boolean[] isFirst = new boolean[events.size()];
                    for (int i = 0; i < events.size(); i++) {
                        String id = events.id(i);
                        if (seen.add(id)) {
                            isFirst[i] = true;
                            if (!id.startsWith(GENERATED_ID_PREFIX)) {
                                lookup.add(id);
                            }
                        }
                    }
                    first.add(isFirst);
                }
                Set<String> existing = lookup.isEmpty() ? Set.of() : repository.existingIds(partnerId, lookup);
                List<EncodedEvents> batches = new ArrayList<>(mine.size());
                List<boolean[]> keep = new ArrayList<>(mine.size());
                List<Stored> counts = new ArrayList<>(mine.size());
                for (int k = 0; k < mine.size(); k++) {
                    EncodedEvents events = mine.get(k).events();
                    boolean[] kept = first.get(k);
                    int n = 0;
                    for (int i = 0; i < events.size(); i++) {
                        if (kept[i] && (existing.isEmpty() || !existing.contains(events.id(i)))) {
                            n++;
                        } else {
                            kept[i] = false;
                        }
                    }
                    batches.add(events);
                    keep.add(kept);
                    counts.add(new Stored(n, events.size() - n, 0));
                }
                repository.insert(partnerId, batches, keep, Instant.now());
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

    /** Gives every event without an id one made here. */
    private static void withIds(EncodedEvents events) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        for (int i = 0; i < events.size(); i++) {
            if (events.id(i).isEmpty()) {
                events.id(i, GENERATED_ID_PREFIX + Long.toHexString(random.nextLong()) + Long.toHexString(random.nextLong()));
            }
        }
    }

    /**
     * Whether the insert may have reached ClickHouse although it failed: a read timed out after it
     * was sent. No connection from the pool ("Connection is not available, request timed out") or
     * no TCP connection means nothing was sent, so the batch may be replayed at once.
     */
    static boolean timedOut(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLTransientConnectionException || t instanceof java.net.ConnectException
                    || t.getClass().getSimpleName().equals("ConnectTimeoutException")) {
                return false;
            }
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SocketTimeoutException || t.getMessage() != null && t.getMessage().contains("timed out")) {
                return true;
            }
        }
        return false;
    }
}
