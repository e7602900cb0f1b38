package com.galleryanalytics.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.galleryanalytics.support.IntegrationTest;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * NDJSON bodies as clients send them, stored (as RowBinary) from many concurrent requests of two
 * partners that use the same event ids, against the real ClickHouse: batches of both partners
 * are written together (one INSERT per group), yet every partner gets each of its ids stored
 * exactly once, the ids of one partner never hide those of the other, the rejected line is named,
 * and the stored rows hold what the API derives (domain, URL, device) and what was sent (escapes,
 * multi-byte and four-byte characters, empty strings). The reader and the ingestion are called as the controller calls them,
 * for partners of this test only (no API key of another test's partner is used).
 */
class NdjsonIngestTest extends IntegrationTest {
    static final String[] PARTNERS = {"ndjson-test-a", "ndjson-test-b"};
    static final int BATCHES = 12;
    static final int PER_BATCH = 300;
    static final int STEP = 250; // batch k holds ids k*STEP .. k*STEP+PER_BATCH-1: 50 repeated in the next
    /** Ids of this run: the test holds against a server that kept the data of an earlier one. */
    static final String RUN = "nd" + Long.toHexString(System.nanoTime() & 0xFFFFFFL);
    static final String UA = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15"
            + " (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1";

    @Autowired
    DataSource dataSource;
    @Autowired
    EventReader reader;
    @Autowired
    EventIngestion ingestion;

    /** What the controller answers for a body: the reader's and the ingestion's counts. */
    record Answer(EncodedEvents batch, EventIngestion.Stored stored) {}

    Answer post(String partner, String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        EncodedEvents batch = reader.read(bytes, bytes.length, Instant.now());
        return new Answer(batch, ingestion.store(partner, batch));
    }

    static String batch(int k) {
        StringBuilder sb = new StringBuilder();
        for (int i = k * STEP; i < k * STEP + PER_BATCH; i++) {
            sb.append("{\"eventId\":\"").append(RUN).append("-").append(i).append("\",\"type\":\"PLAY\",\"time\":\"2026-03-0")
                    .append(1 + i % 9).append("T10:").append(10 + i % 50).append(":05.250Z\",\"entryId\":\"nd-e")
                    .append(i % 7).append("\",\"playId\":\"nd-p").append(i).append("\",\"userId\":\"nd-u").append(i % 11)
                    .append("\",\"positionSec\":").append(i % 3 == 0 ? "0" : "12.5")
                    .append(",\"pageUrl\":\"HTTPS://Shop.Example.COM:8443/a/b?c=").append(i).append("#f\",\"userAgent\":\"")
                    .append(UA).append("\",\"country\":\"BR\",\"region\":\"São Paulo\",\"city\":\"São Paulo\"}\n");
        }
        // without an id (stored, never a repeat), with escapes and four-byte characters, and one rejected
        sb.append("{\"type\":\"IMPRESSION\",\"time\":\"2026-03-02T08:00:00Z\",\"entryId\":\"").append(RUN).append("-noid\"}\n");
        sb.append("{\"eventId\":\"").append(RUN).append("-esc-").append(k).append("\",\"type\":\"IMPRESSION\",\"time\":\"2026-03-02T08:00:00+01:00\","
                + "\"entryId\":\"nd-e\\u0032\",\"city\":\"Tab\\\\City\",\"region\":\"Zürich 😀\\ud83d\\ude00\"}\r\n");
        sb.append("\n{\"eventId\":\"nd-bad-").append(k).append("\",\"type\":\"PAUSE\",\"time\":\"2026-03-02T08:00:00Z\",\"entryId\":\"x\"}\n");
        return sb.toString();
    }

    @Test
    void concurrentBatchesOfTwoPartnersStoreEachIdOncePerPartner() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(12);
        List<Future<Answer>> answers = new ArrayList<>();
        for (int k = 0; k < BATCHES; k++) {
            for (String partner : PARTNERS) {
                String body = batch(k);
                answers.add(pool.submit(() -> post(partner, body)));
            }
        }
        long stored = 0;
        long duplicates = 0;
        for (Future<Answer> f : answers) {
            Answer a = f.get();
            assertThat(a.batch().size()).isEqualTo(PER_BATCH + 2);
            assertThat(a.batch().rejections()).hasSize(1);
            Rejection error = a.batch().rejections().get(0);
            assertThat(error.index()).isEqualTo(PER_BATCH + 2);
            assertThat(error.eventId()).startsWith("nd-bad-");
            assertThat(error.field()).isEqualTo("type");
            assertThat(error.reason()).startsWith("Unknown event type 'PAUSE'");
            assertThat(a.stored().spooled()).isZero();
            stored += a.stored().stored();
            duplicates += a.stored().duplicates();
        }
        pool.shutdown();
        int uniqueIds = (BATCHES - 1) * STEP + PER_BATCH;
        long perPartner = uniqueIds + 2L * BATCHES; // + the event without an id and the escaped one of each batch
        assertThat(stored).isEqualTo(2 * perPartner);
        assertThat(duplicates).isEqualTo(2L * BATCHES * (PER_BATCH + 2) - 2 * perPartner);
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            for (String partner : PARTNERS) {
                try (ResultSet rs = s.executeQuery("SELECT count(), uniqExact(event_id) FROM events WHERE partner_id = '"
                        + partner + "' AND startsWith(event_id, '" + RUN + "-')")) {
                    rs.next();
                    assertThat(rs.getLong(1)).as("events of %s", partner).isEqualTo(uniqueIds + BATCHES);
                    assertThat(rs.getLong(2)).isEqualTo(uniqueIds + BATCHES);
                }
                try (ResultSet rs = s.executeQuery("SELECT count() FROM events WHERE partner_id = '" + partner
                        + "' AND startsWith(event_id, '~') AND entry_id = '" + RUN + "-noid'")) {
                    rs.next();
                    assertThat(rs.getLong(1)).as("events of %s without an id", partner).isEqualTo(BATCHES);
                }
                try (ResultSet rs = s.executeQuery("SELECT type, toString(event_time), entry_id, play_id, user_id, position_sec,"
                        + " page_url, domain, url, device, os, browser, playback_type, country, region, city FROM events"
                        + " WHERE partner_id = '" + partner + "' AND event_id = '" + RUN + "-7'")) {
                    assertThat(rs.next()).isTrue();
                    List<String> row = new ArrayList<>();
                    for (int i = 1; i <= 16; i++) {
                        row.add(rs.getString(i));
                    }
                    assertThat(row).containsExactly("PLAY", "2026-03-08 10:17:05", "nd-e0", "nd-p7", "nd-u7", "12.5",
                            "HTTPS://Shop.Example.COM:8443/a/b?c=7#f", "shop.example.com", "https://shop.example.com:8443/a/b",
                            "MOBILE", "iOS", "Mobile Safari", "VOD", "BR", "São Paulo", "São Paulo");
                }
                try (ResultSet rs = s.executeQuery("SELECT toString(event_time), entry_id, city, device, region, play_id,"
                        + " context_category_id, page_url, position_sec FROM events WHERE partner_id = '"
                        + partner + "' AND event_id = '" + RUN + "-esc-3'")) {
                    assertThat(rs.next()).isTrue();
                    List<String> row = new ArrayList<>();
                    for (int i = 1; i <= 9; i++) {
                        row.add(rs.getString(i));
                    }
                    assertThat(row).containsExactly("2026-03-02 07:00:00", "nd-e2", "Tab\\City", "OTHER", "Zürich 😀😀", "", "",
                            "", "0.0");
                }
            }
        }
    }
}
