package com.galleryanalytics.generator;

import com.galleryanalytics.ingest.EventType;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The viewing sessions of one partner, day by day. A session: a viewer (a known user, Zipf by
 * loyalty, or anonymous) at a time of day that follows the evening peak of the viewer's own time
 * zone, opens a page (the partner's own sites: media pages, category pages, the home page; or an
 * embed on another site, Zipf by domain) with an entry (Zipf by popularity, only once it exists,
 * with a few viral days). The player loads (IMPRESSION); often the viewer presses play (PLAY),
 * watches part of it (heartbeat VIEW events with the playhead; PLAY_REACHED_25/50/75/100 as the
 * quartiles pass; early exits are common) and sometimes replays it (a new play, no new impression).
 */
final class Traffic {
    private static final double ANONYMOUS_SHARE = 0.30;
    private static final double[] LOCAL_HOUR_WEIGHTS = {0.30, 0.20, 0.14, 0.10, 0.09, 0.12, 0.25, 0.45, 0.65, 0.75,
        0.80, 0.85, 0.95, 0.92, 0.88, 0.88, 0.92, 1.05, 1.25, 1.45, 1.55, 1.40, 1.00, 0.60};
    private static final double MAX_HOUR_WEIGHT = 1.55;
    private static final char[] CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ".toCharArray();

    private record Viral(int day, int entry) {}

    private final Account account;
    private final long seed;
    private final int partnerIndex;
    private final long target;
    private final int heartbeatSec;
    private final boolean eventIds;
    private final long windowStart;
    private final long windowEnd;
    private final double[] cumulativeShare;
    private final Weighted entryRanks;
    private final Weighted userRanks;
    private final Weighted places = new Weighted(Geo.PLACE_WEIGHTS);
    private final Weighted agents = new Weighted(UserAgents.WEIGHTS);
    private final Weighted articles = Weighted.zipf(300, 1.0);
    private final List<Viral> virals;
    private long generated;

    Traffic(Account account, long seed, int partnerIndex, long target, int heartbeatSec, boolean eventIds, LocalDate windowStartDay,
            int days) {
        this.account = account;
        this.seed = seed;
        this.partnerIndex = partnerIndex;
        this.target = target;
        this.heartbeatSec = heartbeatSec;
        this.eventIds = eventIds;
        this.windowStart = windowStartDay.toEpochDay() * 86_400L;
        this.windowEnd = windowStart + days * 86_400L;
        this.entryRanks = Weighted.zipf(account.entries.size(), 1.05);
        this.userRanks = Weighted.zipf(account.users.size(), 0.9);
        SplittableRandom random = new SplittableRandom(Seeds.mix(seed, partnerIndex, 0x7A4F1CL));
        int entries = account.entries.size();
        this.virals = entries <= 20 ? List.of() : List.of(
                new Viral(random.nextInt(days), account.entryByRank[10 + random.nextInt(Math.min(200, entries - 10))]),
                new Viral(random.nextInt(days), account.entryByRank[10 + random.nextInt(Math.min(200, entries - 10))]),
                new Viral(random.nextInt(days), account.entryByRank[10 + random.nextInt(Math.min(200, entries - 10))]),
                new Viral(random.nextInt(days), account.entryByRank[10 + random.nextInt(Math.min(200, entries - 10))]));
        // day weights: growth over the year, weekends, season, day-to-day noise, viral days
        double[] weights = new double[days];
        double sum = 0;
        for (int d = 0; d < days; d++) {
            LocalDate date = windowStartDay.plusDays(d);
            double w = (0.8 + 0.4 * d / days) * weekday(date.getDayOfWeek()) * season(date.getMonthValue())
                    * (0.9 + 0.2 * random.nextDouble()) * (1 + viralExtra(d));
            weights[d] = w;
            sum += w;
        }
        cumulativeShare = new double[days];
        double running = 0;
        for (int d = 0; d < days; d++) {
            running += weights[d];
            cumulativeShare[d] = running / sum;
        }
        cumulativeShare[days - 1] = 1.0;
    }

    long generated() {
        return generated;
    }

    /** Appends day d's events (unsorted) until the running total reaches the day's share of the target. */
    void day(int d, List<GeneratedEvent> out) {
        long due = Math.round(target * cumulativeShare[d]) - generated;
        SplittableRandom random = new SplittableRandom(Seeds.mix(seed, partnerIndex, d, 0xDA7L));
        long dayStart = windowStart + d * 86_400L;
        int idle = 0;
        while (due > 0 && idle < 1000) {
            int n = session(random, d, dayStart, out);
            idle = n == 0 ? idle + 1 : 0;
            due -= n;
            generated += n;
        }
    }

    private int session(SplittableRandom r, int d, long dayStart, List<GeneratedEvent> out) {
        String userId = null;
        int place;
        int agent;
        if (r.nextDouble() < ANONYMOUS_SHARE) {
            place = places.next(r);
            agent = agents.next(r);
        } else {
            int u = account.userByRank[userRanks.next(r)];
            userId = account.users.get(u).id();
            place = r.nextDouble() < 0.05 ? places.next(r) : account.userPlace[u];
            agent = r.nextDouble() < 0.35 ? account.userSecondAgent[u] : account.userAgent[u];
        }
        Geo.Place where = r.nextDouble() < Geo.UNKNOWN_SHARE ? null : Geo.PLACES.get(place);
        int offset = where == null ? 0 : where.utcOffsetMinutes();
        long t;
        while (true) {
            int s = r.nextInt(86_400);
            int localHour = Math.floorMod(s / 60 + offset, 1440) / 60;
            if (r.nextDouble() * MAX_HOUR_WEIGHT <= LOCAL_HOUR_WEIGHTS[localHour]) {
                t = dayStart + s;
                break;
            }
        }
        int entry = pickEntry(r, d);
        String entryId = account.entries.get(entry).id();
        int domain = account.domainWeights.next(r);
        String host = account.domains[domain];
        String context = null;
        String pageUrl;
        double playChance;
        if (account.ownDomain[domain]) {
            double k = r.nextDouble();
            String[] contexts = account.entryContexts[entry];
            if (k < 0.45 && contexts.length > 0) {
                context = r.nextDouble() < 0.7 ? contexts[0] : contexts[r.nextInt(contexts.length)];
                pageUrl = "https://" + host + "/category/" + context;
                playChance = 0.6;
            } else if (k < 0.9) {
                pageUrl = "https://" + host + "/media/" + entryId;
                playChance = 0.8;
            } else {
                pageUrl = "https://" + host + "/";
                playChance = 0.5;
            }
        } else {
            pageUrl = "https://" + host + "/articles/" + (1 + articles.next(r));
            playChance = 0.45;
        }
        boolean live = account.entryLive[entry];
        String playback = live ? (r.nextDouble() < 0.75 ? "LIVE" : "DVR") : null;
        UserAgents.Agent ua = UserAgents.AGENTS.get(agent);
        Session s = new Session(account.partnerId, entryId, userId, context, pageUrl, ua.userAgent(), ua.device(), playback,
                where, out);
        s.emit(r, EventType.IMPRESSION, t, null, Double.NaN);
        if (r.nextDouble() < playChance) {
            long start = t + 1 + r.nextInt(4);
            for (int plays = 1; ; plays++) {
                long[] end = new long[1];
                boolean completed = live ? playLive(r, s, start, end) : playVod(r, s, account.entryDuration[entry], start, end);
                if (!completed || plays >= 3 || r.nextDouble() >= 0.12) {
                    break;
                }
                start = end[0] + 2 + r.nextInt(5);
            }
        }
        return s.emitted;
    }

    /** One play of a video: returns whether it reached the end; end[0] is when it stopped. */
    private boolean playVod(SplittableRandom r, Session s, int duration, long start, long[] end) {
        String playId = playId(r);
        s.emit(r, EventType.PLAY, start, playId, 0.0);
        double k = r.nextDouble();
        double fraction = k < 0.22 ? 0.08 * r.nextDouble() : k < 0.50 ? 0.08 + 0.42 * r.nextDouble()
                : k < 0.70 ? 0.5 + 0.47 * r.nextDouble() : 1.0;
        double watched = fraction * duration;
        double stall = 0;
        double next = heartbeatSec * (0.9 + 0.2 * r.nextDouble());
        double[] quartiles = {0.25, 0.5, 0.75, 1.0};
        EventType[] milestones = {EventType.PLAY_REACHED_25, EventType.PLAY_REACHED_50, EventType.PLAY_REACHED_75,
            EventType.PLAY_REACHED_100};
        int q = 0;
        while (true) {
            double milestoneAt = q < 4 && fraction >= quartiles[q] ? quartiles[q] * duration : Double.MAX_VALUE;
            double at = Math.min(next, milestoneAt);
            if (at > watched + 1e-9) {
                break;
            }
            if (r.nextDouble() < 0.02) {
                stall += 1 + r.nextInt(5); // buffering
            }
            long when = start + Math.round(at + stall);
            if (at == milestoneAt) {
                s.emit(r, milestones[q], when, playId, tenths(at));
                q++;
            } else {
                s.emit(r, EventType.VIEW, when, playId, tenths(at));
                next += heartbeatSec * (0.9 + 0.2 * r.nextDouble());
            }
        }
        end[0] = start + Math.round(watched + stall);
        return fraction >= 1.0;
    }

    /** One play of a live stream: heartbeats only (no milestones); the position is the time watched. */
    private boolean playLive(SplittableRandom r, Session s, long start, long[] end) {
        String playId = playId(r);
        s.emit(r, EventType.PLAY, start, playId, 0.0);
        double watched = Math.min(4 * 3600, -StrictMath.log(1 - r.nextDouble()) * 900);
        for (double at = heartbeatSec * (0.9 + 0.2 * r.nextDouble()); at <= watched; at += heartbeatSec * (0.9 + 0.2 * r.nextDouble())) {
            s.emit(r, EventType.VIEW, start + Math.round(at), playId, tenths(at));
        }
        end[0] = start + Math.round(watched);
        return false;
    }

    private int pickEntry(SplittableRandom r, int d) {
        double extra = viralExtra(d);
        if (extra > 0 && r.nextDouble() < extra / (1 + extra)) {
            for (Viral v : virals) {
                if (d >= v.day() && d < v.day() + 4 && account.entryFirstDay[v.entry()] <= d) {
                    return v.entry();
                }
            }
        }
        for (int attempt = 0; attempt < 30; attempt++) {
            int e = account.entryByRank[entryRanks.next(r)];
            if (account.entryFirstDay[e] <= d) {
                return e;
            }
        }
        return account.entryByRank[0];
    }

    private double viralExtra(int d) {
        double extra = 0;
        for (Viral v : virals) {
            if (d >= v.day() && d < v.day() + 4) {
                extra += 0.4 * StrictMath.pow(0.5, d - v.day());
            }
        }
        return extra;
    }

    private static double weekday(DayOfWeek day) {
        return switch (day) {
            case SATURDAY -> 1.2;
            case SUNDAY -> 1.25;
            case FRIDAY -> 1.05;
            default -> 1.0;
        };
    }

    private static double season(int month) {
        return switch (month) {
            case 12 -> 1.10;
            case 1 -> 1.05;
            case 7 -> 0.92;
            case 8 -> 0.90;
            default -> 1.0;
        };
    }

    private static double tenths(double seconds) {
        return Math.round(seconds * 10) / 10.0;
    }

    private static String playId(SplittableRandom r) {
        return "p-" + Long.toString(r.nextLong() >>> 1, 36);
    }

    /** A time-ordered id like a ULID: 48 bits of milliseconds, 80 random bits, Crockford base32. */
    static String ulid(long epochMillis, SplittableRandom r) {
        char[] c = new char[26];
        long ms = epochMillis;
        for (int i = 9; i >= 0; i--) {
            c[i] = CROCKFORD[(int) (ms & 31)];
            ms >>>= 5;
        }
        long hi = r.nextLong();
        long lo = r.nextLong();
        for (int i = 10; i < 26; i++) {
            long bits = i < 22 ? hi >>> ((i - 10) * 5) : lo >>> ((i - 22) * 5);
            c[i] = CROCKFORD[(int) (bits & 31)];
        }
        return new String(c);
    }

    /** What the events of one session share. */
    private final class Session {
        final String partnerId;
        final String entryId;
        final String userId;
        final String context;
        final String pageUrl;
        final String userAgent;
        final String device;
        final String playback;
        final Geo.Place where;
        final List<GeneratedEvent> out;
        int emitted;

        Session(String partnerId, String entryId, String userId, String context, String pageUrl, String userAgent, String device,
                String playback, Geo.Place where, List<GeneratedEvent> out) {
            this.partnerId = partnerId;
            this.entryId = entryId;
            this.userId = userId;
            this.context = context;
            this.pageUrl = pageUrl;
            this.userAgent = userAgent;
            this.device = device;
            this.playback = playback;
            this.where = where;
            this.out = out;
        }

        void emit(SplittableRandom r, EventType type, long time, String playId, double position) {
            String id = eventIds ? ulid(time * 1000 + r.nextInt(1000), r) : null;
            if (time < windowStart || time >= windowEnd) {
                return;
            }
            out.add(new GeneratedEvent(partnerId, id, type, time, entryId, playId, userId, position, context, pageUrl,
                    userAgent, device, playback, where == null ? null : where.country(), where == null ? null : where.region(),
                    where == null ? null : where.city()));
            emitted++;
        }
    }
}
