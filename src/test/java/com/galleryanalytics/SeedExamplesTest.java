package com.galleryanalytics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The worked examples of the help article (seed/000) and PRODUCT.md's metric definitions, sent
 * through /v1/events and read back through GraphQL. Partner it-1.
 *
 * <p>Catalog: category seed-cat; entries (all in seed-cat)
 * e1 600 s by alice, e2 600 s by bob, e3 300 s by alice, e4 120 s by carol (never any event),
 * e5 60 s by dave (impressions only).
 *
 * <p>Events:
 * <ul>
 * <li>2023-05-01 (example 1, "4 minutes of a 10-minute video"): play p1 of e1 by u1:
 *     PLAY @0 s, PLAY_REACHED_25 @150 s, VIEW @240 s.</li>
 * <li>2023-05-02 (example 2, "20 % and 80 %"): e2 by u2: play p2 PLAY, VIEW @120 s (20 %);
 *     play p3 PLAY, REACHED_25 @150, REACHED_50 @300, REACHED_75 @450, VIEW @480 s (80 %).</li>
 * <li>2023-05-03 (viewers): anonymous plays a1 (e1: PLAY, VIEW @60 s), a2 (e1: PLAY), a3 (e3: PLAY);
 *     u1 plays p4 on e3; u3 plays p5 on e1; u9 only loads players: IMPRESSION ×2 on e1, ×1 on e5.</li>
 * </ul>
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SeedExamplesTest extends AnalyticsIntegrationTest {
    static final String INGEST = "it-ingest-1";
    static final String ANALYTICS = "it-analytics-1";

    @BeforeAll
    void seed() {
        upsert("categories", INGEST, List.of(category("seed-cat", "Demo Gallery 1", null, "2021-11-14T00:00:00Z",
                "2023-07-19T00:00:00Z")));
        upsert("entries", INGEST, List.of(entry("e1", "alice", 600, "seed-cat"), entry("e2", "bob", 600, "seed-cat"),
                entry("e3", "alice", 300, "seed-cat"), entry("e4", "carol", 120, "seed-cat"),
                entry("e5", "dave", 60, "seed-cat")));
        upsert("users", INGEST, List.of(Map.of("id", "u1", "name", "Roy Cheled")));
        ingest(INGEST, List.of(
                // 2023-05-01: example 1
                event("PLAY", "2023-05-01T10:00:00Z", "e1", "p1", "u1", 0.0),
                event("PLAY_REACHED_25", "2023-05-01T10:02:30Z", "e1", "p1", "u1", 150.0),
                event("VIEW", "2023-05-01T10:04:00Z", "e1", "p1", "u1", 240.0),
                // 2023-05-02: example 2
                event("PLAY", "2023-05-02T09:00:00Z", "e2", "p2", "u2", 0.0),
                event("VIEW", "2023-05-02T09:02:00Z", "e2", "p2", "u2", 120.0),
                event("PLAY", "2023-05-02T11:00:00Z", "e2", "p3", "u2", 0.0),
                event("PLAY_REACHED_25", "2023-05-02T11:02:30Z", "e2", "p3", "u2", 150.0),
                event("PLAY_REACHED_50", "2023-05-02T11:05:00Z", "e2", "p3", "u2", 300.0),
                event("PLAY_REACHED_75", "2023-05-02T11:07:30Z", "e2", "p3", "u2", 450.0),
                event("VIEW", "2023-05-02T11:08:00Z", "e2", "p3", "u2", 480.0),
                // 2023-05-03: anonymous and named viewers, impressions of a user who never plays
                event("PLAY", "2023-05-03T08:00:00Z", "e1", "a1", null, 0.0),
                event("VIEW", "2023-05-03T08:01:00Z", "e1", "a1", null, 60.0),
                event("PLAY", "2023-05-03T08:30:00Z", "e1", "a2", null, null),
                event("PLAY", "2023-05-03T09:00:00Z", "e3", "a3", null, null),
                event("PLAY", "2023-05-03T09:30:00Z", "e3", "p4", "u1", null),
                event("PLAY", "2023-05-03T10:00:00Z", "e1", "p5", "u3", null),
                event("IMPRESSION", "2023-05-03T12:00:00Z", "e1", null, "u9", null),
                event("IMPRESSION", "2023-05-03T12:05:00Z", "e1", null, "u9", null),
                event("IMPRESSION", "2023-05-03T12:10:00Z", "e5", null, "u9", null)));
    }

    private Highlights entryHighlights(String entryId, String from, String to) {
        return graphQl(ANALYTICS).documentName("entryHighlights").variable("id", entryId)
                .variable("filter", filter(from, to, null)).execute()
                .path("entry.analytics.highlights").entity(Highlights.class).get();
    }

    private Highlights categoryHighlights(String from, String to) {
        return graphQl(ANALYTICS).documentName("categoryHighlights").variable("id", "seed-cat")
                .variable("filter", filter(from, to, "UTC")).execute()
                .path("category.analytics.highlights").entity(Highlights.class).get();
    }

    @Test
    void fourMinutesOfATenMinuteVideoAreTwoAndAHalfMinutesViewed() {
        // One play reached the 25 % milestone: 1 × 600 s / 4 = 150 s = 2.5 min.
        // Drop-off: highest milestone 25 % → 0.25. Completion: furthest position 240 s / 600 s = 0.4.
        // No impressions → ratio 0; distribution 1/1; contributors {alice}; played entries {e1}.
        assertHighlights(entryHighlights("e1", "2023-05-01", "2023-05-01"),
                0, 1, 1, 2.5, 0.25, 0.4, 0, 1, 1, 1);
    }

    @Test
    void playsThatReachedTwentyAndEightyPercent() {
        // p2 reached 20 % (no milestone), p3 reached 80 % (milestones 25, 50, 75).
        // Drop-off: (0 + 0.75) / 2 = 0.375 (= 3 milestone events × 0.25 / 2 plays).
        // Completion: (120/600 + 480/600) / 2 = (0.2 + 0.8) / 2 = 0.5.
        // Minutes: 3 milestone events × 600 s / 4 = 450 s = 7.5 min. One viewer (u2).
        assertHighlights(entryHighlights("e2", "2023-05-02", "2023-05-02"),
                0, 2, 1, 7.5, 0.375, 0.5, 0, 1, 1, 1);
    }

    @Test
    void anonymousViewersAreOneViewerAndImpressionsAreNoViewingAction() {
        // 2023-05-03 in seed-cat: viewers {Unknown (a1, a2, a3), u1, u3} = 3 — u9 only had impressions.
        // Plays a1, a2, a3, p4, p5 = 5; impressions 3 (u9); ratio 5/3.
        // No milestones → 0 minutes, drop-off 0. Completion: a1 60/600 = 0.1, others 0 → 0.1/5 = 0.02.
        // Contributors: entries with any event that day: e1 (alice), e3 (alice), e5 (dave, impressions) → 2.
        // Played entries: e1, e3 → 2.
        assertHighlights(categoryHighlights("2023-05-03", "2023-05-03"),
                3, 5, 3, 0, 0, 0.02, 5.0 / 3, 1, 2, 2);
    }

    @Test
    void wholeRangeOfTheCategory() {
        // 2023-05-01..03: impressions 3; plays 1 + 2 + 5 = 8; viewers {u1, u2, Unknown, u3} = 4.
        // Milestone events: p1 1 + p3 3 = 4 (all of 600 s entries) → 4 × 150 s = 600 s = 10 min.
        // Drop-off: 4 × 0.25 / 8 = 0.125. Completion: (0.4 + 0.2 + 0.8 + 0.1 + 0 × 4) / 8 = 1.5 / 8 = 0.1875.
        // Ratio 8/3. Contributors {alice, bob, dave} = 3 (carol's e4 had no event). Played entries e1, e2, e3 = 3.
        assertHighlights(categoryHighlights("2023-05-01", "2023-05-03"),
                3, 8, 4, 10, 0.125, 0.1875, 8.0 / 3, 1, 3, 3);
    }

    @Test
    void outsideTheEventsEverythingIsZero() {
        // Nothing happened on 2023-04-30: every metric 0, no contributors, no played entries.
        assertHighlights(categoryHighlights("2023-04-30", "2023-04-30"), 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
    }

    @Test
    void theAnonymousViewerIsTheUserUnknown() {
        // User Unknown 2023-05-01..03: plays a1, a2, a3 = 3; one viewer; completion (0.1 + 0 + 0) / 3.
        // Entries with its events: e1 (alice), e3 (alice) → 1 contributor, 2 played entries.
        graphQl(ANALYTICS).documentName("userHighlights").variable("id", "Unknown")
                .variable("filter", filter("2023-05-01", "2023-05-03", null)).execute()
                .path("user.id").entity(String.class).isEqualTo("Unknown")
                .path("user.analytics.highlights").entity(Highlights.class)
                .satisfies(h -> assertHighlights(h, 0, 3, 1, 0, 0, 0.1 / 3, 0, 1, 1, 2));
    }

    @Test
    void aUserWithOnlyImpressionsIsNoViewer() {
        // u9: 3 impressions, no plays → 0 viewers, ratio 0 (no plays), distribution 0 (no plays at all).
        // Contributors: its events were on e1 (alice) and e5 (dave) → 2; no played entry.
        graphQl(ANALYTICS).documentName("userHighlights").variable("id", "u9")
                .variable("filter", filter("2023-05-01", "2023-05-03", null)).execute()
                .path("user.name").entity(String.class).isEqualTo("u9") // not in the catalog: its id is its name
                .path("user.analytics.highlights").entity(Highlights.class)
                .satisfies(h -> assertHighlights(h, 3, 0, 0, 0, 0, 0, 0, 0, 2, 0));
    }

    @Test
    void aNamedUserHasItsCatalogNameAndOwnNumbers() {
        // u1: p1 (e1, 2023-05-01) and p4 (e3, 2023-05-03) → 2 plays, 1 viewer, 1 milestone → 2.5 min,
        // drop-off 1 × 0.25 / 2 = 0.125, completion (0.4 + 0) / 2 = 0.2; contributors {alice}; played e1, e3.
        graphQl(ANALYTICS).documentName("userHighlights").variable("id", "u1")
                .variable("filter", filter("2023-05-01", "2023-05-03", null)).execute()
                .path("user.name").entity(String.class).isEqualTo("Roy Cheled")
                .path("user.analytics.highlights").entity(Highlights.class)
                .satisfies(h -> assertHighlights(h, 0, 2, 1, 2.5, 0.125, 0.2, 0, 1, 1, 2));
    }

    @Test
    void dailyPerformanceOfTheCategoryIsZeroFilled() {
        // Per day (UTC), 2023-04-30..2023-05-04:
        //   04-30: nothing; 05-01: 1 play, 2.5 min, 1 viewer, completion 0.4, drop-off 0.25;
        //   05-02: 2 plays, 7.5 min, 1 viewer, completion 0.5, drop-off 0.375;
        //   05-03: 5 plays, 3 impressions, 0 min, 3 viewers, completion 0.02; 05-04: nothing.
        // playsDistribution = day's plays / 8 plays of the range.
        var response = graphQl(ANALYTICS).documentName("categoryPerformance").variable("id", "seed-cat")
                .variable("filter", filter("2023-04-30", "2023-05-04", "UTC")).variable("granularity", "DAY")
                .execute();
        response.path("category.analytics.performance[*].date").entityList(String.class)
                .containsExactly("2023-04-30", "2023-05-01", "2023-05-02", "2023-05-03", "2023-05-04");
        response.path("category.analytics.performance[*].metrics.plays").entityList(Long.class)
                .containsExactly(0L, 1L, 2L, 5L, 0L);
        response.path("category.analytics.performance[*].metrics.playerImpressions").entityList(Long.class)
                .containsExactly(0L, 0L, 0L, 3L, 0L);
        response.path("category.analytics.performance[*].metrics.uniqueViewers").entityList(Long.class)
                .containsExactly(0L, 1L, 1L, 3L, 0L);
        assertSeries(response.path("category.analytics.performance[*].metrics.minutesViewed").entityList(Double.class).get(),
                0, 2.5, 7.5, 0, 0);
        assertSeries(response.path("category.analytics.performance[*].metrics.avgCompletionRate").entityList(Double.class).get(),
                0, 0.4, 0.5, 0.02, 0);
        assertSeries(response.path("category.analytics.performance[*].metrics.avgDropOffRate").entityList(Double.class).get(),
                0, 0.25, 0.375, 0, 0);
        assertSeries(response.path("category.analytics.performance[*].metrics.playsDistribution").entityList(Double.class).get(),
                0, 1.0 / 8, 2.0 / 8, 5.0 / 8, 0);
    }

    private org.springframework.graphql.test.tester.GraphQlTester.Response compare(String from, String to,
            Map<String, Object> compareTo) {
        Map<String, Object> f = new java.util.LinkedHashMap<>(filter(from, to, null));
        f.put("compareTo", compareTo);
        return graphQl(ANALYTICS).documentName("comparison").variable("filter", f).execute();
    }

    @Test
    void comparisonPeriodsAndChanges() {
        // 05-02..05-03 (2 days): plays 2 + 5 = 7. Previous period = 04-30..05-01: plays 1 → change (7 − 1) / 1 = 6.
        compare("2023-05-02", "2023-05-03", Map.of("type", "PREVIOUS_PERIOD"))
                .path("analytics.highlights.plays").entity(Long.class).isEqualTo(7L)
                .path("analytics.comparison.from").entity(String.class).isEqualTo("2023-04-30")
                .path("analytics.comparison.to").entity(String.class).isEqualTo("2023-05-01")
                .path("analytics.comparison.highlights.plays").entity(Long.class).isEqualTo(1L)
                .path("analytics.comparison.change.plays").entity(Double.class).isEqualTo(6.0);
        // 05-03 against a custom start 05-02 (same length, 1 day): 5 vs 2 → (5 − 2) / 2 = 1.5.
        compare("2023-05-03", "2023-05-03", Map.of("type", "CUSTOM", "start", "2023-05-02"))
                .path("analytics.comparison.from").entity(String.class).isEqualTo("2023-05-02")
                .path("analytics.comparison.to").entity(String.class).isEqualTo("2023-05-02")
                .path("analytics.comparison.change.plays").entity(Double.class).isEqualTo(1.5);
        // Same days a year earlier: 2022-05-02..03 had nothing → previous 0 → change null.
        compare("2023-05-02", "2023-05-03", Map.of("type", "SAME_PERIOD_LAST_YEAR"))
                .path("analytics.comparison.from").entity(String.class).isEqualTo("2022-05-02")
                .path("analytics.comparison.to").entity(String.class).isEqualTo("2022-05-03")
                .path("analytics.comparison.highlights.plays").entity(Long.class).isEqualTo(0L)
                .path("analytics.comparison.change.plays").valueIsNull();
    }

    static void assertSeries(List<Double> actual, double... expected) {
        assertThat(actual).hasSize(expected.length);
        for (int i = 0; i < expected.length; i++) {
            assertThat(actual.get(i)).as("point %d", i).isCloseTo(expected[i], within(EPS));
        }
    }
}
