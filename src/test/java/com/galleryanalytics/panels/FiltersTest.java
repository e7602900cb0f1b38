package com.galleryanalytics.panels;

import static com.galleryanalytics.panels.PanelsFixture.GALLERY;
import static com.galleryanalytics.panels.PanelsFixture.SITE_A;
import static com.galleryanalytics.panels.PanelsFixture.SITE_B;
import static com.galleryanalytics.panels.PanelsFixture.SUB_A;
import static com.galleryanalytics.panels.PanelsFixture.SUB_B;
import static java.util.Map.entry;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Each filter narrows every panel it should, against the plays table of {@link PanelsFixture}
 * (category gal, 2024-06-11..12 unless said otherwise). Rows are checked as ordered key → plays
 * (ties by key) and key → impressions. Partner it-8.
 */
class FiltersTest extends PanelsIntegrationTest {

    @Override
    int partner() {
        return 8;
    }

    private JsonNode panels(Object... filterFields) {
        return query("filteredPanels", "category.analytics", Map.of("id", GALLERY, "filter", filter(filterFields)));
    }

    private JsonNode account(Object... filterFields) {
        return query("accountPanels", "analytics", Map.of("filter", filter(filterFields)));
    }

    @Test
    void tagsNarrowEveryPanelToTheTaggedEntries() {
        // howto: e2 (c5 c6) and e3 (c7 c10) — an entry-catalog filter over the rollups.
        JsonNode a = panels("tags", List.of("howto"));
        // impressions c5 c7 = 2; viewers u1 Unknown u2 u3 = 4; minutes c5 3 + c7 2 = 5;
        // contributors bob (e2), alice (e3) = 2; played entries 2
        assertHighlights(a, 2, 4, 4, 5, 2, 2);
        // on category pages: c5 (gal-a), c7 c10 (gal-a1) by u1 u2 u3
        assertPageViews(a, 3, 3, 4, 4);
        assertThat(a.path("performance").findValues("plays").stream().map(JsonNode::asLong).toList())
                .containsExactly(2L, 2L); // 06-11 c5 c10; 06-12 c6 c7
        assertThat(plays(a.path("subCategories"), "/category/id")).containsExactly(entry(SUB_A, 4L), entry(SUB_B, 0L));
        // only e2 and e3 compete: maxPlays 2, maxViewers 2 → e3 5 + 2.5 + 2.5×0.55 = 8.875 → 8.9,
        // e2 5 + 2.5 + 2.5×0.425 = 8.5625 → 8.6
        assertThat(keys(a.path("topVideos"), "/entryId")).containsExactly("e3", "e2");
        assertThat(a.path("topVideos").findValues("score").stream().map(JsonNode::asDouble).toList())
                .containsExactly(8.9, 8.6);
        assertThat(plays(a.path("viewers"), "/user/id"))
                .containsExactly(entry("Unknown", 1L), entry("u1", 1L), entry("u2", 1L), entry("u3", 1L));
        assertThat(impressions(a.path("viewers"), "/user/id"))
                .containsExactly(entry("Unknown", 0L), entry("u1", 1L), entry("u2", 1L), entry("u3", 0L));
        assertThat(plays(a.path("entries"), "/entryId")).containsExactly(entry("e2", 2L), entry("e3", 2L));
        // IL c5 c10, CY c6, US c7
        assertThat(plays(a.path("countries"), "/country")).containsExactly(entry("IL", 2L), entry("CY", 1L), entry("US", 1L));
        assertThat(impressions(a.path("countries"), "/country"))
                .containsExactly(entry("IL", 1L), entry("CY", 0L), entry("US", 1L));
        // MOBILE c6 c7 c10 (iOS c7 c10, Android c6), DESKTOP c5
        assertThat(listPlays(a.path("devices"), "device")).containsExactly(entry("MOBILE", 3L), entry("DESKTOP", 1L));
        assertThat(listPlays(element(a.path("devices"), "device", "MOBILE").path("operatingSystems"), "name"))
                .containsExactly(entry("iOS", 2L), entry("Android", 1L));
        assertThat(plays(a.path("domains"), "/domain")).containsExactly(entry(SITE_A, 3L), entry(SITE_B, 1L));
        // insights: site-a 3 of 4 plays, MOBILE 3 of 4, countries IL CY US
        assertInsights(a, SITE_A, 0.75, "MOBILE", 0.75, "IL", "CY", "US");
    }

    @Test
    void mediaTypesNarrowToAudioEntries() {
        // AUDIO: e3 (c7 c10) and e5 (impression i3)
        JsonNode a = panels("mediaTypes", List.of("AUDIO"));
        // impressions c7 i3 = 2; plays 2; viewers u2 u3; minutes 2; contributors alice (e3), carol (e5); played 1
        assertHighlights(a, 2, 2, 2, 2, 2, 1);
        assertThat(plays(a.path("entries"), "/entryId")).containsExactly(entry("e3", 2L), entry("e5", 0L));
        assertThat(plays(a.path("viewers"), "/user/id")).containsExactly(entry("u2", 1L), entry("u3", 1L));
        assertThat(plays(a.path("countries"), "/country")).containsExactly(entry("IL", 1L), entry("US", 1L));
        assertThat(impressions(a.path("countries"), "/country")).containsExactly(entry("IL", 0L), entry("US", 2L));
        // Sub A holds e3 (through gal-a1); Sub B holds e5 (no play, one impression)
        assertThat(plays(a.path("subCategories"), "/category/id")).containsExactly(entry(SUB_A, 2L), entry(SUB_B, 0L));
        assertThat(impressions(a.path("subCategories"), "/category/id"))
                .containsExactly(entry(SUB_A, 1L), entry(SUB_B, 1L));
    }

    @Test
    void ownersNarrowToTheirEntries() {
        // bob owns e2 (c5 c6) and e4 (c8 c9)
        JsonNode a = panels("ownerIds", List.of("bob"));
        // impressions c5 c8 c9 = 3; viewers u1 Unknown u4 = 3; minutes 3 + 2 + 4 = 9; contributors 1; played 2
        assertHighlights(a, 3, 4, 3, 9, 1, 2);
        // e4 is in both sub-categories
        assertThat(plays(a.path("subCategories"), "/category/id")).containsExactly(entry(SUB_A, 4L), entry(SUB_B, 2L));
        assertThat(plays(a.path("viewers"), "/user/id"))
                .containsExactly(entry("u1", 2L), entry("Unknown", 1L), entry("u4", 1L));
        assertThat(plays(a.path("entries"), "/entryId")).containsExactly(entry("e2", 2L), entry("e4", 2L));
        // DESKTOP c5 c8 c9, MOBILE c6
        assertThat(listPlays(a.path("devices"), "device")).containsExactly(entry("DESKTOP", 3L), entry("MOBILE", 1L));
    }

    @Test
    void entryIdsNarrowToOneEntryCountedInBothSubCategories() {
        JsonNode a = panels("entryIds", List.of("e4"));
        // c8 (u1, IL) and c9 (u4, US); impressions 2; minutes 2 + 4
        assertHighlights(a, 2, 2, 2, 6, 1, 1);
        assertThat(plays(a.path("subCategories"), "/category/id")).containsExactly(entry(SUB_A, 2L), entry(SUB_B, 2L));
        assertThat(plays(a.path("entries"), "/entryId")).containsExactly(entry("e4", 2L));
        assertThat(plays(a.path("viewers"), "/user/id")).containsExactly(entry("u1", 1L), entry("u4", 1L));
        assertThat(plays(a.path("countries"), "/country")).containsExactly(entry("IL", 1L), entry("US", 1L));
        assertThat(a.path("topVideos").path("totalCount").asLong()).isEqualTo(1);
    }

    @Test
    void userIdsNarrowToOneViewerIncludingTheirImpressions() {
        // u2: c2 (e1, IL RG, iPhone, A1), c7 (e3, US NYC, iPhone, A2) and impression i4 (e1, IL RG, iPhone, A2)
        JsonNode a = panels("userIds", List.of("u2"));
        // impressions c2 c7 i4 = 3; minutes 5 + 2 = 7; contributors alice (e1, e3) = 1; played e1 e3 = 2
        assertHighlights(a, 3, 2, 1, 7, 1, 2);
        assertThat(plays(a.path("viewers"), "/user/id")).containsExactly(entry("u2", 2L));
        assertThat(plays(a.path("entries"), "/entryId")).containsExactly(entry("e1", 1L), entry("e3", 1L));
        assertThat(impressions(a.path("entries"), "/entryId")).containsExactly(entry("e1", 2L), entry("e3", 1L));
        assertThat(plays(a.path("countries"), "/country")).containsExactly(entry("IL", 1L), entry("US", 1L));
        assertThat(impressions(a.path("countries"), "/country")).containsExactly(entry("IL", 2L), entry("US", 1L));
        assertThat(listPlays(a.path("devices"), "device")).containsExactly(entry("MOBILE", 2L));
        assertThat(impressions(a.path("domains"), "/domain")).containsExactly(entry(SITE_A, 3L));

        // Unknown (anonymous): c3 c6 c11
        JsonNode anonymous = panels("userIds", List.of("Unknown"));
        assertThat(anonymous.at("/highlights/plays").asLong()).isEqualTo(3);
        assertThat(anonymous.at("/highlights/uniqueViewers").asLong()).isEqualTo(1);
        assertThat(plays(anonymous.path("entries"), "/entryId")).containsExactly(entry("e1", 2L), entry("e2", 1L));
    }

    @Test
    void countriesNarrowTheDevicesPanelThroughRawEvents() {
        // Country and device together are in no rollup: the devices panel reads raw events.
        // US: c3 (Android, Unknown, B1), c7 (iPhone, u2, A2), c9 (desktop, u4, B1); impression i3 (Android, u5, B1)
        JsonNode a = panels("countries", List.of("US"));
        // impressions c3 c7 c9 i3 = 4; viewers Unknown u2 u4 = 3; minutes c7 2 + c9 4 = 6;
        // contributors alice (e1 e3), bob (e4), carol (e5: i3) = 3; played e1 e3 e4 = 3
        assertHighlights(a, 4, 3, 3, 6, 3, 3);
        assertThat(listPlays(a.path("devices"), "device")).containsExactly(entry("MOBILE", 2L), entry("DESKTOP", 1L));
        JsonNode mobile = element(a.path("devices"), "device", "MOBILE");
        assertThat(mobile.at("/metrics/playerImpressions").asLong()).isEqualTo(3);      // c3 c7 i3
        assertThat(mobile.at("/metrics/minutesViewed").asDouble()).isCloseTo(2, within(EPS)); // c7: 4 × 30 s
        JsonNode desktop = element(a.path("devices"), "device", "DESKTOP");
        assertThat(desktop.at("/metrics/playerImpressions").asLong()).isEqualTo(1);     // c9
        assertThat(desktop.at("/metrics/minutesViewed").asDouble()).isCloseTo(4, within(EPS)); // c9: 2 × 120 s
        assertThat(listPlays(mobile.path("operatingSystems"), "name")).containsExactly(entry("Android", 1L), entry("iOS", 1L));
        assertThat(listPlays(mobile.path("browsers"), "name"))
                .containsExactly(entry("Chrome Mobile", 1L), entry("Mobile Safari", 1L));
        // the other panels
        assertThat(plays(a.path("countries"), "/country")).containsExactly(entry("US", 3L));
        assertThat(plays(a.path("viewers"), "/user/id"))
                .containsExactly(entry("Unknown", 1L), entry("u2", 1L), entry("u4", 1L));
        assertThat(plays(a.path("entries"), "/entryId"))
                .containsExactly(entry("e1", 1L), entry("e3", 1L), entry("e4", 1L), entry("e5", 0L));
        assertThat(plays(a.path("domains"), "/domain")).containsExactly(entry(SITE_B, 2L), entry(SITE_A, 1L));
        // Sub A: e3 (c7), e4 (c9); Sub B: e4 (c9), e5 (no play)
        assertThat(plays(a.path("subCategories"), "/category/id")).containsExactly(entry(SUB_A, 2L), entry(SUB_B, 1L));
        // one page play (c7 on gal-a1 by u2) of 3 plays by 3 viewers
        assertPageViews(a, 1, 1, 3, 3);
        // maxPlays 1, maxViewers 1: e3 5 + 2.5 + min(2.5, 2.5×1.0) = 10.0; e4 5 + 2.5 + 2.5×0.6 = 9.0; then e1; e5 0.0
        assertThat(keys(a.path("topVideos"), "/entryId")).containsExactly("e3", "e4", "e1", "e5");
        assertThat(node(a.path("topVideos"), "/entryId", "e3").path("score").asDouble()).isEqualTo(10.0);
        assertThat(node(a.path("topVideos"), "/entryId", "e4").path("score").asDouble()).isEqualTo(9.0);
        assertInsights(a, SITE_B, 2.0 / 3, "MOBILE", 2.0 / 3, "US");
    }

    @Test
    void devicesNarrowTheViewersTable() {
        // DESKTOP: c1 c5 c8 (u1), c4 (u3), c9 (u4); impressions + i1 i2 (u5, who is no viewer) = 7;
        // minutes 10 + 3 + 2 + 2.5 + 4 = 21.5; contributors alice (e1), bob (e2 e4); played e1 e2 e4
        JsonNode a = panels("devices", List.of("DESKTOP"));
        assertHighlights(a, 7, 5, 3, 21.5, 2, 3);
        assertThat(plays(a.path("viewers"), "/user/id")).containsExactly(entry("u1", 3L), entry("u3", 1L), entry("u4", 1L));
        assertThat(a.path("viewers").path("totalCount").asLong()).isEqualTo(3);
        assertThat(plays(a.path("countries"), "/country")).containsExactly(entry("IL", 4L), entry("US", 1L));
        assertThat(listPlays(a.path("devices"), "device")).containsExactly(entry("DESKTOP", 5L));
        // site-a: c1 c4 c5 c8 = 4 of 5
        assertInsights(a, SITE_A, 4.0 / 5, "DESKTOP", 1.0, "IL", "US");
    }

    @Test
    void browsersOperatingSystemsDomainsUrlsRegionsAndCitiesNarrowTheHighlights() {
        // Mobile Safari: c2 c7 c10 (u2 u3), impressions c2 c7 i4; minutes 5 + 2; entries e1 e3 (alice)
        JsonNode safari = panels("browsers", List.of("Mobile Safari"));
        assertHighlights(safari, 3, 3, 2, 7, 1, 2);
        assertThat(listPlays(safari.path("devices"), "device")).containsExactly(entry("MOBILE", 3L));
        // Android: c3 c6 c11 (Unknown), impressions c3 c11 i3
        JsonNode android = panels("operatingSystems", List.of("Android"));
        assertThat(android.at("/highlights/plays").asLong()).isEqualTo(3);
        assertThat(android.at("/highlights/playerImpressions").asLong()).isEqualTo(3);
        assertThat(android.at("/highlights/uniqueViewers").asLong()).isEqualTo(1);
        // blog.site-b.org: c3 c6 c9, impressions c3 c9 i3; viewers Unknown u4; minutes c9 4;
        // contributors alice (e1), bob (e2 e4), carol (e5: i3) = 3; played e1 e2 e4 = 3
        JsonNode siteB = panels("domains", List.of(SITE_B));
        assertHighlights(siteB, 3, 3, 2, 4, 3, 3);
        assertThat(plays(siteB.path("countries"), "/country")).containsExactly(entry("US", 2L), entry("CY", 1L));
        assertThat(plays(siteB.path("domains"), "/domain")).containsExactly(entry(SITE_B, 3L));
        assertInsights(siteB, SITE_B, 1.0, "MOBILE", 2.0 / 3, "US", "CY");
        // https://www.site-a.com/watch: c4 c7 c10, impressions c4 c7 i4
        JsonNode watch = panels("urls", List.of(PanelsFixture.A2));
        assertThat(watch.at("/highlights/plays").asLong()).isEqualTo(3);
        assertThat(watch.at("/highlights/playerImpressions").asLong()).isEqualTo(3);
        // Jerusalem District: c4 c10 (u3)
        JsonNode jerusalem = panels("regions", List.of("Jerusalem District"));
        assertHighlights(jerusalem, 1, 2, 1, 2.5, 1, 2);
        // 'Tel Aviv, "Jaffa"': c1 c5 c8 c11, impressions + i1 i2
        JsonNode telAviv = panels("cities", List.of(PanelsFixture.TEL_AVIV));
        assertThat(telAviv.at("/highlights/plays").asLong()).isEqualTo(4);
        assertThat(telAviv.at("/highlights/playerImpressions").asLong()).isEqualTo(6);
        // IL and MOBILE together: c2 (u2), c10 (u3), c11 (Unknown); impressions c2 c11 i4
        JsonNode ilMobile = panels("countries", List.of("IL"), "devices", List.of("MOBILE"));
        assertThat(ilMobile.at("/highlights/plays").asLong()).isEqualTo(3);
        assertThat(ilMobile.at("/highlights/playerImpressions").asLong()).isEqualTo(3);
        assertThat(ilMobile.at("/highlights/uniqueViewers").asLong()).isEqualTo(3);
    }

    @Test
    void categoryPageOnlyKeepsPlaysOnTheCategorysPages() {
        // context in gal's subtree: c1 c2 c11 (gal), c5 (gal-a), c7 c10 (gal-a1), c8 (gal-b)
        JsonNode a = panels("categoryPageOnly", true);
        // impressions on those pages c1 c2 c5 c7 c8 c11 i1 i2 = 8; viewers u1 u2 u3 Unknown;
        // minutes 10 + 5 + 3 + 2 + 2 + 2.5 = 24.5; completion (1+0.6+0.85+1+0.35+0.1+0.3)/7 = 4.2/7 = 0.6
        JsonNode h = a.path("highlights");
        assertThat(List.of(h.path("playerImpressions").asLong(), h.path("plays").asLong(), h.path("uniqueViewers").asLong()))
                .containsExactly(8L, 7L, 4L);
        assertThat(h.path("minutesViewed").asDouble()).isCloseTo(24.5, within(EPS));
        assertThat(h.path("avgCompletionRate").asDouble()).isCloseTo(0.6, within(EPS));
        assertThat(a.path("performance").findValues("plays").stream().map(JsonNode::asLong).toList())
                .containsExactly(4L, 3L); // 06-11 c1 c2 c5 c10; 06-12 c7 c8 c11
        // e5 (only i3, off the pages) drops out
        assertThat(plays(a.path("entries"), "/entryId"))
                .containsExactly(entry("e1", 3L), entry("e3", 2L), entry("e2", 1L), entry("e4", 1L));
        assertThat(impressions(a.path("entries"), "/entryId"))
                .containsExactly(entry("e1", 5L), entry("e3", 1L), entry("e2", 1L), entry("e4", 1L));
        assertThat(plays(a.path("countries"), "/country")).containsExactly(entry("IL", 6L), entry("US", 1L));
        assertThat(plays(a.path("domains"), "/domain")).containsExactly(entry(SITE_A, 7L));
        assertThat(plays(a.path("viewers"), "/user/id"))
                .containsExactly(entry("u1", 3L), entry("u2", 2L), entry("Unknown", 1L), entry("u3", 1L));
    }

    @Test
    void withoutSubcategoriesOnlyTheCategorysOwnEntriesCount() {
        // gal's own entry: e1 (c1 c2 c3 c4 c11; impressions + i1 i2 i4 = 8)
        JsonNode a = panels("includeSubcategories", false);
        assertHighlights(a, 8, 5, 4, 20, 1, 1);
        assertThat(plays(a.path("entries"), "/entryId")).containsExactly(entry("e1", 5L));
        assertThat(plays(a.path("countries"), "/country")).containsExactly(entry("IL", 4L), entry("US", 1L));
        assertThat(plays(a.path("viewers"), "/user/id"))
                .containsExactly(entry("Unknown", 2L), entry("u1", 1L), entry("u2", 1L), entry("u3", 1L));
        // each sub-category row without its own sub-categories: Sub A = gal-a's e2 (c5 c6) + e4 (c8 c9),
        // without gal-a1's e3; Sub B = e4 + e5
        assertThat(plays(a.path("subCategories"), "/category/id")).containsExactly(entry(SUB_A, 4L), entry(SUB_B, 2L));
        // e1 alone: 5 + 2.5 + 2.5 × 0.47 = 8.675 → 8.7
        assertThat(a.path("topVideos").findValues("score").stream().map(JsonNode::asDouble).toList()).containsExactly(8.7);
    }

    @Test
    void playbackTypesNarrowTheAccount() {
        // The whole account: c1..c12 = 12 plays (c12 is e6's LIVE play, outside gal), 13 impressions,
        // viewers u1 u2 u3 u4 Unknown = 5; contributors alice bob carol erin = 4; played e1 e2 e3 e4 e6 = 5.
        JsonNode all = account();
        assertThat(all.at("/highlights/plays").asLong()).isEqualTo(12);
        assertThat(all.at("/highlights/playerImpressions").asLong()).isEqualTo(13);
        assertThat(all.at("/highlights/contributors").asLong()).isEqualTo(4);
        assertThat(all.at("/highlights/playedEntries").asLong()).isEqualTo(5);
        assertThat(plays(all.path("countries"), "/country")).containsExactly(entry("IL", 7L), entry("US", 3L), entry("CY", 2L));
        // LIVE: c12 only (u1, CY, desktop, site-b)
        JsonNode live = account("playbackTypes", List.of("LIVE"));
        assertThat(live.at("/highlights/plays").asLong()).isEqualTo(1);
        assertThat(live.at("/highlights/playerImpressions").asLong()).isZero();
        assertThat(live.at("/highlights/uniqueViewers").asLong()).isEqualTo(1);
        assertThat(plays(live.path("entries"), "/entryId")).containsExactly(entry("e6", 1L));
        assertThat(plays(live.path("viewers"), "/user/id")).containsExactly(entry("u1", 1L));
        assertThat(plays(live.path("countries"), "/country")).containsExactly(entry("CY", 1L));
        assertThat(listPlays(live.path("devices"), "device")).containsExactly(entry("DESKTOP", 1L));
        assertThat(plays(live.path("domains"), "/domain")).containsExactly(entry(SITE_B, 1L));
        // VOD (the default of every other event): c1..c11, e6 drops out
        JsonNode vod = account("playbackTypes", List.of("VOD"));
        assertThat(vod.at("/highlights/plays").asLong()).isEqualTo(11);
        assertThat(vod.path("entries").path("totalCount").asLong()).isEqualTo(5);
        assertThat(plays(vod.path("countries"), "/country")).containsExactly(entry("IL", 7L), entry("US", 3L), entry("CY", 1L));
        // gal has no LIVE play at all
        JsonNode galLive = panels("playbackTypes", List.of("LIVE"));
        assertThat(galLive.at("/highlights/plays").asLong()).isZero();
        assertThat(galLive.path("entries").path("totalCount").asLong()).isZero();
        assertThat(galLive.path("viewers").path("totalCount").asLong()).isZero();
        assertThat(galLive.path("insights").path("topDomain").isNull()).isTrue();
        assertThat(galLive.path("insights").path("topDevice").isNull()).isTrue();
    }

    // ---- helpers --------------------------------------------------------------------------

    private static void assertHighlights(JsonNode analytics, long impressions, long plays, long viewers, double minutes,
            long contributors, long playedEntries) {
        JsonNode h = analytics.path("highlights");
        assertThat(List.of(h.path("playerImpressions").asLong(), h.path("plays").asLong(), h.path("uniqueViewers").asLong(),
                h.path("contributors").asLong(), h.path("playedEntries").asLong()))
                .as("impressions, plays, viewers, contributors, played entries of %s", h)
                .containsExactly(impressions, plays, viewers, contributors, playedEntries);
        assertThat(h.path("minutesViewed").asDouble()).as("minutes of %s", h).isCloseTo(minutes, within(EPS));
    }

    private static void assertPageViews(JsonNode analytics, long plays, long viewers, long allPlays, long allViewers) {
        JsonNode pv = analytics.path("pageViews");
        assertThat(List.of(pv.path("plays").asLong(), pv.path("uniqueViewers").asLong(), pv.path("allPlays").asLong(),
                pv.path("allUniqueViewers").asLong())).as("page views %s", pv)
                .containsExactly(plays, viewers, allPlays, allViewers);
    }

    private static void assertInsights(JsonNode analytics, String domain, double domainShare, String device,
            double deviceShare, String... countries) {
        JsonNode i = analytics.path("insights");
        assertThat(i.at("/topDomain/domain").asText()).isEqualTo(domain);
        assertThat(i.at("/topDomain/share").asDouble()).isCloseTo(domainShare, within(EPS));
        assertThat(i.at("/topDevice/device").asText()).isEqualTo(device);
        assertThat(i.at("/topDevice/share").asDouble()).isCloseTo(deviceShare, within(EPS));
        assertThat(i.path("topCountries").findValuesAsText("country")).containsExactly(countries);
    }

    /** Row key → plays, in the connection's order; also checks totalCount against the rows. */
    private static Map<String, Long> plays(JsonNode connection, String keyPointer) {
        return metric(connection, keyPointer, "plays");
    }

    private static Map<String, Long> impressions(JsonNode connection, String keyPointer) {
        return metric(connection, keyPointer, "playerImpressions");
    }

    private static Map<String, Long> metric(JsonNode connection, String keyPointer, String metric) {
        Map<String, Long> out = new LinkedHashMap<>();
        for (JsonNode edge : connection.path("edges")) {
            out.put(edge.path("node").at(keyPointer).asText(), edge.path("node").path("metrics").path(metric).asLong());
        }
        assertThat(connection.path("totalCount").asLong()).as("totalCount of %s", connection).isEqualTo(out.size());
        return out;
    }

    /** Element name → plays of a plain list (devices, operating systems, browsers), in order. */
    private static Map<String, Long> listPlays(JsonNode list, String keyField) {
        Map<String, Long> out = new LinkedHashMap<>();
        for (JsonNode n : list) {
            out.put(n.path(keyField).asText(), n.path("metrics").path("plays").asLong());
        }
        return out;
    }
}
