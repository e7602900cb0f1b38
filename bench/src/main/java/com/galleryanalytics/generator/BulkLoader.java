package com.galleryanalytics.generator;

import com.galleryanalytics.ingest.DeviceDetection;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.function.LongConsumer;

/**
 * The bulk path: rows straight into ClickHouse over HTTP as TabSeparated, the catalog tables and
 * the raw {@code events} table (whose materialized views fill the same rollups as the API's
 * inserts). Events are streamed: each INSERT carries up to {@code rowsPerInsert} rows, encoded
 * while they are sent.
 */
public final class BulkLoader {
    private final ClickHouseHttp clickHouse;
    private final StoredRows rows;

    public BulkLoader(ClickHouseHttp clickHouse, DeviceDetection devices, long receivedAtEpochSecond) {
        this.clickHouse = clickHouse;
        this.rows = new StoredRows(devices, receivedAtEpochSecond);
    }

    /** Categories, entries and users of an account, with versions above any earlier write. */
    public void loadCatalog(Account account) {
        long version = System.currentTimeMillis() * 1000;
        StringBuilder sb = new StringBuilder();
        for (var c : account.categories()) {
            StoredRows.appendCategory(sb, account.partnerId(), c, version);
        }
        clickHouse.insert(StoredRows.CATEGORY_COLUMNS, "TabSeparated", sb.toString().getBytes(StandardCharsets.UTF_8));
        sb.setLength(0);
        for (var e : account.entries()) {
            StoredRows.appendEntry(sb, account.partnerId(), e, version);
        }
        clickHouse.insert(StoredRows.ENTRY_COLUMNS, "TabSeparated", sb.toString().getBytes(StandardCharsets.UTF_8));
        sb.setLength(0);
        for (var u : account.users()) {
            StoredRows.appendUser(sb, account.partnerId(), u, version);
        }
        clickHouse.insert(StoredRows.USER_COLUMNS, "TabSeparated", sb.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** Inserts every event of the iterator; returns how many. */
    public long loadEvents(Iterator<GeneratedEvent> events, long rowsPerInsert, LongConsumer progress) {
        long total = 0;
        while (events.hasNext()) {
            TsvStream stream = new TsvStream(events, rowsPerInsert, progress);
            clickHouse.insert(StoredRows.EVENT_COLUMNS, "TabSeparated", () -> stream);
            total += stream.count;
        }
        return total;
    }

    /** The rows of events as TabSeparated bytes, all in memory (for timing an insert alone). */
    public byte[] encode(Iterable<GeneratedEvent> events) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(1 << 20);
        StringBuilder sb = new StringBuilder(1 << 20);
        int n = 0;
        for (GeneratedEvent e : events) {
            rows.appendEvent(sb, e);
            if (++n % 4096 == 0) {
                out.writeBytes(sb.toString().getBytes(StandardCharsets.UTF_8));
                sb.setLength(0);
            }
        }
        out.writeBytes(sb.toString().getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    /** Encodes events lazily as the HTTP client reads. */
    private final class TsvStream extends InputStream {
        private final Iterator<GeneratedEvent> events;
        private final long limit;
        private final LongConsumer progress;
        private final StringBuilder sb = new StringBuilder(1 << 20);
        private byte[] buffer = new byte[0];
        private int position;
        private long count;

        TsvStream(Iterator<GeneratedEvent> events, long limit, LongConsumer progress) {
            this.events = events;
            this.limit = limit;
            this.progress = progress;
        }

        private boolean fill() {
            if (position < buffer.length) {
                return true;
            }
            sb.setLength(0);
            int n = 0;
            while (n < 4096 && count < limit && events.hasNext()) {
                rows.appendEvent(sb, events.next());
                n++;
                count++;
            }
            if (n == 0) {
                return false;
            }
            progress.accept(n);
            buffer = sb.toString().getBytes(StandardCharsets.UTF_8);
            position = 0;
            return true;
        }

        @Override
        public int read() {
            return fill() ? buffer[position++] & 0xff : -1;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (len == 0) {
                return 0;
            }
            if (!fill()) {
                return -1;
            }
            int n = Math.min(len, buffer.length - position);
            System.arraycopy(buffer, position, b, off, n);
            position += n;
            return n;
        }
    }
}
