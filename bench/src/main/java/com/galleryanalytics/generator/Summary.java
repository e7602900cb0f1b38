package com.galleryanalytics.generator;

import com.galleryanalytics.ingest.EventType;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** Counts of a generated stream, for the command line's report and the tests' sanity checks. */
public final class Summary {
    private final Map<String, Long> byPartner = new TreeMap<>();
    private final Map<EventType, Long> byType = new EnumMap<>(EventType.class);
    private long events;
    private long anonymous;
    private long withContext;
    private long minTime = Long.MAX_VALUE;
    private long maxTime = Long.MIN_VALUE;

    public void add(GeneratedEvent e) {
        events++;
        byPartner.merge(e.partnerId(), 1L, Long::sum);
        byType.merge(e.type(), 1L, Long::sum);
        if (e.anonymous()) {
            anonymous++;
        }
        if (e.contextCategoryId() != null) {
            withContext++;
        }
        minTime = Math.min(minTime, e.epochSecond());
        maxTime = Math.max(maxTime, e.epochSecond());
    }

    public long events() {
        return events;
    }

    public long count(EventType type) {
        return byType.getOrDefault(type, 0L);
    }

    public Map<String, Long> byPartner() {
        return byPartner;
    }

    public double anonymousShare() {
        return events == 0 ? 0 : (double) anonymous / events;
    }

    public double categoryPageShare() {
        return events == 0 ? 0 : (double) withContext / events;
    }

    public long minEpochSecond() {
        return minTime;
    }

    public long maxEpochSecond() {
        return maxTime;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "events %,d", events));
        byPartner.forEach((p, n) -> sb.append(String.format(Locale.ROOT, "%n  partner %-24s %,12d", p, n)));
        byType.forEach((t, n) -> sb.append(String.format(Locale.ROOT, "%n  %-18s %,12d  %5.1f%%", t, n, 100.0 * n / events)));
        sb.append(String.format(Locale.ROOT, "%n  anonymous %.1f%%, on a category page %.1f%%, play/impression %.3f, events per play %.1f",
                100 * anonymousShare(), 100 * categoryPageShare(),
                count(EventType.IMPRESSION) == 0 ? 0 : (double) count(EventType.PLAY) / count(EventType.IMPRESSION),
                count(EventType.PLAY) == 0 ? 0 : (double) (events - count(EventType.IMPRESSION)) / count(EventType.PLAY)));
        if (events > 0) {
            StringBuilder from = new StringBuilder();
            StringBuilder to = new StringBuilder();
            Times.appendIso(from, minTime);
            Times.appendIso(to, maxTime);
            sb.append(String.format(Locale.ROOT, "%n  from %s to %s", from, to));
        }
        return sb.toString();
    }
}
