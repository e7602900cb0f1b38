package com.galleryanalytics.ingest;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
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
    static final String COLUMNS = "events (partner_id, event_id, type, event_time, entry_id, play_id, user_id, position_sec,"
            + " context_category_id, page_url, domain, url, user_agent, device, os, browser, playback_type, country, region,"
            + " city, received_at)";

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
        StringBuilder tsv = new StringBuilder(ids.size() * 32);
        for (String id : ids) {
            tsv(tsv, id).append('\n');
        }
        ClickHouseExternalData table = new ClickHouseExternalData("ids",
                new ByteArrayInputStream(tsv.toString().getBytes(StandardCharsets.UTF_8))).withStructure("event_id String");
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
        String received = CLICKHOUSE_TIME.format(receivedAt);
        ByteArrayOutputStream body = new ByteArrayOutputStream(events.size() * 400);
        StringBuilder sb = new StringBuilder(1 << 16);
        for (Event e : events) {
            tsv(sb, partnerId).append('\t');
            tsv(sb, e.eventId()).append('\t');
            sb.append(e.type().name()).append('\t');
            sb.append(CLICKHOUSE_TIME.format(e.time())).append('\t');
            tsv(sb, e.entryId()).append('\t');
            tsv(sb, e.playId()).append('\t');
            tsv(sb, e.userId()).append('\t');
            sb.append(e.positionSec()).append('\t');
            tsv(sb, e.contextCategoryId()).append('\t');
            tsv(sb, e.pageUrl()).append('\t');
            tsv(sb, e.domain()).append('\t');
            tsv(sb, e.url()).append('\t');
            tsv(sb, e.userAgent()).append('\t');
            tsv(sb, e.device()).append('\t');
            tsv(sb, e.os()).append('\t');
            tsv(sb, e.browser()).append('\t');
            tsv(sb, e.playbackType()).append('\t');
            tsv(sb, e.country()).append('\t');
            tsv(sb, e.region()).append('\t');
            tsv(sb, e.city()).append('\t');
            sb.append(received).append('\n');
            if (sb.length() > 60_000) {
                body.writeBytes(sb.toString().getBytes(StandardCharsets.UTF_8));
                sb.setLength(0);
            }
        }
        body.writeBytes(sb.toString().getBytes(StandardCharsets.UTF_8));
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.unwrap(ClickHouseStatement.class).write().sendToTable(COLUMNS, new ByteArrayInputStream(body.toByteArray()),
                    ClickHouseFormat.TabSeparated);
        }
    }

    /** A value in TabSeparated: backslash, tab and newline escaped. */
    static StringBuilder tsv(StringBuilder out, String s) {
        int first = 0;
        while (first < s.length() && s.charAt(first) != '\\' && s.charAt(first) >= ' ') {
            first++;
        }
        if (first == s.length()) {
            return out.append(s); // the usual case: nothing to escape, one copy
        }
        out.append(s, 0, first);
        for (int i = first; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '\t' -> out.append("\\t");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                default -> out.append(c);
            }
        }
        return out;
    }

    /** A ClickHouse string literal. */
    static String literal(String s) {
        return "'" + s.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }
}
