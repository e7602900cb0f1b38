package com.galleryanalytics.generator;

import com.galleryanalytics.catalog.Category;
import com.galleryanalytics.catalog.Entry;
import com.galleryanalytics.catalog.User;
import com.galleryanalytics.ingest.DeviceDetection;
import com.galleryanalytics.ingest.Event;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Generated events and entities as the rows the service would store: ClickHouse TabSeparated
 * lines for {@code events} (with the derived columns the API computes: domain and URL from the
 * page, device, OS and browser from the user agent, "Unknown" for anonymous viewers, VOD by
 * default) and for the catalog tables. A test holds the derivation to
 * {@link com.galleryanalytics.ingest.EventReader}'s.
 */
public final class StoredRows {
    public static final String EVENT_COLUMNS = "events (partner_id, event_id, type, event_time, entry_id, play_id, user_id,"
            + " position_sec, context_category_id, page_url, domain, url, user_agent, device, os, browser, playback_type,"
            + " country, region, city, received_at)";
    public static final String CATEGORY_COLUMNS = "categories (partner_id, id, name, parent_id, created_at, updated_at, version)";
    public static final String ENTRY_COLUMNS = "entries (partner_id, id, name, creator_id, duration_sec, media_type, source_type,"
            + " tags, category_ids, created_at, updated_at, version)";
    public static final String USER_COLUMNS = "users (partner_id, id, name, version)";

    /** What the API derives from a page URL. */
    public record Page(String domain, String url) {}

    private final DeviceDetection devices;
    private final Map<String, Page> pages = new HashMap<>();
    private final String receivedAt;

    /**
     * @param receivedAtEpochSecond the {@code received_at} of every row
     */
    public StoredRows(DeviceDetection devices, long receivedAtEpochSecond) {
        this.devices = devices;
        StringBuilder sb = new StringBuilder();
        Times.appendClickHouse(sb, receivedAtEpochSecond);
        this.receivedAt = sb.toString();
    }

    /** Domain and URL of a page, as {@code EventReader} derives them. */
    public Page page(String pageUrl) {
        if (pageUrl == null || pageUrl.isEmpty()) {
            return new Page("", "");
        }
        Page cached = pages.get(pageUrl);
        if (cached != null) {
            return cached;
        }
        try {
            URI uri = new URI(pageUrl);
            String domain = uri.getHost().toLowerCase(Locale.ROOT);
            String url = uri.getScheme().toLowerCase(Locale.ROOT) + "://" + domain + (uri.getPort() > 0 ? ":" + uri.getPort() : "")
                    + (uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath());
            Page page = new Page(domain, url);
            if (pages.size() > 200_000) {
                pages.clear();
            }
            pages.put(pageUrl, page);
            return page;
        } catch (URISyntaxException | NullPointerException e) {
            throw new IllegalArgumentException("not an absolute URL: " + pageUrl, e);
        }
    }

    /** The event as the service would store it (for comparisons with {@code EventReader}). */
    public Event stored(GeneratedEvent e) {
        Page page = page(e.pageUrl());
        DeviceDetection.Device d = devices.detect(e.userAgent());
        return new Event(e.eventId() == null ? "" : e.eventId(), e.type(), e.time(), e.entryId(), e.playId() == null ? "" : e.playId(),
                e.userId() == null ? Event.UNKNOWN_USER : e.userId(), Double.isNaN(e.positionSec()) ? 0 : e.positionSec(),
                orEmpty(e.contextCategoryId()), orEmpty(e.pageUrl()), page.domain(), page.url(), orEmpty(e.userAgent()),
                e.device() != null ? e.device() : d.type(), d.os(), d.browser(), e.playbackType() == null ? "VOD" : e.playbackType(),
                orEmpty(e.country()), orEmpty(e.region()), orEmpty(e.city()));
    }

    /** One TabSeparated line of {@link #EVENT_COLUMNS}. */
    public void appendEvent(StringBuilder out, GeneratedEvent e) {
        Page page = page(e.pageUrl());
        DeviceDetection.Device d = devices.detect(e.userAgent());
        tsv(out, e.partnerId()).append('\t');
        tsv(out, e.eventId() == null ? "" : e.eventId()).append('\t');
        out.append(e.type().name()).append('\t');
        Times.appendClickHouse(out, e.epochSecond());
        out.append('\t');
        tsv(out, e.entryId()).append('\t');
        tsv(out, orEmpty(e.playId())).append('\t');
        tsv(out, e.userId() == null ? Event.UNKNOWN_USER : e.userId()).append('\t');
        out.append(Double.isNaN(e.positionSec()) ? 0.0 : e.positionSec()).append('\t');
        tsv(out, orEmpty(e.contextCategoryId())).append('\t');
        tsv(out, orEmpty(e.pageUrl())).append('\t');
        tsv(out, page.domain()).append('\t');
        tsv(out, page.url()).append('\t');
        tsv(out, orEmpty(e.userAgent())).append('\t');
        tsv(out, e.device() != null ? e.device() : d.type()).append('\t');
        tsv(out, d.os()).append('\t');
        tsv(out, d.browser()).append('\t');
        out.append(e.playbackType() == null ? "VOD" : e.playbackType()).append('\t');
        tsv(out, orEmpty(e.country())).append('\t');
        tsv(out, orEmpty(e.region())).append('\t');
        tsv(out, orEmpty(e.city())).append('\t');
        out.append(receivedAt).append('\n');
    }

    public static void appendCategory(StringBuilder out, String partnerId, Category c, long version) {
        tsv(out, partnerId).append('\t');
        tsv(out, c.id()).append('\t');
        tsv(out, c.name()).append('\t');
        tsv(out, c.parentId()).append('\t');
        Times.appendClickHouse(out, c.createdAt().getEpochSecond());
        out.append('\t');
        Times.appendClickHouse(out, c.updatedAt().getEpochSecond());
        out.append('\t').append(version).append('\n');
    }

    public static void appendEntry(StringBuilder out, String partnerId, Entry e, long version) {
        tsv(out, partnerId).append('\t');
        tsv(out, e.id()).append('\t');
        tsv(out, e.name()).append('\t');
        tsv(out, e.creatorId()).append('\t');
        out.append(e.durationSec()).append('\t');
        tsv(out, e.mediaType()).append('\t');
        tsv(out, e.sourceType()).append('\t');
        array(out, e.tags()).append('\t');
        array(out, e.categoryIds()).append('\t');
        Times.appendClickHouse(out, e.createdAt().getEpochSecond());
        out.append('\t');
        Times.appendClickHouse(out, e.updatedAt().getEpochSecond());
        out.append('\t').append(version).append('\n');
    }

    public static void appendUser(StringBuilder out, String partnerId, User u, long version) {
        tsv(out, partnerId).append('\t');
        tsv(out, u.id()).append('\t');
        tsv(out, u.name()).append('\t');
        out.append(version).append('\n');
    }

    private static StringBuilder array(StringBuilder out, List<String> values) {
        out.append('[');
        for (int i = 0; i < values.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            out.append('\'');
            for (char c : values.get(i).toCharArray()) {
                if (c == '\'' || c == '\\') {
                    out.append('\\').append(c); // escaped inside the quoted element
                } else {
                    appendTsvChar(out, c);
                }
            }
            out.append('\'');
        }
        return out.append(']');
    }

    static StringBuilder tsv(StringBuilder out, String s) {
        for (int i = 0; i < s.length(); i++) {
            appendTsvChar(out, s.charAt(i));
        }
        return out;
    }

    private static void appendTsvChar(StringBuilder out, char c) {
        switch (c) {
            case '\\' -> out.append("\\\\");
            case '\t' -> out.append("\\t");
            case '\n' -> out.append("\\n");
            default -> out.append(c);
        }
    }

    private static String orEmpty(String s) {
        return s == null ? "" : s;
    }
}
