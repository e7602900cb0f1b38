package com.galleryanalytics.ingest;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.sql.DataSource;
import org.springframework.stereotype.Repository;
import ru.yandex.clickhouse.ClickHouseExternalData;
import ru.yandex.clickhouse.ClickHouseStatement;
import ru.yandex.clickhouse.domain.ClickHouseFormat;

/**
 * Writes events into ClickHouse's raw {@code events} table (the materialized views roll them up).
 *
 * <p>Both statements send their data as TabSeparated text encoded here, not as bound parameters:
 * the rows of an insert as the INSERT's body, the ids to look up as an external table. The JDBC
 * driver's per-value escaping and its SQL parser over thousands of literals cost more CPU than the
 * rest of ingestion together, and ClickHouse reads an external table of ids through the primary
 * key in a few milliseconds, where a 2,000-literal IN list took tens.
 */
@Repository
public class EventRepository {
    static final DateTimeFormatter CLICKHOUSE_TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);
    /** The columns in the order of the rows written by {@link #insert}: those of {@link EncodedEvents} first. */
    static final String ROW_COLUMNS = "events (type, event_time, entry_id, play_id, user_id, position_sec, context_category_id,"
            + " page_url, domain, url, user_agent, device, os, browser, playback_type, country, region, city, event_id,"
            + " partner_id, received_at)";

    private final DataSource dataSource;

    public EventRepository(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** The event ids of {@code ids} that are already stored for the partner (one statement, the ids as an external table). */
    public Set<String> existingIds(String partnerId, Collection<String> ids) throws SQLException {
        Set<String> found = new HashSet<>();
        if (ids.isEmpty()) {
            return found;
        }
        Bytes tsv = new Bytes(ids.size() * 32);
        for (String id : ids) {
            tsv.tsv(id).put((byte) '\n');
        }
        ClickHouseExternalData table = new ClickHouseExternalData("ids",
                new ByteArrayInputStream(tsv.buf, 0, tsv.len)).withStructure("event_id String");
        String sql = "SELECT DISTINCT event_id FROM event_ids WHERE partner_id = " + literal(partnerId) + " AND event_id IN ids";
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.unwrap(ClickHouseStatement.class).executeQuery(sql, new HashMap<>(), List.of(table))) {
            while (rs.next()) {
                found.add(rs.getString(1));
            }
        }
        return found;
    }

    /** Inserts the events in one request; when this returns, ClickHouse has them. */
    public void insert(String partnerId, List<Event> events, Instant receivedAt) throws SQLException {
        if (events.isEmpty()) {
            return;
        }
        insert(List.of(partnerId), List.of(EncodedEvents.of(events)), null, receivedAt);
    }

    /**
     * Inserts the encoded events of several requests in one request, those of {@code keep} only
     * (null: all); when this returns, ClickHouse has them. The rows are streamed from the
     * requests' buffers, each completed with its id, its partner (that of its request) and the
     * time received.
     */
    void insert(List<String> partners, List<EncodedEvents> batches, List<boolean[]> keep, Instant receivedAt) throws SQLException {
        String received = CLICKHOUSE_TIME.format(receivedAt);
        Map<String, byte[]> tails = new HashMap<>();
        List<byte[]> tail = new ArrayList<>(partners.size());
        for (String partnerId : partners) {
            tail.add(tails.computeIfAbsent(partnerId, p -> {
                Bytes t = new Bytes(64);
                t.put((byte) '\t').tsv(p).put((byte) '\t').ascii(received).put((byte) '\n');
                return t.toArray();
            }));
        }
        RowStream rows = new RowStream(batches, keep, tail);
        if (!rows.any()) {
            return;
        }
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.unwrap(ClickHouseStatement.class).write().sendToTable(ROW_COLUMNS, rows, ClickHouseFormat.TabSeparated);
        }
    }

    /** The TabSeparated body of an insert, made row by row as the driver reads it. */
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
                chunk.tsv(b.id(event));
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

    /** A ClickHouse string literal. */
    static String literal(String s) {
        return "'" + s.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }
}
