package com.galleryanalytics.panels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Completion rates from the shared "completion batch" (AnalyticsRepository#batchedCompletion):
 * statements over the same plays that run at the same time get their completion sums from ONE
 * statement, each request under its own window, filters, parents and row keys. Every figure
 * below is worked out by hand from the plays table; a batch that answered a request with another
 * request's index, keys, window or filter, dropped rows of a key restriction, or counted a
 * comparison-period play in the current period gives different numbers. Partner it-6 (the
 * PanelsFixture in 2024 is loaded too; everything here is in 2019, which it does not use).
 *
 * <h2>Catalog</h2>
 * Entries: b1 100 s (category bt), b2 200 s (bt-sub, child of bt), b3 40 s (bt-x, outside bt).
 *
 * <h2>Plays</h2>
 * Completion = furthest position / duration, capped at 1; a PLAY carries position 0, VIEW heartbeats
 * the playhead. [1] = heartbeat sent with the PLAYs (first POST), [2] = sent in a later POST.
 * Places: TLV = IL / Tel Aviv District / Tel Aviv, HFA = IL / Haifa District / Haifa,
 * SF = US / California / San Francisco. Pages: a/p1, a/p2 (domain a.example.com), b/x (b.example.org).
 * "-" user = anonymous (Unknown); ctx = contextCategoryId.
 * <pre>
 * play entry user  PLAY (UTC)        geo dev     page ctx heartbeats (pos)                         compl.
 * current period 2019-03-30 .. 2019-03-31
 * q1   b1   v1    03-30 10:00      TLV DESKTOP a/p1 bt  10:00:30 20 [1], 10:02 80 [2]            0.8
 * q2   b1   v2    03-30 11:00      SF  MOBILE  b/x  -   11:03 150 [2] (beyond 100 s: capped)      1.0
 * q3   b1   v1    03-31 09:00      HFA MOBILE  a/p2 bt  09:01 45 [1]                             0.45
 * q4   b2   v3    03-30 23:50      TLV DESKTOP a/p1 -   23:55 40 [1], 03-31 00:10 100 [2]        0.5  (on 03-30)
 * q5   b2   -     03-31 23:55      SF  DESKTOP b/x  bt  04-01 00:05 150 [2] (next month)         0.75 (on 03-31)
 * q6   b3   v2    03-31 12:00      TLV MOBILE  b/x  -   12:00:20 14 [1]                          0.35
 * q7   b2   v1    03-31 14:00      TLV DESKTOP a/p2 -   none                                     0
 * previous period 2019-03-28 .. 2019-03-29
 * r1   b1   v1    03-28 10:00      TLV DESKTOP a/p1 bt  10:01 10 [1]                             0.1
 * r2   b2   v2    03-29 15:00      SF  MOBILE  b/x  -   15:05 200 [2]                            1.0
 * r3   b1   v3    03-29 23:58      HFA MOBILE  a/p2 -   03-30 00:05 60 [2] (in the current period) 0.6 (on 03-29)
 * later
 * s1   b3   v1    04-01 08:00      TLV DESKTOP a/p1 bt  08:00:30 30 [1]                          0.75
 * </pre>
 * Current period: 7 plays, completion sum 0.8+1.0+0.45+0.5+0.75+0.35+0 = 3.85 (avg 0.55).
 * Previous period: 3 plays, sum 0.1+1.0+0.6 = 1.7. r3's heartbeat (v3 on b1, 03-30) makes v3 a
 * viewer of b1 in the current period without a play there; q4's heartbeat (03-31 00:10) makes v3 a
 * viewer on 03-31 without a play that day.
 *
 * <p>Two more data sets of their own, loaded by their tests: 2017-06-01, 80 plays on URLs of ~4,000
 * characters (a page whose keys are too long to list); 2018-05-01..03, 165 URLs with a play a day each
 * (a batch of different requests too big for one statement).
 */
class CompletionBatchTest extends PanelsIntegrationTest {
    static final String C_FROM = "2019-03-30";
    static final String C_TO = "2019-03-31";
    static final String P_FROM = "2019-03-28";
    static final String P_TO = "2019-03-29";
    static final String DOMAIN_A = "a.example.com";
    static final String DOMAIN_B = "b.example.org";
    static final String A_P1 = "https://a.example.com/p1";
    static final String A_P2 = "https://a.example.com/p2";
    static final String B_X = "https://b.example.org/x";
    static final String TLV_D = "Tel Aviv District";
    static final String HAIFA_D = "Haifa District";
    static final String CALIFORNIA = "California";

    @Override
    int partner() {
        return 6;
    }

    // ---- data -----------------------------------------------------------------------------

    private record Geo(String country, String region, String city) {}

    private static final Geo TLV = new Geo("IL", TLV_D, "Tel Aviv");
    private static final Geo HFA = new Geo("IL", HAIFA_D, "Haifa");
    private static final Geo SF = new Geo("US", CALIFORNIA, "San Francisco");

    private record Play(String id, String entry, String user, String time, Geo geo, String device, String url, String ctx) {}

    private record Beat(String play, String time, double position, int batch) {}

    private static final List<Play> PLAYS = List.of(
            new Play("q1", "b1", "v1", "2019-03-30T10:00:00Z", TLV, "DESKTOP", A_P1, "bt"),
            new Play("q2", "b1", "v2", "2019-03-30T11:00:00Z", SF, "MOBILE", B_X, null),
            new Play("q3", "b1", "v1", "2019-03-31T09:00:00Z", HFA, "MOBILE", A_P2, "bt"),
            new Play("q4", "b2", "v3", "2019-03-30T23:50:00Z", TLV, "DESKTOP", A_P1, null),
            new Play("q5", "b2", null, "2019-03-31T23:55:00Z", SF, "DESKTOP", B_X, "bt"),
            new Play("q6", "b3", "v2", "2019-03-31T12:00:00Z", TLV, "MOBILE", B_X, null),
            new Play("q7", "b2", "v1", "2019-03-31T14:00:00Z", TLV, "DESKTOP", A_P2, null),
            new Play("r1", "b1", "v1", "2019-03-28T10:00:00Z", TLV, "DESKTOP", A_P1, "bt"),
            new Play("r2", "b2", "v2", "2019-03-29T15:00:00Z", SF, "MOBILE", B_X, null),
            new Play("r3", "b1", "v3", "2019-03-29T23:58:00Z", HFA, "MOBILE", A_P2, null),
            new Play("s1", "b3", "v1", "2019-04-01T08:00:00Z", TLV, "DESKTOP", A_P1, "bt"));

    private static final List<Beat> BEATS = List.of(
            new Beat("q1", "2019-03-30T10:00:30Z", 20, 1),
            new Beat("q1", "2019-03-30T10:02:00Z", 80, 2),
            new Beat("q2", "2019-03-30T11:03:00Z", 150, 2),
            new Beat("q3", "2019-03-31T09:01:00Z", 45, 1),
            new Beat("q4", "2019-03-30T23:55:00Z", 40, 1),
            new Beat("q4", "2019-03-31T00:10:00Z", 100, 2),
            new Beat("q5", "2019-04-01T00:05:00Z", 150, 2),
            new Beat("q6", "2019-03-31T12:00:20Z", 14, 1),
            new Beat("r1", "2019-03-28T10:01:00Z", 10, 1),
            new Beat("r2", "2019-03-29T15:05:00Z", 200, 2),
            new Beat("r3", "2019-03-30T00:05:00Z", 60, 2),
            new Beat("s1", "2019-04-01T08:00:30Z", 30, 1));

    @BeforeAll
    void loadBatchData() {
        upsertAll("categories", List.of(category("bt", null), category("bt-sub", "bt"), category("bt-x", null)));
        upsertAll("entries", List.of(entry("b1", 100, "bt"), entry("b2", 200, "bt-sub"), entry("b3", 40, "bt-x")));
        upsertAll("users", List.of(Map.of("id", "v1", "name", "Vera"), Map.of("id", "v2", "name", "Vic"),
                Map.of("id", "v3", "name", "Val")));
        // first POST: every PLAY and the [1] heartbeats; second POST: the [2] heartbeats (a play's
        // furthest position arrives after its PLAY was stored)
        for (int batch = 1; batch <= 2; batch++) {
            List<Map<String, Object>> events = new ArrayList<>();
            if (batch == 1) {
                for (Play p : PLAYS) {
                    events.add(event(p, p.id() + "-play", "PLAY", p.time(), null));
                }
            }
            for (Beat b : BEATS) {
                if (b.batch() == batch) {
                    Play p = PLAYS.stream().filter(x -> x.id().equals(b.play())).findFirst().orElseThrow();
                    events.add(event(p, b.play() + "-view-" + b.time(), "VIEW", b.time(), b.position()));
                }
            }
            JsonNode r = postExpecting(200, "/v1/events", ingestKey(), events);
            assertThat(r.path("stored").asInt()).as("events stored: %s", r).isEqualTo(events.size());
            assertThat(r.path("rejected").asInt()).isZero();
        }
    }

    private void upsertAll(String kind, List<Map<String, Object>> items) {
        JsonNode r = postExpecting(200, "/v1/" + kind, ingestKey(), items);
        assertThat(r.path("upserted").asInt()).isEqualTo(items.size());
    }

    private static Map<String, Object> category(String id, String parent) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("id", id);
        c.put("name", "Batch " + id);
        if (parent != null) {
            c.put("parentId", parent);
        }
        c.put("createdAt", "2019-01-01T00:00:00Z");
        c.put("updatedAt", "2019-01-01T00:00:00Z");
        return c;
    }

    private static Map<String, Object> entry(String id, double duration, String category) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("id", id);
        e.put("name", "Batch " + id);
        e.put("creatorId", "owner-" + id);
        e.put("durationSec", duration);
        e.put("mediaType", "VIDEO");
        e.put("tags", List.of("batch"));
        e.put("categoryIds", List.of(category));
        e.put("createdAt", "2019-01-01T00:00:00Z");
        return e;
    }

    private static Map<String, Object> event(Play p, String id, String type, String time, Double position) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("eventId", "batch-" + id);
        e.put("type", type);
        e.put("time", time);
        e.put("entryId", p.entry());
        e.put("playId", p.id());
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
        e.put("device", p.device());
        e.put("country", p.geo().country());
        e.put("region", p.geo().region());
        e.put("city", p.geo().city());
        return e;
    }

    // ---- GraphQL over HTTP (thread-safe: one shared HttpClient) ---------------------------

    /** Runs a document; it must succeed without errors. Returns {@code data}. */
    JsonNode gql(String document, Map<String, Object> variables) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("query", document);
        body.put("variables", variables);
        HttpResponse<String> response = post("/graphql", analyticsKey(), json(body));
        assertThat(response.statusCode()).as("GraphQL: %s", response.body()).isEqualTo(200);
        JsonNode n = parse(response.body());
        assertThat(n.path("errors").isMissingNode() || n.path("errors").isEmpty()).as("errors: %s", n.path("errors"))
                .isTrue();
        return n.path("data");
    }

    /**
     * The document with the fragments it uses (GraphQL refuses unused ones): M, a row's completion with
     * the comparison period's; N, without.
     */
    static String doc(String operation) {
        StringBuilder out = new StringBuilder(operation);
        if (operation.contains("...M")) {
            out.append("fragment M on Metrics { plays avgCompletionRate previous { plays avgCompletionRate }"
                    + " change { avgCompletionRate } }\n");
        }
        if (operation.contains("...N")) {
            out.append("fragment N on Metrics { plays avgCompletionRate }\n");
        }
        return out.toString();
    }

    static Map<String, Object> current(Object... fields) {
        return filterFor(C_FROM, C_TO, fields);
    }

    // ---- assertions -----------------------------------------------------------------------

    /** plays and avgCompletionRate of a Metrics (or Highlights) object. */
    static void pc(JsonNode m, long plays, double completion) {
        assertThat(m.path("plays").isNumber()).as("plays present in %s", m).isTrue();
        assertThat(m.path("avgCompletionRate").isNumber()).as("avgCompletionRate present in %s", m).isTrue();
        assertThat(m.path("plays").asLong()).as("plays of %s", m).isEqualTo(plays);
        assertThat(m.path("avgCompletionRate").asDouble()).as("avgCompletionRate of %s", m).isCloseTo(completion, within(EPS));
    }

    /** As {@link #pc(JsonNode, long, double)}, and the comparison period's values under {@code previous}. */
    static void pc(JsonNode m, long plays, double completion, long previousPlays, double previousCompletion) {
        pc(m, plays, completion);
        pc(m.path("previous"), previousPlays, previousCompletion);
    }

    /** The values of {@code field} of a plain list, in order. */
    static List<String> listKeys(JsonNode list, String field) {
        List<String> out = new ArrayList<>();
        for (JsonNode n : list) {
            out.add(n.path(field).asText());
        }
        return out;
    }

    static List<String> dates(JsonNode points) {
        return listKeys(points, "date");
    }

    // ---- 1. every panel of one query, with the previous period ----------------------------

    static final String DASHBOARD = doc("""
            query dash($f: AnalyticsFilter!) {
              analytics(filter: $f) {
                highlights { plays uniqueViewers avgCompletionRate }
                comparison {
                  from to
                  highlights { plays avgCompletionRate }
                  change { plays avgCompletionRate }
                  performance(granularity: DAY) { date metrics { ...N } }
                }
                performance(granularity: DAY) { date metrics { ...M } }
                countries(first: 10) { totalCount edges { node { country metrics { ...M }
                  regions(first: 10) { totalCount edges { node { region metrics { ...M }
                    cities(first: 10) { totalCount edges { node { city metrics { ...M } } } } } } } } } }
                devices { device metrics { ...M } }
                domains(first: 10) { totalCount edges { node { domain metrics { ...M }
                  urls(first: 10) { totalCount edges { node { url metrics { ...M } } } } } } }
                viewers(first: 10) { totalCount edges { node { user { id } metrics { ...M }
                  entries(first: 10) { totalCount edges { node { entryId metrics { ...M } } } }
                  performance(granularity: DAY) { date metrics { ...M } } } } }
                entries(first: 10) { totalCount edges { node { entryId metrics { ...M }
                  viewers(first: 10) { totalCount edges { node { user { id } metrics { ...M } } } }
                  performance(granularity: DAY) { date metrics { ...M } } } } }
                topVideos(first: 10) { totalCount edges { node { entryId score metrics { ...M } } } }
              }
            }
            """);

    static Map<String, Object> dashboardVariables() {
        return Map.of("f", current("compareTo", previousPeriod()));
    }

    /** Every completion of the dashboard of 2019-03-30..31 against the previous period 03-28..29. */
    static void checkDashboard(JsonNode data) {
        JsonNode a = data.path("analytics");

        // Highlights: q1..q7 = 7 plays, 3.85 / 7 = 0.55; viewers v1 v2 v3 (q4, and r3's heartbeat) Unknown (q5) = 4.
        // Previous: r1 r2 r3 = 3 plays, 1.7 / 3; r3's heartbeat on 03-30 does not move r3 into the current period.
        JsonNode h = a.path("highlights");
        pc(h, 7, 3.85 / 7);
        assertThat(h.path("uniqueViewers").asLong()).isEqualTo(4);
        JsonNode cmp = a.path("comparison");
        assertThat(cmp.path("from").asText()).isEqualTo(P_FROM);
        assertThat(cmp.path("to").asText()).isEqualTo(P_TO);
        pc(cmp.path("highlights"), 3, 1.7 / 3);
        assertThat(cmp.at("/change/avgCompletionRate").asDouble())
                .isCloseTo((3.85 / 7 - 1.7 / 3) / (1.7 / 3), within(EPS));
        // Comparison series: 03-28 r1 (0.1); 03-29 r2 r3 (1.0 + 0.6) / 2 = 0.8 (r3 on its PLAY's day)
        JsonNode cmpDays = cmp.path("performance");
        assertThat(dates(cmpDays)).containsExactly(P_FROM, P_TO);
        pc(cmpDays.get(0).path("metrics"), 1, 0.1);
        pc(cmpDays.get(1).path("metrics"), 2, 0.8);

        // Performance: 03-30 q1 q2 q4 (0.8 + 1.0 + 0.5) / 3 — q4's 03-31 heartbeat counts on its PLAY's day;
        // 03-31 q3 q5 q6 q7 (0.45 + 0.75 + 0.35 + 0) / 4 = 0.3875 — q5's furthest position arrived on 04-01.
        JsonNode days = a.path("performance");
        assertThat(dates(days)).containsExactly(C_FROM, C_TO);
        pc(days.get(0).path("metrics"), 3, 2.3 / 3, 1, 0.1);
        pc(days.get(1).path("metrics"), 4, 0.3875, 2, 0.8);

        // Countries: IL q1 q3 q4 q6 q7 = (0.8 + 0.45 + 0.5 + 0.35 + 0) / 5 = 0.42, previous r1 r3 (0.1 + 0.6) / 2 = 0.35,
        // change (0.42 − 0.35) / 0.35 = 0.2; US q2 q5 (1.0 + 0.75) / 2 = 0.875, previous r2 1.0, change −0.125.
        JsonNode countries = a.path("countries");
        assertThat(countries.path("totalCount").asLong()).isEqualTo(2);
        assertThat(keys(countries, "/country")).containsExactly("IL", "US");
        JsonNode il = node(countries, "/country", "IL");
        pc(il.path("metrics"), 5, 0.42, 2, 0.35);
        assertThat(il.at("/metrics/change/avgCompletionRate").asDouble()).isCloseTo(0.2, within(EPS));
        JsonNode us = node(countries, "/country", "US");
        pc(us.path("metrics"), 2, 0.875, 1, 1.0);
        assertThat(us.at("/metrics/change/avgCompletionRate").asDouble()).isCloseTo(-0.125, within(EPS));
        // IL → Tel Aviv District q1 q4 q6 q7 (0.8 + 0.5 + 0.35 + 0) / 4 = 0.4125, previous r1 0.1;
        //      Haifa District q3 0.45, previous r3 0.6.
        JsonNode ilRegions = il.path("regions");
        assertThat(keys(ilRegions, "/region")).containsExactly(TLV_D, HAIFA_D);
        JsonNode tlvd = node(ilRegions, "/region", TLV_D);
        pc(tlvd.path("metrics"), 4, 0.4125, 1, 0.1);
        JsonNode hfad = node(ilRegions, "/region", HAIFA_D);
        pc(hfad.path("metrics"), 1, 0.45, 1, 0.6);
        assertThat(keys(tlvd.path("cities"), "/city")).containsExactly("Tel Aviv");
        pc(node(tlvd.path("cities"), "/city", "Tel Aviv").path("metrics"), 4, 0.4125, 1, 0.1);
        assertThat(keys(hfad.path("cities"), "/city")).containsExactly("Haifa");
        pc(node(hfad.path("cities"), "/city", "Haifa").path("metrics"), 1, 0.45, 1, 0.6);
        // US → California → San Francisco: q2 q5 0.875, previous r2 1.0
        assertThat(keys(us.path("regions"), "/region")).containsExactly(CALIFORNIA);
        JsonNode cal = node(us.path("regions"), "/region", CALIFORNIA);
        pc(cal.path("metrics"), 2, 0.875, 1, 1.0);
        pc(node(cal.path("cities"), "/city", "San Francisco").path("metrics"), 2, 0.875, 1, 1.0);

        // Devices: DESKTOP q1 q4 q5 q7 (0.8 + 0.5 + 0.75 + 0) / 4 = 0.5125, previous r1 0.1;
        //          MOBILE q2 q3 q6 (1.0 + 0.45 + 0.35) / 3 = 0.6, previous r2 r3 (1.0 + 0.6) / 2 = 0.8.
        JsonNode devices = a.path("devices");
        assertThat(listKeys(devices, "device")).containsExactly("DESKTOP", "MOBILE");
        pc(element(devices, "device", "DESKTOP").path("metrics"), 4, 0.5125, 1, 0.1);
        pc(element(devices, "device", "MOBILE").path("metrics"), 3, 0.6, 2, 0.8);

        // Domains: a q1 q3 q4 q7 (0.8 + 0.45 + 0.5 + 0) / 4 = 0.4375, previous r1 r3 0.35;
        //          b q2 q5 q6 (1.0 + 0.75 + 0.35) / 3 = 0.7, previous r2 1.0.
        // URLs: a/p1 q1 q4 (0.8 + 0.5) / 2 = 0.65, previous r1 0.1; a/p2 q3 q7 0.45 / 2 = 0.225, previous r3 0.6.
        JsonNode domains = a.path("domains");
        assertThat(keys(domains, "/domain")).containsExactly(DOMAIN_A, DOMAIN_B);
        JsonNode da = node(domains, "/domain", DOMAIN_A);
        pc(da.path("metrics"), 4, 0.4375, 2, 0.35);
        assertThat(keys(da.path("urls"), "/url")).containsExactly(A_P1, A_P2);
        pc(node(da.path("urls"), "/url", A_P1).path("metrics"), 2, 0.65, 1, 0.1);
        pc(node(da.path("urls"), "/url", A_P2).path("metrics"), 2, 0.225, 1, 0.6);
        JsonNode db = node(domains, "/domain", DOMAIN_B);
        pc(db.path("metrics"), 3, 0.7, 1, 1.0);
        assertThat(keys(db.path("urls"), "/url")).containsExactly(B_X);
        pc(node(db.path("urls"), "/url", B_X).path("metrics"), 3, 0.7, 1, 1.0);

        checkDashboardViewers(a.path("viewers"));
        checkDashboardEntries(a.path("entries"));

        // Top videos: maxPlays 3, maxViewers 3 (b1: v1 v2 v3-by-r3's-heartbeat; b2: v3 Unknown v1).
        // b1 5 + 2.5 + 2.5 × 0.75 = 9.375 → 9.4; b2 5 + 2.5 + 2.5 × 1.25/3 = 8.54 → 8.5;
        // b3 5/3 + 2.5/3 + 2.5 × 0.35 = 3.375 → 3.4. Previous: b1 r1 r3 0.35, b2 r2 1.0, b3 none.
        JsonNode top = a.path("topVideos");
        assertThat(top.path("totalCount").asLong()).isEqualTo(3);
        assertThat(keys(top, "/entryId")).containsExactly("b1", "b2", "b3");
        assertThat(top.findValues("score").stream().map(JsonNode::asDouble).toList()).containsExactly(9.4, 8.5, 3.4);
        pc(node(top, "/entryId", "b1").path("metrics"), 3, 0.75, 2, 0.35);
        pc(node(top, "/entryId", "b2").path("metrics"), 3, 1.25 / 3, 1, 1.0);
        pc(node(top, "/entryId", "b3").path("metrics"), 1, 0.35, 0, 0);
    }

    private static void checkDashboardViewers(JsonNode viewers) {
        // v1 q1 q3 q7 (0.8 + 0.45 + 0) / 3, previous r1 0.1; v2 q2 q6 (1.0 + 0.35) / 2 = 0.675, previous r2 1.0;
        // v3 q4 0.5 (plus r3's heartbeat, no play), previous r3 0.6; Unknown q5 0.75, previous none.
        // Order: plays desc, then id: v1 (3), v2 (2), Unknown (1), v3 (1).
        assertThat(viewers.path("totalCount").asLong()).isEqualTo(4);
        assertThat(keys(viewers, "/user/id")).containsExactly("v1", "v2", "Unknown", "v3");
        JsonNode v1 = node(viewers, "/user/id", "v1");
        JsonNode v2 = node(viewers, "/user/id", "v2");
        JsonNode v3 = node(viewers, "/user/id", "v3");
        JsonNode unknown = node(viewers, "/user/id", "Unknown");
        pc(v1.path("metrics"), 3, 1.25 / 3, 1, 0.1);
        pc(v2.path("metrics"), 2, 0.675, 1, 1.0);
        pc(v3.path("metrics"), 1, 0.5, 1, 0.6);
        pc(unknown.path("metrics"), 1, 0.75, 0, 0);

        // viewer → entries. v1: b1 q1 q3 (0.8 + 0.45) / 2 = 0.625 (previous r1 0.1), b2 q7 0 (previous none).
        assertThat(keys(v1.path("entries"), "/entryId")).containsExactly("b1", "b2");
        pc(node(v1.path("entries"), "/entryId", "b1").path("metrics"), 2, 0.625, 1, 0.1);
        pc(node(v1.path("entries"), "/entryId", "b2").path("metrics"), 1, 0, 0, 0);
        // v2: b1 q2 1.0, b3 q6 0.35; previous: none on either (v2's r2 is on b2, which is not a row here)
        assertThat(keys(v2.path("entries"), "/entryId")).containsExactly("b1", "b3");
        pc(node(v2.path("entries"), "/entryId", "b1").path("metrics"), 1, 1.0, 0, 0);
        pc(node(v2.path("entries"), "/entryId", "b3").path("metrics"), 1, 0.35, 0, 0);
        // v3: b2 q4 0.5 (previous none); b1 only r3's heartbeat: 0 plays now, previous r3 1 play 0.6
        assertThat(keys(v3.path("entries"), "/entryId")).containsExactly("b2", "b1");
        pc(node(v3.path("entries"), "/entryId", "b2").path("metrics"), 1, 0.5, 0, 0);
        pc(node(v3.path("entries"), "/entryId", "b1").path("metrics"), 0, 0, 1, 0.6);
        // Unknown: b2 q5 0.75
        assertThat(keys(unknown.path("entries"), "/entryId")).containsExactly("b2");
        pc(node(unknown.path("entries"), "/entryId", "b2").path("metrics"), 1, 0.75, 0, 0);

        // viewer → performance (previous: the comparison day at the same position, 03-28 / 03-29)
        // v1: 03-30 q1 0.8; 03-31 q3 q7 0.45 / 2 = 0.225; previous 03-28 r1 0.1, 03-29 none
        JsonNode p1 = v1.path("performance");
        assertThat(dates(p1)).containsExactly(C_FROM, C_TO);
        pc(p1.get(0).path("metrics"), 1, 0.8, 1, 0.1);
        pc(p1.get(1).path("metrics"), 2, 0.225, 0, 0);
        // v2: 03-30 q2 1.0; 03-31 q6 0.35; previous 03-28 none, 03-29 r2 1.0
        JsonNode p2 = v2.path("performance");
        pc(p2.get(0).path("metrics"), 1, 1.0, 0, 0);
        pc(p2.get(1).path("metrics"), 1, 0.35, 1, 1.0);
        // v3: 03-30 q4 0.5; 03-31 only q4's late heartbeat: 0 plays; previous 03-29 r3 0.6
        JsonNode p3 = v3.path("performance");
        pc(p3.get(0).path("metrics"), 1, 0.5, 0, 0);
        pc(p3.get(1).path("metrics"), 0, 0, 1, 0.6);
        // Unknown: 03-31 q5 0.75
        JsonNode pu = unknown.path("performance");
        pc(pu.get(0).path("metrics"), 0, 0, 0, 0);
        pc(pu.get(1).path("metrics"), 1, 0.75, 0, 0);
    }

    private static void checkDashboardEntries(JsonNode entries) {
        // b1 q1 q2 q3 (0.8 + 1.0 + 0.45) / 3 = 0.75, previous r1 r3 0.35;
        // b2 q4 q5 q7 (0.5 + 0.75 + 0) / 3, previous r2 1.0; b3 q6 0.35, previous none. Order b1, b2 (3 each, id), b3.
        assertThat(entries.path("totalCount").asLong()).isEqualTo(3);
        assertThat(keys(entries, "/entryId")).containsExactly("b1", "b2", "b3");
        JsonNode b1 = node(entries, "/entryId", "b1");
        JsonNode b2 = node(entries, "/entryId", "b2");
        JsonNode b3 = node(entries, "/entryId", "b3");
        pc(b1.path("metrics"), 3, 0.75, 2, 0.35);
        pc(b2.path("metrics"), 3, 1.25 / 3, 1, 1.0);
        pc(b3.path("metrics"), 1, 0.35, 0, 0);

        // entry → viewers. b1: v1 q1 q3 0.625 (previous r1 0.1), v2 q2 1.0 (none), v3 heartbeat only 0 (previous r3 0.6)
        assertThat(keys(b1.path("viewers"), "/user/id")).containsExactly("v1", "v2", "v3");
        pc(node(b1.path("viewers"), "/user/id", "v1").path("metrics"), 2, 0.625, 1, 0.1);
        pc(node(b1.path("viewers"), "/user/id", "v2").path("metrics"), 1, 1.0, 0, 0);
        pc(node(b1.path("viewers"), "/user/id", "v3").path("metrics"), 0, 0, 1, 0.6);
        // b2: Unknown q5 0.75, v1 q7 0, v3 q4 0.5 (one play each: by id); previous none (r2 is v2's)
        assertThat(keys(b2.path("viewers"), "/user/id")).containsExactly("Unknown", "v1", "v3");
        pc(node(b2.path("viewers"), "/user/id", "Unknown").path("metrics"), 1, 0.75, 0, 0);
        pc(node(b2.path("viewers"), "/user/id", "v1").path("metrics"), 1, 0, 0, 0);
        pc(node(b2.path("viewers"), "/user/id", "v3").path("metrics"), 1, 0.5, 0, 0);
        // b3: v2 q6 0.35
        assertThat(keys(b3.path("viewers"), "/user/id")).containsExactly("v2");
        pc(node(b3.path("viewers"), "/user/id", "v2").path("metrics"), 1, 0.35, 0, 0);

        // entry → performance. b1: 03-30 q1 q2 0.9, 03-31 q3 0.45; previous 03-28 r1 0.1, 03-29 r3 0.6
        JsonNode p1 = b1.path("performance");
        assertThat(dates(p1)).containsExactly(C_FROM, C_TO);
        pc(p1.get(0).path("metrics"), 2, 0.9, 1, 0.1);
        pc(p1.get(1).path("metrics"), 1, 0.45, 1, 0.6);
        // b2: 03-30 q4 0.5, 03-31 q5 q7 0.375; previous 03-28 none, 03-29 r2 1.0
        JsonNode p2 = b2.path("performance");
        pc(p2.get(0).path("metrics"), 1, 0.5, 0, 0);
        pc(p2.get(1).path("metrics"), 2, 0.375, 1, 1.0);
        // b3: 03-31 q6 0.35
        JsonNode p3 = b3.path("performance");
        pc(p3.get(0).path("metrics"), 0, 0, 0, 0);
        pc(p3.get(1).path("metrics"), 1, 0.35, 0, 0);
    }

    @Test
    void everyPanelOfOneQueryGetsItsOwnCompletionForBothPeriods() {
        checkDashboard(gql(DASHBOARD, dashboardVariables()));
    }

    // ---- 2. several filters in one query (GraphQL aliases) ---------------------------------

    static final String ALIASES = doc("""
            query aliases($all: AnalyticsFilter!, $il: AnalyticsFilter!, $mobile: AnalyticsFilter!,
                          $later: AnalyticsFilter!, $pages: AnalyticsFilter!, $prev: AnalyticsFilter!,
                          $tz: AnalyticsFilter!, $v3: AnalyticsFilter!, $b2: AnalyticsFilter!) {
              all: analytics(filter: $all) { highlights { plays avgCompletionRate } }
              il: analytics(filter: $il) { highlights { plays avgCompletionRate } devices { device metrics { ...N } } }
              mobile: analytics(filter: $mobile) {
                highlights { plays avgCompletionRate }
                countries(first: 10) { edges { node { country metrics { ...N } } } }
              }
              later: analytics(filter: $later) {
                highlights { plays avgCompletionRate }
                performance(granularity: DAY) { date metrics { ...N } }
              }
              pages: analytics(filter: $pages) {
                highlights { plays avgCompletionRate }
                entries(first: 10) { edges { node { entryId metrics { ...N } } } }
              }
              prev: analytics(filter: $prev) {
                highlights { plays avgCompletionRate }
                viewers(first: 10) { edges { node { user { id } metrics { ...N } } } }
              }
              tz: analytics(filter: $tz) {
                highlights { plays avgCompletionRate }
                performance(granularity: DAY) { date metrics { ...N } }
              }
              v3: analytics(filter: $v3) {
                highlights { plays avgCompletionRate }
                entries(first: 10) { edges { node { entryId metrics { ...N } } } }
              }
              b2: analytics(filter: $b2) { highlights { plays avgCompletionRate } devices { device metrics { ...N } } }
            }
            """);

    static Map<String, Object> aliasVariables() {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("all", current());
        v.put("il", current("countries", List.of("IL")));
        v.put("mobile", current("devices", List.of("MOBILE")));
        v.put("later", filterFor("2019-03-31", "2019-04-01"));
        v.put("pages", current("categoryPageOnly", true));
        v.put("prev", filterFor(P_FROM, P_TO));
        v.put("tz", current("timeZone", "Asia/Jerusalem"));
        v.put("v3", current("userIds", List.of("v3")));
        v.put("b2", current("entryIds", List.of("b2")));
        return v;
    }

    static void checkAliases(JsonNode data) {
        // all: the current period, 7 plays, 3.85 / 7
        pc(data.at("/all/highlights"), 7, 3.85 / 7);

        // il (countries IL): q1 q3 q4 q6 q7 = 2.1 / 5 = 0.42.
        // Devices: DESKTOP q1 q4 q7 (0.8 + 0.5 + 0) / 3; MOBILE q3 q6 (0.45 + 0.35) / 2 = 0.4 (q2 is US).
        pc(data.at("/il/highlights"), 5, 0.42);
        JsonNode ilDevices = data.at("/il/devices");
        assertThat(listKeys(ilDevices, "device")).containsExactly("DESKTOP", "MOBILE");
        pc(element(ilDevices, "device", "DESKTOP").path("metrics"), 3, 1.3 / 3);
        pc(element(ilDevices, "device", "MOBILE").path("metrics"), 2, 0.4);

        // mobile (devices MOBILE): q2 q3 q6 = 1.8 / 3 = 0.6. Countries: IL q3 q6 0.4; US q2 1.0 (capped).
        pc(data.at("/mobile/highlights"), 3, 0.6);
        JsonNode mobileCountries = data.at("/mobile/countries");
        assertThat(keys(mobileCountries, "/country")).containsExactly("IL", "US");
        pc(node(mobileCountries, "/country", "IL").path("metrics"), 2, 0.4);
        pc(node(mobileCountries, "/country", "US").path("metrics"), 1, 1.0);

        // later (2019-03-31..04-01): q3 q5 q6 q7 s1 = (0.45 + 0.75 + 0.35 + 0 + 0.75) / 5 = 0.46.
        // Days: 03-31 q3 q5 q6 q7 1.55 / 4 = 0.3875; 04-01 s1 0.75 (q5's 04-01 heartbeat is no play of 04-01).
        pc(data.at("/later/highlights"), 5, 0.46);
        JsonNode laterDays = data.at("/later/performance");
        assertThat(dates(laterDays)).containsExactly("2019-03-31", "2019-04-01");
        pc(laterDays.get(0).path("metrics"), 4, 0.3875);
        pc(laterDays.get(1).path("metrics"), 1, 0.75);

        // pages (categoryPageOnly: plays with a context category): q1 q3 q5 = (0.8 + 0.45 + 0.75) / 3.
        // Entries: b1 q1 q3 0.625; b2 q5 0.75.
        pc(data.at("/pages/highlights"), 3, 2.0 / 3);
        JsonNode pageEntries = data.at("/pages/entries");
        assertThat(keys(pageEntries, "/entryId")).containsExactly("b1", "b2");
        pc(node(pageEntries, "/entryId", "b1").path("metrics"), 2, 0.625);
        pc(node(pageEntries, "/entryId", "b2").path("metrics"), 1, 0.75);

        // prev (2019-03-28..29 as the selected period): r1 r2 r3 = 1.7 / 3; viewers v1 r1 0.1, v2 r2 1.0, v3 r3 0.6
        // (r3's furthest position arrived on 03-30, outside this window).
        pc(data.at("/prev/highlights"), 3, 1.7 / 3);
        JsonNode prevViewers = data.at("/prev/viewers");
        assertThat(keys(prevViewers, "/user/id")).containsExactly("v1", "v2", "v3");
        pc(node(prevViewers, "/user/id", "v1").path("metrics"), 1, 0.1);
        pc(node(prevViewers, "/user/id", "v2").path("metrics"), 1, 1.0);
        pc(node(prevViewers, "/user/id", "v3").path("metrics"), 1, 0.6);

        // tz (Asia/Jerusalem, UTC+3 since 2019-03-29): the window is 03-29T21:00Z .. 03-31T21:00Z, so r3
        // (03-29 23:58Z) is in and q5 (03-31 23:55Z) is out: r3 q1 q2 q4 q3 q6 q7 = 3.7 / 7.
        // Local days: 03-30 r3 q1 q2 (0.6 + 0.8 + 1.0) / 3 = 0.8; 03-31 q4 (02:50 local) q3 q6 q7 1.3 / 4 = 0.325.
        pc(data.at("/tz/highlights"), 7, 3.7 / 7);
        JsonNode tzDays = data.at("/tz/performance");
        assertThat(dates(tzDays)).containsExactly(C_FROM, C_TO);
        pc(tzDays.get(0).path("metrics"), 3, 0.8);
        pc(tzDays.get(1).path("metrics"), 4, 0.325);

        // v3 (userIds v3): q4 0.5. Entries: b2 q4 0.5; b1 (r3's heartbeat only) 0 plays.
        pc(data.at("/v3/highlights"), 1, 0.5);
        JsonNode v3Entries = data.at("/v3/entries");
        assertThat(keys(v3Entries, "/entryId")).containsExactly("b2", "b1");
        pc(node(v3Entries, "/entryId", "b2").path("metrics"), 1, 0.5);
        pc(node(v3Entries, "/entryId", "b1").path("metrics"), 0, 0);

        // b2 (entryIds b2; another batch, entries differ): q4 q5 q7 = 1.25 / 3, all DESKTOP.
        pc(data.at("/b2/highlights"), 3, 1.25 / 3);
        JsonNode b2Devices = data.at("/b2/devices");
        assertThat(listKeys(b2Devices, "device")).containsExactly("DESKTOP");
        pc(element(b2Devices, "device", "DESKTOP").path("metrics"), 3, 1.25 / 3);
    }

    @Test
    void aliasedAnalyticsWithDifferentFiltersInOneQueryEachGetTheirOwnCompletion() {
        checkAliases(gql(ALIASES, aliasVariables()));
    }

    // ---- 3. many different queries at the same time ----------------------------------------

    /** One query and its hand-computed answer. */
    private record Case(String name, String document, Map<String, Object> variables, Consumer<JsonNode> check) {}

    static final String COUNTRIES_DRILL = doc("""
            query c($f: AnalyticsFilter!) { analytics(filter: $f) {
              countries(first: 10) { totalCount edges { node { country metrics { ...N }
                regions(first: 10) { edges { node { region metrics { ...N }
                  cities(first: 10) { edges { node { city metrics { ...N } } } } } } } } } } } }
            """);

    static final String VIEWERS_ENTRIES = doc("""
            query v($f: AnalyticsFilter!) { analytics(filter: $f) {
              highlights { plays avgCompletionRate }
              viewers(first: 10) { totalCount edges { node { user { id } metrics { ...N }
                entries(first: 10) { edges { node { entryId metrics { ...N } } } } } } } } }
            """);

    static final String DOMAINS = doc("""
            query d($f: AnalyticsFilter!) { analytics(filter: $f) {
              domains(first: 10) { totalCount edges { node { domain metrics { ...N }
                urls(first: 10) { edges { node { url metrics { ...N } } } } } } } } }
            """);

    static final String TOP_VIDEOS = doc("""
            query t($f: AnalyticsFilter!) { analytics(filter: $f) {
              topVideos(first: 10) { edges { node { entryId score metrics { ...N } } } } } }
            """);

    static final String USER_COMPARED = doc("""
            query u($f: AnalyticsFilter!) { analytics(filter: $f) {
              highlights { plays avgCompletionRate }
              comparison { highlights { plays avgCompletionRate } }
              entries(first: 10) { edges { node { entryId metrics { ...M } } } } } }
            """);

    static final String DEVICES = doc("""
            query dv($f: AnalyticsFilter!) { analytics(filter: $f) { devices { device metrics { ...M } } } }
            """);

    static final String CATEGORY = doc("""
            query cat($id: ID!, $f: AnalyticsFilter!) { category(id: $id) { analytics(filter: $f) {
              highlights { plays avgCompletionRate }
              subCategories(first: 10) { totalCount edges { node { category { id } metrics { ...N } } } }
              entries(first: 10) { totalCount edges { node { entryId metrics { ...N } } } } } } }
            """);

    static final String MONTHS = doc("""
            query m($f: AnalyticsFilter!) { analytics(filter: $f) {
              highlights { plays avgCompletionRate }
              performance(granularity: MONTH) { date metrics { ...N } } } }
            """);

    static final String SORTED_ENTRIES = doc("""
            query se($f: AnalyticsFilter!, $o: RowOrder) { analytics(filter: $f) {
              entries(first: 10, orderBy: $o) { totalCount edges { node { entryId metrics { ...M } } } } } }
            """);

    static final String SORTED_VIEWERS = doc("""
            query sv($f: AnalyticsFilter!, $o: RowOrder, $after: String) { analytics(filter: $f) {
              viewers(first: 2, after: $after, orderBy: $o) {
                totalCount pageInfo { hasNextPage endCursor } edges { node { user { id } metrics { ...N } } } } } }
            """);

    static final String SORTED_COUNTRIES = doc("""
            query sc($f: AnalyticsFilter!, $o: RowOrder) { analytics(filter: $f) {
              countries(first: 10, orderBy: $o) { totalCount edges { node { country metrics { ...M }
                regions(first: 10, orderBy: $o) { edges { node { region metrics { ...M } } } } } } } } }
            """);

    static final String SORTED_DRILLS = doc("""
            query sd($f: AnalyticsFilter!, $desc: RowOrder, $asc: RowOrder) { analytics(filter: $f) {
              devices(orderBy: $desc) { device metrics { ...N } }
              domains(first: 10, orderBy: $desc) { edges { node { domain metrics { ...N }
                urls(first: 10, orderBy: $asc) { edges { node { url metrics { ...N } } } } } } }
              viewers(first: 10) { edges { node { user { id }
                entries(first: 10, orderBy: $asc) { edges { node { entryId metrics { ...N } } } } } } } } }
            """);

    private List<Case> cases() {
        List<Case> cases = new ArrayList<>();
        cases.add(new Case("dashboard", DASHBOARD, dashboardVariables(), CompletionBatchTest::checkDashboard));
        cases.add(new Case("aliases", ALIASES, aliasVariables(), CompletionBatchTest::checkAliases));

        // Desktop only: IL q1 q4 q7 (0.8 + 0.5 + 0) / 3 → Tel Aviv District → Tel Aviv, the same three;
        // US q5 0.75 → California → San Francisco.
        cases.add(new Case("desktop countries", COUNTRIES_DRILL, Map.of("f", current("devices", List.of("DESKTOP"))), d -> {
            JsonNode c = d.at("/analytics/countries");
            assertThat(keys(c, "/country")).containsExactly("IL", "US");
            JsonNode il = node(c, "/country", "IL");
            pc(il.path("metrics"), 3, 1.3 / 3);
            assertThat(keys(il.path("regions"), "/region")).containsExactly(TLV_D);
            JsonNode tlvd = node(il.path("regions"), "/region", TLV_D);
            pc(tlvd.path("metrics"), 3, 1.3 / 3);
            pc(node(tlvd.path("cities"), "/city", "Tel Aviv").path("metrics"), 3, 1.3 / 3);
            JsonNode us = node(c, "/country", "US");
            pc(us.path("metrics"), 1, 0.75);
            JsonNode cal = node(us.path("regions"), "/region", CALIFORNIA);
            pc(cal.path("metrics"), 1, 0.75);
            pc(node(cal.path("cities"), "/city", "San Francisco").path("metrics"), 1, 0.75);
        }));

        // Category pages only: IL q1 (TLV 0.8) q3 (Haifa 0.45) = 0.625; US q5 0.75.
        // Regions of IL, one play each, by name: Haifa District 0.45, Tel Aviv District 0.8.
        cases.add(new Case("category-page countries", COUNTRIES_DRILL, Map.of("f", current("categoryPageOnly", true)), d -> {
            JsonNode c = d.at("/analytics/countries");
            assertThat(keys(c, "/country")).containsExactly("IL", "US");
            JsonNode il = node(c, "/country", "IL");
            pc(il.path("metrics"), 2, 0.625);
            assertThat(keys(il.path("regions"), "/region")).containsExactly(HAIFA_D, TLV_D);
            JsonNode hfad = node(il.path("regions"), "/region", HAIFA_D);
            pc(hfad.path("metrics"), 1, 0.45);
            pc(node(hfad.path("cities"), "/city", "Haifa").path("metrics"), 1, 0.45);
            JsonNode tlvd = node(il.path("regions"), "/region", TLV_D);
            pc(tlvd.path("metrics"), 1, 0.8);
            pc(node(tlvd.path("cities"), "/city", "Tel Aviv").path("metrics"), 1, 0.8);
            JsonNode us = node(c, "/country", "US");
            pc(us.path("metrics"), 1, 0.75);
            pc(node(us.path("regions"), "/region", CALIFORNIA).path("metrics"), 1, 0.75);
        }));

        // The previous period as the selected one: v1 → b1 r1 0.1; v2 → b2 r2 1.0; v3 → b1 r3 0.6.
        cases.add(new Case("previous-period viewers", VIEWERS_ENTRIES, Map.of("f", filterFor(P_FROM, P_TO)), d -> {
            pc(d.at("/analytics/highlights"), 3, 1.7 / 3);
            JsonNode v = d.at("/analytics/viewers");
            assertThat(keys(v, "/user/id")).containsExactly("v1", "v2", "v3");
            JsonNode v1 = node(v, "/user/id", "v1");
            pc(v1.path("metrics"), 1, 0.1);
            assertThat(keys(v1.path("entries"), "/entryId")).containsExactly("b1");
            pc(node(v1.path("entries"), "/entryId", "b1").path("metrics"), 1, 0.1);
            JsonNode v2 = node(v, "/user/id", "v2");
            pc(v2.path("metrics"), 1, 1.0);
            assertThat(keys(v2.path("entries"), "/entryId")).containsExactly("b2");
            pc(node(v2.path("entries"), "/entryId", "b2").path("metrics"), 1, 1.0);
            JsonNode v3 = node(v, "/user/id", "v3");
            pc(v3.path("metrics"), 1, 0.6);
            assertThat(keys(v3.path("entries"), "/entryId")).containsExactly("b1");
            pc(node(v3.path("entries"), "/entryId", "b1").path("metrics"), 1, 0.6);
        }));

        // Current period, MOBILE viewers: v2 q2 q6 0.675 (b1 1.0, b3 0.35); v1 q3 0.45 (b1).
        // v3's only mobile event is r3's heartbeat: a viewer (b1) with 0 plays. By plays: v2 (2), v1 (1), v3 (0).
        cases.add(new Case("mobile viewers", VIEWERS_ENTRIES, Map.of("f", current("devices", List.of("MOBILE"))), d -> {
            pc(d.at("/analytics/highlights"), 3, 0.6);
            JsonNode v = d.at("/analytics/viewers");
            assertThat(keys(v, "/user/id")).containsExactly("v2", "v1", "v3");
            JsonNode v2 = node(v, "/user/id", "v2");
            pc(v2.path("metrics"), 2, 0.675);
            assertThat(keys(v2.path("entries"), "/entryId")).containsExactly("b1", "b3");
            pc(node(v2.path("entries"), "/entryId", "b1").path("metrics"), 1, 1.0);
            pc(node(v2.path("entries"), "/entryId", "b3").path("metrics"), 1, 0.35);
            JsonNode v1 = node(v, "/user/id", "v1");
            pc(v1.path("metrics"), 1, 0.45);
            pc(node(v1.path("entries"), "/entryId", "b1").path("metrics"), 1, 0.45);
            JsonNode v3 = node(v, "/user/id", "v3");
            pc(v3.path("metrics"), 0, 0);
            pc(node(v3.path("entries"), "/entryId", "b1").path("metrics"), 0, 0);
        }));

        // US only: domain b q2 q5 (1.0 + 0.75) / 2 = 0.875, URL b/x the same; no play of the US on a.
        cases.add(new Case("US domains", DOMAINS, Map.of("f", current("countries", List.of("US"))), d -> {
            JsonNode dom = d.at("/analytics/domains");
            assertThat(dom.path("totalCount").asLong()).isEqualTo(1);
            assertThat(keys(dom, "/domain")).containsExactly(DOMAIN_B);
            JsonNode b = node(dom, "/domain", DOMAIN_B);
            pc(b.path("metrics"), 2, 0.875);
            assertThat(keys(b.path("urls"), "/url")).containsExactly(B_X);
            pc(node(b.path("urls"), "/url", B_X).path("metrics"), 2, 0.875);
        }));

        // Tel Aviv plays only (cities filter), current period: a/p1 q1 q4 (0.8 + 0.5) / 2 = 0.65, a/p2 q7 0
        // → a (0.8 + 0.5 + 0) / 3; b/x q6 0.35.
        cases.add(new Case("Tel Aviv domains", DOMAINS, Map.of("f", current("cities", List.of("Tel Aviv"))), d -> {
            JsonNode dom = d.at("/analytics/domains");
            assertThat(keys(dom, "/domain")).containsExactly(DOMAIN_A, DOMAIN_B);
            JsonNode a = node(dom, "/domain", DOMAIN_A);
            pc(a.path("metrics"), 3, 1.3 / 3);
            assertThat(keys(a.path("urls"), "/url")).containsExactly(A_P1, A_P2);
            pc(node(a.path("urls"), "/url", A_P1).path("metrics"), 2, 0.65);
            pc(node(a.path("urls"), "/url", A_P2).path("metrics"), 1, 0);
            JsonNode b = node(dom, "/domain", DOMAIN_B);
            pc(b.path("metrics"), 1, 0.35);
            pc(node(b.path("urls"), "/url", B_X).path("metrics"), 1, 0.35);
        }));

        // Top videos of 2019-03-31..04-01: b2 q5 q7 (0.375), viewers Unknown v1 v3 (q4's 03-31 heartbeat) = 3;
        // b3 q6 s1 (0.35 + 0.75) / 2 = 0.55, viewers v2 v1 = 2; b1 q3 0.45, viewer v1. maxPlays 2, maxViewers 3:
        // b2 5 + 2.5 + 0.9375 = 8.4375 → 8.4; b3 5 + 5/3 + 1.375 = 8.04 → 8.0; b1 2.5 + 2.5/3 + 1.125 = 4.46 → 4.5.
        cases.add(new Case("later top videos", TOP_VIDEOS, Map.of("f", filterFor("2019-03-31", "2019-04-01")), d -> {
            JsonNode top = d.at("/analytics/topVideos");
            assertThat(keys(top, "/entryId")).containsExactly("b2", "b3", "b1");
            assertThat(top.findValues("score").stream().map(JsonNode::asDouble).toList()).containsExactly(8.4, 8.0, 4.5);
            pc(node(top, "/entryId", "b2").path("metrics"), 2, 0.375);
            pc(node(top, "/entryId", "b3").path("metrics"), 2, 0.55);
            pc(node(top, "/entryId", "b1").path("metrics"), 1, 0.45);
        }));

        // userIds v3 with the previous period: now q4 0.5, then r3 0.6. Entries: b2 q4 0.5 (previous none);
        // b1 0 plays now (heartbeat), previous r3 0.6.
        cases.add(new Case("v3 compared", USER_COMPARED,
                Map.of("f", current("userIds", List.of("v3"), "compareTo", previousPeriod())), d -> {
                    pc(d.at("/analytics/highlights"), 1, 0.5);
                    pc(d.at("/analytics/comparison/highlights"), 1, 0.6);
                    JsonNode e = d.at("/analytics/entries");
                    assertThat(keys(e, "/entryId")).containsExactly("b2", "b1");
                    pc(node(e, "/entryId", "b2").path("metrics"), 1, 0.5, 0, 0);
                    pc(node(e, "/entryId", "b1").path("metrics"), 0, 0, 1, 0.6);
                }));

        // entryIds b2 with the previous period (its own batch): DESKTOP q4 q5 q7 1.25 / 3; previous: r2 is MOBILE,
        // so the DESKTOP row has no previous plays.
        cases.add(new Case("b2 devices compared", DEVICES,
                Map.of("f", current("entryIds", List.of("b2"), "compareTo", previousPeriod())), d -> {
                    JsonNode dev = d.at("/analytics/devices");
                    assertThat(listKeys(dev, "device")).containsExactly("DESKTOP");
                    pc(element(dev, "device", "DESKTOP").path("metrics"), 3, 1.25 / 3, 0, 0);
                }));

        // Asia/Jerusalem (window 03-29T21:00Z .. 03-31T21:00Z, see the aliases): MOBILE r3 q2 q3 q6
        // (0.6 + 1.0 + 0.45 + 0.35) / 4 = 0.6; DESKTOP q1 q4 q7 1.3 / 3 (q5 is after the window).
        // Previous period 03-28..29 local = 03-27T22:00Z .. 03-29T21:00Z: MOBILE r2 1.0; DESKTOP r1 0.1.
        cases.add(new Case("Jerusalem devices", DEVICES,
                Map.of("f", current("timeZone", "Asia/Jerusalem", "compareTo", previousPeriod())), d -> {
                    JsonNode dev = d.at("/analytics/devices");
                    assertThat(listKeys(dev, "device")).containsExactly("MOBILE", "DESKTOP");
                    pc(element(dev, "device", "MOBILE").path("metrics"), 4, 0.6, 1, 1.0);
                    pc(element(dev, "device", "DESKTOP").path("metrics"), 3, 1.3 / 3, 1, 0.1);
                }));

        // Category bt (its subtree bt, bt-sub: entries b1 b2; its own batch): q1 q2 q3 q4 q5 q7 = 3.5 / 6.
        // Sub-category bt-sub: b2 q4 q5 q7 1.25 / 3. Entries b1 0.75, b2 1.25 / 3.
        cases.add(new Case("category bt", CATEGORY, Map.of("id", "bt", "f", current()), d -> {
            JsonNode a = d.at("/category/analytics");
            pc(a.path("highlights"), 6, 3.5 / 6);
            JsonNode subs = a.path("subCategories");
            assertThat(keys(subs, "/category/id")).containsExactly("bt-sub");
            pc(node(subs, "/category/id", "bt-sub").path("metrics"), 3, 1.25 / 3);
            JsonNode e = a.path("entries");
            assertThat(keys(e, "/entryId")).containsExactly("b1", "b2");
            pc(node(e, "/entryId", "b1").path("metrics"), 3, 0.75);
            pc(node(e, "/entryId", "b2").path("metrics"), 3, 1.25 / 3);
        }));

        // Months of 2019-01..04: March all q and r plays (3.85 + 1.7) / 10 = 0.555; April s1 0.75
        // (q5's April heartbeat belongs to its March play).
        cases.add(new Case("months", MONTHS, Map.of("f", filterFor("2019-01-01", "2019-04-30")), d -> {
            pc(d.at("/analytics/highlights"), 11, 6.3 / 11);
            JsonNode months = d.at("/analytics/performance");
            assertThat(dates(months)).containsExactly("2019-01-01", "2019-02-01", "2019-03-01", "2019-04-01");
            pc(months.get(0).path("metrics"), 0, 0);
            pc(months.get(1).path("metrics"), 0, 0);
            pc(months.get(2).path("metrics"), 10, 0.555);
            pc(months.get(3).path("metrics"), 1, 0.75);
        }));

        cases.add(new Case("entries by completion asc", SORTED_ENTRIES,
                Map.of("f", current("compareTo", previousPeriod()), "o", order("AVG_COMPLETION_RATE", "ASC")),
                CompletionBatchTest::checkEntriesByCompletionAscending));
        cases.add(new Case("viewers by completion desc", SORTED_VIEWERS,
                Map.of("f", current(), "o", order("AVG_COMPLETION_RATE", "DESC")),
                CompletionBatchTest::checkViewersByCompletionFirstPage));
        cases.add(new Case("countries by completion desc", SORTED_COUNTRIES,
                Map.of("f", current("compareTo", previousPeriod()), "o", order("AVG_COMPLETION_RATE", "DESC")),
                CompletionBatchTest::checkCountriesByCompletionDescending));
        cases.add(new Case("sorted drill-downs", SORTED_DRILLS, Map.of("f", current(),
                "desc", order("AVG_COMPLETION_RATE", "DESC"), "asc", order("AVG_COMPLETION_RATE", "ASC")),
                CompletionBatchTest::checkSortedDrillDowns));
        return cases;
    }

    @Test
    void manyDifferentQueriesAtTheSameTimeEachGetTheirOwnHandComputedAnswer() throws Exception {
        List<Case> cases = cases();
        assertThat(cases).hasSizeGreaterThanOrEqualTo(12);
        // each case alone first: a failure here is the case's, not the concurrency's
        for (Case c : cases) {
            try {
                c.check().accept(gql(c.document(), c.variables()));
            } catch (AssertionError e) {
                throw new AssertionError("alone, case '" + c.name() + "': " + e.getMessage(), e);
            }
        }
        ExecutorService threads = Executors.newFixedThreadPool(cases.size());
        try {
            for (int round = 0; round < 4; round++) {
                CountDownLatch ready = new CountDownLatch(cases.size());
                CountDownLatch start = new CountDownLatch(1);
                List<Future<JsonNode>> answers = new ArrayList<>();
                for (Case c : cases) {
                    answers.add(threads.submit(() -> {
                        ready.countDown();
                        start.await();
                        return gql(c.document(), c.variables());
                    }));
                }
                assertThat(ready.await(30, TimeUnit.SECONDS)).isTrue();
                start.countDown();
                List<String> failures = new ArrayList<>();
                for (int i = 0; i < cases.size(); i++) {
                    Case c = cases.get(i);
                    try {
                        c.check().accept(answers.get(i).get(180, TimeUnit.SECONDS));
                    } catch (AssertionError e) {
                        failures.add("round " + round + ", case '" + c.name() + "': " + e.getMessage());
                    } catch (java.util.concurrent.ExecutionException e) {
                        failures.add("round " + round + ", case '" + c.name() + "' failed: " + e.getCause());
                    }
                }
                assertThat(failures).as("wrong answers under concurrency").isEmpty();
            }
        } finally {
            threads.shutdownNow();
        }
    }

    // ---- 4. sorting by completion (the inline join) ----------------------------------------

    /** Entries by completion, ascending: b3 0.35, b2 1.25/3 ≈ 0.417, b1 0.75; previous values as in the dashboard. */
    static void checkEntriesByCompletionAscending(JsonNode d) {
        JsonNode e = d.at("/analytics/entries");
        assertThat(e.path("totalCount").asLong()).isEqualTo(3);
        assertThat(keys(e, "/entryId")).containsExactly("b3", "b2", "b1");
        pc(node(e, "/entryId", "b3").path("metrics"), 1, 0.35, 0, 0);
        pc(node(e, "/entryId", "b2").path("metrics"), 3, 1.25 / 3, 1, 1.0);
        pc(node(e, "/entryId", "b1").path("metrics"), 3, 0.75, 2, 0.35);
    }

    /** Viewers by completion, descending: Unknown 0.75, v2 0.675 | v3 0.5, v1 1.25/3 ≈ 0.417. First page of 2. */
    static void checkViewersByCompletionFirstPage(JsonNode d) {
        JsonNode v = d.at("/analytics/viewers");
        assertThat(v.path("totalCount").asLong()).isEqualTo(4);
        assertThat(v.at("/pageInfo/hasNextPage").asBoolean()).isTrue();
        assertThat(keys(v, "/user/id")).containsExactly("Unknown", "v2");
        pc(node(v, "/user/id", "Unknown").path("metrics"), 1, 0.75);
        pc(node(v, "/user/id", "v2").path("metrics"), 2, 0.675);
    }

    /** Countries by completion, descending: US 0.875 (previous 1.0), IL 0.42 (previous 0.35); IL's regions Haifa 0.45, TLV 0.4125. */
    static void checkCountriesByCompletionDescending(JsonNode d) {
        JsonNode c = d.at("/analytics/countries");
        assertThat(keys(c, "/country")).containsExactly("US", "IL");
        pc(node(c, "/country", "US").path("metrics"), 2, 0.875, 1, 1.0);
        JsonNode il = node(c, "/country", "IL");
        pc(il.path("metrics"), 5, 0.42, 2, 0.35);
        assertThat(keys(il.path("regions"), "/region")).containsExactly(HAIFA_D, TLV_D);
        pc(node(il.path("regions"), "/region", HAIFA_D).path("metrics"), 1, 0.45, 1, 0.6);
        pc(node(il.path("regions"), "/region", TLV_D).path("metrics"), 4, 0.4125, 1, 0.1);
    }

    /**
     * Devices by completion desc: MOBILE 0.6, DESKTOP 0.5125. Domains desc: b 0.7, a 0.4375; a's URLs asc:
     * p2 0.225, p1 0.65. Viewer → entries asc: v1 b2 0 then b1 0.625; v2 b3 0.35 then b1 1.0; v3 b1 (0 plays) then
     * b2 0.5; Unknown b2 0.75. (The viewers table itself is by plays: v1, v2, Unknown, v3.)
     */
    static void checkSortedDrillDowns(JsonNode d) {
        JsonNode a = d.path("analytics");
        JsonNode dev = a.path("devices");
        assertThat(listKeys(dev, "device")).containsExactly("MOBILE", "DESKTOP");
        pc(element(dev, "device", "MOBILE").path("metrics"), 3, 0.6);
        pc(element(dev, "device", "DESKTOP").path("metrics"), 4, 0.5125);
        JsonNode dom = a.path("domains");
        assertThat(keys(dom, "/domain")).containsExactly(DOMAIN_B, DOMAIN_A);
        pc(node(dom, "/domain", DOMAIN_B).path("metrics"), 3, 0.7);
        JsonNode da = node(dom, "/domain", DOMAIN_A);
        pc(da.path("metrics"), 4, 0.4375);
        assertThat(keys(da.path("urls"), "/url")).containsExactly(A_P2, A_P1);
        pc(node(da.path("urls"), "/url", A_P2).path("metrics"), 2, 0.225);
        pc(node(da.path("urls"), "/url", A_P1).path("metrics"), 2, 0.65);
        JsonNode v = a.path("viewers");
        assertThat(keys(v, "/user/id")).containsExactly("v1", "v2", "Unknown", "v3");
        JsonNode v1 = node(v, "/user/id", "v1").path("entries");
        assertThat(keys(v1, "/entryId")).containsExactly("b2", "b1");
        pc(node(v1, "/entryId", "b2").path("metrics"), 1, 0);
        pc(node(v1, "/entryId", "b1").path("metrics"), 2, 0.625);
        JsonNode v2 = node(v, "/user/id", "v2").path("entries");
        assertThat(keys(v2, "/entryId")).containsExactly("b3", "b1");
        pc(node(v2, "/entryId", "b3").path("metrics"), 1, 0.35);
        pc(node(v2, "/entryId", "b1").path("metrics"), 1, 1.0);
        JsonNode v3 = node(v, "/user/id", "v3").path("entries");
        assertThat(keys(v3, "/entryId")).containsExactly("b1", "b2");
        pc(node(v3, "/entryId", "b1").path("metrics"), 0, 0);
        pc(node(v3, "/entryId", "b2").path("metrics"), 1, 0.5);
        JsonNode unknown = node(v, "/user/id", "Unknown").path("entries");
        assertThat(keys(unknown, "/entryId")).containsExactly("b2");
        pc(node(unknown, "/entryId", "b2").path("metrics"), 1, 0.75);
    }

    @Test
    void sortingByCompletionOrdersRowsByTheirOwnCompletion() {
        checkEntriesByCompletionAscending(gql(SORTED_ENTRIES,
                Map.of("f", current("compareTo", previousPeriod()), "o", order("AVG_COMPLETION_RATE", "ASC"))));
        // descending is the exact reverse (no ties)
        JsonNode desc = gql(SORTED_ENTRIES, Map.of("f", current(), "o", order("AVG_COMPLETION_RATE", "DESC")));
        assertThat(keys(desc.at("/analytics/entries"), "/entryId")).containsExactly("b1", "b2", "b3");

        // viewers paged while sorted by completion: page 1 Unknown, v2; page 2 (after its end cursor) v3 0.5, v1 ≈ 0.417
        Map<String, Object> viewers = new LinkedHashMap<>(Map.of("f", current(), "o", order("AVG_COMPLETION_RATE", "DESC")));
        JsonNode first = gql(SORTED_VIEWERS, viewers);
        checkViewersByCompletionFirstPage(first);
        viewers.put("after", first.at("/analytics/viewers/pageInfo/endCursor").asText());
        JsonNode second = gql(SORTED_VIEWERS, viewers).at("/analytics/viewers");
        assertThat(second.at("/pageInfo/hasNextPage").asBoolean()).isFalse();
        assertThat(keys(second, "/user/id")).containsExactly("v3", "v1");
        pc(node(second, "/user/id", "v3").path("metrics"), 1, 0.5);
        pc(node(second, "/user/id", "v1").path("metrics"), 3, 1.25 / 3);

        checkCountriesByCompletionDescending(gql(SORTED_COUNTRIES,
                Map.of("f", current("compareTo", previousPeriod()), "o", order("AVG_COMPLETION_RATE", "DESC"))));
        checkSortedDrillDowns(gql(SORTED_DRILLS, Map.of("f", current(),
                "desc", order("AVG_COMPLETION_RATE", "DESC"), "asc", order("AVG_COMPLETION_RATE", "ASC"))));
    }

    // ---- 5. a page of many long keys -------------------------------------------------------

    static final String LONG_URLS = doc("""
            query lu($f: AnalyticsFilter!) { analytics(filter: $f) {
              domains(first: 10) { edges { node { domain metrics { ...N }
                urls(first: 100) { totalCount edges { node { url metrics { ...N } } } } } } } } }
            """);

    /**
     * The batch narrows a request to its rows' own keys, so the keys travel in the statement's text. A
     * page of 80 URLs of about 4,000 characters each (pageUrl may have 8,192) lists some 320 KB of keys,
     * above ClickHouse's max_query_size of 256 KiB; the rows' completion must still come back. Data of
     * its own, 2017-06-01 (no other test's): 80 plays of b1 (100 s), one per URL of long.example.com,
     * each with a heartbeat at 50 s → completion 0.5 each; domain: 80 plays, 0.5.
     */
    @Test
    void aPageOfManyLongUrlsStillGetsItsCompletion() {
        aPageOfManyLongUrlsStillGetsItsCompletionData();

        JsonNode domains = gql(LONG_URLS, Map.of("f", filterFor("2017-06-01", "2017-06-01"))).at("/analytics/domains");
        assertThat(keys(domains, "/domain")).containsExactly("long.example.com");
        JsonNode domain = node(domains, "/domain", "long.example.com");
        pc(domain.path("metrics"), 80, 0.5);
        JsonNode urls = domain.path("urls");
        assertThat(urls.path("totalCount").asLong()).isEqualTo(80);
        assertThat(urls.path("edges").size()).isEqualTo(80);
        for (JsonNode edge : urls.path("edges")) {
            pc(edge.at("/node/metrics"), 1, 0.5);
        }
    }

    /** The 80 long-URL plays of 2017-06-01 (sent again by the second test: repeated event ids are dropped). */
    private void aPageOfManyLongUrlsStillGetsItsCompletionData() {
        List<Map<String, Object>> events = new ArrayList<>();
        String padding = "x".repeat(4_000);
        for (int i = 0; i < 80; i++) {
            String url = "https://long.example.com/" + String.format("%02d", i) + "-" + padding;
            Play p = new Play("long-" + i, "b1", "lu" + i, "2017-06-01T10:" + String.format("%02d", i % 60) + ":00Z", TLV,
                    "DESKTOP", url, null);
            events.add(event(p, p.id() + "-play", "PLAY", p.time(), null));
            events.add(event(p, p.id() + "-view", "VIEW", p.time().replace(":00Z", ":30Z"), 50.0));
        }
        JsonNode r = postExpecting(200, "/v1/events", ingestKey(), events);
        assertThat(r.path("rejected").asInt()).as("events rejected: %s", r).isZero();
    }

    static final String LONG_URLS_BESIDE_SMALL = doc("""
            query lus($long: AnalyticsFilter!, $small: AnalyticsFilter!) {
              long: analytics(filter: $long) { domains(first: 10) { edges { node { domain
                urls(first: 100) { edges { node { url metrics { ...N } } } } } } } }
              small: analytics(filter: $small) { domains(first: 10) { edges { node { domain
                urls(first: 10) { edges { node { url metrics { ...N } } } } } } } }
            }
            """);

    /**
     * Statements that share a batch share its fate: the URLs of 2019-03-30..31, a drill-down level loaded
     * at the same time as the long URLs' level of the same query (so in the same completion batch), must
     * be answered whatever happens to the long page: a/p1 q1 q4 0.65, a/p2 q3 q7 0.225, b/x q2 q5 q6 0.7.
     */
    @Test
    void aSmallRequestBesideAPageOfLongUrlsGetsItsOwnAnswer() {
        aPageOfManyLongUrlsStillGetsItsCompletionData();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("query", LONG_URLS_BESIDE_SMALL);
        body.put("variables", Map.of("long", filterFor("2017-06-01", "2017-06-01"), "small", current()));
        HttpResponse<String> response = post("/graphql", analyticsKey(), json(body));
        JsonNode n = parse(response.body());
        List<String> smallErrors = new ArrayList<>();
        for (JsonNode e : n.path("errors")) {
            if (e.path("path").path(0).asText().equals("small")) {
                smallErrors.add(e.toString());
            }
        }
        assertThat(smallErrors).as("errors of the small request (all errors: %s)", n.path("errors")).isEmpty();
        JsonNode small = n.at("/data/small/domains");
        assertThat(keys(small, "/domain")).containsExactly(DOMAIN_A, DOMAIN_B);
        JsonNode a = node(small, "/domain", DOMAIN_A).path("urls");
        assertThat(keys(a, "/url")).containsExactly(A_P1, A_P2);
        pc(node(a, "/url", A_P1).path("metrics"), 2, 0.65);
        pc(node(a, "/url", A_P2).path("metrics"), 2, 0.225);
        pc(node(node(small, "/domain", DOMAIN_B).path("urls"), "/url", B_X).path("metrics"), 3, 0.7);
    }

    // ---- 6. a batch too big for one statement, of different requests ----------------------

    static final int SPLIT_URLS = 165;

    /**
     * URL i of split.example.org: 101 characters; with its domain a row's keys are 118, so a request
     * listing 165 rows lists 19,470 characters (the service lists keys up to 20,000 and 200 rows).
     */
    static String splitUrl(int i) {
        return "https://split.example.org/" + String.format("%04d", i) + "/" + "z".repeat(70);
    }

    /** By hand: the play of URL i on day j (0 = 2018-05-01, 1 = 05-02, 2 = 05-03) reaches 0.2 × ((i + j) mod 4 + 1). */
    static double split(int i, int j) {
        return 0.2 * ((i + j) % 4 + 1);
    }

    /** One URL row expected: its plays and completion; null when the URL is not a row. */
    private record Expected(long plays, double completion) {}

    /** A request of the split test: its filter and, per URL index, what its row must show. */
    private record SplitCase(String name, Map<String, Object> filter, java.util.function.IntFunction<Expected> url,
            java.util.function.IntFunction<Expected> previous) {}

    static final String SPLIT_QUERY = doc("""
            query sp($f: AnalyticsFilter!) { analytics(filter: $f) {
              domains(first: 10) { edges { node { domain
                urls(first: 200) { totalCount edges { node { url metrics { ...M } } } } } } } } }
            """);

    /**
     * Each URL i of split.example.org has three plays of b1 (100 s), one a day 2018-05-01..03 (day j), at
     * 06:00Z for even i and 20:00Z for odd i; completion {@link #split}(i, j). The day-1 play is MOBILE, the
     * others DESKTOP; URLs with i mod 3 = 0 are played from US, the others from IL; user sp(i mod 2).
     */
    private void loadSplitData() {
        List<Map<String, Object>> events = new ArrayList<>();
        for (int i = 0; i < SPLIT_URLS; i++) {
            for (int j = 0; j < 3; j++) {
                String time = "2018-05-0" + (j + 1) + (i % 2 == 0 ? "T06:00:00Z" : "T20:00:00Z");
                Geo geo = i % 3 == 0 ? SF : TLV;
                Play p = new Play("split-" + i + "-" + j, "b1", "sp" + (i % 2), time, geo, j == 1 ? "MOBILE" : "DESKTOP",
                        splitUrl(i), null);
                events.add(event(p, p.id() + "-play", "PLAY", time, null));
                events.add(event(p, p.id() + "-view", "VIEW", time.replace(":00:00Z", ":05:00Z"), 100 * split(i, j)));
            }
        }
        JsonNode r = postExpecting(200, "/v1/events", ingestKey(), events);
        assertThat(r.path("rejected").asInt()).as("events rejected: %s", r).isZero();
    }

    private static Expected plays(double... completions) {
        double sum = 0;
        for (double c : completions) {
            sum += c;
        }
        return new Expected(completions.length, sum / completions.length);
    }

    private static List<SplitCase> splitCases() {
        List<SplitCase> out = new ArrayList<>();
        java.util.function.IntFunction<Expected> none = i -> new Expected(0, 0);
        out.add(new SplitCase("day 0", filterFor("2018-05-01", "2018-05-01"), i -> plays(split(i, 0)), null));
        out.add(new SplitCase("day 1", filterFor("2018-05-02", "2018-05-02"), i -> plays(split(i, 1)), null));
        out.add(new SplitCase("day 2", filterFor("2018-05-03", "2018-05-03"), i -> plays(split(i, 2)), null));
        out.add(new SplitCase("days 0-1", filterFor("2018-05-01", "2018-05-02"), i -> plays(split(i, 0), split(i, 1)), null));
        out.add(new SplitCase("days 1-2", filterFor("2018-05-02", "2018-05-03"), i -> plays(split(i, 1), split(i, 2)), null));
        out.add(new SplitCase("days 0-2", filterFor("2018-05-01", "2018-05-03"),
                i -> plays(split(i, 0), split(i, 1), split(i, 2)), null));
        // the day-1 play is the MOBILE one
        out.add(new SplitCase("mobile", filterFor("2018-05-01", "2018-05-03", "devices", List.of("MOBILE")),
                i -> plays(split(i, 1)), null));
        out.add(new SplitCase("desktop", filterFor("2018-05-01", "2018-05-03", "devices", List.of("DESKTOP")),
                i -> plays(split(i, 0), split(i, 2)), null));
        // Asia/Tokyo (+9) 05-02 = 05-01T15:00Z .. 05-02T15:00Z: odd i its day-0 play (20:00Z), even i its day-1 (06:00Z)
        out.add(new SplitCase("Tokyo 05-02", filterFor("2018-05-02", "2018-05-02", "timeZone", "Asia/Tokyo"),
                i -> plays(split(i, i % 2 == 0 ? 1 : 0)), null));
        // Tokyo 05-02..03 = 05-01T15:00Z .. 05-03T15:00Z: odd i days 0 and 1, even i days 1 and 2
        out.add(new SplitCase("Tokyo 05-02..03", filterFor("2018-05-02", "2018-05-03", "timeZone", "Asia/Tokyo"),
                i -> i % 2 == 0 ? plays(split(i, 1), split(i, 2)) : plays(split(i, 0), split(i, 1)), null));
        // Tokyo 05-03 = 05-02T15:00Z .. 05-03T15:00Z: odd i its day-1 play (05-02 20:00Z), even i its day-2 (05-03 06:00Z)
        out.add(new SplitCase("Tokyo 05-03", filterFor("2018-05-03", "2018-05-03", "timeZone", "Asia/Tokyo"),
                i -> plays(split(i, i % 2 == 0 ? 2 : 1)), null));
        // IL (i mod 3 ≠ 0) on DESKTOP during days 0-1: the day-0 play only
        out.add(new SplitCase("IL desktop days 0-1",
                filterFor("2018-05-01", "2018-05-02", "countries", List.of("IL"), "devices", List.of("DESKTOP")),
                i -> i % 3 != 0 ? plays(split(i, 0)) : null, null));
        // US only: URLs with i mod 3 = 0, all three days
        out.add(new SplitCase("US", filterFor("2018-05-01", "2018-05-03", "countries", List.of("US")),
                i -> i % 3 == 0 ? plays(split(i, 0), split(i, 1), split(i, 2)) : null, null));
        // user sp1: odd URLs, all three days
        out.add(new SplitCase("sp1", filterFor("2018-05-01", "2018-05-03", "userIds", List.of("sp1")),
                i -> i % 2 == 1 ? plays(split(i, 0), split(i, 1), split(i, 2)) : null, null));
        // days 1-2 against the previous period 04-30..05-01: now days 1 and 2, then the day-0 play
        out.add(new SplitCase("days 1-2 vs previous",
                filterFor("2018-05-02", "2018-05-03", "compareTo", previousPeriod()),
                i -> plays(split(i, 1), split(i, 2)), i -> plays(split(i, 0))));
        // days 0-2 against the previous period 04-28..30 (no plays): every URL's previous is empty
        out.add(new SplitCase("days 0-2 vs previous",
                filterFor("2018-05-01", "2018-05-03", "compareTo", previousPeriod()),
                i -> plays(split(i, 0), split(i, 1), split(i, 2)), none));
        return out;
    }

    private static void checkSplit(SplitCase c, JsonNode data) {
        JsonNode domains = data.at("/analytics/domains");
        assertThat(keys(domains, "/domain")).as(c.name()).containsExactly("split.example.org");
        JsonNode urls = node(domains, "/domain", "split.example.org").path("urls");
        Map<String, JsonNode> byUrl = new LinkedHashMap<>();
        for (JsonNode edge : urls.path("edges")) {
            byUrl.put(edge.at("/node/url").asText(), edge.at("/node/metrics"));
        }
        int rows = 0;
        for (int i = 0; i < SPLIT_URLS; i++) {
            Expected e = c.url().apply(i);
            if (e == null) {
                assertThat(byUrl).as("%s: URL %d is no row", c.name(), i).doesNotContainKey(splitUrl(i));
                continue;
            }
            rows++;
            JsonNode m = byUrl.get(splitUrl(i));
            assertThat(m).as("%s: row of URL %d", c.name(), i).isNotNull();
            assertThat(m.path("plays").asLong()).as("%s: plays of URL %d", c.name(), i).isEqualTo(e.plays());
            assertThat(m.path("avgCompletionRate").asDouble()).as("%s: completion of URL %d", c.name(), i)
                    .isCloseTo(e.completion(), within(EPS));
            if (c.previous() != null) {
                Expected p = c.previous().apply(i);
                assertThat(m.at("/previous/plays").asLong()).as("%s: previous plays of URL %d", c.name(), i)
                        .isEqualTo(p.plays());
                assertThat(m.at("/previous/avgCompletionRate").asDouble()).as("%s: previous completion of URL %d", c.name(), i)
                        .isCloseTo(p.completion(), within(EPS));
            }
        }
        assertThat(urls.path("totalCount").asLong()).as("%s: URL rows", c.name()).isEqualTo(rows);
        assertThat(byUrl).as("%s: URL rows listed", c.name()).hasSize(rows);
    }

    /**
     * 16 different requests at once, each listing up to 165 URL keys of 118 characters (~19,500 each):
     * together past one statement's size, so the batch is answered by several statements. Every
     * request must still get its own rows' completion (a request numbered against the wrong statement,
     * or another request's window, time zone or filter, shows as a wrong value for some URL).
     */
    @Test
    void aBatchSplitIntoSeveralStatementsStillAnswersEachRequestWithItsOwnRows() throws Exception {
        loadSplitData();
        List<SplitCase> cases = splitCases();
        for (SplitCase c : cases) {
            checkSplit(c, gql(SPLIT_QUERY, Map.of("f", c.filter())));
        }
        ExecutorService threads = Executors.newFixedThreadPool(cases.size());
        try {
            for (int round = 0; round < 4; round++) {
                CountDownLatch ready = new CountDownLatch(cases.size());
                CountDownLatch start = new CountDownLatch(1);
                List<Future<JsonNode>> answers = new ArrayList<>();
                for (SplitCase c : cases) {
                    answers.add(threads.submit(() -> {
                        ready.countDown();
                        start.await();
                        return gql(SPLIT_QUERY, Map.of("f", c.filter()));
                    }));
                }
                assertThat(ready.await(30, TimeUnit.SECONDS)).isTrue();
                start.countDown();
                List<String> failures = new ArrayList<>();
                for (int i = 0; i < cases.size(); i++) {
                    try {
                        checkSplit(cases.get(i), answers.get(i).get(180, TimeUnit.SECONDS));
                    } catch (AssertionError e) {
                        failures.add("round " + round + ": " + e.getMessage());
                    } catch (java.util.concurrent.ExecutionException e) {
                        failures.add("round " + round + ", case '" + cases.get(i).name() + "' failed: " + e.getCause());
                    }
                }
                assertThat(failures).as("wrong answers of a split batch").isEmpty();
            }
        } finally {
            threads.shutdownNow();
        }
    }
}
