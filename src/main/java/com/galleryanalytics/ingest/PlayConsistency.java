package com.galleryanalytics.ingest;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The event contract says every event of a play repeats the play's viewer, location, device,
 * page, category page and playback type: each event is counted in the rows of its own values,
 * so a milestone that omits the country its PLAY gave counts its minutes under "Unknown" and the
 * play splits into two rows. Taking them from the PLAY event instead would need, for most
 * milestones and heartbeats (their PLAY came in an earlier request), a read of the stored PLAY
 * per batch: a cost on every ingest request. So the contract stays, and a batch's answer warns
 * about each event that differs from the PLAY event of its play in the same batch.
 */
public final class PlayConsistency {
    /** Warnings listed per answer; the answer says how many there were in all. */
    static final int MAX_LISTED = 100;
    static final String[] FIELDS = {"userId", "country", "region", "city", "userAgent", "device", "pageUrl",
            "contextCategoryId", "playbackType"};

    /** An event that differs from its play's PLAY event. */
    public record Warning(int index, String eventId, String playId, List<String> fields, String message) {}

    private record Seen(int index, String eventId, String[] values) {}

    private final Map<String, Seen> playEvents = new HashMap<>();
    private final Map<String, List<Seen>> others = new HashMap<>();

    /** Notes an accepted event (index: its place in the body). */
    void see(int index, Event e) {
        if (e.playId().isEmpty() || e.type() == EventType.IMPRESSION) {
            return; // an impression is the player loading, before the play it may lead to
        }
        Seen seen = new Seen(index, e.eventId().isEmpty() ? null : e.eventId(), new String[] {e.userId(), e.country(), e.region(), e.city(), e.userAgent(),
                e.device(), e.pageUrl(), e.contextCategoryId(), e.playbackType()});
        if (e.type() == EventType.PLAY && !playEvents.containsKey(e.playId())) {
            playEvents.put(e.playId(), seen);
        } else {
            others.computeIfAbsent(e.playId(), k -> new ArrayList<>()).add(seen);
        }
    }

    /** Every event that differs from the PLAY event of its play in this batch, in body order. */
    List<Warning> warnings() {
        List<Warning> out = new ArrayList<>();
        for (Map.Entry<String, List<Seen>> play : others.entrySet()) {
            Seen first = playEvents.get(play.getKey());
            if (first == null) {
                continue; // its PLAY came in another batch
            }
            for (Seen s : play.getValue()) {
                List<String> differing = new ArrayList<>();
                for (int k = 0; k < FIELDS.length; k++) {
                    if (!first.values()[k].equals(s.values()[k])) {
                        differing.add(FIELDS[k]);
                    }
                }
                if (!differing.isEmpty()) {
                    String fields = String.join(", ", differing);
                    out.add(new Warning(s.index(), s.eventId(), play.getKey(), differing, "Event " + s.index()
                            + " of play '" + play.getKey() + "' differs from the play's PLAY event (event " + first.index()
                            + ") in " + fields + ": every event of a play must repeat them, or the play's numbers split"
                            + " across rows (a missing value counts under Unknown). It was stored as sent."));
                }
            }
        }
        out.sort(java.util.Comparator.comparingInt(Warning::index));
        return out;
    }
}
