package com.galleryanalytics.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * A durable on-disk queue of acknowledged events that could not be written to ClickHouse yet.
 * Each entry is one failed INSERT: its rows in order (of one or several partners), the time they
 * were received and the INSERT's deduplication token, so its replay is the same INSERT and lands
 * exactly once in every table even if the failed attempt landed in part. An entry is one file,
 * written to a temporary name, forced to disk and renamed, so it is either wholly in the spool or
 * not at all; files are read back in the order they were written. The ids of spooled events are
 * kept in memory, so a client's retry of them is a repeat even before they reach ClickHouse.
 * Beyond {@code maxBytes} it refuses new entries: the caller answers 503 rather than drop events.
 */
@Component
public class IngestSpool {
    private static final String NAME = "batch-\\d{19}\\.json";
    private final ObjectMapper mapper = new ObjectMapper();
    private final Path dir;
    private final long maxBytes;
    private final AtomicLong sequence = new AtomicLong();
    private final AtomicLong bytes = new AtomicLong();
    private final AtomicLong batches = new AtomicLong();
    private final AtomicLong events = new AtomicLong();
    /** Ids of the spooled events by partner (generated ids left out: nothing repeats them). */
    private final Map<String, Set<String>> pendingIds = new HashMap<>();

    public IngestSpool(@Value("${gallery.spool.dir:var/spool}") String dir,
            @Value("${gallery.spool.max-bytes:1073741824}") long maxBytes) throws IOException {
        this.dir = Path.of(dir).toAbsolutePath().normalize();
        this.maxBytes = maxBytes;
        Files.createDirectories(this.dir);
        long maxSeq = 0;
        for (Path p : files()) {
            String name = p.getFileName().toString();
            maxSeq = Math.max(maxSeq, Long.parseLong(name.substring(6, name.length() - 5)));
            Entry e = read(p);
            bytes.addAndGet(Files.size(p));
            batches.incrementAndGet();
            events.addAndGet(e.size());
            track(e, true);
        }
        sequence.set(maxSeq);
    }

    /** The spool cannot take an entry: it is full (or its disk failed). */
    public static class SpoolFullException extends RuntimeException {
        public SpoolFullException(String message) {
            super(message);
        }
    }

    /** Consecutive events of one partner within an entry. */
    public record Run(String partnerId, List<Event> events) {}

    /**
     * One spooled INSERT.
     *
     * @param token      the INSERT's deduplication token, sent again with every replay
     * @param checked    whether its events were checked against the ids already stored (when the
     *                   check itself failed, the replay checks first, then spools the result anew)
     * @param notBefore  when it may be replayed: an insert that timed out may still be applied by the
     *                   server, so its replay waits until that insert is surely over
     * @param receivedAt the time received, written into every row
     */
    public record Entry(Path file, String token, boolean checked, Instant notBefore, Instant receivedAt, List<Run> runs) {
        public int size() {
            return runs.stream().mapToInt(r -> r.events().size()).sum();
        }
    }

    /** Adds an entry; throws {@link SpoolFullException} when it does not fit (nothing of it is kept then). */
    public synchronized Entry append(String token, boolean checked, Instant notBefore, Instant receivedAt, List<Run> runs) {
        Entry entry = new Entry(null, token, checked, notBefore, receivedAt, runs);
        byte[] data = encode(entry);
        if (bytes.get() + data.length > maxBytes) {
            throw new SpoolFullException("The ingest spool is full (" + bytes.get() + " bytes) while ClickHouse is"
                    + " unavailable; retry later.");
        }
        Path target = dir.resolve(String.format("batch-%019d.json", sequence.incrementAndGet()));
        write(target, data);
        bytes.addAndGet(data.length);
        batches.incrementAndGet();
        events.addAndGet(entry.size());
        Entry stored = new Entry(target, token, checked, notBefore, receivedAt, runs);
        track(stored, true);
        return stored;
    }

    /** Replaces an entry by another in the same place of the queue (its checked form). */
    public synchronized Entry replace(Entry old, String token, boolean checked, List<Run> runs) {
        Entry entry = new Entry(old.file(), token, checked, old.notBefore(), old.receivedAt(), runs);
        byte[] data = encode(entry);
        try {
            long before = Files.size(old.file());
            write(old.file(), data);
            bytes.addAndGet(data.length - before);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        events.addAndGet(entry.size() - old.size());
        track(old, false);
        track(entry, true);
        return entry;
    }

    /** The oldest spooled entry, if any. */
    public synchronized Optional<Entry> oldest() {
        try {
            List<Path> all = files();
            return all.isEmpty() ? Optional.empty() : Optional.of(read(all.get(0)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Removes an entry once ClickHouse has it. */
    public synchronized void remove(Entry entry) {
        try {
            long size = Files.size(entry.file());
            Files.delete(entry.file());
            bytes.addAndGet(-size);
            batches.decrementAndGet();
            events.addAndGet(-entry.size());
            track(entry, false);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Those of a partner's event ids that wait in the spool. */
    public synchronized Set<String> pending(String partnerId, Collection<String> ids) {
        Set<String> spooled = pendingIds.get(partnerId);
        if (spooled == null || spooled.isEmpty()) {
            return Set.of();
        }
        Set<String> out = new HashSet<>();
        for (String id : ids) {
            if (spooled.contains(id)) {
                out.add(id);
            }
        }
        return out;
    }

    public long batches() {
        return batches.get();
    }

    public long events() {
        return events.get();
    }

    public long bytes() {
        return bytes.get();
    }

    public long maxBytes() {
        return maxBytes;
    }

    private void track(Entry entry, boolean add) {
        for (Run run : entry.runs()) {
            Set<String> ids = pendingIds.computeIfAbsent(run.partnerId(), p -> new HashSet<>());
            for (Event e : run.events()) {
                if (e.eventId().startsWith(EventIngestion.GENERATED_ID_PREFIX)) {
                    continue;
                }
                if (add) {
                    ids.add(e.eventId());
                } else {
                    ids.remove(e.eventId());
                }
            }
            if (ids.isEmpty()) {
                pendingIds.remove(run.partnerId());
            }
        }
    }

    /** Writes a file whole or not at all: a temporary file, forced to disk, renamed over the target. */
    private void write(Path target, byte[] data) {
        Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                    StandardOpenOption.WRITE)) {
                ch.write(java.nio.ByteBuffer.wrap(data));
                ch.force(true);
            }
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
            try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
                d.force(true);
            } catch (IOException ignored) {
                // not every file system syncs directories; the rename is already durable on ext4/xfs
            }
        } catch (IOException e) {
            throw new SpoolFullException("The ingest spool cannot write (" + e.getMessage() + "); retry later.");
        }
    }

    private List<Path> files() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().matches(NAME)).sorted().toList();
        }
    }

    private byte[] encode(Entry entry) {
        ObjectNode root = mapper.createObjectNode();
        root.put("token", entry.token());
        root.put("checked", entry.checked());
        root.put("notBeforeMillis", entry.notBefore().toEpochMilli());
        root.put("receivedAtMillis", entry.receivedAt().toEpochMilli());
        ArrayNode runs = root.putArray("runs");
        for (Run run : entry.runs()) {
            ObjectNode r = runs.addObject();
            r.put("partnerId", run.partnerId());
            ArrayNode list = r.putArray("events");
            for (Event e : run.events()) {
                ObjectNode n = list.addObject();
                n.put("eventId", e.eventId());
                n.put("type", e.type().name());
                n.put("timeMillis", e.time().toEpochMilli());
                n.put("entryId", e.entryId());
                n.put("playId", e.playId());
                n.put("userId", e.userId());
                n.put("positionSec", e.positionSec());
                n.put("contextCategoryId", e.contextCategoryId());
                n.put("pageUrl", e.pageUrl());
                n.put("domain", e.domain());
                n.put("url", e.url());
                n.put("userAgent", e.userAgent());
                n.put("device", e.device());
                n.put("os", e.os());
                n.put("browser", e.browser());
                n.put("playbackType", e.playbackType());
                n.put("country", e.country());
                n.put("region", e.region());
                n.put("city", e.city());
            }
        }
        try {
            return mapper.writeValueAsString(root).getBytes(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * An entry as written; a file of the earlier form (one request's events: {@code partnerId},
     * {@code events}, no token) becomes an entry whose ids are checked at its replay.
     */
    private Entry read(Path file) throws IOException {
        JsonNode root = mapper.readTree(Files.readAllBytes(file));
        Instant notBefore = Instant.ofEpochMilli(root.path("notBeforeMillis").asLong());
        if (!root.has("runs")) {
            return new Entry(file, "spooled-" + file.getFileName(), false, notBefore, notBefore,
                    List.of(new Run(root.path("partnerId").asText(), events(root.path("events")))));
        }
        List<Run> runs = new ArrayList<>();
        for (JsonNode r : root.get("runs")) {
            runs.add(new Run(r.get("partnerId").asText(), events(r.get("events"))));
        }
        return new Entry(file, root.get("token").asText(), root.get("checked").asBoolean(), notBefore,
                Instant.ofEpochMilli(root.get("receivedAtMillis").asLong()), runs);
    }

    private static List<Event> events(JsonNode array) {
        List<Event> list = new ArrayList<>();
        for (JsonNode n : array) {
            list.add(new Event(n.get("eventId").asText(), EventType.valueOf(n.get("type").asText()),
                    Instant.ofEpochMilli(n.get("timeMillis").asLong()), n.get("entryId").asText(), n.get("playId").asText(),
                    n.get("userId").asText(), n.get("positionSec").asDouble(), n.get("contextCategoryId").asText(),
                    n.get("pageUrl").asText(), n.get("domain").asText(), n.get("url").asText(), n.get("userAgent").asText(),
                    n.get("device").asText(), n.get("os").asText(), n.get("browser").asText(),
                    n.get("playbackType").asText(), n.get("country").asText(), n.get("region").asText(),
                    n.get("city").asText()));
        }
        return list;
    }
}
