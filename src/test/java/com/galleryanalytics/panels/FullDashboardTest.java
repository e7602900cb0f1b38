package com.galleryanalytics.panels;

import static com.galleryanalytics.panels.PanelsFixture.GALLERY;
import static com.galleryanalytics.panels.PanelsFixture.SUB_A;
import static com.galleryanalytics.panels.PanelsFixture.SUB_B;
import static com.galleryanalytics.panels.PanelsFixture.TEL_AVIV;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.galleryanalytics.analytics.AnalyticsRepository;
import com.galleryanalytics.clickhouse.SqlStatementCounter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The whole dashboard of category gal in ONE GraphQL query (every panel, comparison with the
 * previous period, two levels of drill-down), counted in SQL statements with
 * {@link SqlStatementCounter}. Partner it-10.
 */
class FullDashboardTest extends PanelsIntegrationTest {

    /**
     * Top-level panels of fullDashboard.graphql: highlights, comparison, pageViews, performance,
     * subCategories, topVideos, viewers, entries, insights, countries, devices, domains.
     */
    static final int TOP_LEVEL_PANELS = 12;
    /** Per top-level panel: rows (with the total count), + 1 for the comparison period's values. */
    static final int STATEMENTS_PER_PANEL = 1 + 1;
    /**
     * Drill-down levels: viewers → entries, viewers → performance, entries → viewers,
     * entries → performance, countries → regions, regions → cities, devices → operatingSystems,
     * devices → browsers, domains → urls, subCategories → analytics.highlights.
     */
    static final int DRILL_DOWN_LEVELS = 10;
    /** Per drill-down level, whatever the number of parent rows: rows (with each parent's count) + comparison. */
    static final int STATEMENTS_PER_LEVEL = 2;
    /**
     * Catalog lookups: the category (1), its subCategoriesCount (1) and subCategories (1), the
     * category tree for the scope's subtree (1); the sub-categories panel's tree (1) plus, for each of
     * gal's 2 direct sub-categories, its subtree (2) and its own scope's subtree (2); one entity batch
     * per table level that shows names: users of viewers and of entry → viewers (2), entries of
     * topVideos, entries and viewer → entries (3). 1 + 1 + 1 + 1 + 5 + 2 + 3 = 14.
     */
    static final int CATALOG_LOOKUPS = 14;
    /**
     * 12 × 2 + 10 × 2 + 14 = 58. Completion is not in these statements: the statements running at
     * the same time get it from one shared statement (counted apart, see
     * {@link #MAX_COMPLETION_STATEMENTS}), and several panels read whole small tables without a
     * count. Measured: 55 whatever the rows per table (59-60 while counts took statements of their
     * own), plus 8-12 shared completion statements.
     * Now and then GraphQL's data-loader dispatch splits a level (cities, or the users of a
     * drill-down) into two batches.
     */
    /**
     * Shared completion statements of one dashboard at most: one per wave of statements running
     * together (panels, comparison period, each drill-down dispatch), a wave split in two by timing
     * now and then. Counted apart: they are not per panel or per row.
     */
    static final int MAX_COMPLETION_STATEMENTS = 16;
    static final int MAX_STATEMENTS = TOP_LEVEL_PANELS * STATEMENTS_PER_PANEL + DRILL_DOWN_LEVELS * STATEMENTS_PER_LEVEL
            + CATALOG_LOOKUPS;

    @Autowired
    SqlStatementCounter statements;

    @Autowired
    AnalyticsRepository repository;

    @Override
    int partner() {
        return 10;
    }

    /**
     * The answer under "category" and how many SQL statements it took: the panels' and catalog
     * statements, and apart from them the shared completion statements.
     */
    private record Run(JsonNode category, long statements, long completionStatements) {}

    private Run run(int first, int drill, int subFirst) {
        long before = statements.executed();
        long completionBefore = repository.completionStatements();
        JsonNode category = query("fullDashboard", "category", Map.of("id", GALLERY,
                "filter", filter("compareTo", previousPeriod()), "first", first, "drill", drill, "subFirst", subFirst));
        long completion = repository.completionStatements() - completionBefore;
        assertThat(completion).as("shared completion statements").isPositive().isLessThanOrEqualTo(MAX_COMPLETION_STATEMENTS);
        return new Run(category, statements.executed() - before - completion, completion);
    }

    /**
     * The fewest statements of a few runs of the same query. GraphQL's data-loader dispatch may
     * split a level into two batches now and then (one extra statement), or now and then merge two
     * levels that load the same type (the users of the viewers table and of entry → viewers: one
     * fewer); the structural count — what the batching by level achieves — is the smallest, give
     * or take that one merge. (Shared completion statements are counted apart, see {@link #run}.)
     */
    private long fewest(int first, int drill, int subFirst) {
        List<Long> counts = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            counts.add(run(first, drill, subFirst).statements());
        }
        return Collections.min(counts);
    }

    @Test
    void everyPanelWithTwoLevelsOfDrillDownInOneQueryWithinTheStatementBound() {
        Run r = run(2, 2, 2);
        assertThat(MAX_STATEMENTS).isEqualTo(58);
        assertThat(r.statements()).as("SQL statements of the whole dashboard (bound %d)", MAX_STATEMENTS)
                .isPositive().isLessThanOrEqualTo(MAX_STATEMENTS);

        // The answer is the dashboard (figures by hand, see PanelsTest for the arithmetic).
        JsonNode c = r.category();
        assertThat(c.path("name").asText()).isEqualTo("Gallery");
        assertThat(c.path("subCategoriesCount").asInt()).isEqualTo(2);
        JsonNode a = c.path("analytics");
        JsonNode h = a.path("highlights");
        assertMetricsBasics(h, 13, 11, 5, 31);
        assertThat(h.path("contributors").asLong()).isEqualTo(3);
        assertThat(h.path("playedEntries").asLong()).isEqualTo(4);
        // previous period: p1 p2 p3 → change (11 − 3) / 3
        assertThat(a.at("/comparison/highlights/plays").asLong()).isEqualTo(3);
        assertThat(a.at("/comparison/change/plays").asDouble()).isCloseTo(8.0 / 3, within(EPS));
        assertThat(a.at("/comparison/performance").findValues("plays").stream().map(JsonNode::asLong).toList())
                .containsExactly(1L, 2L); // 06-09 p2; 06-10 p1 p3
        assertThat(List.of(a.at("/pageViews/plays").asLong(), a.at("/pageViews/uniqueViewers").asLong(),
                a.at("/pageViews/allPlays").asLong(), a.at("/pageViews/allUniqueViewers").asLong()))
                .containsExactly(7L, 4L, 11L, 5L);
        JsonNode days = a.path("performance");
        assertThat(days.findValuesAsText("date")).containsExactly("2024-06-11", "2024-06-12");
        assertThat(days.get(0).at("/metrics/plays").asLong()).isEqualTo(5);
        assertThat(days.get(0).at("/metrics/previous/plays").asLong()).isEqualTo(1);
        assertThat(days.get(1).at("/metrics/plays").asLong()).isEqualTo(6);

        // sub-categories → their own analytics
        JsonNode subs = a.path("subCategories");
        assertThat(keys(subs, "/category/id")).containsExactly(SUB_A, SUB_B);
        assertThat(node(subs, "/category/id", SUB_A).at("/metrics/plays").asLong()).isEqualTo(6);
        assertThat(node(subs, "/category/id", SUB_A).at("/analytics/highlights/plays").asLong()).isEqualTo(6);
        assertThat(node(subs, "/category/id", SUB_A).at("/analytics/highlights/contributors").asLong()).isEqualTo(2);
        assertThat(node(subs, "/category/id", SUB_B).at("/analytics/highlights/plays").asLong()).isEqualTo(2);
        assertThat(node(subs, "/category/id", SUB_B).at("/metrics/previous/plays").asLong()).isZero();

        // top videos: e1 8.7, e3 4.6 of 5
        JsonNode top = a.path("topVideos");
        assertThat(top.path("totalCount").asLong()).isEqualTo(5);
        assertThat(keys(top, "/entryId")).containsExactly("e1", "e3");
        assertThat(top.findValues("score").stream().map(JsonNode::asDouble).toList()).containsExactly(8.7, 4.6);
        assertThat(node(top, "/entryId", "e1").at("/entry/name").asText()).isEqualTo("Intro");

        // viewers → entries, performance
        JsonNode viewers = a.path("viewers");
        assertThat(viewers.path("totalCount").asLong()).isEqualTo(5);
        assertThat(keys(viewers, "/user/id")).containsExactly("Unknown", "u1");
        JsonNode unknown = node(viewers, "/user/id", "Unknown");
        assertThat(keys(unknown.path("entries"), "/entryId")).containsExactly("e1", "e2");
        assertThat(unknown.at("/entries/edges/0/node/metrics/plays").asLong()).isEqualTo(2); // c3 c11
        // 06-11 c3; 06-12 c6 c11
        assertThat(unknown.path("performance").get(0).at("/metrics/plays").asLong()).isEqualTo(1);
        assertThat(unknown.path("performance").get(1).at("/metrics/plays").asLong()).isEqualTo(2);
        JsonNode u1 = node(viewers, "/user/id", "u1");
        assertThat(u1.at("/user/name").asText()).isEqualTo("Ann Lee");
        assertThat(u1.at("/entries/totalCount").asLong()).isEqualTo(3);
        assertThat(keys(u1.path("entries"), "/entryId")).containsExactly("e1", "e2");

        // entries → viewers, performance
        JsonNode entries = a.path("entries");
        assertThat(keys(entries, "/entryId")).containsExactly("e1", "e2");
        JsonNode e1 = node(entries, "/entryId", "e1");
        assertThat(e1.at("/viewers/totalCount").asLong()).isEqualTo(4);
        assertThat(keys(e1.path("viewers"), "/user/id")).containsExactly("Unknown", "u1");
        assertThat(e1.path("performance").get(0).at("/metrics/plays").asLong()).isEqualTo(3);
        assertThat(e1.path("performance").get(1).at("/metrics/plays").asLong()).isEqualTo(2);
        assertThat(keys(node(entries, "/entryId", "e2").path("viewers"), "/user/id")).containsExactly("Unknown", "u1");

        // insights
        assertThat(a.at("/insights/topDomain/domain").asText()).isEqualTo(PanelsFixture.SITE_A);
        assertThat(a.at("/insights/topDomain/share").asDouble()).isCloseTo(8.0 / 11, within(EPS));
        assertThat(a.at("/insights/topDevice/device").asText()).isEqualTo("MOBILE");
        assertThat(a.at("/insights/topDevice/share").asDouble()).isCloseTo(6.0 / 11, within(EPS));
        assertThat(a.at("/insights/topCountries").findValuesAsText("country")).containsExactly("IL", "US", "CY");

        // countries → regions → cities
        JsonNode countries = a.path("countries");
        assertThat(countries.path("totalCount").asLong()).isEqualTo(3);
        assertThat(keys(countries, "/country")).containsExactly("IL", "US");
        JsonNode il = node(countries, "/country", "IL");
        assertThat(keys(il.path("regions"), "/region")).containsExactly("Tel Aviv District", "Jerusalem District");
        JsonNode tlv = node(il.path("regions"), "/region", "Tel Aviv District");
        assertThat(keys(tlv.path("cities"), "/city")).containsExactly(TEL_AVIV, "Ramat Gan");
        assertThat(node(tlv.path("cities"), "/city", TEL_AVIV).at("/metrics/plays").asLong()).isEqualTo(4);
        JsonNode us = node(countries, "/country", "US");
        assertThat(keys(us.path("regions"), "/region")).containsExactly("California", "New York");
        assertThat(keys(node(us.path("regions"), "/region", "California").path("cities"), "/city"))
                .containsExactly("San Francisco");

        // devices → operating systems, browsers
        JsonNode devices = a.path("devices");
        assertThat(devices.findValuesAsText("device")).containsExactly("MOBILE", "DESKTOP");
        assertThat(element(devices, "device", "MOBILE").path("operatingSystems").findValuesAsText("name"))
                .containsExactly("Android", "iOS");
        assertThat(element(devices, "device", "DESKTOP").path("browsers").findValuesAsText("name"))
                .containsExactly("Chrome");

        // domains → urls
        JsonNode domains = a.path("domains");
        assertThat(keys(domains, "/domain")).containsExactly(PanelsFixture.SITE_A, PanelsFixture.SITE_B);
        JsonNode urls = node(domains, "/domain", PanelsFixture.SITE_A).path("urls");
        assertThat(keys(urls, "/url")).containsExactly(PanelsFixture.A1, PanelsFixture.A2);
        assertThat(node(urls, "/url", PanelsFixture.A1).at("/metrics/plays").asLong()).isEqualTo(5);
        assertThat(node(urls, "/url", PanelsFixture.A1).at("/metrics/previous/plays").asLong()).isEqualTo(1); // p1
    }

    @Test
    void doublingTablePagesAndDrillDownParentsAddsNoStatement() {
        // One row per table and per drill-down, then two, then four: every drill-down level has
        // twice (four times) the parent rows, and the statements stay the same.
        long one = fewest(1, 1, 1);
        long two = fewest(2, 2, 1);
        long four = fewest(4, 4, 1);
        assertThat(one).isLessThanOrEqualTo(MAX_STATEMENTS);
        // One statement per row anywhere would add at least 3 from one to four rows; a chance merge
        // of two same-type batches (see fewest) can save one in any run.
        assertThat(List.of(two, four)).as("statements with 2 and 4 rows per table vs %d with 1", one)
                .allSatisfy(n -> assertThat(n).isBetween(one - 1, one + 1));
    }

    @Test
    void doublingSubCategoryRowsDrilledToTheirOwnAnalyticsAddsNoStatement() {
        // subCategories → analytics.highlights is a drill-down level like the others: one sub-category
        // row or two must take the same number of statements.
        long one = fewest(1, 1, 1);
        long two = fewest(1, 1, 2);
        assertThat(two).as("statements with 2 sub-category rows (own analytics each) vs %d with 1", one)
                .isBetween(one - 1, one + 1);
    }

    private static void assertMetricsBasics(JsonNode m, long impressions, long plays, long viewers, double minutes) {
        assertThat(List.of(m.path("playerImpressions").asLong(), m.path("plays").asLong(), m.path("uniqueViewers").asLong()))
                .containsExactly(impressions, plays, viewers);
        assertThat(m.path("minutesViewed").asDouble()).isCloseTo(minutes, within(EPS));
    }
}
