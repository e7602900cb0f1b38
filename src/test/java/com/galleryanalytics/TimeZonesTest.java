package com.galleryanalytics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.graphql.test.tester.GraphQlTester;

/**
 * Time buckets: "an event counts on the day (month) of its own time in the filter's time zone; a
 * play's completion counts where its PLAY event does; a point's date is the first day of its
 * bucket (for months the 1st, even when the range starts later)". Partner it-2, account scope.
 *
 * <p>Each group of events lives in its own month, so the ranges below never see another group.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TimeZonesTest extends AnalyticsIntegrationTest {
    static final String INGEST = "it-ingest-2";
    static final String ANALYTICS = "it-analytics-2";

    @BeforeAll
    void seed() {
        upsert("entries", INGEST, List.of(entry("tz-a", "ann", 100), entry("tz-ny", "ann", 100),
                entry("tz-tail", "ann", 100),
                entry("tz-month", "ann", 100)));
        ingest(INGEST, List.of(
                // Around 2023-06-30/07-01. UTC | Asia/Kolkata (+05:30) | Asia/Kathmandu (+05:45)
                event("PLAY", "2023-06-30T10:00:00Z", "tz-a", "k1", "uA", null), // 06-30 | 06-30 15:30 | 06-30 15:45
                event("PLAY", "2023-06-30T18:29:59Z", "tz-a", "k2", "uB", null), // 06-30 | 06-30 23:59:59 | 07-01 00:14:59
                event("PLAY", "2023-06-30T18:30:00Z", "tz-a", "k3", "uA", null), // 06-30 | 07-01 00:00 | 07-01 00:15
                event("PLAY", "2023-06-30T20:00:00Z", "tz-a", "k4", "uB", null), // 06-30 | 07-01 01:30 | 07-01 01:45
                event("PLAY", "2023-07-01T19:00:00Z", "tz-a", "k5", "uA", null), // 07-01 | 07-02 00:30 | 07-02 00:45
                event("PLAY", "2023-07-02T12:00:00Z", "tz-a", "k6", "uA", null), // 07-02 | 07-02 17:30 | 07-02 17:45
                // New York, spring forward 2023-03-12 02:00 EST -> 03:00 EDT (local midnights: 03-12 05:00Z, 03-13 04:00Z)
                event("PLAY", "2023-03-12T04:30:00Z", "tz-ny", "s1", "uA", null), // UTC 03-12 | NY 03-11 23:30 EST
                event("PLAY", "2023-03-12T05:15:00Z", "tz-ny", "s2", "uA", null), // UTC 03-12 | NY 03-12 00:15 EST
                event("PLAY", "2023-03-13T03:30:00Z", "tz-ny", "s3", "uA", null), // UTC 03-13 | NY 03-12 23:30 EDT
                event("PLAY", "2023-03-13T04:30:00Z", "tz-ny", "s4", "uA", null), // UTC 03-13 | NY 03-13 00:30 EDT
                // New York, fall back 2023-11-05 02:00 EDT -> 01:00 EST (local midnights: 11-05 04:00Z, 11-06 05:00Z)
                event("PLAY", "2023-11-05T03:30:00Z", "tz-ny", "f1", "uA", null), // UTC 11-05 | NY 11-04 23:30 EDT
                event("PLAY", "2023-11-05T04:30:00Z", "tz-ny", "f2", "uA", null), // UTC 11-05 | NY 11-05 00:30 EDT
                event("PLAY", "2023-11-06T04:30:00Z", "tz-ny", "f3", "uA", null), // UTC 11-06 | NY 11-05 23:30 EST
                event("PLAY", "2023-11-06T05:30:00Z", "tz-ny", "f4", "uA", null), // UTC 11-06 | NY 11-06 00:30 EST
                // A play across UTC midnight 2023-08-01/02 on a 100 s entry: PLAY and REACHED_25 on 08-01,
                // REACHED_50 and VIEW @50 s on 08-02.
                event("PLAY", "2023-08-01T23:55:00Z", "tz-tail", "t1", "uT", 0.0),
                event("PLAY_REACHED_25", "2023-08-01T23:58:00Z", "tz-tail", "t1", "uT", 25.0),
                event("PLAY_REACHED_50", "2023-08-02T00:05:00Z", "tz-tail", "t1", "uT", 50.0),
                event("VIEW", "2023-08-02T00:05:10Z", "tz-tail", "t1", "uT", 50.0),
                // A play across the UTC month boundary 2023-09-30/10-01 on a 100 s entry: PLAY on 09-30,
                // VIEW @80 s on 10-01 (its events sit in two monthly partitions of the per-play table).
                event("PLAY", "2023-09-30T23:50:00Z", "tz-month", "m1", "uM", 0.0),
                event("VIEW", "2023-10-01T00:10:00Z", "tz-month", "m1", "uM", 80.0)));
    }

    private GraphQlTester.Response series(String from, String to, String zone, String granularity) {
        return graphQl(ANALYTICS).documentName("accountPerformance").variable("filter", filter(from, to, zone))
                .variable("granularity", granularity).execute();
    }

    private void assertPlays(String from, String to, String zone, String granularity, List<String> dates, Long... plays) {
        GraphQlTester.Response r = series(from, to, zone, granularity);
        r.path("analytics.performance[*].date").entityList(String.class).containsExactly(dates.toArray(String[]::new));
        r.path("analytics.performance[*].metrics.plays").entityList(Long.class).containsExactly(plays);
    }

    private static final List<String> JUN29_JUL3 = List.of("2023-06-29", "2023-06-30", "2023-07-01", "2023-07-02",
            "2023-07-03");

    @Test
    void daysInUtc() {
        // UTC: k1..k4 on 06-30, k5 on 07-01, k6 on 07-02; 06-29 and 07-03 zero-filled.
        assertPlays("2023-06-29", "2023-07-03", "UTC", "DAY", JUN29_JUL3, 0L, 4L, 1L, 1L, 0L);
        // No time zone means UTC.
        assertPlays("2023-06-29", "2023-07-03", null, "DAY", JUN29_JUL3, 0L, 4L, 1L, 1L, 0L);
    }

    @Test
    void daysInKolkataAHalfHourOffset() {
        // +05:30: k1, k2 (23:59:59) on 06-30; k3 (exactly 00:00) and k4 on 07-01; k5 (00:30) and k6 on 07-02.
        GraphQlTester.Response r = series("2023-06-29", "2023-07-03", "Asia/Kolkata", "DAY");
        r.path("analytics.performance[*].date").entityList(String.class).containsExactly(JUN29_JUL3.toArray(String[]::new));
        r.path("analytics.performance[*].metrics.plays").entityList(Long.class).containsExactly(0L, 2L, 2L, 2L, 0L);
        // Viewers per local day: 06-30 {uA (k1), uB (k2)}; 07-01 {uA (k3), uB (k4)}; 07-02 {uA (k5, k6)}.
        r.path("analytics.performance[*].metrics.uniqueViewers").entityList(Long.class).containsExactly(0L, 2L, 2L, 1L, 0L);
        // Distribution: the day's plays / the 6 plays of the range.
        List<Double> distribution = r.path("analytics.performance[*].metrics.playsDistribution").entityList(Double.class).get();
        SeedExamplesTest.assertSeries(distribution, 0, 2.0 / 6, 2.0 / 6, 2.0 / 6, 0);
    }

    @Test
    void daysInKathmanduAQuarterHourOffset() {
        // +05:45: k1 on 06-30; k2 (00:14:59), k3 (00:15), k4 on 07-01; k5 (00:45) and k6 on 07-02.
        assertPlays("2023-06-29", "2023-07-03", "Asia/Kathmandu", "DAY", JUN29_JUL3, 0L, 1L, 3L, 2L, 0L);
    }

    @Test
    void theRangeIsCutAtLocalMidnights() {
        // 07-01 alone, in Kolkata: [06-30 18:30Z, 07-01 18:30Z) holds k3, k4 → 2; in UTC only k5 → 1.
        assertPlays("2023-07-01", "2023-07-01", "Asia/Kolkata", "DAY", List.of("2023-07-01"), 2L);
        assertPlays("2023-07-01", "2023-07-01", "UTC", "DAY", List.of("2023-07-01"), 1L);
    }

    @Test
    void springForwardInNewYork() {
        // NY local days (EST until 03-12 02:00, EDT after): s1 03-11; s2, s3 03-12 (a 23-hour day); s4 03-13.
        assertPlays("2023-03-11", "2023-03-13", "America/New_York", "DAY",
                List.of("2023-03-11", "2023-03-12", "2023-03-13"), 1L, 2L, 1L);
        // The same events in UTC: s1, s2 on 03-12; s3, s4 on 03-13.
        assertPlays("2023-03-11", "2023-03-13", "UTC", "DAY",
                List.of("2023-03-11", "2023-03-12", "2023-03-13"), 0L, 2L, 2L);
    }

    @Test
    void fallBackInNewYork() {
        // NY local days (EDT until 11-05 02:00, EST after): f1 11-04; f2, f3 11-05 (a 25-hour day); f4 11-06.
        assertPlays("2023-11-04", "2023-11-06", "America/New_York", "DAY",
                List.of("2023-11-04", "2023-11-05", "2023-11-06"), 1L, 2L, 1L);
        // UTC: f1, f2 on 11-05; f3, f4 on 11-06.
        assertPlays("2023-11-04", "2023-11-06", "UTC", "DAY",
                List.of("2023-11-04", "2023-11-05", "2023-11-06"), 0L, 2L, 2L);
    }

    @Test
    void monthsAcrossTheBoundaryAndTheFirstPointIsTheFirstOfTheMonth() {
        // 06-15..07-20 in UTC: June k1..k4 = 4, July k5, k6 = 2. The first point is dated 06-01, not 06-15.
        assertPlays("2023-06-15", "2023-07-20", "UTC", "MONTH", List.of("2023-06-01", "2023-07-01"), 4L, 2L);
        // In Kolkata 2023-06-30T20:00Z (k4) and 18:30Z (k3) are already July: June k1, k2 = 2; July k3..k6 = 4.
        assertPlays("2023-06-15", "2023-07-20", "Asia/Kolkata", "MONTH", List.of("2023-06-01", "2023-07-01"), 2L, 4L);
        // A range starting mid-month: one point, dated the 1st, holding only the days in range
        // (07-02 alone: UTC k6 → 1; Kolkata k5, k6 → 2).
        assertPlays("2023-07-02", "2023-07-02", "UTC", "MONTH", List.of("2023-07-01"), 1L);
        assertPlays("2023-07-02", "2023-07-02", "Asia/Kolkata", "MONTH", List.of("2023-07-01"), 2L);
        // Months without events are zero-filled: 2023-05-10..2023-08-31 in UTC (the tail play t1 is in August).
        assertPlays("2023-05-10", "2023-08-31", "UTC", "MONTH",
                List.of("2023-05-01", "2023-06-01", "2023-07-01", "2023-08-01"), 0L, 4L, 2L, 1L);
    }

    @Test
    void monthsAcrossTheDstChange() {
        // NY, 2023-03-01..2023-03-31: s1..s4 are all March in New York → one point of 4.
        // 2023-11-01..2023-11-30: f1..f4 are all November in New York → 4.
        assertPlays("2023-03-01", "2023-03-31", "America/New_York", "MONTH", List.of("2023-03-01"), 4L);
        assertPlays("2023-11-01", "2023-11-30", "America/New_York", "MONTH", List.of("2023-11-01"), 4L);
    }

    @Test
    void aPlaysCompletionCountsOnTheDayOfItsPlayEvent() {
        // Play t1 of a 100 s entry: PLAY and REACHED_25 on 08-01 (UTC), REACHED_50 and VIEW @50 s on 08-02.
        // 08-01: 1 play; completion 50/100 = 0.5 (its furthest position, counted on the PLAY's day);
        //        1 milestone → 25 s = 25/60 min, drop-off 1 × 0.25 / 1 = 0.25; viewer uT.
        // 08-02: 0 plays → completion and drop-off 0; 1 milestone (events count on their own day) → 25/60 min;
        //        the VIEW and milestone are viewing actions → 1 viewer.
        GraphQlTester.Response r = graphQl(ANALYTICS).documentName("entryPerformance").variable("id", "tz-tail")
                .variable("filter", filter("2023-08-01", "2023-08-02", "UTC")).variable("granularity", "DAY").execute();
        r.path("entry.analytics.performance[*].metrics.plays").entityList(Long.class).containsExactly(1L, 0L);
        r.path("entry.analytics.performance[*].metrics.uniqueViewers").entityList(Long.class).containsExactly(1L, 1L);
        SeedExamplesTest.assertSeries(r.path("entry.analytics.performance[*].metrics.avgCompletionRate")
                .entityList(Double.class).get(), 0.5, 0);
        SeedExamplesTest.assertSeries(r.path("entry.analytics.performance[*].metrics.avgDropOffRate")
                .entityList(Double.class).get(), 0.25, 0);
        SeedExamplesTest.assertSeries(r.path("entry.analytics.performance[*].metrics.minutesViewed")
                .entityList(Double.class).get(), 25.0 / 60, 25.0 / 60);
        // 08-01 alone still sees the play's full completion (its VIEW lies after the range): 0.5.
        graphQl(ANALYTICS).documentName("entryHighlights").variable("id", "tz-tail")
                .variable("filter", filter("2023-08-01", "2023-08-01", "UTC")).execute()
                .path("entry.analytics.highlights.avgCompletionRate").entity(Double.class)
                .satisfies(v -> assertThat(v).isCloseTo(0.5, within(EPS)));
        // 08-02 alone has no PLAY: completion 0 although the play's furthest position was reached that day.
        graphQl(ANALYTICS).documentName("entryHighlights").variable("id", "tz-tail")
                .variable("filter", filter("2023-08-02", "2023-08-02", "UTC")).execute()
                .path("entry.analytics.highlights").entity(Highlights.class)
                .satisfies(h -> assertHighlights(h, 0, 0, 1, 25.0 / 60, 0, 0, 0, 0, 1, 0));
    }

    @Test
    void aPlayAcrossAMonthBoundaryKeepsItsFurthestPosition() {
        // Play m1: PLAY 09-30 23:50Z, VIEW @80 s 10-01 00:10Z → completion 80/100 = 0.8, counted in September (UTC).
        // September: 1 play, completion 0.8, viewer uM. October: 0 plays, completion 0, viewer uM (the VIEW).
        GraphQlTester.Response r = graphQl(ANALYTICS).documentName("entryPerformance").variable("id", "tz-month")
                .variable("filter", filter("2023-09-01", "2023-10-31", "UTC")).variable("granularity", "MONTH").execute();
        r.path("entry.analytics.performance[*].date").entityList(String.class).containsExactly("2023-09-01", "2023-10-01");
        r.path("entry.analytics.performance[*].metrics.plays").entityList(Long.class).containsExactly(1L, 0L);
        r.path("entry.analytics.performance[*].metrics.uniqueViewers").entityList(Long.class).containsExactly(1L, 1L);
        SeedExamplesTest.assertSeries(r.path("entry.analytics.performance[*].metrics.avgCompletionRate")
                .entityList(Double.class).get(), 0.8, 0);
        // In New York (EDT, −4) both events are on 09-30 (19:50 and 20:10): 1 play, completion 0.8 that day.
        graphQl(ANALYTICS).documentName("entryHighlights").variable("id", "tz-month")
                .variable("filter", filter("2023-09-30", "2023-09-30", "America/New_York")).execute()
                .path("entry.analytics.highlights").entity(Highlights.class)
                .satisfies(h -> assertHighlights(h, 0, 1, 1, 0, 0, 0.8, 0, 1, 1, 1));
        // In Kolkata (+05:30) the PLAY is 10-01 05:20: September has nothing, October has the play and its 0.8.
        GraphQlTester.Response k = graphQl(ANALYTICS).documentName("entryPerformance").variable("id", "tz-month")
                .variable("filter", filter("2023-09-01", "2023-10-31", "Asia/Kolkata")).variable("granularity", "MONTH")
                .execute();
        k.path("entry.analytics.performance[*].metrics.plays").entityList(Long.class).containsExactly(0L, 1L);
        SeedExamplesTest.assertSeries(k.path("entry.analytics.performance[*].metrics.avgCompletionRate")
                .entityList(Double.class).get(), 0, 0.8);
    }

    @Test
    void kolkataMidnightPlayCarriesItsCompletionToTheLocalDay() {
        // The same play t1 seen from Kolkata: PLAY 08-01 23:55Z = 08-02 05:25 IST, so everything is on 08-02:
        // 1 play, 2 milestones → 50 s = 50/60 min, drop-off 2 × 0.25 / 1 = 0.5, completion 0.5; 08-01 is empty.
        GraphQlTester.Response r = graphQl(ANALYTICS).documentName("entryPerformance").variable("id", "tz-tail")
                .variable("filter", Map.of("from", "2023-08-01", "to", "2023-08-02", "timeZone", "Asia/Kolkata"))
                .variable("granularity", "DAY").execute();
        r.path("entry.analytics.performance[*].metrics.plays").entityList(Long.class).containsExactly(0L, 1L);
        SeedExamplesTest.assertSeries(r.path("entry.analytics.performance[*].metrics.minutesViewed")
                .entityList(Double.class).get(), 0, 50.0 / 60);
        SeedExamplesTest.assertSeries(r.path("entry.analytics.performance[*].metrics.avgDropOffRate")
                .entityList(Double.class).get(), 0, 0.5);
        SeedExamplesTest.assertSeries(r.path("entry.analytics.performance[*].metrics.avgCompletionRate")
                .entityList(Double.class).get(), 0, 0.5);
    }
}
