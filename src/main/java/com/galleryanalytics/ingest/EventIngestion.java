package com.galleryanalytics.ingest;

import com.galleryanalytics.analytics.Futures;
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
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * Accepts validated events for a partner, exactly once. Every event gets an id (the client's,
 * or one made here), so a batch can be sent again without counting twice: repeats of a client's
 * id within the batch, against what is stored and against what waits in the spool are dropped.
 * Every INSERT carries a deduplication token; when it fails (ClickHouse down, dying or too slow)
 * its rows go to the durable {@link IngestSpool} as one entry with that token, and
 * {@link SpoolDrainer} replays the same INSERT later: ClickHouse writes it where the failed attempt
 * did not land (a table, a materialized view's target) and skips it where it did. When the spool
 * is full the batch is refused, never dropped.
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
    /** How long a batch whose insert timed out waits before its replay (the insert may still be running). */
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
     * @param duplicates events dropped as repeats of an id already stored, spooled or earlier in the batch
     * @param spooled    events kept in the spool, written to ClickHouse when it is back
     */
    public record Stored(int stored, int duplicates, int spooled) {}

    /** One request's events waiting to be written, and its answer. */
    private record Pending(String partnerId, EncodedEvents events, CompletableFuture<Stored> result) {}

    /** The waiting batches and the lock of whoever writes them (or replays the spool). */
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

    /**
     * Stores a request's events, already encoded (see {@link EventReader#read(byte[], int, Instant)}):
     * in ClickHouse, or in the spool when ClickHouse cannot take them now.
     *
     * @throws IngestSpool.SpoolFullException when they had to be spooled and the spool is full
     */
    public Stored store(String partnerId, EncodedEvents events) {
        if (events.size() == 0) {
            return new Stored(0, 0, 0);
        }
        withIds(events);
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
        return Futures.join(mine.result());
    }

    /**
     * Writes a spooled entry: the same INSERT with the same token. An entry whose events were not
     * checked against the stored ids (the check failed) is checked first and spooled again in its
     * checked form before it is sent, so every attempt of its INSERT has the same rows. Removes it
     * from the spool once ClickHouse has it.
     */
    Stored replay(IngestSpool.Entry entry) throws SQLException {
        stripe.lock.lock();
        try {
            int unchecked = entry.size();
            if (!entry.checked()) {
                List<IngestSpool.Run> runs = new ArrayList<>();
                Map<String, Set<String>> existing = new HashMap<>();
                for (IngestSpool.Run run : entry.runs()) {
                    Set<String> stored = existing.computeIfAbsent(run.partnerId(), k -> new HashSet<>());
                    stored.addAll(repository.existingIds(run.partnerId(), run.events().stream().map(EventRepository.IdOnDay::of).toList()));
                    List<Event> fresh = run.events().stream().filter(e -> !stored.contains(e.eventId())).toList();
                    if (!fresh.isEmpty()) {
                        runs.add(new IngestSpool.Run(run.partnerId(), fresh));
                    }
                }
                entry = spool.replace(entry, UUID.randomUUID().toString(), true, runs);
            }
            List<String> partners = new ArrayList<>();
            List<EncodedEvents> batches = new ArrayList<>();
            for (IngestSpool.Run run : entry.runs()) {
                partners.add(run.partnerId());
                batches.add(EncodedEvents.of(run.events()));
            }
            repository.insert(partners, batches, null, entry.receivedAt(), entry.token());
            spool.remove(entry);
            return new Stored(entry.size(), unchecked - entry.size(), 0);
        } finally {
            stripe.lock.unlock();
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
     * group is kept unless the partner has it stored or spooled already. When the check or the
     * INSERT fails, the group's rows are spooled as one entry (unchecked or with the INSERT's
     * token) and each request is answered "spooled".
     */
    private void write(List<Pending> group) {
        String token = UUID.randomUUID().toString();
        Instant received = Instant.now();
        List<boolean[]> keep = firstOfEachId(group);
        boolean checked = false;
        try {
            Map<String, Set<String>> repeats = repeats(group, keep);
            drop(group, keep, repeats);
            checked = true;
            List<String> partners = group.stream().map(Pending::partnerId).toList();
            List<EncodedEvents> batches = group.stream().map(Pending::events).toList();
            repository.insert(partners, batches, keep, received, token);
            complete(group, keep, false);
        } catch (SQLException | RuntimeException e) {
            Instant notBefore = checked && timedOut(e) ? Instant.now().plus(TIMEOUT_GRACE) : Instant.now();
            try {
                spool.append(token, checked, notBefore, received, runs(group, keep));
            } catch (RuntimeException full) {
                group.forEach(p -> p.result().completeExceptionally(full));
                return;
            }
            int n = keep.stream().mapToInt(EventIngestion::count).sum();
            log.warn("ClickHouse write failed ({}); {} events of {} requests kept in the spool", e.getMessage(), n, group.size());
            complete(group, keep, true);
        }
    }

    /** For each request, which events are the first of their id (per partner) in the group. */
    private static List<boolean[]> firstOfEachId(List<Pending> group) {
        int size = group.stream().mapToInt(p -> p.events().size()).sum();
        Map<String, Set<String>> seen = new HashMap<>();
        List<boolean[]> keep = new ArrayList<>(group.size());
        for (Pending p : group) {
            Set<String> partnerSeen = seen.computeIfAbsent(p.partnerId(), k -> HashSet.newHashSet(size));
            EncodedEvents events = p.events();
            boolean[] first = new boolean[events.size()];
            for (int i = 0; i < events.size(); i++) {
                first[i] = partnerSeen.add(events.id(i));
            }
            keep.add(first);
        }
        return keep;
    }

    /** The clients' ids of kept events that each partner has stored or spooled already (one statement per partner). */
    private Map<String, Set<String>> repeats(List<Pending> group, List<boolean[]> keep) throws SQLException {
        Map<String, List<EventRepository.IdOnDay>> lookup = new HashMap<>();
        for (int k = 0; k < group.size(); k++) {
            Pending p = group.get(k);
            List<EventRepository.IdOnDay> ids = lookup.computeIfAbsent(p.partnerId(), x -> new ArrayList<>());
            for (int i = 0; i < p.events().size(); i++) {
                String id = p.events().id(i);
                // only clients' ids can repeat what is stored: ids made here are new
                if (keep.get(k)[i] && !id.startsWith(GENERATED_ID_PREFIX)) {
                    ids.add(new EventRepository.IdOnDay(p.events().day(i), id));
                }
            }
        }
        Map<String, Set<String>> repeats = new HashMap<>();
        for (Map.Entry<String, List<EventRepository.IdOnDay>> e : lookup.entrySet()) {
            if (e.getValue().isEmpty()) {
                continue;
            }
            Set<String> found = new HashSet<>(repository.existingIds(e.getKey(), e.getValue()));
            found.addAll(spool.pending(e.getKey(), e.getValue().stream().map(EventRepository.IdOnDay::id).toList()));
            repeats.put(e.getKey(), found);
        }
        return repeats;
    }

    private static void drop(List<Pending> group, List<boolean[]> keep, Map<String, Set<String>> repeats) {
        for (int k = 0; k < group.size(); k++) {
            Set<String> found = repeats.getOrDefault(group.get(k).partnerId(), Set.of());
            if (found.isEmpty()) {
                continue;
            }
            EncodedEvents events = group.get(k).events();
            boolean[] kept = keep.get(k);
            for (int i = 0; i < events.size(); i++) {
                if (kept[i] && found.contains(events.id(i))) {
                    kept[i] = false;
                }
            }
        }
    }

    /** Answers each request with its own counts: its kept events stored or spooled, the rest repeats. */
    private static void complete(List<Pending> group, List<boolean[]> keep, boolean spooled) {
        for (int k = 0; k < group.size(); k++) {
            Pending p = group.get(k);
            int n = count(keep.get(k));
            int repeats = p.events().size() - n;
            p.result().complete(spooled ? new Stored(0, repeats, n) : new Stored(n, repeats, 0));
        }
    }

    /** The kept events of the group in INSERT order, as runs of one partner each (for the spool). */
    private static List<IngestSpool.Run> runs(List<Pending> group, List<boolean[]> keep) {
        List<IngestSpool.Run> runs = new ArrayList<>();
        for (int k = 0; k < group.size(); k++) {
            List<Event> all = group.get(k).events().events();
            boolean[] kept = keep.get(k);
            List<Event> events = new ArrayList<>();
            for (int i = 0; i < all.size(); i++) {
                if (kept[i]) {
                    events.add(all.get(i));
                }
            }
            if (!events.isEmpty()) {
                runs.add(new IngestSpool.Run(group.get(k).partnerId(), events));
            }
        }
        return runs;
    }

    private static int count(boolean[] flags) {
        int n = 0;
        for (boolean f : flags) {
            if (f) {
                n++;
            }
        }
        return n;
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
     * Whether the insert may still be running although it failed: a read timed out after it was
     * sent. No connection ("Connection refused", a connect timeout) means nothing was sent, and a
     * server that died ends its inserts with it, so those entries may be replayed at once.
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
