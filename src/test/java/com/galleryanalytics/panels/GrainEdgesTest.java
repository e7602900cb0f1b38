package com.galleryanalytics.panels;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.graphql.test.tester.GraphQlTester;

/**
 * The three rollup grains (15-minute buckets, UTC days, UTC months): a query's range
 * [local midnight of {@code from}, local midnight after {@code to}) is cut into whole UTC months,
 * whole UTC days and 15-minute edges (see {@code TimeSpans}). Events sit exactly at, and one second
 * around, the local midnights at both ends of a range and at the UTC midnights / month starts inside
 * it, so a piece read twice, missed, or read from the wrong grain changes a number below. Every
 * expected figure is worked out by hand from PRODUCT.md's definitions. Partner it-12 (the panel
 * fixture of 2024 is loaded too, but every range here lies in 2021–2022, account scope).
 *
 * <h2>Entries</h2>
 * g1 240 s (¼ = 60 s = 1 min) owner own1; g2 480 s (¼ = 2 min) owner own2; g3 240 s (1 min) owner own1.
 * Each play's milestone events (and VIEW, if any) carry the same time as its PLAY, so a play never
 * straddles an edge; "ms" = milestone events, "pos" = furthest position (completion = pos / duration).
 *
 * <h2>2021 events (scenarios 1, 2, 3, 6): range 2021-01-15 .. 2021-04-10</h2>
 * Range per zone: Kolkata (+05:30) K = [01-14T18:30Z, 04-10T18:30Z); UTC U = [01-15T00:00Z, 04-11T00:00Z);
 * New York N = [01-15T05:00Z (EST), 04-11T04:00Z (EDT, the DST change of 03-14 lies inside)).
 * <pre>
 * id  type  time (UTC)            entry user ctry ms pos  K  U  N   note
 * Z1  PLAY  2021-01-10T12:00:00   g1    uX   US   0   0   -  -  -   January, before every range
 * A1  PLAY  2021-01-14T18:29:59   g1    uX   US   1  60   -  -  -   K 01-14 23:59:59
 * A2  PLAY  2021-01-14T18:30:00   g1    uK   IN   2 120   K  -  -   K 01-15 00:00 (first 15-min bucket)
 * A3  IMP   2021-01-14T18:30:01   g1    uI   IN           K  -  -
 * A5  PLAY  2021-01-14T23:59:59   g1    uK   IN   0   0   K  -  -   last 15-min bucket before UTC midnight
 * A4  PLAY  2021-01-15T00:00:00   g1    uA   IN   0   0   K  U  -   UTC midnight: first UTC day
 * D1  PLAY  2021-01-15T04:59:59   g2    uB   US   2 240   K  U  -   NY 01-14 23:59:59
 * D2  PLAY  2021-01-15T05:00:00   g2    uC   US   0   0   K  U  N   NY 01-15 00:00
 * B1  PLAY  2021-01-31T23:59:59   g1    uB   US   0   0   K  U  N   last second before the month grain
 * B2  PLAY  2021-02-01T00:00:00   g1    uA   IN   0   0   K  U  N   UTC month start
 * B3  PLAY  2021-03-01T00:00:00   g1    uK   IN   4 240   K  U  N   UTC month start (inside the month piece)
 * B4  PLAY  2021-03-31T23:59:59   g1    uC   US   0   0   K  U  N   last second of the month piece
 * B5  PLAY  2021-04-01T00:00:00   g2    uD   US   0   0   K  U  N   UTC month start after the month piece
 * C1  PLAY  2021-04-09T23:59:59   g1    uB   US   0   0   K  U  N
 * C2  PLAY  2021-04-10T00:00:00   g1    uA   IN   0   0   K  U  N   UTC midnight: K's trailing 15-min edge
 * C6  IMP   2021-04-10T18:29:59   g1    uI   IN           K  U  N   K 04-10 23:59:59
 * C3  PLAY  2021-04-10T18:29:59   g1    uC   IN   1  90   K  U  N   (+ a VIEW at 90 s)
 * C4  PLAY  2021-04-10T18:30:00   g1    uE   US   1  60   -  U  N   K 04-11 00:00
 * C5  IMP   2021-04-10T18:30:00   g1    uI   US           -  U  N
 * D3  PLAY  2021-04-11T03:59:59   g2    uF   US   0   0   -  -  N   NY 04-10 23:59:59 EDT
 * D4  PLAY  2021-04-11T04:00:00   g2    uX   US   0   0   -  -  -   NY 04-11 00:00 EDT (in under a wrong EST end)
 * Z2  PLAY  2021-04-20T12:00:00   g1    uX   US   0   0   -  -  -   April, after every range
 * </pre>
 * uI only loads players (never a viewer); uX is never inside a range.
 *
 * <h2>2022 events (scenarios 4, 5): entry g3 (240 s), country IN</h2>
 * <pre>
 * id   type       time (UTC)            user ms pos  UTC day    Kolkata day
 * P0   PLAY       2022-03-30T23:59:59   v9   0   0   03-30      03-31 05:29:59
 * P1   PLAY       2022-03-31T00:00:00   v9   0   0   03-31      03-31
 * P2   PLAY       2022-04-15T12:00:00   v6   2 120   04-15      04-15
 * E10  PLAY       2022-04-30T18:29:59   v6   0   0   04-30      04-30 23:59:59
 * E0   PLAY + IMP 2022-04-30T18:30:00   v6   0   0   04-30      05-01 00:00
 * E1   PLAY       2022-05-09T18:29:59   v1   0   0   05-09      05-09 23:59:59
 * E2   PLAY       2022-05-09T18:30:00   v2   1  60   05-09      05-10 00:00
 * E3   PLAY       2022-05-10T00:00:00   v1   0   0   05-10      05-10
 * E4   PLAY       2022-05-10T18:29:59   v3   0   0   05-10      05-10 23:59:59
 * E5   PLAY       2022-05-10T18:30:00   v3   0   0   05-10      05-11 00:00
 * E6   PLAY       2022-05-10T23:59:59   v4   0   0   05-10      05-11
 * E7   PLAY       2022-05-11T00:00:00   v4   0   0   05-11      05-11
 * E8   PLAY       2022-05-20T12:00:00   v5   0   0   05-20      05-20
 * E9   PLAY       2022-05-31T18:30:00   v7   1  60   05-31      06-01 00:00
 * E11  PLAY       2022-06-01T00:00:00   v8   0   0   06-01      06-01
 * </pre>
 */
class GrainEdgesTest extends PanelsIntegrationTest {

    private static final String K = "Asia/Kolkata";
    private static final String NY = "America/New_York";
    private static final String FROM_2021 = "2021-01-15";
    private static final String TO_2021 = "2021-04-10";

    private static final String METRICS = "fragment M on Metrics { playerImpressions plays uniqueViewers minutesViewed"
            + " avgDropOffRate avgCompletionRate playImpressionRatio playsDistribution }";
    private static final String HIGHLIGHTS = "highlights { playerImpressions plays uniqueViewers minutesViewed"
            + " avgDropOffRate avgCompletionRate playImpressionRatio playsDistribution contributors playedEntries }";
    private static final String TABLES = "query($f: AnalyticsFilter!) { analytics(filter: $f) { " + HIGHLIGHTS
            + " countries(first: 10) { totalCount edges { node { country metrics { ...M } } } }"
            + " viewers(first: 20) { totalCount edges { node { user { id } metrics { ...M } } } }"
            + " entries(first: 10) { totalCount edges { node { entryId metrics { ...M } } } } } } " + METRICS;
    private static final String SERIES = "query($f: AnalyticsFilter!, $g: Granularity!) { analytics(filter: $f) {"
            + " performance(granularity: $g) { date metrics { ...M } } } } " + METRICS;
    private static final String COMPARISON = "query($f: AnalyticsFilter!) { analytics(filter: $f) { " + HIGHLIGHTS
            + " comparison { from to " + HIGHLIGHTS + " change { playerImpressions plays uniqueViewers minutesViewed"
            + " contributors playedEntries } } } }";

    @Override
    int partner() {
        return 12;
    }

    @BeforeAll
    void seedGrainEvents() {
        postExpecting(200, "/v1/entries", ingestKey(), List.of(entry("g1", "own1", 240), entry("g2", "own2", 480),
                entry("g3", "own1", 240)));
        List<Map<String, Object>> ev = new ArrayList<>();
        // ---- 2021 ----
        play(ev, "Z1", "2021-01-10T12:00:00Z", "g1", "uX", "US", 0, 240, null);
        play(ev, "A1", "2021-01-14T18:29:59Z", "g1", "uX", "US", 1, 240, null);
        play(ev, "A2", "2021-01-14T18:30:00Z", "g1", "uK", "IN", 2, 240, null);
        impression(ev, "A3", "2021-01-14T18:30:01Z", "g1", "uI", "IN");
        play(ev, "A5", "2021-01-14T23:59:59Z", "g1", "uK", "IN", 0, 240, null);
        play(ev, "A4", "2021-01-15T00:00:00Z", "g1", "uA", "IN", 0, 240, null);
        play(ev, "D1", "2021-01-15T04:59:59Z", "g2", "uB", "US", 2, 480, null);
        play(ev, "D2", "2021-01-15T05:00:00Z", "g2", "uC", "US", 0, 480, null);
        play(ev, "B1", "2021-01-31T23:59:59Z", "g1", "uB", "US", 0, 240, null);
        play(ev, "B2", "2021-02-01T00:00:00Z", "g1", "uA", "IN", 0, 240, null);
        play(ev, "B3", "2021-03-01T00:00:00Z", "g1", "uK", "IN", 4, 240, null);
        play(ev, "B4", "2021-03-31T23:59:59Z", "g1", "uC", "US", 0, 240, null);
        play(ev, "B5", "2021-04-01T00:00:00Z", "g2", "uD", "US", 0, 480, null);
        play(ev, "C1", "2021-04-09T23:59:59Z", "g1", "uB", "US", 0, 240, null);
        play(ev, "C2", "2021-04-10T00:00:00Z", "g1", "uA", "IN", 0, 240, null);
        impression(ev, "C6", "2021-04-10T18:29:59Z", "g1", "uI", "IN");
        play(ev, "C3", "2021-04-10T18:29:59Z", "g1", "uC", "IN", 1, 240, 90.0);
        play(ev, "C4", "2021-04-10T18:30:00Z", "g1", "uE", "US", 1, 240, null);
        impression(ev, "C5", "2021-04-10T18:30:00Z", "g1", "uI", "US");
        play(ev, "D3", "2021-04-11T03:59:59Z", "g2", "uF", "US", 0, 480, null);
        play(ev, "D4", "2021-04-11T04:00:00Z", "g2", "uX", "US", 0, 480, null);
        play(ev, "Z2", "2021-04-20T12:00:00Z", "g1", "uX", "US", 0, 240, null);
        // ---- 2022 ----
        play(ev, "P0", "2022-03-30T23:59:59Z", "g3", "v9", "IN", 0, 240, null);
        play(ev, "P1", "2022-03-31T00:00:00Z", "g3", "v9", "IN", 0, 240, null);
        play(ev, "P2", "2022-04-15T12:00:00Z", "g3", "v6", "IN", 2, 240, null);
        play(ev, "E10", "2022-04-30T18:29:59Z", "g3", "v6", "IN", 0, 240, null);
        play(ev, "E0", "2022-04-30T18:30:00Z", "g3", "v6", "IN", 0, 240, null);
        impression(ev, "E0i", "2022-04-30T18:30:00Z", "g3", "v6", "IN");
        play(ev, "E1", "2022-05-09T18:29:59Z", "g3", "v1", "IN", 0, 240, null);
        play(ev, "E2", "2022-05-09T18:30:00Z", "g3", "v2", "IN", 1, 240, null);
        play(ev, "E3", "2022-05-10T00:00:00Z", "g3", "v1", "IN", 0, 240, null);
        play(ev, "E4", "2022-05-10T18:29:59Z", "g3", "v3", "IN", 0, 240, null);
        play(ev, "E5", "2022-05-10T18:30:00Z", "g3", "v3", "IN", 0, 240, null);
        play(ev, "E6", "2022-05-10T23:59:59Z", "g3", "v4", "IN", 0, 240, null);
        play(ev, "E7", "2022-05-11T00:00:00Z", "g3", "v4", "IN", 0, 240, null);
        play(ev, "E8", "2022-05-20T12:00:00Z", "g3", "v5", "IN", 0, 240, null);
        play(ev, "E9", "2022-05-31T18:30:00Z", "g3", "v7", "IN", 1, 240, null);
        play(ev, "E11", "2022-06-01T00:00:00Z", "g3", "v8", "IN", 0, 240, null);
        JsonNode r = postExpecting(200, "/v1/events", ingestKey(), ev);
        assertThat(r.path("stored").asInt()).as("events stored: %s", r).isEqualTo(ev.size());
        assertThat(r.path("rejected").asInt()).isZero();
    }

    /** A play: its PLAY, one PLAY_REACHED_x per quartile reached and optionally a VIEW, all at {@code time}. */
    private static void play(List<Map<String, Object>> out, String id, String time, String entry, String user,
            String country, int milestones, double durationSec, Double viewPosition) {
        out.add(event(id + "-play", "PLAY", time, entry, id, user, country, 0.0));
        for (int k = 1; k <= milestones; k++) {
            out.add(event(id + "-ms" + k, "PLAY_REACHED_" + (25 * k), time, entry, id, user, country,
                    k * durationSec / 4));
        }
        if (viewPosition != null) {
            out.add(event(id + "-view", "VIEW", time, entry, id, user, country, viewPosition));
        }
    }

    private static void impression(List<Map<String, Object>> out, String id, String time, String entry, String user,
            String country) {
        out.add(event(id + "-imp", "IMPRESSION", time, entry, null, user, country, null));
    }

    private static Map<String, Object> event(String eventId, String type, String time, String entry, String playId,
            String user, String country, Double position) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("eventId", "grain-" + eventId);
        e.put("type", type);
        e.put("time", time);
        e.put("entryId", entry);
        if (playId != null) {
            e.put("playId", "grain-" + playId);
        }
        e.put("userId", user);
        if (position != null) {
            e.put("positionSec", position);
        }
        e.put("country", country);
        return e;
    }

    private static Map<String, Object> entry(String id, String owner, double durationSec) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("id", id);
        e.put("name", "Grain " + id);
        e.put("creatorId", owner);
        e.put("durationSec", durationSec);
        e.put("mediaType", "VIDEO");
        e.put("categoryIds", List.of());
        e.put("createdAt", "2020-01-01T00:00:00Z");
        return e;
    }

    // ---- queries ------------------------------------------------------------------------------

    private JsonNode run(String document, Map<String, Object> variables) {
        GraphQlTester.Request<?> request = graphQl(analyticsKey()).document(document);
        for (Map.Entry<String, Object> v : variables.entrySet()) {
            request = request.variable(v.getKey(), v.getValue());
        }
        return JSON.valueToTree(request.execute().path("analytics").entity(Object.class).get());
    }

    private JsonNode tables(Map<String, Object> filter) {
        return run(TABLES, Map.of("f", filter));
    }

    private JsonNode series(Map<String, Object> filter, String granularity) {
        return run(SERIES, Map.of("f", filter, "g", granularity)).path("performance");
    }

    private static Map<String, Object> range(String from, String to, String zone, Object... fields) {
        Map<String, Object> f = filterFor(from, to, fields);
        f.put("timeZone", zone);
        return f;
    }

    private static void assertCounts(JsonNode m, long impressions, long plays, long viewers, double minutes) {
        SoftAssertions soft = new SoftAssertions();
        soft.assertThat(m.path("playerImpressions").asLong()).as("playerImpressions of %s", m).isEqualTo(impressions);
        soft.assertThat(m.path("plays").asLong()).as("plays of %s", m).isEqualTo(plays);
        soft.assertThat(m.path("uniqueViewers").asLong()).as("uniqueViewers of %s", m).isEqualTo(viewers);
        soft.assertThat(m.path("minutesViewed").asDouble()).as("minutesViewed of %s", m).isCloseTo(minutes, within());
        soft.assertAll();
    }

    private static org.assertj.core.data.Offset<Double> within() {
        return org.assertj.core.api.Assertions.within(EPS);
    }

    private static void assertEntryStats(JsonNode h, long contributors, long playedEntries) {
        assertThat(h.path("contributors").asLong()).as("contributors of %s", h).isEqualTo(contributors);
        assertThat(h.path("playedEntries").asLong()).as("playedEntries of %s", h).isEqualTo(playedEntries);
    }

    /**
     * Points of a series: dates in order, and per date {impressions, plays, viewers, minutes};
     * dates not in {@code nonZero} must be all zero.
     */
    private static void assertSeries(JsonNode points, List<String> dates, Map<String, double[]> nonZero) {
        List<String> actual = new ArrayList<>();
        for (JsonNode p : points) {
            actual.add(p.path("date").asText());
        }
        assertThat(actual).containsExactlyElementsOf(dates);
        for (JsonNode p : points) {
            double[] v = nonZero.getOrDefault(p.path("date").asText(), new double[4]);
            assertCounts(p.path("metrics"), (long) v[0], (long) v[1], (long) v[2], v[3]);
        }
    }

    private static List<String> days(String from, String to) {
        List<String> out = new ArrayList<>();
        for (LocalDate d = LocalDate.parse(from); !d.isAfter(LocalDate.parse(to)); d = d.plusDays(1)) {
            out.add(d.toString());
        }
        return out;
    }

    private static double[] v(double impressions, double plays, double viewers, double minutes) {
        return new double[] {impressions, plays, viewers, minutes};
    }

    // ---- 1. Kolkata over several months ---------------------------------------------------------

    @Test
    void kolkataRangeOverSeveralMonthsCountsEveryPieceOnce() {
        // K = [01-14T18:30Z, 04-10T18:30Z): 15-min [01-14T18:30, 01-15), days [01-15, 02-01), month [02-01, 04-01),
        // days [04-01, 04-10), 15-min [04-10T00:00, 04-10T18:30).
        // In: A2 A3 A5 A4 D1 D2 B1 B2 B3 B4 B5 C1 C2 C6 C3; out: Z1 A1 (18:29:59) C4 C5 (18:30) D3 D4 Z2.
        // Plays A2 A5 A4 D1 D2 B1 B2 B3 B4 B5 C1 C2 C3 = 13; impressions A3 C6 = 2;
        // viewers uK (A2 A5 B3) uA (A4 B2 C2) uB (D1 B1 C1) uC (D2 B4 C3) uD (B5) = 5 (uI only impressions);
        // milestones A2 2 × 1 min + D1 2 × 2 min + B3 4 × 1 min + C3 1 × 1 min = 11 min, 9 events →
        // drop-off 9 × 0.25 / 13; completion (A2 120/240 + D1 240/480 + B3 1 + C3 90/240) / 13 = 2.375 / 13;
        // ratio 13 / 2; contributors own1 (g1), own2 (g2) = 2; played entries g1, g2 = 2.
        JsonNode a = tables(range(FROM_2021, TO_2021, K));
        JsonNode h = a.path("highlights");
        assertMetrics(h, 2, 13, 5, 11, 9 * 0.25 / 13, 2.375 / 13, 13.0 / 2, 1);
        assertEntryStats(h, 2, 2);

        // Countries. IN: A2 A3(imp) A5 A4 B2 B3 C2 C6(imp) C3 → plays 7, impressions 2, viewers uK uA uC = 3,
        // minutes A2 2 + B3 4 + C3 1 = 7 (7 milestones → drop-off 7 × 0.25 / 7 = 0.25),
        // completion (0.5 + 1 + 0.375) / 7, ratio 7 / 2, distribution 7 / 13.
        // US: D1 D2 B1 B4 B5 C1 → plays 6, no impressions, viewers uB uC uD = 3, minutes D1 4 (2 milestones),
        // drop-off 0.5 / 6, completion 0.5 / 6, distribution 6 / 13.
        assertThat(a.path("countries").path("totalCount").asLong()).isEqualTo(2);
        assertMetrics(node(a.path("countries"), "/country", "IN").path("metrics"), 2, 7, 3, 7, 0.25, 1.875 / 7, 3.5,
                7.0 / 13);
        assertMetrics(node(a.path("countries"), "/country", "US").path("metrics"), 0, 6, 3, 4, 0.5 / 6, 0.5 / 6, 0,
                6.0 / 13);

        // Viewers (uI never viewed: no row). uK: A2 (15-min edge) A5 (15-min edge) B3 (month piece) → 3 plays,
        // one viewer, minutes 2 + 4 = 6, drop-off 6 × 0.25 / 3 = 0.5, completion (0.5 + 1) / 3 = 0.5.
        // uA: A4 B2 C2 → 3 plays, nothing else. uB: D1 B1 C1 → 3 plays, 4 min, drop-off 0.5 / 3, completion 0.5 / 3.
        // uC: D2 B4 C3 → 3 plays, 1 min, drop-off 0.25 / 3, completion 0.375 / 3. uD: B5 → 1 play.
        JsonNode viewers = a.path("viewers");
        assertThat(viewers.path("totalCount").asLong()).isEqualTo(5);
        assertThat(keys(viewers, "/user/id")).containsExactlyInAnyOrder("uK", "uA", "uB", "uC", "uD");
        assertMetrics(node(viewers, "/user/id", "uK").path("metrics"), 0, 3, 1, 6, 0.5, 0.5, 0, 3.0 / 13);
        assertMetrics(node(viewers, "/user/id", "uA").path("metrics"), 0, 3, 1, 0, 0, 0, 0, 3.0 / 13);
        assertMetrics(node(viewers, "/user/id", "uB").path("metrics"), 0, 3, 1, 4, 0.5 / 3, 0.5 / 3, 0, 3.0 / 13);
        assertMetrics(node(viewers, "/user/id", "uC").path("metrics"), 0, 3, 1, 1, 0.25 / 3, 0.375 / 3, 0, 3.0 / 13);
        assertMetrics(node(viewers, "/user/id", "uD").path("metrics"), 0, 1, 1, 0, 0, 0, 0, 1.0 / 13);

        // Entries. g1: plays A2 A5 A4 B1 B2 B3 B4 C1 C2 C3 = 10, impressions A3 C6 = 2, viewers uK uA uB uC = 4,
        // minutes 2 + 4 + 1 = 7 (7 milestones → drop-off 1.75 / 10), completion 1.875 / 10, ratio 10 / 2.
        // g2: D1 D2 B5 → 3 plays, viewers uB uC uD = 3, minutes 4, drop-off 0.5 / 3, completion 0.5 / 3.
        JsonNode entries = a.path("entries");
        assertThat(entries.path("totalCount").asLong()).isEqualTo(2);
        assertMetrics(node(entries, "/entryId", "g1").path("metrics"), 2, 10, 4, 7, 1.75 / 10, 1.875 / 10, 5,
                10.0 / 13);
        assertMetrics(node(entries, "/entryId", "g2").path("metrics"), 0, 3, 3, 4, 0.5 / 3, 0.5 / 3, 0, 3.0 / 13);
    }

    // ---- 2. the same range in UTC and New York --------------------------------------------------

    @Test
    void sameRangeInUtcUsesOnlyDaysAndMonths() {
        // U = [01-15T00:00Z, 04-11T00:00Z): days [01-15, 02-01), month [02-01, 04-01), days [04-01, 04-11).
        // In: A4 D1 D2 B1 B2 B3 B4 B5 C1 C2 C6 C3 C4 C5; out: Z1 A1 A2 A3 A5 (01-14) D3 D4 (04-11) Z2.
        // Plays A4 D1 D2 B1 B2 B3 B4 B5 C1 C2 C3 C4 = 12; impressions C6 C5 = 2;
        // viewers uA uB uC uK (B3) uD uE (C4) = 6; minutes D1 4 + B3 4 + C3 1 + C4 1 = 10 (8 milestones);
        // completion D1 0.5 + B3 1 + C3 0.375 + C4 0.25 = 2.125.
        JsonNode a = tables(range(FROM_2021, TO_2021, "UTC"));
        assertMetrics(a.path("highlights"), 2, 12, 6, 10, 2.0 / 12, 2.125 / 12, 6, 1);
        assertEntryStats(a.path("highlights"), 2, 2);
        // IN: A4 B2 B3 C2 C3 + C6 (imp) → plays 5, imp 1, viewers uA uK uC = 3, minutes B3 4 + C3 1 = 5.
        // US: D1 D2 B1 B4 B5 C1 C4 + C5 (imp) → plays 7, imp 1, viewers uB uC uD uE = 4, minutes D1 4 + C4 1 = 5.
        assertCounts(node(a.path("countries"), "/country", "IN").path("metrics"), 1, 5, 3, 5);
        assertCounts(node(a.path("countries"), "/country", "US").path("metrics"), 1, 7, 4, 5);
        assertThat(a.path("viewers").path("totalCount").asLong()).isEqualTo(6);
        // uK in UTC: only B3 (A2 and A5 are on 01-14 UTC) → 1 play, 4 min.
        assertCounts(node(a.path("viewers"), "/user/id", "uK").path("metrics"), 0, 1, 1, 4);
        // uE: C4 (on 04-10 UTC, the day grain) → 1 play, 1 min.
        assertCounts(node(a.path("viewers"), "/user/id", "uE").path("metrics"), 0, 1, 1, 1);
        // g1: A4 B1 B2 B3 B4 C1 C2 C3 C4 = 9 plays, impressions C6 C5 = 2, viewers uA uB uK uC uE = 5,
        // minutes 4 + 1 + 1 = 6. g2: D1 D2 B5 = 3 plays, viewers uB uC uD = 3, minutes 4.
        assertCounts(node(a.path("entries"), "/entryId", "g1").path("metrics"), 2, 9, 5, 6);
        assertCounts(node(a.path("entries"), "/entryId", "g2").path("metrics"), 0, 3, 3, 4);
    }

    @Test
    void sameRangeInNewYorkAcrossTheDstChange() {
        // N = [01-15T05:00Z (00:00 EST), 04-11T04:00Z (00:00 EDT)): 15-min [01-15T05:00, 01-16), days [01-16, 02-01),
        // month [02-01, 04-01), days [04-01, 04-11), 15-min [04-11T00:00, 04-11T04:00).
        // In: D2 B1 B2 B3 B4 B5 C1 C2 C6 C3 C4 C5 D3; out: A1..A5, A4, D1 (04:59:59Z = 23:59:59 EST), D4, Z1, Z2.
        // Plays D2 B1 B2 B3 B4 B5 C1 C2 C3 C4 D3 = 11; impressions C6 C5 = 2;
        // viewers uC uB uA uK uD uE uF = 7; minutes B3 4 + C3 1 + C4 1 = 6 (6 milestones);
        // completion B3 1 + C3 0.375 + C4 0.25 = 1.625.
        JsonNode a = tables(range(FROM_2021, TO_2021, NY));
        assertMetrics(a.path("highlights"), 2, 11, 7, 6, 1.5 / 11, 1.625 / 11, 5.5, 1);
        assertEntryStats(a.path("highlights"), 2, 2);
        // IN: B2 B3 C2 C3 + C6 → plays 4, imp 1, viewers uA uK uC = 3, minutes 5.
        // US: D2 B1 B4 B5 C1 C4 D3 + C5 → plays 7, imp 1, viewers uC uB uD uE uF = 5, minutes 1.
        assertCounts(node(a.path("countries"), "/country", "IN").path("metrics"), 1, 4, 3, 5);
        assertCounts(node(a.path("countries"), "/country", "US").path("metrics"), 1, 7, 5, 1);
        assertThat(a.path("viewers").path("totalCount").asLong()).isEqualTo(7);
        // uF: D3 only (04-10 23:59:59 EDT, the trailing 15-minute edge); uB: B1 C1 (D1 is before 00:00 EST).
        assertCounts(node(a.path("viewers"), "/user/id", "uF").path("metrics"), 0, 1, 1, 0);
        assertCounts(node(a.path("viewers"), "/user/id", "uB").path("metrics"), 0, 2, 1, 0);
        // g2: D2 B5 D3 = 3 plays, viewers uC uD uF = 3, no minutes (D1's are outside).
        assertCounts(node(a.path("entries"), "/entryId", "g2").path("metrics"), 0, 3, 3, 0);
    }

    // ---- 3. performance over time --------------------------------------------------------------

    @Test
    void monthlySeriesInUtcKolkataAndNewYork() {
        List<String> months = List.of("2021-01-01", "2021-02-01", "2021-03-01", "2021-04-01");
        // UTC (month grain for February and March, day grain for the rest):
        // Jan A4 D1 D2 B1 → 4 plays, viewers uA uB uC, 4 min (D1); Feb B2 → 1; Mar B3 B4 → 2 plays, uK uC, 4 min;
        // Apr B5 C1 C2 C3 C4 + C6 C5 → 5 plays, 2 imp, viewers uD uB uA uC uE = 5, 2 min (C3, C4).
        assertSeries(series(range(FROM_2021, TO_2021, "UTC"), "MONTH"), months, Map.of(
                "2021-01-01", v(0, 4, 3, 4), "2021-02-01", v(0, 1, 1, 0), "2021-03-01", v(0, 2, 2, 4),
                "2021-04-01", v(2, 5, 5, 2)));
        // Kolkata (local months, 15-minute buckets only): Jan A2 A3 A5 A4 D1 D2 → 5 plays, 1 imp, viewers
        // uK uA uB uC = 4, 6 min; Feb B1 (02-01 05:29:59) B2 → 2 plays, uB uA; Mar B3 → 1 play, 4 min;
        // Apr B4 (04-01 05:29:59) B5 C1 C2 C3 + C6 → 5 plays, 1 imp, viewers uC uD uB uA = 4, 1 min.
        assertSeries(series(range(FROM_2021, TO_2021, K), "MONTH"), months, Map.of(
                "2021-01-01", v(1, 5, 4, 6), "2021-02-01", v(0, 2, 2, 0), "2021-03-01", v(0, 1, 1, 4),
                "2021-04-01", v(1, 5, 4, 1)));
        // New York: Jan D2 B1 B2 (01-31 19:00 EST) → 3 plays, viewers uC uB uA; Feb B3 (02-28 19:00) → 1, 4 min;
        // Mar B4 B5 (03-31 20:00 EDT) → 2 plays, uC uD; Apr C1 C2 C3 C4 D3 + C6 C5 → 5 plays, 2 imp,
        // viewers uB uA uC uE uF = 5, 2 min.
        assertSeries(series(range(FROM_2021, TO_2021, NY), "MONTH"), months, Map.of(
                "2021-01-01", v(0, 3, 3, 0), "2021-02-01", v(0, 1, 1, 4), "2021-03-01", v(0, 2, 2, 0),
                "2021-04-01", v(2, 5, 5, 2)));
    }

    @Test
    void dailySeriesInUtcAndKolkata() {
        List<String> days = days(FROM_2021, TO_2021);
        assertThat(days).hasSize(17 + 28 + 31 + 10);
        // UTC days: 01-15 A4 D1 D2 (3 plays, 3 viewers, 4 min); 01-31 B1; 02-01 B2; 03-01 B3 (4 min); 03-31 B4;
        // 04-01 B5; 04-09 C1; 04-10 C2 C3 C4 + C6 C5 (3 plays, 2 imp, uA uC uE, 2 min); every other day 0.
        assertSeries(series(range(FROM_2021, TO_2021, "UTC"), "DAY"), days, Map.of(
                "2021-01-15", v(0, 3, 3, 4), "2021-01-31", v(0, 1, 1, 0), "2021-02-01", v(0, 1, 1, 0),
                "2021-03-01", v(0, 1, 1, 4), "2021-03-31", v(0, 1, 1, 0), "2021-04-01", v(0, 1, 1, 0),
                "2021-04-09", v(0, 1, 1, 0), "2021-04-10", v(2, 3, 3, 2)));
        // Kolkata days: 01-15 A2 A3 A5 A4 D1 D2 (5 plays, 1 imp, uK uA uB uC, 6 min); 02-01 B1 B2 (2 plays);
        // 03-01 B3 (4 min); 04-01 B4 B5 (2 plays, uC uD); 04-10 C1 C2 C3 + C6 (3 plays, 1 imp, uB uA uC, 1 min).
        assertSeries(series(range(FROM_2021, TO_2021, K), "DAY"), days, Map.of(
                "2021-01-15", v(1, 5, 4, 6), "2021-02-01", v(0, 2, 2, 0), "2021-03-01", v(0, 1, 1, 4),
                "2021-04-01", v(0, 2, 2, 0), "2021-04-10", v(1, 3, 3, 1)));
    }

    // ---- 4. a single day, a range inside one month, whole months -------------------------------

    @Test
    void singleDays() {
        // 2021-04-10 in Kolkata = [04-09T18:30Z, 04-10T18:30Z), 15-minute buckets only: C1 C2 C3 + C6 →
        // 3 plays, 1 imp, viewers uB uA uC = 3, 1 min (C3, completion 0.375).
        assertMetrics(tables(range(TO_2021, TO_2021, K)).path("highlights"), 1, 3, 3, 1, 0.25 / 3, 0.375 / 3, 3, 1);
        // 2021-04-10 in UTC = one day of the day grain: C2 C3 C4 + C6 C5 → 3 plays, 2 imp, viewers uA uC uE,
        // 2 min, 2 milestones, completion 0.375 + 0.25.
        assertMetrics(tables(range(TO_2021, TO_2021, "UTC")).path("highlights"), 2, 3, 3, 2, 0.5 / 3, 0.625 / 3, 1.5,
                1);
        // 2021-04-10 in New York = [04-10T04:00Z, 04-11T04:00Z): C3 C4 D3 + C6 C5 → 3 plays, 2 imp,
        // viewers uC uE uF, 2 min (C2 at 04-10T00:00Z is 04-09 20:00 EDT).
        assertMetrics(tables(range(TO_2021, TO_2021, NY)).path("highlights"), 2, 3, 3, 2, 0.5 / 3, 0.625 / 3, 1.5,
                1);
        // 2022-05-10 in Kolkata = [05-09T18:30Z, 05-10T18:30Z): E2 E3 E4 → 3 plays, viewers v2 v1 v3, 1 min (E2).
        assertMetrics(tables(range("2022-05-10", "2022-05-10", K)).path("highlights"), 0, 3, 3, 1, 0.25 / 3,
                0.25 / 3, 0, 1);
        // 2022-05-10 in UTC: E3 E4 E5 E6 → 4 plays, viewers v1 v3 v4 = 3, no minutes.
        assertMetrics(tables(range("2022-05-10", "2022-05-10", "UTC")).path("highlights"), 0, 4, 3, 0, 0, 0, 0, 1);
    }

    @Test
    void rangesInsideOneMonth() {
        // 2022-05-10..05-20 in Kolkata = [05-09T18:30Z, 05-20T18:30Z): 15-min [05-09T18:30, 05-10), days [05-10, 05-20),
        // 15-min [05-20T00:00, 05-20T18:30) (E8 at 12:00 lies in it). E2..E8 → 7 plays,
        // viewers v2 v1 v3 v4 v5 = 5, 1 min (E2).
        assertMetrics(tables(range("2022-05-10", "2022-05-20", K)).path("highlights"), 0, 7, 5, 1, 0.25 / 7,
                0.25 / 7, 0, 1);
        // In UTC = days [05-10, 05-21): E3..E8 → 6 plays, viewers v1 v3 v4 v5 = 4.
        assertMetrics(tables(range("2022-05-10", "2022-05-20", "UTC")).path("highlights"), 0, 6, 4, 0, 0, 0, 0, 1);
        // 2021-01-20..2021-02-01 in Kolkata = [01-19T18:30Z, 02-01T18:30Z): days [01-20, 02-01) hold B1,
        // the 15-min piece [02-01T00:00, 02-01T18:30) holds B2 → 2 plays, viewers uB uA (reading February's
        // month or 02-01's day grain here would count B2 twice).
        assertCounts(tables(range("2021-01-20", "2021-02-01", K)).path("highlights"), 0, 2, 2, 0);
    }

    @Test
    void wholeMonthsInUtcComeFromTheMonthGrain() {
        // 2021-03-01..03-31 in UTC = exactly the month piece [03-01, 04-01): B3 B4 → 2 plays, viewers uK uC,
        // 4 min (B3's 4 milestones → drop-off 1 / 2), completion 1 / 2.
        JsonNode march = tables(range("2021-03-01", "2021-03-31", "UTC"));
        assertMetrics(march.path("highlights"), 0, 2, 2, 4, 0.5, 0.5, 0, 1);
        assertEntryStats(march.path("highlights"), 1, 1);
        assertCounts(node(march.path("countries"), "/country", "IN").path("metrics"), 0, 1, 1, 4);
        assertCounts(node(march.path("countries"), "/country", "US").path("metrics"), 0, 1, 1, 0);
        // 2021-02-01..03-31 in UTC: months February and March: B2 B3 B4 → 3 plays, viewers uA uK uC.
        assertCounts(tables(range("2021-02-01", "2021-03-31", "UTC")).path("highlights"), 0, 3, 3, 4);
        // 2022-05-01..05-31 in UTC = month May: E1..E9 → 9 plays (not E10 E0 on 04-30, not E11 on 06-01),
        // viewers v1..v5 v7 = 6, 2 min (E2 E9), completion 0.25 + 0.25.
        assertMetrics(tables(range("2022-05-01", "2022-05-31", "UTC")).path("highlights"), 0, 9, 6, 2, 0.5 / 9,
                0.5 / 9, 0, 1);
        // The same days in Kolkata = [04-30T18:30Z, 05-31T18:30Z) (no whole UTC month inside): E0 + its impression,
        // E1..E8 → 9 plays, 1 imp, viewers v6 v1..v5 = 6, 1 min (E2); E10 and E9 are outside.
        assertMetrics(tables(range("2022-05-01", "2022-05-31", K)).path("highlights"), 1, 9, 6, 1, 0.25 / 9,
                0.25 / 9, 9, 1);
        // The month series of May in UTC: one point dated 05-01 with the same numbers.
        assertSeries(series(range("2022-05-01", "2022-05-31", "UTC"), "MONTH"), List.of("2022-05-01"),
                Map.of("2022-05-01", v(0, 9, 6, 2)));
    }

    // ---- 5. comparison with the previous period -------------------------------------------------

    @Test
    void previousPeriodAcrossMonthBoundaries() {
        // 2022-05-01..05-31 (31 days) → previous 2022-03-31..2022-04-30.
        // UTC: previous = [03-31, 05-01): day 03-31 + month April: P1 P2 E10 E0 (+ imp) → 4 plays, 1 imp,
        // viewers v9 v6 = 2, minutes P2 2 × 1 = 2, drop-off 2 × 0.25 / 4, completion (P2 120/240) / 4, ratio 4.
        // P0 (03-30 23:59:59) is outside. Current (see above): 0 imp, 9 plays, 6 viewers, 2 min.
        // Changes: imp (0 − 1) / 1 = −1; plays (9 − 4) / 4 = 1.25; viewers (6 − 2) / 2 = 2; minutes 0;
        // contributors own1 → own1: 0; played entries g3 → g3: 0.
        JsonNode utc = run(COMPARISON, Map.of("f", range("2022-05-01", "2022-05-31", "UTC", "compareTo",
                previousPeriod())));
        JsonNode c = utc.path("comparison");
        assertThat(c.path("from").asText()).isEqualTo("2022-03-31");
        assertThat(c.path("to").asText()).isEqualTo("2022-04-30");
        assertMetrics(c.path("highlights"), 1, 4, 2, 2, 0.125, 0.125, 4, 1);
        assertEntryStats(c.path("highlights"), 1, 1);
        assertMetrics(utc.path("highlights"), 0, 9, 6, 2, 0.5 / 9, 0.5 / 9, 0, 1);
        assertChange(c.path("change"), -1.0, 1.25, 2.0, 0.0);

        // Kolkata: previous = [03-30T18:30Z, 04-30T18:30Z): P0 (03-31 05:29:59 IST) P1 P2 E10 (04-30 23:59:59 IST)
        // → 4 plays, no impression (E0's is 05-01 IST), viewers v9 v6 = 2, 2 min.
        // Current Kolkata May: 1 imp, 9 plays, 6 viewers, 1 min. Changes: imp null (previous 0);
        // plays 1.25; viewers 2; minutes (1 − 2) / 2 = −0.5.
        JsonNode k = run(COMPARISON, Map.of("f", range("2022-05-01", "2022-05-31", K, "compareTo", previousPeriod())));
        assertMetrics(k.path("comparison").path("highlights"), 0, 4, 2, 2, 0.125, 0.125, 0, 1);
        assertMetrics(k.path("highlights"), 1, 9, 6, 1, 0.25 / 9, 0.25 / 9, 9, 1);
        assertChange(k.path("comparison").path("change"), null, 1.25, 2.0, -0.5);

        // 2021-02-01..2021-03-31 in UTC (59 days: whole months February and March) → previous 2020-12-04..2021-01-31
        // = [12-04, 01-01) days + month January: Z1 A1 A2 A5 (01-14) A3 (imp) A4 D1 D2 B1 → plays Z1 A1 A2 A5 A4 D1
        // D2 B1 = 8, 1 imp, viewers uX uK uA uB uC = 5, minutes A1 1 + A2 2 + D1 4 = 7.
        // Current: B2 B3 B4 → 3 plays, 3 viewers, 4 min. Changes: plays (3 − 8) / 8; viewers (3 − 5) / 5;
        // minutes (4 − 7) / 7; impressions (0 − 1) / 1 = −1.
        JsonNode m = run(COMPARISON, Map.of("f", range("2021-02-01", "2021-03-31", "UTC", "compareTo",
                previousPeriod())));
        assertThat(m.path("comparison").path("from").asText()).isEqualTo("2020-12-04");
        assertThat(m.path("comparison").path("to").asText()).isEqualTo("2021-01-31");
        assertCounts(m.path("comparison").path("highlights"), 1, 8, 5, 7);
        assertChange(m.path("comparison").path("change"), -1.0, -5.0 / 8, -2.0 / 5, -3.0 / 7);
    }

    private static void assertChange(JsonNode change, Double impressions, double plays, double viewers,
            double minutes) {
        SoftAssertions soft = new SoftAssertions();
        if (impressions == null) {
            soft.assertThat(change.path("playerImpressions").isNull()).as("impressions change of %s", change).isTrue();
        } else {
            soft.assertThat(change.path("playerImpressions").asDouble()).as("impressions change of %s", change)
                    .isCloseTo(impressions, within());
        }
        soft.assertThat(change.path("plays").asDouble()).as("plays change of %s", change).isCloseTo(plays, within());
        soft.assertThat(change.path("uniqueViewers").asDouble()).as("viewers change of %s", change)
                .isCloseTo(viewers, within());
        soft.assertThat(change.path("minutesViewed").asDouble()).as("minutes change of %s", change)
                .isCloseTo(minutes, within());
        soft.assertAll();
    }

    // ---- 6. a viewer seen in several pieces counts once -----------------------------------------

    @Test
    void aViewerInAnEdgePieceAndAMonthPieceCountsOnce() {
        // uK in Kolkata: A2 and A5 in the leading 15-minute piece, B3 in the month piece → 3 plays, ONE viewer,
        // 6 min, drop-off 0.5, completion 0.5.
        assertMetrics(tables(range(FROM_2021, TO_2021, K, "userIds", List.of("uK"))).path("highlights"), 0, 3, 1, 6,
                0.5, 0.5, 0, 1);
        // uK and uA: uA is in the day piece (A4), the month piece (B2) and the trailing 15-minute piece (C2) →
        // 6 plays, 2 viewers.
        assertCounts(tables(range(FROM_2021, TO_2021, K, "userIds", List.of("uK", "uA"))).path("highlights"), 0, 6,
                2, 6);
        // Filtered to IN: uK (15-min edge + month), uA (day + month + 15-min edge), uC (C3, 15-min edge) → 3 viewers,
        // 7 plays, 2 impressions, 7 min (as the IN row of the countries table).
        JsonNode in = tables(range(FROM_2021, TO_2021, K, "countries", List.of("IN")));
        assertCounts(in.path("highlights"), 2, 7, 3, 7);
        // uC in New York: D2 (leading 15-min piece), B4 (month piece), C3 (day piece 04-10) → 1 viewer, 3 plays.
        assertCounts(tables(range(FROM_2021, TO_2021, NY, "userIds", List.of("uC"))).path("highlights"), 0, 3, 1, 1);
        // Same user in UTC: uA in the day pieces (A4, C2) and the month piece (B2) → 1 viewer, 3 plays.
        assertCounts(tables(range(FROM_2021, TO_2021, "UTC", "userIds", List.of("uA"))).path("highlights"), 0, 3, 1,
                0);
    }
}
