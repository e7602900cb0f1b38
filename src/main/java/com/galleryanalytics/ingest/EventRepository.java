package com.galleryanalytics.ingest;

import com.clickhouse.client.api.Client;
import com.clickhouse.client.api.insert.InsertSettings;
import com.clickhouse.data.ClickHouseFormat;
import com.galleryanalytics.clickhouse.ExternalTableQuery;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.springframework.stereotype.Repository;

/**
 * Writes events into ClickHouse's raw {@code events} table (the materialized views roll them up),
 * through the official client: the rows of an insert are streamed from the requests' buffers as
 * the INSERT's body; the ids to look up go as a table sent with the statement.
 */
@Repository
public class EventRepository {
    /** The columns in the order of the rows written by {@link #insert}: those of {@link EncodedEvents} first. */
    static final List<String> ROW_COLUMNS = List.of("type", "event_time", "entry_id", "play_id", "user_id", "position_sec",
            "context_category_id", "page_url", "domain", "url", "user_agent", "device", "os", "browser", "playback_type",
            "country", "region", "city", "event_id", "partner_id", "received_at");
    private static final long TIMEOUT_SECONDS = 60;

    private final Client client;
    private final ExternalTableQuery externalTables;

    public EventRepository(Client client, ExternalTableQuery externalTables) {
        this.client = client;
        this.externalTables = externalTables;
    }

    /** A client's event id and the UTC day of its event (days since 1970-01-01): where a repeat of it is stored. */
    public record IdOnDay(int day, String id) {
        public static IdOnDay of(Event e) {
            return new IdOnDay(dayOf(e.time()), e.eventId());
        }

        /** The UTC day of a time, in days since 1970-01-01 (the key's {@code day}). */
        static int dayOf(Instant time) {
            return (int) Math.floorDiv(time.getEpochSecond(), 86_400L);
        }
    }

    /**
     * The ids of {@code ids} already stored for the partner on their events' days: one statement,
     * the ids sent along as a table (any number of them), matched through {@code event_ids_by_day}'s
     * primary key within those days only (a retried batch carries the same events, so the same days;
     * the partner's other days are not read however long its history).
     */
    public Set<String> existingIds(String partnerId, Collection<IdOnDay> ids) throws SQLException {
        if (ids.isEmpty()) {
            return new HashSet<>();
        }
        Bytes tsv = new Bytes(ids.size() * 44);
        for (IdOnDay id : ids) {
            tsv.tsv(LocalDate.ofEpochDay(id.day()).toString()).put((byte) '\t').tsv(id.id()).put((byte) '\n');
        }
        return new HashSet<>(externalTables.strings("SELECT DISTINCT event_id FROM event_ids_by_day"
                        + " WHERE partner_id = {partner:String} AND day IN (SELECT day FROM ids)"
                        + " AND (day, event_id) IN (SELECT day, event_id FROM ids)", Map.of("partner", partnerId),
                new ExternalTableQuery.Table("ids", "day Date, event_id String", tsv.buf, tsv.len)));
    }

    /**
     * Inserts the encoded events of several requests in one INSERT, those of {@code keep} only
     * (null: all); when this returns, ClickHouse has them. The rows are streamed from the
     * requests' buffers, each completed with its id, its partner (that of its request) and the
     * time received. The same token with the same rows is written once, however often it is sent.
     */
    void insert(List<String> partners, List<EncodedEvents> batches, List<boolean[]> keep, Instant receivedAt, String token)
            throws SQLException {
        long received = receivedAt.getEpochSecond();
        Map<String, byte[]> tails = new HashMap<>();
        List<byte[]> tail = new ArrayList<>(partners.size());
        for (String partnerId : partners) {
            tail.add(tails.computeIfAbsent(partnerId, p -> new Bytes(64).string(p).uint32(received).toArray()));
        }
        RowStream rows = new RowStream(batches, keep, tail);
        if (!rows.any()) {
            return;
        }
        InsertSettings settings = new InsertSettings().setDeduplicationToken(token);
        try {
            client.insert("events", ROW_COLUMNS, rows.asWriter(), ClickHouseFormat.RowBinary, settings)
                    .get(TIMEOUT_SECONDS, TimeUnit.SECONDS).close();
        } catch (Exception e) {
            throw sqlException("Inserting events", e);
        }
    }

    /** An SQLException (what ingestion's callers expect of a failed write) carrying the cause and ClickHouse's code. */
    static SQLException sqlException(String what, Exception e) {
        Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
        if (e instanceof InterruptedException) {
            Thread.currentThread().interrupt();
        }
        int code = cause instanceof com.clickhouse.client.api.ServerException se ? se.getCode() : 0;
        String message = e instanceof TimeoutException ? what + " timed out" : what + " failed: " + cause.getMessage();
        return new SQLException(message, null, code, cause);
    }

    /** The RowBinary body of an insert, made row by row as the client writes it. */
    private static final class RowStream extends InputStream {
        private static final int CHUNK = 1 << 16;
        private final List<EncodedEvents> batches;
        private final List<boolean[]> keep;
        private final List<byte[]> tails;
        private final Bytes chunk = new Bytes(CHUNK + 1024);
        private int pos;
        private int batch;
        private int event;

        RowStream(List<EncodedEvents> batches, List<boolean[]> keep, List<byte[]> tails) {
            this.batches = batches;
            this.keep = keep;
            this.tails = tails;
            skipDropped();
        }

        boolean any() {
            return batch < batches.size();
        }

        /** Writes the rows to the request; a retry of the request writes them again from the start. */
        com.clickhouse.client.api.DataStreamWriter asWriter() {
            return new com.clickhouse.client.api.DataStreamWriter() {
                @Override
                public void onOutput(OutputStream out) throws IOException {
                    transferTo(out);
                }

                @Override
                public void onRetry() {
                    rewind();
                }
            };
        }

        private void rewind() {
            batch = 0;
            event = 0;
            chunk.len = 0;
            pos = 0;
            skipDropped();
        }

        /** Moves to the next event to write, if the current one is dropped. */
        private void skipDropped() {
            while (batch < batches.size()) {
                EncodedEvents b = batches.get(batch);
                if (event >= b.size()) {
                    batch++;
                    event = 0;
                } else if (keep != null && !keep.get(batch)[event]) {
                    event++;
                } else {
                    return;
                }
            }
        }

        private boolean fill() {
            chunk.len = 0;
            pos = 0;
            while (chunk.len < CHUNK && batch < batches.size()) {
                EncodedEvents b = batches.get(batch);
                chunk.put(b.rows.buf, b.rowFrom(event), b.rowTo(event));
                chunk.string(b.id(event));
                chunk.put(tails.get(batch));
                event++;
                skipDropped();
            }
            return chunk.len > 0;
        }

        @Override
        public int read() {
            if (pos == chunk.len && !fill()) {
                return -1;
            }
            return chunk.buf[pos++] & 0xFF;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (len == 0) {
                return 0;
            }
            if (pos == chunk.len && !fill()) {
                return -1;
            }
            int n = Math.min(len, chunk.len - pos);
            System.arraycopy(chunk.buf, pos, b, off, n);
            pos += n;
            return n;
        }
    }
}
