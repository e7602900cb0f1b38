package com.galleryanalytics.generator;

import java.time.LocalDate;
import java.util.Locale;

/**
 * What to generate. Sizes of the catalog follow from the number of events unless given: a
 * bigger account has more entries and users, growing with the square root of its traffic
 * (10M events: 2,000 entries and 100,000 users; 1M events: 632 entries and 31,623 users).
 *
 * @param seed             the only source of randomness
 * @param partnerId        the account's partner id
 * @param events           events to generate in total, the other partners' noise included
 * @param endDate          the day after the last generated day: events cover the 365 days before it
 *                         (UTC), so with today's date the data ends yesterday
 * @param noisePartners    how many other partners share the tables
 * @param noiseShare       their share of all events
 * @param heartbeatSec     seconds between VIEW heartbeats during playback
 * @param eventIds         whether events carry an eventId (time-ordered, like a ULID)
 * @param entries          entries of the account (0: derived from events)
 * @param users            users of the account (0: derived from events)
 */
public record GeneratorConfig(long seed, String partnerId, long events, LocalDate endDate, int noisePartners,
        double noiseShare, int heartbeatSec, boolean eventIds, int entries, int users) {

    public static final long REFERENCE_EVENTS = 10_000_000L;

    public GeneratorConfig {
        if (events < 0) {
            throw new IllegalArgumentException("events must be ≥ 0");
        }
        if (noiseShare < 0 || noiseShare >= 1) {
            throw new IllegalArgumentException("noiseShare must be in [0, 1)");
        }
        if (heartbeatSec < 1) {
            throw new IllegalArgumentException("heartbeatSec must be ≥ 1");
        }
        if (partnerId == null || partnerId.isBlank()) {
            throw new IllegalArgumentException("partnerId is required");
        }
    }

    /** Defaults: 10% noise from two other partners, a heartbeat every 10 s, event ids on. */
    public static GeneratorConfig of(long seed, String partnerId, long events, LocalDate endDate) {
        return new GeneratorConfig(seed, partnerId, events, endDate, 2, 0.10, 10, true, 0, 0);
    }

    public GeneratorConfig withNoise(int partners, double share) {
        return new GeneratorConfig(seed, partnerId, events, endDate, partners, share, heartbeatSec, eventIds, entries, users);
    }

    public GeneratorConfig withEventIds(boolean ids) {
        return new GeneratorConfig(seed, partnerId, events, endDate, noisePartners, noiseShare, heartbeatSec, ids, entries, users);
    }

    public GeneratorConfig withPartner(String partner) {
        return new GeneratorConfig(seed, partner, events, endDate, noisePartners, noiseShare, heartbeatSec, eventIds, entries, users);
    }

    public GeneratorConfig withSizes(int entryCount, int userCount) {
        return new GeneratorConfig(seed, partnerId, events, endDate, noisePartners, noiseShare, heartbeatSec, eventIds,
                entryCount, userCount);
    }

    /** Events of the account itself (the rest is noise). */
    public long accountEvents() {
        return noisePartners == 0 ? events : Math.round(events * (1 - noiseShare));
    }

    public int entryCount() {
        return entries > 0 ? entries : scaled(2_000, 50, accountEvents());
    }

    public int userCount() {
        return users > 0 ? users : scaled(100_000, 200, accountEvents());
    }

    /** The ids of the other partners: {@code <partner>-noise-1}, ... */
    public String noisePartnerId(int i) {
        return partnerId + "-noise-" + (i + 1);
    }

    static int scaled(int atReference, int minimum, long events) {
        return (int) Math.max(minimum, Math.round(atReference * StrictMath.sqrt((double) events / REFERENCE_EVENTS)));
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "seed=%d partner=%s events=%,d endDate=%s noise=%d×%.0f%% heartbeat=%ds ids=%s",
                seed, partnerId, events, endDate, noisePartners, noiseShare * 100, heartbeatSec, eventIds);
    }
}
