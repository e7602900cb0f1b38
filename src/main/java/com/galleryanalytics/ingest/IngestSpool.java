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
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * A durable on-disk queue of acknowledged batches that could not be written to ClickHouse yet.
 * Each batch is one file, written to a temporary name, forced to disk and renamed, so a batch is
 * either wholly in the spool or not at all; files are read back in the order they were written.
 * Beyond {@code maxBytes} it refuses new batches: the caller answers 503 rather than drop events.
 */
@Component
public class IngestSpool {
    private final ObjectMapper mapper = new ObjectMapper();
    private final Path dir;
    private final long maxBytes;
    private final AtomicLong sequence = new AtomicLong();
    private final AtomicLong bytes = new AtomicLong();
    private final AtomicLong batches = new AtomicLong();
    private final AtomicLong events = new AtomicLong();

    public IngestSpool(@Value("${gallery.spool.dir:var/spool}") String dir,
            @Value("${gallery.spool.max-bytes:1073741824}") long maxBytes) throws IOException {
        this.dir = Path.of(dir).toAbsolutePath().normalize();
        this.maxBytes = maxBytes;
        Files.createDirectories(this.dir);
        long maxSeq = 0;
        for (Path p : files()) {
            String name = p.getFileName().toString();
            maxSeq = Math.max(maxSeq, Long.parseLong(name.substring(6, name.length() - 5)));
            bytes.addAndGet(Files.size(p));
            batches.incrementAndGet();
            events.addAndGet(read(p).events().size());
        }
        sequence.set(maxSeq);
    }

    /** The spool cannot take a batch: it is full (or its disk failed). */
    public static class SpoolFullException extends RuntimeException {
        public SpoolFullException(String message) {
            super(message);
        }
    }

    /**
     * One spooled batch.
     *
     * @param notBefore when it may be replayed: a batch whose insert timed out may still be applied
     *                  by the server, so its replay waits until that insert is surely over
     */
    public record Batch(Path file, String partnerId, List<Event> events, Instant notBefore) {}

    public synchronized void append(String partnerId, List<Event> batch, Instant notBefore) {
        byte[] data = encode(partnerId, batch, notBefore);
        if (bytes.get() + data.length > maxBytes) {
            throw new SpoolFullException("The ingest spool is full (" + bytes.get() + " bytes) while ClickHouse is"
                    + " unavailable; retry later.");
        }
        long seq = sequence.incrementAndGet();
        Path tmp = dir.resolve(String.format("batch-%019d.tmp", seq));
        Path target = dir.resolve(String.format("batch-%019d.json", seq));
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                ch.write(java.nio.ByteBuffer.wrap(data));
                ch.force(true);
            }
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target);
            }
            try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
                d.force(true);
            } catch (IOException ignored) {
                // not every file system syncs directories; the rename is already durable on ext4/xfs
            }
        } catch (IOException e) {
            throw new SpoolFullException("The ingest spool cannot write (" + e.getMessage() + "); retry later.");
        }
        bytes.addAndGet(data.length);
        batches.incrementAndGet();
        events.addAndGet(batch.size());
    }

    /** The oldest spooled batch, if any. */
    public synchronized java.util.Optional<Batch> oldest() {
        try {
            List<Path> all = files();
            return all.isEmpty() ? java.util.Optional.empty() : java.util.Optional.of(read(all.get(0)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Removes a batch once ClickHouse has it. */
    public synchronized void remove(Batch batch) {
        try {
            long size = Files.size(batch.file());
            Files.delete(batch.file());
            bytes.addAndGet(-size);
            batches.decrementAndGet();
            events.addAndGet(-batch.events().size());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
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

    private List<Path> files() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().matches("batch-\\d{19}\\.json")).sorted().toList();
        }
    }

    private byte[] encode(String partnerId, List<Event> batch, Instant notBefore) {
        ObjectNode root = mapper.createObjectNode();
        root.put("partnerId", partnerId);
        root.put("notBeforeMillis", notBefore.toEpochMilli());
        ArrayNode list = root.putArray("events");
        for (Event e : batch) {
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
        try {
            return mapper.writeValueAsString(root).getBytes(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Batch read(Path file) throws IOException {
        JsonNode root = mapper.readTree(Files.readAllBytes(file));
        List<Event> list = new ArrayList<>();
        for (JsonNode n : root.get("events")) {
            list.add(new Event(n.get("eventId").asText(), EventType.valueOf(n.get("type").asText()),
                    Instant.ofEpochMilli(n.get("timeMillis").asLong()), n.get("entryId").asText(), n.get("playId").asText(),
                    n.get("userId").asText(), n.get("positionSec").asDouble(), n.get("contextCategoryId").asText(),
                    n.get("pageUrl").asText(), n.get("domain").asText(), n.get("url").asText(), n.get("userAgent").asText(),
                    n.get("device").asText(), n.get("os").asText(), n.get("browser").asText(),
                    n.get("playbackType").asText(), n.get("country").asText(), n.get("region").asText(),
                    n.get("city").asText()));
        }
        return new Batch(file, root.get("partnerId").asText(), list,
                Instant.ofEpochMilli(root.get("notBeforeMillis").asLong()));
    }
}
