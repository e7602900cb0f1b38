package com.galleryanalytics.panels;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The hand-made data set of the panel acceptance tests. Every expected figure of the tests is
 * worked out by hand from the tables below (and PRODUCT.md's definitions), never read from the
 * service. Each test class loads it into a partner of its own.
 *
 * <h2>Categories</h2>
 * <pre>
 * gal "Gallery"                (the category under test; subtree gal, gal-a, gal-a1, gal-b)
 * ├── gal-a "Sub A"
 * │   └── gal-a1 "Sub A1"      (a grandchild: counts in Sub A's row)
 * └── gal-b 'Talks, "Live"'    (a name with a comma and quotes, for CSV)
 * other "Other Gallery"        (top level, outside gal)
 * </pre>
 *
 * <h2>Entries</h2>
 * <pre>
 * id  duration  ¼ duration     owner  media  tags           categories
 * e1  600 s     150 s = 2.5 m  alice  VIDEO  news, intro    gal
 * e2  240 s      60 s = 1 m    bob    VIDEO  howto          gal-a
 * e3  120 s      30 s = 0.5 m  alice  AUDIO  howto, news    gal-a1
 * e4  480 s     120 s = 2 m    bob    VIDEO  promo          gal-a, gal-b   (in two sub-categories)
 * e5  360 s      90 s = 1.5 m  carol  AUDIO  podcast        gal-b          (impressions only)
 * e6   60 s      15 s          erin   VIDEO  news           other          (outside gal; a LIVE play)
 * </pre>
 *
 * <h2>Places, devices, pages</h2>
 * Geo: TLV = IL / Tel Aviv District / {@code Tel Aviv, "Jaffa"}; RG = IL / Tel Aviv District / Ramat Gan;
 * JER = IL / Jerusalem District / Jerusalem; SF = US / California / San Francisco;
 * NYC = US / New York / New York City; LIM = CY / Limassol District / Limassol.
 * User agents: D = desktop Chrome on Windows (DESKTOP); I = iPhone Safari (MOBILE, iOS, Mobile Safari);
 * A = Android phone Chrome (MOBILE, Android, Chrome Mobile).
 * Pages: A1 = https://www.site-a.com/gallery, A2 = https://www.site-a.com/watch (domain www.site-a.com),
 * B1 = https://blog.site-b.org/post-1 (domain blog.site-b.org).
 * Users u1..u4 watch; u5 only loads players (impressions); "-" is anonymous (Unknown).
 *
 * <h2>Plays of the current period, 2024-06-11 .. 2024-06-12 (UTC)</h2>
 * Each play: its PLAY event, one PLAY_REACHED_x per quartile reached ("ms" = milestone events =
 * highest quartile / 25 %), VIEW heartbeats with the playhead; "pos" = furthest position; "imp" = an
 * IMPRESSION precedes it. Completion = pos / duration; minutes = ms × ¼ duration.
 * <pre>
 * play entry user day geo  ua url ctx     ms pos  compl. minutes imp
 * c1   e1    u1   11  TLV  D  A1  gal     4  600  1.0    10      yes
 * c2   e1    u2   11  RG   I  A1  gal     2  360  0.6     5      yes
 * c3   e1    -    11  SF   A  B1  -       0   60  0.1     0      yes
 * c4   e1    u3   12  JER  D  A2  -       1  210  0.35    2.5    yes
 * c5   e2    u1   11  TLV  D  A1  gal-a   3  204  0.85    3      yes
 * c6   e2    -    12  LIM  A  B1  -       0    0  0       0      no
 * c7   e3    u2   12  NYC  I  A2  gal-a1  4  120  1.0     2      yes
 * c8   e4    u1   12  TLV  D  A1  gal-b   1  168  0.35    2      yes
 * c9   e4    u4   12  SF   D  B1  -       2  288  0.6     4      yes
 * c10  e3    u3   11  JER  I  A2  gal-a1  0   12  0.1     0      no
 * c11  e1    -    12  TLV  A  A1  gal     1  180  0.3     2.5    yes
 * c12  e6    u1   11  LIM  D  B1  -       0    0  0       0      no    playbackType LIVE (outside gal)
 * </pre>
 * Impressions without a play: i1 e1 u5 11 TLV D A1 gal; i2 e1 u5 12 TLV D A1 gal;
 * i3 e5 u5 12 SF A B1; i4 e1 u2 12 RG I A2.
 *
 * <h2>Plays of the previous period, 2024-06-09 .. 2024-06-10</h2>
 * <pre>
 * p1   e1    u1   10  TLV  D  A1  gal     2  330  0.55    5      yes
 * p2   e2    u2   09  SF   I  B1  -       0   24  0.1     0      yes
 * p3   e1    -    10  JER  A  A2  -       0    0  0       0      no
 * </pre>
 * Impression without a play: pi1 e4 u4 09 LIM D A1.
 */
public final class PanelsFixture {
    public static final String FROM = "2024-06-11";
    public static final String TO = "2024-06-12";
    public static final String PREVIOUS_FROM = "2024-06-09";
    public static final String PREVIOUS_TO = "2024-06-10";

    public static final String GALLERY = "gal";
    public static final String SUB_A = "gal-a";
    public static final String SUB_A1 = "gal-a1";
    public static final String SUB_B = "gal-b";
    public static final String SUB_B_NAME = "Talks, \"Live\"";
    public static final String OTHER = "other";

    public static final String TEL_AVIV = "Tel Aviv, \"Jaffa\"";
    public static final String SITE_A = "www.site-a.com";
    public static final String SITE_B = "blog.site-b.org";
    public static final String A1 = "https://www.site-a.com/gallery";
    public static final String A2 = "https://www.site-a.com/watch";
    public static final String B1 = "https://blog.site-b.org/post-1";

    static final String DESKTOP_CHROME_WINDOWS = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36"
            + " (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36";
    static final String IPHONE_SAFARI = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15"
            + " (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1";
    static final String ANDROID_CHROME = "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36"
            + " (KHTML, like Gecko) Chrome/120.0.0.0 Mobile Safari/537.36";

    private record Geo(String country, String region, String city) {}

    private static final Geo TLV = new Geo("IL", "Tel Aviv District", TEL_AVIV);
    private static final Geo RG = new Geo("IL", "Tel Aviv District", "Ramat Gan");
    private static final Geo JER = new Geo("IL", "Jerusalem District", "Jerusalem");
    private static final Geo SF = new Geo("US", "California", "San Francisco");
    private static final Geo NYC = new Geo("US", "New York", "New York City");
    private static final Geo LIM = new Geo("CY", "Limassol District", "Limassol");

    private static final Map<String, Double> DURATIONS = Map.of("e1", 600.0, "e2", 240.0, "e3", 120.0, "e4", 480.0,
            "e5", 360.0, "e6", 60.0);

    /** One play (or, with milestones = -1, a lone impression). */
    private record Play(String id, String entry, String user, String time, Geo geo, String ua, String url, String ctx,
            int milestones, double position, boolean impression, String playbackType) {}

    private static final List<Play> PLAYS = List.of(
            // current period
            new Play("c1", "e1", "u1", "2024-06-11T10:00:00Z", TLV, DESKTOP_CHROME_WINDOWS, A1, "gal", 4, 600, true, null),
            new Play("c2", "e1", "u2", "2024-06-11T11:00:00Z", RG, IPHONE_SAFARI, A1, "gal", 2, 360, true, null),
            new Play("c3", "e1", null, "2024-06-11T12:00:00Z", SF, ANDROID_CHROME, B1, null, 0, 60, true, null),
            new Play("c4", "e1", "u3", "2024-06-12T09:00:00Z", JER, DESKTOP_CHROME_WINDOWS, A2, null, 1, 210, true, null),
            new Play("c5", "e2", "u1", "2024-06-11T13:00:00Z", TLV, DESKTOP_CHROME_WINDOWS, A1, "gal-a", 3, 204, true, null),
            new Play("c6", "e2", null, "2024-06-12T10:00:00Z", LIM, ANDROID_CHROME, B1, null, 0, 0, false, null),
            new Play("c7", "e3", "u2", "2024-06-12T11:00:00Z", NYC, IPHONE_SAFARI, A2, "gal-a1", 4, 120, true, null),
            new Play("c8", "e4", "u1", "2024-06-12T12:00:00Z", TLV, DESKTOP_CHROME_WINDOWS, A1, "gal-b", 1, 168, true, null),
            new Play("c9", "e4", "u4", "2024-06-12T13:00:00Z", SF, DESKTOP_CHROME_WINDOWS, B1, null, 2, 288, true, null),
            new Play("c10", "e3", "u3", "2024-06-11T14:00:00Z", JER, IPHONE_SAFARI, A2, "gal-a1", 0, 12, false, null),
            new Play("c11", "e1", null, "2024-06-12T14:00:00Z", TLV, ANDROID_CHROME, A1, "gal", 1, 180, true, null),
            new Play("c12", "e6", "u1", "2024-06-11T15:00:00Z", LIM, DESKTOP_CHROME_WINDOWS, B1, null, 0, 0, false, "LIVE"),
            new Play("i1", "e1", "u5", "2024-06-11T16:00:00Z", TLV, DESKTOP_CHROME_WINDOWS, A1, "gal", -1, 0, true, null),
            new Play("i2", "e1", "u5", "2024-06-12T16:00:00Z", TLV, DESKTOP_CHROME_WINDOWS, A1, "gal", -1, 0, true, null),
            new Play("i3", "e5", "u5", "2024-06-12T16:30:00Z", SF, ANDROID_CHROME, B1, null, -1, 0, true, null),
            new Play("i4", "e1", "u2", "2024-06-12T17:00:00Z", RG, IPHONE_SAFARI, A2, null, -1, 0, true, null),
            // previous period
            new Play("p1", "e1", "u1", "2024-06-10T10:00:00Z", TLV, DESKTOP_CHROME_WINDOWS, A1, "gal", 2, 330, true, null),
            new Play("p2", "e2", "u2", "2024-06-09T10:00:00Z", SF, IPHONE_SAFARI, B1, null, 0, 24, true, null),
            new Play("p3", "e1", null, "2024-06-10T11:00:00Z", JER, ANDROID_CHROME, A2, null, 0, 0, false, null),
            new Play("pi1", "e4", "u4", "2024-06-09T12:00:00Z", LIM, DESKTOP_CHROME_WINDOWS, A1, null, -1, 0, true, null));

    private PanelsFixture() {
    }

    public static List<Map<String, Object>> categories() {
        return List.of(category(GALLERY, "Gallery", null), category(SUB_A, "Sub A", GALLERY),
                category(SUB_A1, "Sub A1", SUB_A), category(SUB_B, SUB_B_NAME, GALLERY),
                category(OTHER, "Other Gallery", null));
    }

    public static List<Map<String, Object>> entries() {
        return List.of(entry("e1", "Intro", "alice", "VIDEO", List.of("news", "intro"), GALLERY),
                entry("e2", "Deep dive", "bob", "VIDEO", List.of("howto"), SUB_A),
                entry("e3", "A1 clip", "alice", "AUDIO", List.of("howto", "news"), SUB_A1),
                entry("e4", "Shared", "bob", "VIDEO", List.of("promo"), SUB_A, SUB_B),
                entry("e5", "Podcast", "carol", "AUDIO", List.of("podcast"), SUB_B),
                entry("e6", "Outside", "erin", "VIDEO", List.of("news"), OTHER));
    }

    public static List<Map<String, Object>> users() {
        return List.of(user("u1", "Ann Lee"), user("u2", "Ben Cohen"), user("u3", "Chen Wu"), user("u4", "Dana Levi"),
                user("u5", "Eli Mor"));
    }

    /** Every event of the data set, in time order of each play. */
    public static List<Map<String, Object>> events() {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Play p : PLAYS) {
            Instant start = Instant.parse(p.time());
            if (p.impression()) {
                out.add(event(p, p.id() + "-imp", "IMPRESSION", start.minusSeconds(30), null));
            }
            if (p.milestones() < 0) {
                continue;
            }
            out.add(event(p, p.id() + "-play", "PLAY", start, 0.0));
            double duration = DURATIONS.get(p.entry());
            if (p.position() > 0) {
                // an early heartbeat, below the furthest position
                out.add(event(p, p.id() + "-view1", "VIEW", start.plusSeconds(10), Math.min(10.0, p.position())));
            }
            for (int k = 1; k <= p.milestones(); k++) {
                out.add(event(p, p.id() + "-ms" + k, "PLAY_REACHED_" + (25 * k), start.plusSeconds(40L * k),
                        k * duration / 4));
            }
            if (p.position() > 0) {
                out.add(event(p, p.id() + "-view2", "VIEW", start.plusSeconds(300), p.position()));
            }
        }
        return out;
    }

    private static Map<String, Object> event(Play p, String eventId, String type, Instant time, Double position) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("eventId", eventId);
        e.put("type", type);
        e.put("time", time.toString());
        e.put("entryId", p.entry());
        if (!type.equals("IMPRESSION")) {
            e.put("playId", p.id());
        }
        if (p.user() != null) {
            e.put("userId", p.user());
        }
        if (position != null) {
            e.put("positionSec", position);
        }
        if (p.ctx() != null) {
            e.put("contextCategoryId", p.ctx());
        }
        e.put("pageUrl", p.url());
        e.put("userAgent", p.ua());
        if (p.playbackType() != null) {
            e.put("playbackType", p.playbackType());
        }
        e.put("country", p.geo().country());
        e.put("region", p.geo().region());
        e.put("city", p.geo().city());
        return e;
    }

    private static Map<String, Object> category(String id, String name, String parentId) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("id", id);
        c.put("name", name);
        if (parentId != null) {
            c.put("parentId", parentId);
        }
        c.put("createdAt", "2024-01-15T08:00:00Z");
        c.put("updatedAt", "2024-05-20T08:00:00Z");
        return c;
    }

    private static Map<String, Object> entry(String id, String name, String owner, String mediaType, List<String> tags,
            String... categoryIds) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("id", id);
        e.put("name", name);
        e.put("creatorId", owner);
        e.put("durationSec", DURATIONS.get(id));
        e.put("mediaType", mediaType);
        e.put("tags", tags);
        e.put("categoryIds", List.of(categoryIds));
        e.put("createdAt", "2024-02-01T00:00:00Z");
        return e;
    }

    private static Map<String, Object> user(String id, String name) {
        return Map.of("id", id, "name", name);
    }
}
