package com.galleryanalytics.ingest;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.sql.DataSource;
import org.springframework.stereotype.Repository;

/** Writes events into ClickHouse's raw {@code events} table (the materialized views roll them up). */
@Repository
public class EventRepository {
    static final DateTimeFormatter CLICKHOUSE_TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);
    private static final int ID_CHUNK = 2000;

    private final DataSource dataSource;

    public EventRepository(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** The event ids of {@code ids} that are already stored for the partner. */
    public Set<String> existingIds(String partnerId, Collection<String> ids) throws SQLException {
        Set<String> found = new HashSet<>();
        List<String> list = List.copyOf(ids);
        try (Connection c = dataSource.getConnection()) {
            for (int from = 0; from < list.size(); from += ID_CHUNK) {
                List<String> chunk = list.subList(from, Math.min(list.size(), from + ID_CHUNK));
                String sql = "SELECT DISTINCT event_id FROM event_ids WHERE partner_id = ? AND event_id IN ("
                        + String.join(",", java.util.Collections.nCopies(chunk.size(), "?")) + ")";
                try (PreparedStatement ps = c.prepareStatement(sql)) {
                    ps.setString(1, partnerId);
                    for (int i = 0; i < chunk.size(); i++) {
                        ps.setString(i + 2, chunk.get(i));
                    }
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            found.add(rs.getString(1));
                        }
                    }
                }
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
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("INSERT INTO events (partner_id, event_id, type, event_time,"
                        + " entry_id, play_id, user_id, position_sec, context_category_id, page_url, domain, url,"
                        + " user_agent, device, os, browser, playback_type, country, region, city, received_at)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            for (Event e : events) {
                int i = 1;
                ps.setString(i++, partnerId);
                ps.setString(i++, e.eventId());
                ps.setString(i++, e.type().name());
                ps.setString(i++, CLICKHOUSE_TIME.format(e.time()));
                ps.setString(i++, e.entryId());
                ps.setString(i++, e.playId());
                ps.setString(i++, e.userId());
                ps.setDouble(i++, e.positionSec());
                ps.setString(i++, e.contextCategoryId());
                ps.setString(i++, e.pageUrl());
                ps.setString(i++, e.domain());
                ps.setString(i++, e.url());
                ps.setString(i++, e.userAgent());
                ps.setString(i++, e.device());
                ps.setString(i++, e.os());
                ps.setString(i++, e.browser());
                ps.setString(i++, e.playbackType());
                ps.setString(i++, e.country());
                ps.setString(i++, e.region());
                ps.setString(i++, e.city());
                ps.setString(i, received);
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }
}
