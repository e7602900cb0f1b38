package com.galleryanalytics.panels;

import static com.galleryanalytics.panels.PanelsFixture.GALLERY;
import static com.galleryanalytics.panels.PanelsFixture.SUB_A;
import static com.galleryanalytics.panels.PanelsFixture.SUB_B;
import static com.galleryanalytics.panels.PanelsFixture.SUB_B_NAME;
import static com.galleryanalytics.panels.PanelsFixture.TEL_AVIV;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Every panel of the category "gal" over 2024-06-11..12 against figures worked out by hand from
 * the plays table of {@link PanelsFixture} (c1..c11 are in gal's subtree; c12 is not). Partner it-7.
 *
 * <p>Totals used throughout: plays c1..c11 = 11; impressions = plays with "imp" (c1 c2 c3 c4 c5 c7
 * c8 c9 c11 = 9) + i1 i2 i3 i4 = 13; milestone events 4+2+0+1+3+0+4+1+2+0+1 = 18; completion sum
 * 1.0+0.6+0.1+0.35+0.85+0+1.0+0.35+0.6+0.1+0.3 = 5.25.
 */
class PanelsTest extends PanelsIntegrationTest {

    @Override
    int partner() {
        return 7;
    }

    private JsonNode analytics(String document, Map<String, Object> filter) {
        return query(document, "category.analytics", Map.of("id", GALLERY, "filter", filter));
    }

    @Test
    void detailsOfTheCategory() {
        JsonNode c = query("panelOverview", "category", Map.of("id", GALLERY, "filter", filter()));
        assertThat(c.path("id").asText()).isEqualTo(GALLERY);
        assertThat(c.path("name").asText()).isEqualTo("Gallery");
        assertThat(c.path("parent").isNull()).as("a top-level category has no parent").isTrue();
        // direct children: gal-a and gal-b (gal-a1 is a grandchild)
        assertThat(c.path("subCategoriesCount").asInt()).isEqualTo(2);
        assertThat(c.path("subCategories").findValuesAsText("id")).containsExactlyInAnyOrder(SUB_A, SUB_B);
        assertThat(c.path("createdAt").asText()).isEqualTo("2024-01-15T08:00:00Z");
        assertThat(c.path("updatedAt").asText()).isEqualTo("2024-05-20T08:00:00Z");

        JsonNode sub = query("panelOverview", "category", Map.of("id", PanelsFixture.SUB_A1, "filter", filter()));
        assertThat(sub.path("parent").path("id").asText()).isEqualTo(SUB_A);
        assertThat(sub.path("subCategoriesCount").asInt()).isZero();
    }

    @Test
    void highlights() {
        JsonNode h = analytics("panelOverview", filter()).path("highlights");
        // impressions 13, plays 11; viewers {u1, u2, Unknown, u3, u4} = 5 (u5 only loaded players);
        // minutes: Σ ms × ¼ duration = c1 10 + c2 5 + c4 2.5 + c5 3 + c7 2 + c8 2 + c9 4 + c11 2.5 = 31;
        // drop-off 18 × 0.25 / 11 = 4.5 / 11; completion 5.25 / 11; ratio 11 / 13; distribution 11 / 11.
        assertMetrics(h, 13, 11, 5, 31, 4.5 / 11, 5.25 / 11, 11.0 / 13, 1);
        // contributors: owners of entries with any event: e1 alice, e2 bob, e3 alice, e4 bob, e5 carol
        // (impression only) = {alice, bob, carol} = 3; played entries e1..e4 = 4 (e5 never played).
        assertThat(h.path("contributors").asLong()).isEqualTo(3);
        assertThat(h.path("playedEntries").asLong()).isEqualTo(4);
    }

    @Test
    void categoryPageViewsAgainstAllPlays() {
        JsonNode pv = analytics("panelOverview", filter()).path("pageViews");
        // plays with a context in gal's subtree: c1 c2 c11 (gal), c5 (gal-a), c7 c10 (gal-a1), c8 (gal-b) = 7;
        // their viewers u1 (c1 c5 c8), u2 (c2 c7), u3 (c10), Unknown (c11) = 4 — u5's impressions on gal pages
        // are no viewing action. All plays of gal's entries: 11 by 5 viewers.
        assertThat(pv.path("plays").asLong()).isEqualTo(7);
        assertThat(pv.path("uniqueViewers").asLong()).isEqualTo(4);
        assertThat(pv.path("allPlays").asLong()).isEqualTo(11);
        assertThat(pv.path("allUniqueViewers").asLong()).isEqualTo(5);

        // Without sub-categories only gal's own entry e1 and gal's own page count: on gal pages c1 c2 c11 = 3
        // plays by u1, u2, Unknown = 3; all plays of e1: c1 c2 c3 c4 c11 = 5 by u1, u2, Unknown, u3 = 4.
        JsonNode own = analytics("panelOverview", filter("includeSubcategories", false)).path("pageViews");
        assertThat(own.path("plays").asLong()).isEqualTo(3);
        assertThat(own.path("uniqueViewers").asLong()).isEqualTo(3);
        assertThat(own.path("allPlays").asLong()).isEqualTo(5);
        assertThat(own.path("allUniqueViewers").asLong()).isEqualTo(4);
    }

    @Test
    void performanceOverTimeByDayAndMonth() {
        JsonNode a = analytics("panelOverview", filter());
        JsonNode days = a.path("performance");
        assertThat(days.findValuesAsText("date")).containsExactly("2024-06-11", "2024-06-12");
        // 06-11: plays c1 c2 c3 c5 c10 = 5; impressions c1 c2 c3 c5 i1 = 5; viewers u1 u2 Unknown u3 = 4;
        // ms 4+2+3 = 9 → minutes 10+5+3 = 18, drop-off 9×0.25/5 = 0.45; completion (1+0.6+0.1+0.85+0.1)/5 = 2.65/5;
        // distribution 5/11.
        assertMetrics(days.get(0).path("metrics"), 5, 5, 4, 18, 0.45, 2.65 / 5, 1, 5.0 / 11);
        // 06-12: plays c4 c6 c7 c8 c9 c11 = 6; impressions c4 c7 c8 c9 c11 i2 i3 i4 = 8; viewers u3 Unknown u2 u1 u4
        // = 5; ms 1+4+1+2+1 = 9 → minutes 2.5+2+2+4+2.5 = 13, drop-off 9×0.25/6 = 0.375;
        // completion (0.35+0+1+0.35+0.6+0.3)/6 = 2.6/6; ratio 6/8; distribution 6/11.
        assertMetrics(days.get(1).path("metrics"), 8, 6, 5, 13, 0.375, 2.6 / 6, 0.75, 6.0 / 11);
        // One month: its point is dated the 1st.
        JsonNode months = a.path("monthly");
        assertThat(months.findValuesAsText("date")).containsExactly("2024-06-01");
        assertThat(months.get(0).at("/metrics/plays").asLong()).isEqualTo(11);
        assertThat(months.get(0).at("/metrics/playerImpressions").asLong()).isEqualTo(13);
    }

    @Test
    void subCategoriesCountTheirSubtreeAndSharedEntriesInEachRow() {
        JsonNode table = analytics("panelSubCategories", filter()).path("subCategories");
        assertThat(table.path("totalCount").asLong()).isEqualTo(2);
        assertThat(keys(table, "/category/id")).containsExactly(SUB_A, SUB_B); // plays 6 > 2
        JsonNode a = node(table, "/category/id", SUB_A);
        JsonNode b = node(table, "/category/id", SUB_B);
        assertThat(a.at("/category/name").asText()).isEqualTo("Sub A");
        assertThat(b.at("/category/name").asText()).isEqualTo(SUB_B_NAME);
        // Sub A = gal-a + gal-a1: e2 (c5 c6), e3 (c7 c10, filed in gal-a1), e4 (c8 c9) → plays 6;
        // impressions c5 c7 c8 c9 = 4; viewers u1 Unknown u2 u3 u4 = 5; ms 3+4+1+2 = 10 → minutes 3+2+2+4 = 11,
        // drop-off 10×0.25/6 = 2.5/6; completion (0.85+0+1+0.1+0.35+0.6)/6 = 2.9/6; ratio 6/4; distribution 6/11.
        assertMetrics(a.path("metrics"), 4, 6, 5, 11, 2.5 / 6, 2.9 / 6, 1.5, 6.0 / 11);
        // Sub B: e4 (c8 c9, also in Sub A) and e5 (impression i3) → plays 2; impressions 3; viewers u1 u4 = 2;
        // ms 1+2 = 3 → minutes 2+4 = 6, drop-off 0.75/2; completion (0.35+0.6)/2; ratio 2/3; distribution 2/11.
        assertMetrics(b.path("metrics"), 3, 2, 2, 6, 0.375, 0.475, 2.0 / 3, 2.0 / 11);

        // Drill: each sub-category's own analytics. Sub A: contributors {bob (e2 e4), alice (e3)} = 2,
        // played entries e2 e3 e4 = 3. Sub B: contributors {bob (e4), carol (e5)} = 2, played entries e4 = 1.
        JsonNode ha = a.at("/analytics/highlights");
        assertThat(List.of(ha.path("plays").asLong(), ha.path("uniqueViewers").asLong(),
                ha.path("playerImpressions").asLong(), ha.path("contributors").asLong(), ha.path("playedEntries").asLong()))
                .containsExactly(6L, 5L, 4L, 2L, 3L);
        assertThat(ha.path("minutesViewed").asDouble()).isCloseTo(11, within(EPS));
        JsonNode hb = b.at("/analytics/highlights");
        assertThat(List.of(hb.path("plays").asLong(), hb.path("uniqueViewers").asLong(),
                hb.path("playerImpressions").asLong(), hb.path("contributors").asLong(), hb.path("playedEntries").asLong()))
                .containsExactly(2L, 2L, 3L, 2L, 1L);
        assertThat(hb.path("minutesViewed").asDouble()).isCloseTo(6, within(EPS));

        // Sorted the other way: Sub B (2 plays) first.
        JsonNode asc = query("panelSubCategories", "category.analytics.subCategories",
                Map.of("id", GALLERY, "filter", filter(), "orderBy", order("PLAYS", "ASC")));
        assertThat(keys(asc, "/category/id")).containsExactly(SUB_B, SUB_A);
    }

    @Test
    void topVideosAreScoredByPlaysViewersAndCompletion() {
        JsonNode table = analytics("panelTopVideos", filter()).path("topVideos");
        // maxPlays = 5 (e1), maxViewers = 4 (e1: u1 u2 Unknown u3). score = 5·p/5 + 2.5·v/4 + min(2.5, 2.5·c):
        // e1: 5 + 2.5 + 2.5 × (2.35/5 = 0.47) = 8.675 → 8.7
        // e3: 2 + 1.25 + 2.5 × ((1+0.1)/2 = 0.55) = 4.625 → 4.6
        // e4: 2 + 1.25 + 2.5 × ((0.35+0.6)/2 = 0.475) = 4.4375 → 4.4
        // e2: 2 + 1.25 + 2.5 × ((0.85+0)/2 = 0.425) = 4.3125 → 4.3
        // e5: no play → 0.0
        assertThat(table.path("totalCount").asLong()).isEqualTo(5);
        assertThat(keys(table, "/entryId")).containsExactly("e1", "e3", "e4", "e2", "e5");
        assertThat(table.findValues("score").stream().map(JsonNode::asDouble).toList())
                .containsExactly(8.7, 4.6, 4.4, 4.3, 0.0);
        JsonNode e1 = node(table, "/entryId", "e1");
        assertThat(e1.at("/entry/name").asText()).isEqualTo("Intro");
        assertThat(e1.at("/entry/creatorId").asText()).isEqualTo("alice");
        // e1: impressions c1 c2 c3 c4 c11 i1 i2 i4 = 8; ms 4+2+1+1 = 8 → minutes 20, drop-off 8×0.25/5 = 0.4
        assertMetrics(e1.path("metrics"), 8, 5, 4, 20, 0.4, 0.47, 5.0 / 8, 5.0 / 11);
        assertMetrics(node(table, "/entryId", "e3").path("metrics"), 1, 2, 2, 2, 0.5, 0.55, 2, 2.0 / 11);
        assertMetrics(node(table, "/entryId", "e5").path("metrics"), 1, 0, 0, 0, 0, 0, 0, 0);
    }

    @Test
    void viewersWithTheirEntriesAndPerformance() {
        JsonNode table = analytics("panelViewers", filter()).path("viewers");
        // Rows: users with an active viewing action; u5 (impressions only) is none. Unknown is a row.
        // Plays: Unknown 3 (c3 c6 c11), u1 3 (c1 c5 c8), u2 2, u3 2, u4 1; ties by id ("Unknown" < "u1").
        assertThat(table.path("totalCount").asLong()).isEqualTo(5);
        assertThat(keys(table, "/user/id")).containsExactly("Unknown", "u1", "u2", "u3", "u4");
        JsonNode unknown = node(table, "/user/id", "Unknown");
        assertThat(unknown.at("/user/name").asText()).isEqualTo("Unknown");
        // Unknown: impressions c3 c11 = 2; ms 1 (c11) → 2.5 min, drop-off 0.25/3; completion (0.1+0+0.3)/3
        assertMetrics(unknown.path("metrics"), 2, 3, 1, 2.5, 0.25 / 3, 0.4 / 3, 1.5, 3.0 / 11);
        JsonNode u1 = node(table, "/user/id", "u1");
        assertThat(u1.at("/user/name").asText()).isEqualTo("Ann Lee");
        // u1: ms 4+3+1 = 8 → minutes 10+3+2 = 15, drop-off 2/3; completion (1+0.85+0.35)/3 = 2.2/3
        assertMetrics(u1.path("metrics"), 3, 3, 1, 15, 2.0 / 3, 2.2 / 3, 1, 3.0 / 11);
        // u2: impressions c2 c7 i4 = 3; ms 2+4 = 6 → minutes 5+2 = 7, drop-off 0.75; completion (0.6+1)/2
        assertMetrics(node(table, "/user/id", "u2").path("metrics"), 3, 2, 1, 7, 0.75, 0.8, 2.0 / 3, 2.0 / 11);
        // u3: impressions c4 = 1; ms 1 → 2.5 min, drop-off 0.125; completion (0.35+0.1)/2
        assertMetrics(node(table, "/user/id", "u3").path("metrics"), 1, 2, 1, 2.5, 0.125, 0.225, 2, 2.0 / 11);
        assertMetrics(node(table, "/user/id", "u4").path("metrics"), 1, 1, 1, 4, 0.5, 0.6, 1, 1.0 / 11);

        // Drill user → entries. u1: e1 (c1), e2 (c5), e4 (c8), one play each → by id.
        JsonNode u1Entries = u1.path("entries");
        assertThat(u1Entries.path("totalCount").asLong()).isEqualTo(3);
        assertThat(keys(u1Entries, "/entryId")).containsExactly("e1", "e2", "e4");
        assertThat(node(u1Entries, "/entryId", "e2").at("/entry/name").asText()).isEqualTo("Deep dive");
        assertMetrics(node(u1Entries, "/entryId", "e1").path("metrics"), 1, 1, 1, 10, 1, 1, 1, 1.0 / 11);
        assertMetrics(node(u1Entries, "/entryId", "e2").path("metrics"), 1, 1, 1, 3, 0.75, 0.85, 1, 1.0 / 11);
        assertMetrics(node(u1Entries, "/entryId", "e4").path("metrics"), 1, 1, 1, 2, 0.25, 0.35, 1, 1.0 / 11);
        // Unknown: e1 (c3 c11: 2 plays, 2 impressions, 2.5 min, completion (0.1+0.3)/2), e2 (c6, no impression)
        JsonNode unknownEntries = unknown.path("entries");
        assertThat(keys(unknownEntries, "/entryId")).containsExactly("e1", "e2");
        assertMetrics(node(unknownEntries, "/entryId", "e1").path("metrics"), 2, 2, 1, 2.5, 0.125, 0.2, 1, 2.0 / 11);
        assertMetrics(node(unknownEntries, "/entryId", "e2").path("metrics"), 0, 1, 1, 0, 0, 0, 0, 1.0 / 11);
        // u2: e1 (c2 and impression i4: 1 play, 2 impressions), e3 (c7)
        JsonNode u2Entries = node(table, "/user/id", "u2").path("entries");
        assertThat(keys(u2Entries, "/entryId")).containsExactly("e1", "e3");
        assertThat(node(u2Entries, "/entryId", "e1").at("/metrics/playerImpressions").asLong()).isEqualTo(2);

        // Drill user → performance. u1: 06-11 c1 c5 (ms 7 → 13 min, drop-off 7×0.25/2, completion (1+0.85)/2);
        // 06-12 c8. u4: nothing on 06-11 (zero-filled), c9 on 06-12.
        JsonNode u1Days = u1.path("performance");
        assertThat(u1Days.findValuesAsText("date")).containsExactly("2024-06-11", "2024-06-12");
        assertMetrics(u1Days.get(0).path("metrics"), 2, 2, 1, 13, 0.875, 0.925, 1, 2.0 / 11);
        assertMetrics(u1Days.get(1).path("metrics"), 1, 1, 1, 2, 0.25, 0.35, 1, 1.0 / 11);
        JsonNode u4Days = node(table, "/user/id", "u4").path("performance");
        assertThat(u4Days.findValuesAsText("date")).containsExactly("2024-06-11", "2024-06-12");
        assertMetrics(u4Days.get(0).path("metrics"), 0, 0, 0, 0, 0, 0, 0, 0);
        assertThat(u4Days.get(1).at("/metrics/plays").asLong()).isEqualTo(1);
    }

    @Test
    void entriesWithTheirViewersAndPerformance() {
        JsonNode table = analytics("panelEntries", filter()).path("entries");
        // Every entry of gal's subtree with an event: e1 5 plays, e2 e3 e4 2 each (by id), e5 0 (impression).
        assertThat(table.path("totalCount").asLong()).isEqualTo(5);
        assertThat(keys(table, "/entryId")).containsExactly("e1", "e2", "e3", "e4", "e5");
        JsonNode e1 = node(table, "/entryId", "e1");
        assertThat(e1.at("/entry/name").asText()).isEqualTo("Intro");
        assertMetrics(e1.path("metrics"), 8, 5, 4, 20, 0.4, 0.47, 5.0 / 8, 5.0 / 11);
        // e2: c5 c6; impression c5; ms 3 → 3 min, drop-off 0.75/2; completion (0.85+0)/2
        assertMetrics(node(table, "/entryId", "e2").path("metrics"), 1, 2, 2, 3, 0.375, 0.425, 2, 2.0 / 11);
        // e4: c8 c9; impressions 2; ms 1+2 → 6 min, drop-off 0.375; completion (0.35+0.6)/2
        assertMetrics(node(table, "/entryId", "e4").path("metrics"), 2, 2, 2, 6, 0.375, 0.475, 1, 2.0 / 11);
        assertMetrics(node(table, "/entryId", "e5").path("metrics"), 1, 0, 0, 0, 0, 0, 0, 0);

        // Drill entry → viewers. e1: Unknown 2 (c3 c11), u1 u2 u3 1 each; u5 only loaded it (i1 i2): no row.
        JsonNode e1Viewers = e1.path("viewers");
        assertThat(e1Viewers.path("totalCount").asLong()).isEqualTo(4);
        assertThat(keys(e1Viewers, "/user/id")).containsExactly("Unknown", "u1", "u2", "u3");
        assertMetrics(node(e1Viewers, "/user/id", "Unknown").path("metrics"), 2, 2, 1, 2.5, 0.125, 0.2, 1, 2.0 / 11);
        // u2 on e1: c2 (ms 2 → 5 min, completion 0.6) and impression i4 → ratio 1/2
        assertMetrics(node(e1Viewers, "/user/id", "u2").path("metrics"), 2, 1, 1, 5, 0.5, 0.6, 0.5, 1.0 / 11);
        assertThat(node(e1Viewers, "/user/id", "u1").at("/user/name").asText()).isEqualTo("Ann Lee");
        // e2: Unknown (c6) and u1 (c5), one play each → by id
        assertThat(keys(node(table, "/entryId", "e2").path("viewers"), "/user/id")).containsExactly("Unknown", "u1");
        // e5: only u5's impression → no viewer
        JsonNode e5Viewers = node(table, "/entryId", "e5").path("viewers");
        assertThat(e5Viewers.path("totalCount").asLong()).isZero();
        assertThat(e5Viewers.path("edges")).isEmpty();

        // Drill entry → performance. e1 06-11: c1 c2 c3, impressions + i1 = 4, viewers u1 u2 Unknown,
        // ms 6 → 15 min, drop-off 6×0.25/3, completion (1+0.6+0.1)/3. 06-12: c4 c11, impressions + i2 i4 = 4,
        // viewers u3 Unknown = 2 (u5 and u2 only loaded the player that day), ms 2 → 5 min, completion (0.35+0.3)/2.
        JsonNode days = e1.path("performance");
        assertThat(days.findValuesAsText("date")).containsExactly("2024-06-11", "2024-06-12");
        assertMetrics(days.get(0).path("metrics"), 4, 3, 3, 15, 0.5, 1.7 / 3, 0.75, 3.0 / 11);
        assertMetrics(days.get(1).path("metrics"), 4, 2, 2, 5, 0.25, 0.325, 0.5, 2.0 / 11);
    }

    @Test
    void insights() {
        JsonNode i = analytics("panelInsights", filter()).path("insights");
        // www.site-a.com: c1 c2 c4 c5 c7 c8 c10 c11 = 8 of 11 plays (blog.site-b.org: c3 c6 c9 = 3)
        assertThat(i.at("/topDomain/domain").asText()).isEqualTo(PanelsFixture.SITE_A);
        assertThat(i.at("/topDomain/share").asDouble()).isCloseTo(8.0 / 11, within(EPS));
        // MOBILE (iPhone c2 c7 c10, Android c3 c6 c11) = 6 of 11; DESKTOP c1 c4 c5 c8 c9 = 5
        assertThat(i.at("/topDevice/device").asText()).isEqualTo("MOBILE");
        assertThat(i.at("/topDevice/share").asDouble()).isCloseTo(6.0 / 11, within(EPS));
        // IL: c1 c2 c4 c5 c8 c10 c11 = 7; US: c3 c7 c9 = 3; CY: c6 = 1
        JsonNode top = i.path("topCountries");
        assertThat(top.findValuesAsText("country")).containsExactly("IL", "US", "CY");
        assertThat(top.findValuesAsText("name")).containsExactly("Israel", "United States", "Cyprus");
        assertThat(top.findValues("plays").stream().map(JsonNode::asLong).toList()).containsExactly(7L, 3L, 1L);
        assertThat(top.get(0).at("/metrics/playsDistribution").asDouble()).isCloseTo(7.0 / 11, within(EPS));
    }

    @Test
    void countriesRegionsAndCities() {
        JsonNode table = analytics("panelCountries", filter()).path("countries");
        assertThat(table.path("totalCount").asLong()).isEqualTo(3);
        assertThat(keys(table, "/country")).containsExactly("IL", "US", "CY");
        JsonNode il = node(table, "/country", "IL");
        assertThat(il.path("name").asText()).isEqualTo("Israel");
        // IL: plays 7; impressions c1 c2 c4 c5 c8 c11 i1 i2 i4 = 9; viewers u1 u2 u3 Unknown = 4;
        // ms 4+2+1+3+1+1 = 12 → minutes 10+5+2.5+3+2+2.5 = 25, drop-off 12×0.25/7 = 3/7;
        // completion (1+0.6+0.35+0.85+0.35+0.1+0.3)/7 = 3.55/7; ratio 7/9; distribution 7/11.
        assertMetrics(il.path("metrics"), 9, 7, 4, 25, 3.0 / 7, 3.55 / 7, 7.0 / 9, 7.0 / 11);
        // US: c3 c7 c9; impressions c3 c7 c9 i3 = 4; viewers Unknown u2 u4; ms 4+2 → 2+4 = 6 min,
        // drop-off 6×0.25/3 = 0.5; completion (0.1+1+0.6)/3
        assertMetrics(node(table, "/country", "US").path("metrics"), 4, 3, 3, 6, 0.5, 1.7 / 3, 0.75, 3.0 / 11);
        // CY: c6 only, no impression → ratio 0
        assertMetrics(node(table, "/country", "CY").path("metrics"), 0, 1, 1, 0, 0, 0, 0, 1.0 / 11);

        // IL → regions: Tel Aviv District (c1 c2 c5 c8 c11) 5, Jerusalem District (c4 c10) 2
        JsonNode ilRegions = il.path("regions");
        assertThat(ilRegions.path("totalCount").asLong()).isEqualTo(2);
        assertThat(keys(ilRegions, "/region")).containsExactly("Tel Aviv District", "Jerusalem District");
        JsonNode tlv = node(ilRegions, "/region", "Tel Aviv District");
        // impressions c1 c2 c5 c8 c11 i1 i2 i4 = 8; viewers u1 u2 Unknown; ms 4+2+3+1+1 = 11 → 22.5 min,
        // drop-off 11×0.25/5 = 0.55; completion (1+0.6+0.85+0.35+0.3)/5 = 0.62
        assertMetrics(tlv.path("metrics"), 8, 5, 3, 22.5, 0.55, 0.62, 5.0 / 8, 5.0 / 11);
        assertMetrics(node(ilRegions, "/region", "Jerusalem District").path("metrics"), 1, 2, 1, 2.5, 0.125, 0.225, 2,
                2.0 / 11);
        // Tel Aviv District → cities: 'Tel Aviv, "Jaffa"' (c1 c5 c8 c11) 4, Ramat Gan (c2) 1
        JsonNode tlvCities = tlv.path("cities");
        assertThat(tlvCities.path("totalCount").asLong()).isEqualTo(2);
        assertThat(keys(tlvCities, "/city")).containsExactly(TEL_AVIV, "Ramat Gan");
        // Tel Aviv: impressions c1 c5 c8 c11 i1 i2 = 6; viewers u1 Unknown; ms 4+3+1+1 = 9 → 17.5 min,
        // drop-off 9×0.25/4; completion (1+0.85+0.35+0.3)/4 = 0.625
        assertMetrics(node(tlvCities, "/city", TEL_AVIV).path("metrics"), 6, 4, 2, 17.5, 0.5625, 0.625, 4.0 / 6, 4.0 / 11);
        // Ramat Gan: c2 and impression i4
        assertMetrics(node(tlvCities, "/city", "Ramat Gan").path("metrics"), 2, 1, 1, 5, 0.5, 0.6, 0.5, 1.0 / 11);
        assertThat(keys(node(ilRegions, "/region", "Jerusalem District").path("cities"), "/city"))
                .containsExactly("Jerusalem");

        // US → California (c3 c9) 2, New York (c7) 1; their cities
        JsonNode usRegions = node(table, "/country", "US").path("regions");
        assertThat(keys(usRegions, "/region")).containsExactly("California", "New York");
        // California: impressions c3 c9 i3 = 3; viewers Unknown u4; ms 2 → 4 min; completion (0.1+0.6)/2
        assertMetrics(node(usRegions, "/region", "California").path("metrics"), 3, 2, 2, 4, 0.25, 0.35, 2.0 / 3, 2.0 / 11);
        assertThat(keys(node(usRegions, "/region", "California").path("cities"), "/city")).containsExactly("San Francisco");
        assertThat(keys(node(usRegions, "/region", "New York").path("cities"), "/city")).containsExactly("New York City");
        JsonNode cyRegions = node(table, "/country", "CY").path("regions");
        assertThat(keys(cyRegions, "/region")).containsExactly("Limassol District");
        assertThat(node(cyRegions, "/region", "Limassol District").at("/cities/totalCount").asLong()).isEqualTo(1);
    }

    @Test
    void devicesWithOperatingSystemsAndBrowsers() {
        JsonNode panel = analytics("panelDevices", filter());
        JsonNode devices = panel.path("devices");
        // Device types by hand from the user agents: iPhone and Android phone → MOBILE; Windows Chrome → DESKTOP.
        // MOBILE: c2 c3 c6 c7 c10 c11 = 6 plays; DESKTOP: c1 c4 c5 c8 c9 = 5.
        assertThat(devices.findValuesAsText("device")).containsExactly("MOBILE", "DESKTOP");
        assertThat(panel.path("fewestPlaysFirst").findValuesAsText("device")).containsExactly("DESKTOP", "MOBILE");
        JsonNode mobile = element(devices, "device", "MOBILE");
        // MOBILE: impressions c2 c3 c7 c11 i3 i4 = 6; viewers u2 Unknown u3 = 3; ms 2+4+1 = 7 → 5+2+2.5 = 9.5 min,
        // drop-off 7×0.25/6; completion (0.6+0.1+0+1+0.1+0.3)/6 = 0.35
        assertMetrics(mobile.path("metrics"), 6, 6, 3, 9.5, 1.75 / 6, 0.35, 1, 6.0 / 11);
        JsonNode desktop = element(devices, "device", "DESKTOP");
        // DESKTOP: impressions c1 c4 c5 c8 c9 i1 i2 = 7; viewers u1 u3 u4; ms 4+1+3+1+2 = 11 → 21.5 min,
        // drop-off 11×0.25/5 = 0.55; completion (1+0.35+0.85+0.35+0.6)/5 = 0.63
        assertMetrics(desktop.path("metrics"), 7, 5, 3, 21.5, 0.55, 0.63, 5.0 / 7, 5.0 / 11);

        // MOBILE → OS: Android (c3 c6 c11) 3, iOS (c2 c7 c10) 3 → tie, by name. (Names as uap-java gives them.)
        JsonNode os = mobile.path("operatingSystems");
        assertThat(os.findValuesAsText("name")).containsExactly("Android", "iOS");
        // Android: impressions c3 c11 i3 = 3; viewer Unknown; ms 1 → 2.5 min; completion (0.1+0+0.3)/3
        assertMetrics(element(os, "name", "Android").path("metrics"), 3, 3, 1, 2.5, 0.25 / 3, 0.4 / 3, 1, 3.0 / 11);
        // iOS: impressions c2 c7 i4 = 3; viewers u2 u3; ms 2+4 = 6 → 7 min, drop-off 0.5; completion (0.6+1+0.1)/3
        assertMetrics(element(os, "name", "iOS").path("metrics"), 3, 3, 2, 7, 0.5, 1.7 / 3, 1, 3.0 / 11);
        JsonNode browsers = mobile.path("browsers");
        assertThat(browsers.findValuesAsText("name")).containsExactly("Chrome Mobile", "Mobile Safari");
        assertThat(element(browsers, "name", "Mobile Safari").at("/metrics/uniqueViewers").asLong()).isEqualTo(2);
        assertThat(desktop.path("operatingSystems").findValuesAsText("name")).containsExactly("Windows");
        assertThat(desktop.path("browsers").findValuesAsText("name")).containsExactly("Chrome");
        assertMetrics(desktop.path("browsers").get(0).path("metrics"), 7, 5, 3, 21.5, 0.55, 0.63, 5.0 / 7, 5.0 / 11);
    }

    @Test
    void domainsAndUrls() {
        JsonNode table = analytics("panelDomains", filter()).path("domains");
        assertThat(table.path("totalCount").asLong()).isEqualTo(2);
        assertThat(keys(table, "/domain")).containsExactly(PanelsFixture.SITE_A, PanelsFixture.SITE_B);
        JsonNode a = node(table, "/domain", PanelsFixture.SITE_A);
        // site-a: plays 8; impressions c1 c2 c4 c5 c7 c8 c11 i1 i2 i4 = 10 → ratio 8/10; viewers u1 u2 u3 Unknown;
        // ms 4+2+1+3+4+1+1 = 16 → 10+5+2.5+3+2+2+2.5 = 27 min, drop-off 16×0.25/8 = 0.5;
        // completion (1+0.6+0.35+0.85+1+0.35+0.1+0.3)/8 = 4.55/8; distribution 8/11.
        assertMetrics(a.path("metrics"), 10, 8, 4, 27, 0.5, 4.55 / 8, 0.8, 8.0 / 11);
        // site-b: plays c3 c6 c9; impressions c3 c9 i3 = 3 → ratio 1; viewers Unknown u4; ms 2 → 4 min;
        // completion (0.1+0+0.6)/3
        assertMetrics(node(table, "/domain", PanelsFixture.SITE_B).path("metrics"), 3, 3, 2, 4, 0.5 / 3, 0.7 / 3, 1,
                3.0 / 11);

        JsonNode urls = a.path("urls");
        assertThat(urls.path("totalCount").asLong()).isEqualTo(2);
        assertThat(keys(urls, "/url")).containsExactly(PanelsFixture.A1, PanelsFixture.A2);
        // A1: c1 c2 c5 c8 c11; impressions + i1 i2 = 7 → ratio 5/7; viewers u1 u2 Unknown; ms 11 → 22.5 min;
        // completion 3.1/5
        assertMetrics(node(urls, "/url", PanelsFixture.A1).path("metrics"), 7, 5, 3, 22.5, 0.55, 0.62, 5.0 / 7, 5.0 / 11);
        // A2: c4 c7 c10; impressions c4 c7 i4 = 3 → ratio 1; viewers u3 u2; ms 1+4 = 5 → 2.5+2 = 4.5 min,
        // drop-off 5×0.25/3; completion (0.35+1+0.1)/3
        assertMetrics(node(urls, "/url", PanelsFixture.A2).path("metrics"), 3, 3, 2, 4.5, 1.25 / 3, 1.45 / 3, 1, 3.0 / 11);
        JsonNode bUrls = node(table, "/domain", PanelsFixture.SITE_B).path("urls");
        assertThat(keys(bUrls, "/url")).containsExactly(PanelsFixture.B1);
    }

    @Test
    void comparisonWithThePreviousPeriod() {
        JsonNode a = analytics("panelComparison", filter("compareTo", previousPeriod()));
        JsonNode c = a.path("comparison");
        // Two days back: 2024-06-09..10.
        assertThat(c.path("from").asText()).isEqualTo(PanelsFixture.PREVIOUS_FROM);
        assertThat(c.path("to").asText()).isEqualTo(PanelsFixture.PREVIOUS_TO);
        // Previous period in gal: plays p1 p2 p3 = 3; impressions p1 p2 pi1 = 3; viewers u1 u2 Unknown = 3
        // (u4 only loaded e4); ms 2 (p1) → 5 min, drop-off 2×0.25/3 = 1/6; completion (0.55+0.1+0)/3;
        // contributors: e1 alice, e2 bob, e4 bob (impression) = 2; played entries e1 e2 = 2.
        JsonNode prev = c.path("highlights");
        assertMetrics(prev, 3, 3, 3, 5, 1.0 / 6, 0.65 / 3, 1, 1);
        assertThat(prev.path("contributors").asLong()).isEqualTo(2);
        assertThat(prev.path("playedEntries").asLong()).isEqualTo(2);
        // change = (current − previous) / previous
        JsonNode ch = c.path("change");
        assertThat(ch.path("playerImpressions").asDouble()).isCloseTo((13 - 3) / 3.0, within(EPS));
        assertThat(ch.path("plays").asDouble()).isCloseTo((11 - 3) / 3.0, within(EPS));
        assertThat(ch.path("uniqueViewers").asDouble()).isCloseTo((5 - 3) / 3.0, within(EPS));
        assertThat(ch.path("minutesViewed").asDouble()).isCloseTo((31 - 5) / 5.0, within(EPS));
        // drop-off (4.5/11 − 1/6) / (1/6) = 27/11 − 1 = 16/11
        assertThat(ch.path("avgDropOffRate").asDouble()).isCloseTo(16.0 / 11, within(EPS));
        // completion (5.25/11 − 0.65/3) / (0.65/3) = 15.75/7.15 − 1
        assertThat(ch.path("avgCompletionRate").asDouble()).isCloseTo(15.75 / 7.15 - 1, within(EPS));
        assertThat(ch.path("playImpressionRatio").asDouble()).isCloseTo(11.0 / 13 - 1, within(EPS));
        assertThat(ch.path("playsDistribution").asDouble()).isCloseTo(0, within(EPS));
        assertThat(ch.path("contributors").asDouble()).isCloseTo(0.5, within(EPS));
        assertThat(ch.path("playedEntries").asDouble()).isCloseTo(1, within(EPS));

        // Rows: previous plays / impressions and change; null change where the previous value is 0.
        JsonNode countries = a.path("countries");
        // IL: 7 now, p1 + p3 = 2 then → 2.5; impressions 9 vs p1 = 1 → 8
        assertRow(node(countries, "/country", "IL"), 2, 1, 2.5, 8.0);
        // US: 3 vs p2 → 2; impressions 4 vs 1 → 3
        assertRow(node(countries, "/country", "US"), 1, 1, 2.0, 3.0);
        // CY: 1 vs 0 plays → null; impressions 0 vs pi1 = 1 → −1
        assertRow(node(countries, "/country", "CY"), 0, 1, null, -1.0);
        JsonNode viewers = a.path("viewers");
        assertRow(node(viewers, "/user/id", "Unknown"), 1, 0, 2.0, null); // p3, no impression then
        assertRow(node(viewers, "/user/id", "u1"), 1, 1, 2.0, 2.0);       // p1
        assertRow(node(viewers, "/user/id", "u2"), 1, 1, 1.0, 2.0);       // p2; impressions 3 vs 1
        assertRow(node(viewers, "/user/id", "u3"), 0, 0, null, null);
        assertRow(node(viewers, "/user/id", "u4"), 0, 1, null, 0.0);      // pi1 only; impressions 1 vs 1
        JsonNode entries = a.path("entries");
        assertRow(node(entries, "/entryId", "e1"), 2, 1, 1.5, 7.0);       // 5 vs p1 p3; impressions 8 vs 1
        assertRow(node(entries, "/entryId", "e2"), 1, 1, 1.0, 0.0);       // 2 vs p2; impressions 1 vs 1
        assertRow(node(entries, "/entryId", "e3"), 0, 0, null, null);
        assertRow(node(entries, "/entryId", "e4"), 0, 1, null, 1.0);      // impressions 2 vs pi1
        assertRow(node(entries, "/entryId", "e5"), 0, 0, null, null);
        JsonNode subs = a.path("subCategories");
        assertRow(node(subs, "/category/id", SUB_A), 1, 2, 5.0, 1.0);     // 6 vs p2; impressions 4 vs p2 pi1
        assertRow(node(subs, "/category/id", SUB_B), 0, 1, null, 2.0);    // 2 vs 0; impressions 3 vs pi1
        JsonNode top = a.path("topVideos");
        assertRow(node(top, "/entryId", "e1"), 2, 1, 1.5, 7.0);
        assertRow(node(top, "/entryId", "e4"), 0, 1, null, 1.0);
        JsonNode devices = a.path("devices");
        assertRow(element(devices, "device", "MOBILE"), 2, 1, 2.0, 5.0);  // p2 p3; impressions 6 vs p2
        assertRow(element(devices, "device", "DESKTOP"), 1, 2, 4.0, 2.5); // p1; impressions 7 vs p1 pi1
        JsonNode domains = a.path("domains");
        assertRow(node(domains, "/domain", PanelsFixture.SITE_A), 2, 2, 3.0, 4.0); // p1 p3; impressions 10 vs p1 pi1
        assertRow(node(domains, "/domain", PanelsFixture.SITE_B), 1, 1, 2.0, 2.0); // p2

        // Performance: each day's previous is the comparison day at the same position:
        // 06-11 (5 plays) vs 06-09 (p2: 1) → 4; 06-12 (6) vs 06-10 (p1 p3: 2) → 2.
        JsonNode days = a.path("performance");
        assertThat(days.get(0).at("/metrics/previous/plays").asLong()).isEqualTo(1);
        assertThat(days.get(0).at("/metrics/change/plays").asDouble()).isCloseTo(4, within(EPS));
        assertThat(days.get(1).at("/metrics/previous/plays").asLong()).isEqualTo(2);
        assertThat(days.get(1).at("/metrics/change/plays").asDouble()).isCloseTo(2, within(EPS));
    }

    /** A row's comparison values: previous plays and impressions, and their changes (null: undefined). */
    private static void assertRow(JsonNode row, long previousPlays, long previousImpressions, Double playsChange,
            Double impressionsChange) {
        JsonNode m = row.path("metrics");
        assertThat(m.at("/previous/plays").asLong()).as("previous plays of %s", row).isEqualTo(previousPlays);
        assertThat(m.at("/previous/playerImpressions").asLong()).as("previous impressions of %s", row)
                .isEqualTo(previousImpressions);
        assertChange(m.at("/change/plays"), playsChange, "plays change of " + row);
        assertChange(m.at("/change/playerImpressions"), impressionsChange, "impressions change of " + row);
    }

    private static void assertChange(JsonNode value, Double expected, String what) {
        if (expected == null) {
            assertThat(value.isNull()).as(what + " is null (previous is 0)").isTrue();
        } else {
            assertThat(value.isNumber()).as(what + " is a number").isTrue();
            assertThat(value.asDouble()).as(what).isCloseTo(expected, within(EPS));
        }
    }
}
