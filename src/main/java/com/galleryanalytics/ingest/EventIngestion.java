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
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Service;

/**
 * Accepts validated events for a partner, exactly once. Every event gets an id (the client's,
 * or one made here), so a batch can be replayed without counting twice: repeats of an id within
 * the batch and against what is stored are dropped. When ClickHouse is down or too slow the
 * batch goes to the durable {@link IngestSpool} and {@link SpoolDrainer} writes it later;
 * when the spool is full the batch is refused, never dropped.
 */
@Service
public class EventIngestion {
    private static final Logger log = LoggerFactory.getLogger(EventIngestion.class);
    /** Prefix of ids made here; clients' ids cannot collide with them in practice (128 random bits). */
    static final String GENERATED_ID_PREFIX = "~";
    /** How long a batch whose insert timed out waits before its replay (the insert may still land). */
    static final Duration TIMEOUT_GRACE = Duration.ofSeconds(90);
    private static final int STRIPES = 64;

    private final Object[] locks = new Object[STRIPES];
    private final EventRepository repository;
    private final IngestSpool spool;

    public EventIngestion(EventRepository repository, IngestSpool spool) {
        this.repository = repository;
        this.spool = spool;
        for (int i = 0; i < STRIPES; i++) {
            locks[i] = new Object();
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

    public Stored store(String partnerId, List<Event> events) {
        List<Event> identified = withIds(events);
        try {
            return write(partnerId, identified, false);
        } catch (SQLException | DataAccessException e) {
            Instant notBefore = timedOut(e) ? Instant.now().plus(TIMEOUT_GRACE) : Instant.now();
            spool.append(partnerId, identified, notBefore);
            log.warn("ClickHouse write failed ({}); {} events of partner {} kept in the spool", e.getMessage(),
                    identified.size(), partnerId);
            return new Stored(0, 0, identified.size());
        }
    }

    /** Writes a spooled batch (every id checked against what is stored). */
    Stored replay(String partnerId, List<Event> events) throws SQLException {
        return write(partnerId, events, true);
    }

    private Stored write(String partnerId, List<Event> events, boolean replay) throws SQLException {
        boolean clientIds = replay || events.stream().anyMatch(e -> !e.eventId().startsWith(GENERATED_ID_PREFIX));
        if (!clientIds) {
            // ids made here are new: nothing to look up
            repository.insert(partnerId, events, Instant.now());
            return new Stored(events.size(), 0, 0);
        }
        synchronized (locks[Math.floorMod(partnerId.hashCode(), STRIPES)]) {
            Set<String> toCheck = new HashSet<>();
            for (Event e : events) {
                if (replay || !e.eventId().startsWith(GENERATED_ID_PREFIX)) {
                    toCheck.add(e.eventId());
                }
            }
            Set<String> existing = repository.existingIds(partnerId, toCheck);
            Set<String> seen = new HashSet<>();
            List<Event> fresh = new ArrayList<>(events.size());
            for (Event e : events) {
                if (!existing.contains(e.eventId()) && seen.add(e.eventId())) {
                    fresh.add(e);
                }
            }
            repository.insert(partnerId, fresh, Instant.now());
            return new Stored(fresh.size(), events.size() - fresh.size(), 0);
        }
    }

    private static List<Event> withIds(List<Event> events) {
        List<Event> out = new ArrayList<>(events.size());
        ThreadLocalRandom random = ThreadLocalRandom.current();
        for (Event e : events) {
            if (!e.eventId().isEmpty()) {
                out.add(e);
                continue;
            }
            String id = GENERATED_ID_PREFIX + Long.toHexString(random.nextLong()) + Long.toHexString(random.nextLong());
            out.add(new Event(id, e.type(), e.time(), e.entryId(), e.playId(), e.userId(), e.positionSec(),
                    e.contextCategoryId(), e.pageUrl(), e.domain(), e.url(), e.userAgent(), e.device(), e.os(),
                    e.browser(), e.playbackType(), e.country(), e.region(), e.city()));
        }
        return out;
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
