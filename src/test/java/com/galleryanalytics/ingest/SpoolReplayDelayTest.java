package com.galleryanalytics.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import org.junit.jupiter.api.Test;

/**
 * Which failed writes hold their spooled batch back for {@link EventIngestion#TIMEOUT_GRACE}: only
 * those whose insert may still land (a read timed out after the insert was sent). When no
 * connection could be had at all, nothing was sent and the batch is replayed as soon as
 * ClickHouse is back (the fault drill of IngestFaultTest waits for exactly that).
 */
class SpoolReplayDelayTest {
    @Test
    void aReadTimeoutAfterTheInsertWasSentDelaysTheReplay() {
        assertThat(EventIngestion.timedOut(new SQLException("insert failed", new SocketTimeoutException("Read timed out"))))
                .isTrue();
    }

    @Test
    void noConnectionFromThePoolMeansNothingWasSent() {
        // HikariCP's message while ClickHouse is down; it says "timed out" but no insert was sent.
        assertThat(EventIngestion.timedOut(new SQLTransientConnectionException(
                "clickhouse-write - Connection is not available, request timed out after 3000ms"))).isFalse();
    }

    @Test
    void aRefusedConnectionMeansNothingWasSent() {
        assertThat(EventIngestion.timedOut(new SQLException("ClickHouse exception, code: 210",
                new ConnectException("Connection refused")))).isFalse();
    }
}
