package com.galleryanalytics.ingest;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The accepted events of one request, each already encoded as the start of its RowBinary row
 * for {@link EventRepository#ROW_COLUMNS}: every column but {@code event_id}, {@code partner_id}
 * and {@code received_at}, which the writer adds (an id may be made at storing, the partner is
 * the caller's, and the time is the insert's). Encoding happens in the request's own thread, so
 * the group commit in {@link EventIngestion} only copies bytes.
 *
 * <p>An event of an NDJSON line is not kept while its request waits for the INSERT (thousands of
 * objects per request the collector would have to carry): when the spool needs it, its line is
 * read again, which gives the same event.
 */
public final class EncodedEvents {
    final Bytes rows;
    private int[] rowEnds;
    private String[] ids;
    /** Each event's UTC day (days since 1970-01-01), where its id is looked up among the stored ones. */
    private int[] days;
    private int size;
    /** The event when it is kept (not of an NDJSON line), else null. */
    private Event[] kept;
    /** For events of NDJSON lines: their line in {@link #body}. */
    private int[] lineFrom;
    private int[] lineTo;
    private final byte[] body;
    private final Instant now;
    private final EventReader reader;
    private final List<Rejection> rejections;
    /** How this batch's events of one play agree with their PLAY event (see {@link PlayConsistency}). */
    final PlayConsistency plays = new PlayConsistency();

    EncodedEvents(int capacity, byte[] body, Instant now, EventReader reader, List<Rejection> rejections) {
        int n = Math.max(1, capacity);
        this.rows = new Bytes(n * 320);
        this.rowEnds = new int[n];
        this.ids = new String[n];
        this.days = new int[n];
        this.kept = new Event[n];
        this.body = body;
        this.now = now;
        this.reader = reader;
        this.rejections = rejections;
    }

    /** Events made elsewhere (the spool): encoded now. */
    public static EncodedEvents of(List<Event> events, List<Rejection> rejections) {
        EncodedEvents out = new EncodedEvents(events.size(), null, null, null, rejections);
        for (Event e : events) {
            out.add(e);
        }
        return out;
    }

    public static EncodedEvents of(List<Event> events) {
        return of(events, List.of());
    }

    /** Adds an event, kept: its row is encoded from it. */
    void add(Event e) {
        encode(rows, e);
        int i = next(e.eventId(), e.time()); // first: it may grow the arrays
        kept[i] = e;
    }

    /** Adds the event of line [from, to) of the body: its row is encoded from it, and it is not kept. */
    void add(Event e, int from, int to) {
        encode(rows, e);
        int i = next(e.eventId(), e.time());
        if (lineFrom == null) {
            lineFrom = new int[rowEnds.length];
            lineTo = new int[rowEnds.length];
        }
        lineFrom[i] = from;
        lineTo[i] = to;
    }

    private int next(String eventId, Instant time) {
        if (size == rowEnds.length) {
            int n = size * 2;
            rowEnds = Arrays.copyOf(rowEnds, n);
            ids = Arrays.copyOf(ids, n);
            days = Arrays.copyOf(days, n);
            kept = Arrays.copyOf(kept, n);
            if (lineFrom != null) {
                lineFrom = Arrays.copyOf(lineFrom, n);
                lineTo = Arrays.copyOf(lineTo, n);
            }
        }
        int i = size++;
        rowEnds[i] = rows.len;
        ids[i] = eventId;
        days[i] = EventRepository.IdOnDay.dayOf(time);
        return i;
    }

    public int size() {
        return size;
    }

    public List<Rejection> rejections() {
        return rejections;
    }

    /** Events that differ from their play's PLAY event in this batch (stored as sent). */
    public List<PlayConsistency.Warning> playWarnings() {
        return plays.warnings();
    }

    String id(int i) {
        return ids[i];
    }

    void id(int i, String id) {
        ids[i] = id;
    }

    /** The UTC day of event {@code i}'s time, in days since 1970-01-01. */
    int day(int i) {
        return days[i];
    }

    int rowFrom(int i) {
        return i == 0 ? 0 : rowEnds[i - 1];
    }

    int rowTo(int i) {
        return rowEnds[i];
    }

    /** The events, with the ids they have now (made ones included), as the spool keeps them. */
    public List<Event> events() {
        List<Event> out = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            Event e = kept[i] != null ? kept[i] : reader.reread(body, lineFrom[i], lineTo[i], now);
            if (!e.eventId().equals(ids[i])) {
                e = new Event(ids[i], e.type(), e.time(), e.entryId(), e.playId(), e.userId(), e.positionSec(),
                        e.contextCategoryId(), e.pageUrl(), e.domain(), e.url(), e.userAgent(), e.device(), e.os(),
                        e.browser(), e.playbackType(), e.country(), e.region(), e.city());
            }
            out.add(e);
        }
        return out;
    }

    /** The row of an event in RowBinary, up to its id: the values of {@link EventRepository#ROW_COLUMNS} before event_id. */
    static void encode(Bytes out, Event e) {
        out.string(e.type().name());
        out.uint32(e.time().getEpochSecond());
        out.string(e.entryId());
        out.string(e.playId());
        out.string(e.userId());
        out.float64(e.positionSec());
        out.string(e.contextCategoryId());
        out.string(e.pageUrl());
        out.string(e.domain());
        out.string(e.url());
        out.string(e.userAgent());
        out.string(e.device());
        out.string(e.os());
        out.string(e.browser());
        out.string(e.playbackType());
        out.string(e.country());
        out.string(e.region());
        out.string(e.city());
    }
}
