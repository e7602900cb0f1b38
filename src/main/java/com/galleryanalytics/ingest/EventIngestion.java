package com.galleryanalytics.ingest;

import java.net.SocketTimeoutException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
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
 * <p>Group commit: batches that arrive while the previous group is being written wait for the
 * lock; the first to get it writes all of them together, in arrival order, by one INSERT (and one
 * repeat check per partner), and the others find theirs written. Each request still returns only
 * once ClickHouse (or the spool) has its events, with its own counts. ClickHouse pays per INSERT
 * (a new part for the table and each materialized view, about as much for 5,000 rows as for
 * 40,000), so under load this turns many small inserts into few large ones, the batches of
 * small partners riding along with those of big ones.
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
    private final Stripe stripe = new Stripe();
    private final EventRepository repository;
    private final IngestSpool spool;

    public EventIngestion(EventRepository repository, IngestSpool spool) {
        this.repository = repository;
        this.spool = spool;
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

    /** The waiting batches and the lock of whoever writes them. */
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

    /** One for all partners: a group is written by one INSERT whatever partners it holds. */
    private Stripe stripe(String partnerId) {
        return stripe;
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

    /**
     * Writes one group, all its partners by one INSERT (each row carries its partner); completes
     * each request with its own counts. Repeats are judged per partner: an id's first event in the
     * group is kept unless the partner has it stored already.
     */
    private void write(List<Pending> group) {
        try {
            int total = 0;
            for (Pending p : group) {
                total += p.events().size();
            }
            int size = total;
            Map<String, Set<String>> seen = new HashMap<>();
            Map<String, List<String>> lookup = new HashMap<>();
            List<boolean[]> keep = new ArrayList<>(group.size());
            for (Pending p : group) {
                EncodedEvents events = p.events();
                Set<String> partnerSeen = seen.computeIfAbsent(p.partnerId(), k -> HashSet.newHashSet(size));
                List<String> partnerLookup = lookup.computeIfAbsent(p.partnerId(), k -> new ArrayList<>(size));
                boolean[] first = new boolean[events.size()];
                for (int i = 0; i < events.size(); i++) {
                    String id = events.id(i);
                    if (partnerSeen.add(id)) {
                        first[i] = true;
                        // only clients' ids can repeat what is stored: ids made here are new
                        if (!id.startsWith(GENERATED_ID_PREFIX)) {
                            partnerLookup.add(id);
                        }
                    }
                }
                keep.add(first);
            }
            Map<String, Set<String>> existing = new HashMap<>();
            for (Map.Entry<String, List<String>> e : lookup.entrySet()) {
                existing.put(e.getKey(), e.getValue().isEmpty() ? Set.of() : repository.existingIds(e.getKey(), e.getValue()));
            }
            List<String> partners = new ArrayList<>(group.size());
            List<EncodedEvents> batches = new ArrayList<>(group.size());
            List<Stored> counts = new ArrayList<>(group.size());
            for (int k = 0; k < group.size(); k++) {
                Pending p = group.get(k);
                EncodedEvents events = p.events();
                Set<String> stored = existing.get(p.partnerId());
                boolean[] kept = keep.get(k);
                int n = 0;
                for (int i = 0; i < events.size(); i++) {
                    if (kept[i] && (stored.isEmpty() || !stored.contains(events.id(i)))) {
                        n++;
                    } else {
                        kept[i] = false;
                    }
                }
                partners.add(p.partnerId());
                batches.add(events);
                counts.add(new Stored(n, events.size() - n, 0));
            }
            repository.insert(partners, batches, keep, Instant.now());
            for (int i = 0; i < group.size(); i++) {
                group.get(i).result().complete(counts.get(i));
            }
        } catch (SQLException | RuntimeException e) {
            for (Pending p : group) {
                p.result().completeExceptionally(e);
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
