package com.galleryanalytics;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * "A category's numbers cover the entries that are in it (or in its subtree) now, for the whole
 * period asked" (PRODUCT.md, "Which entries a category covers"), panel by panel, through a chain of
 * catalog changes: an entry moved to another gallery, then into a gallery of another tree, then a
 * gallery moved under another parent; with and without sub-categories. Every number is worked out
 * by hand below; partner it-24, all on 2023-05-10 (UTC).
 *
 * <pre>
 * m-root "Root"
 *   m-a "A"     entry e1 (ann, 100 s): 1 impression; plays p1a (25 %, 50 %, furthest 55 s), p1b (nothing)
 *                                      by u1, IL, DESKTOP, a.example.com
 *   m-b "B"     entry e2 (bob, 200 s): 1 impression; plays p2a (25 %, furthest 50 s), p2b, p2c
 *                                      by u2, US, MOBILE, b.example.com
 * m-other "Other" (no entry of its own at first)
 * </pre>
 * e1: 2 plays, 2 milestones (2 × 25 s = 50 s), completion 0.55 + 0 = 0.55.
 * e2: 3 plays, 1 milestone (50 s), completion 0.25 + 0 + 0 = 0.25.
 * Both: 2 impressions, 5 plays, 2 viewers, 100 s = 5/3 min, drop-off 3 × 0.25 / 5 = 0.15,
 * completion 0.8 / 5 = 0.16, plays per impression 2.5, contributors {ann, bob}, 2 played entries.
 */
class CategoryMembershipTest extends AnalyticsIntegrationTest {
    static final String INGEST = "it-ingest-24";
    static final String ANALYTICS = "it-analytics-24";
    static final String DAY = "2023-05-10";
    static final String A = "2023-05-10T00:00:00Z";

    private static Map<String, Object> at(Map<String, Object> event, String country, String device, String page) {
        event.put("country", country);
        event.put("device", device);
        event.put("pageUrl", page);
        return event;
    }

    private List<Map<String, Object>> events() {
        String e1 = "https://a.example.com/x";
        String e2 = "https://b.example.com/y";
        List<Map<String, Object>> out = new ArrayList<>();
        out.add(at(event("IMPRESSION", DAY + "T11:59:00Z", "e1", null, "u1", null), "IL", "DESKTOP", e1));
        out.add(at(event("PLAY", DAY + "T12:00:00Z", "e1", "p1a", "u1", 0.0), "IL", "DESKTOP", e1));
        out.add(at(event("PLAY_REACHED_25", DAY + "T12:00:25Z", "e1", "p1a", "u1", 25.0), "IL", "DESKTOP", e1));
        out.add(at(event("PLAY_REACHED_50", DAY + "T12:00:50Z", "e1", "p1a", "u1", 50.0), "IL", "DESKTOP", e1));
        out.add(at(event("VIEW", DAY + "T12:00:55Z", "e1", "p1a", "u1", 55.0), "IL", "DESKTOP", e1));
        out.add(at(event("PLAY", DAY + "T13:00:00Z", "e1", "p1b", "u1", null), "IL", "DESKTOP", e1));
        out.add(at(event("IMPRESSION", DAY + "T11:59:00Z", "e2", null, "u2", null), "US", "MOBILE", e2));
        out.add(at(event("PLAY", DAY + "T12:00:00Z", "e2", "p2a", "u2", 0.0), "US", "MOBILE", e2));
        out.add(at(event("PLAY_REACHED_25", DAY + "T12:00:50Z", "e2", "p2a", "u2", 50.0), "US", "MOBILE", e2));
        out.add(at(event("PLAY", DAY + "T14:00:00Z", "e2", "p2b", "u2", null), "US", "MOBILE", e2));
        out.add(at(event("PLAY", DAY + "T15:00:00Z", "e2", "p2c", "u2", null), "US", "MOBILE", e2));
        return out;
    }

    private JsonNode panels(String categoryId, boolean includeSubcategories) {
        Map<String, Object> f = new LinkedHashMap<>(filter(DAY, DAY, null));
        f.put("includeSubcategories", includeSubcategories);
        Map<?, ?> analytics = graphQl(ANALYTICS).documentName("membershipPanels").variable("id", categoryId).variable("filter", f)
                .execute().path("category.analytics").entity(Map.class).get();
        return JSON.valueToTree(analytics);
    }

    private Highlights highlights(JsonNode panels) {
        return JSON.convertValue(panels.path("highlights"), Highlights.class);
    }

    /** A connection's or list's rows as "key=plays", in the panel's order; rows with no play left out. */
    private static List<String> rows(JsonNode panels, String panel, String key) {
        JsonNode list = panels.path(panel).has("edges") ? panels.path(panel).path("edges") : panels.path(panel);
        List<String> out = new ArrayList<>();
        for (JsonNode row : list) {
            JsonNode node = row.has("node") ? row.path("node") : row;
            JsonNode k = key.contains(".") ? node.path(key.split("\\.")[0]).path(key.split("\\.")[1]) : node.path(key);
            long plays = node.path("metrics").path("plays").asLong();
            if (plays > 0) {
                out.add(k.asText() + "=" + plays);
            }
        }
        return out;
    }

    private static void assertPanels(JsonNode p, String performance, List<String> subCategories, List<String> videos,
            List<String> viewers, List<String> countries, List<String> devices, List<String> domains) {
        assertThat(rows(p, "performance", "date")).as("performance").isEqualTo(performance == null ? List.of() : List.of(performance));
        assertThat(rows(p, "subCategories", "category.id")).as("subCategories").isEqualTo(subCategories);
        assertThat(rows(p, "topVideos", "entryId")).as("topVideos").isEqualTo(videos);
        assertThat(rows(p, "viewers", "user.id")).as("viewers").isEqualTo(viewers);
        assertThat(rows(p, "countries", "country")).as("countries").isEqualTo(countries);
        assertThat(rows(p, "devices", "device")).as("devices").isEqualTo(devices);
        assertThat(rows(p, "domains", "domain")).as("domains").isEqualTo(domains);
    }

    private static final List<String> BOTH_VIDEOS = List.of("e2=3", "e1=2");
    private static final List<String> BOTH_VIEWERS = List.of("u2=3", "u1=2");
    private static final List<String> BOTH_COUNTRIES = List.of("US=3", "IL=2");
    private static final List<String> BOTH_DEVICES = List.of("MOBILE=3", "DESKTOP=2");
    private static final List<String> BOTH_DOMAINS = List.of("b.example.com=3", "a.example.com=2");

    @Test
    void everyPanelFollowsTheCatalogAsItIsNow() {
        upsert("categories", INGEST, List.of(category("m-root", "Root", null, A, A), category("m-a", "A", "m-root", A, A),
                category("m-b", "B", "m-root", A, A), category("m-other", "Other", null, A, A)));
        upsert("entries", INGEST, List.of(entry("e1", "ann", 100, "m-a"), entry("e2", "bob", 200, "m-b")));
        ingest(INGEST, events());

        // 1. As filed: Root covers both entries; A holds e1, B holds e2.
        JsonNode root = panels("m-root", true);
        assertHighlights(highlights(root), 2, 5, 2, 100 / 60.0, 0.15, 0.16, 2.5, 1, 2, 2);
        assertPanels(root, DAY + "=5", List.of("m-b=3", "m-a=2"), BOTH_VIDEOS, BOTH_VIEWERS, BOTH_COUNTRIES, BOTH_DEVICES, BOTH_DOMAINS);
        // A: e1 alone: 1 impression, 2 plays, 50 s, drop-off 2 × 0.25 / 2, completion 0.55 / 2.
        assertHighlights(highlights(panels("m-a", true)), 1, 2, 1, 50 / 60.0, 0.25, 0.275, 2, 1, 1, 1);
        // Root without sub-categories: no entry of its own.
        assertHighlights(highlights(panels("m-root", false)), 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);

        // 2. e1 moved from A to B: its history goes with it. A is empty in every panel; B has both.
        upsert("entries", INGEST, List.of(entry("e1", "ann", 100, "m-b")));
        JsonNode a = panels("m-a", true);
        assertHighlights(highlights(a), 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
        assertPanels(a, null, List.of(), List.of(), List.of(), List.of(), List.of(), List.of());
        JsonNode b = panels("m-b", true);
        assertHighlights(highlights(b), 2, 5, 2, 100 / 60.0, 0.15, 0.16, 2.5, 1, 2, 2);
        assertPanels(b, DAY + "=5", List.of(), BOTH_VIDEOS, BOTH_VIEWERS, BOTH_COUNTRIES, BOTH_DEVICES, BOTH_DOMAINS);
        // Root still covers both, now all under B (a play counts once, never under A and B).
        root = panels("m-root", true);
        assertHighlights(highlights(root), 2, 5, 2, 100 / 60.0, 0.15, 0.16, 2.5, 1, 2, 2);
        assertPanels(root, DAY + "=5", List.of("m-b=5"), BOTH_VIDEOS, BOTH_VIEWERS, BOTH_COUNTRIES, BOTH_DEVICES, BOTH_DOMAINS);

        // 3. e1 moved into Other, another tree: Root keeps e2 only, Other gets e1's whole day.
        upsert("entries", INGEST, List.of(entry("e1", "ann", 100, "m-other")));
        root = panels("m-root", true);
        // e2 alone: 1 impression, 3 plays, 50 s, drop-off 0.25 / 3, completion 0.25 / 3.
        assertHighlights(highlights(root), 1, 3, 1, 50 / 60.0, 0.25 / 3, 0.25 / 3, 3, 1, 1, 1);
        assertPanels(root, DAY + "=3", List.of("m-b=3"), List.of("e2=3"), List.of("u2=3"), List.of("US=3"), List.of("MOBILE=3"),
                List.of("b.example.com=3"));
        JsonNode other = panels("m-other", false);
        assertHighlights(highlights(other), 1, 2, 1, 50 / 60.0, 0.25, 0.275, 2, 1, 1, 1);
        assertPanels(other, DAY + "=2", List.of(), List.of("e1=2"), List.of("u1=2"), List.of("IL=2"), List.of("DESKTOP=2"),
                List.of("a.example.com=2"));

        // 4. B (with e2) moved under Other: Root's subtree is A alone (empty); Other covers both again.
        upsert("categories", INGEST, List.of(category("m-b", "B", "m-other", A, "2023-05-11T00:00:00Z")));
        root = panels("m-root", true);
        assertHighlights(highlights(root), 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
        assertPanels(root, null, List.of(), List.of(), List.of(), List.of(), List.of(), List.of());
        other = panels("m-other", true);
        assertHighlights(highlights(other), 2, 5, 2, 100 / 60.0, 0.15, 0.16, 2.5, 1, 2, 2);
        assertPanels(other, DAY + "=5", List.of("m-b=3"), BOTH_VIDEOS, BOTH_VIEWERS, BOTH_COUNTRIES, BOTH_DEVICES, BOTH_DOMAINS);
        // Without sub-categories Other is still e1 alone: B's numbers are not its own.
        assertHighlights(highlights(panels("m-other", false)), 1, 2, 1, 50 / 60.0, 0.25, 0.275, 2, 1, 1, 1);
    }
}
