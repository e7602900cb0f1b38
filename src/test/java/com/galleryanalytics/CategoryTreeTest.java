package com.galleryanalytics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * "Include sub-categories (default on: a category's numbers cover its whole subtree)" and the
 * Details panel. Partner it-3.
 *
 * <pre>
 * tree-root "Root"            entry eR (ann)              1 play  by uR
 *   tree-child "Child"        entry eC (ben)              2 plays by uC
 *     tree-grand "Grandchild" entry eG (ann, 120 s)       4 plays by uG, one reached 25 %
 *   tree-sibling "Sibling"    entry eS (cid)              8 plays by uS
 * (child and sibling)         entry eM (eve)             32 plays by uM
 * tree-other "Other"          entry eX (dan)             16 plays by uX
 * </pre>
 * Plays are powers of two, so every sum says which entries it holds. All on 2023-04-10 (UTC).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CategoryTreeTest extends AnalyticsIntegrationTest {
    static final String INGEST = "it-ingest-3";
    static final String ANALYTICS = "it-analytics-3";
    static final String DAY = "2023-04-10";

    @BeforeAll
    void seed() {
        upsert("categories", INGEST, List.of(
                category("tree-root", "Root", null, "2021-11-14T00:00:00Z", "2023-07-19T10:00:00Z"),
                category("tree-child", "Child", "tree-root", "2022-01-02T03:04:05Z", "2022-02-03T04:05:06Z"),
                category("tree-grand", "Grandchild", "tree-child", "2022-03-01T00:00:00Z", "2022-03-01T00:00:00Z"),
                category("tree-sibling", "Sibling", "tree-root", "2022-04-01T00:00:00Z", "2022-04-01T00:00:00Z"),
                category("tree-other", "Other", null, "2022-05-01T00:00:00Z", "2022-05-01T00:00:00Z")));
        upsert("entries", INGEST, List.of(entry("eR", "ann", 60, "tree-root"), entry("eC", "ben", 60, "tree-child"),
                entry("eG", "ann", 120, "tree-grand"), entry("eS", "cid", 60, "tree-sibling"),
                entry("eM", "eve", 60, "tree-child", "tree-sibling"), entry("eX", "dan", 60, "tree-other")));
        List<Map<String, Object>> events = new ArrayList<>();
        plays(events, "eR", "uR", 1);
        plays(events, "eC", "uC", 2);
        plays(events, "eG", "uG", 4);
        plays(events, "eS", "uS", 8);
        plays(events, "eM", "uM", 32);
        plays(events, "eX", "uX", 16);
        // eG's first play reached 25 % of 120 s: 30 s = 0.5 min; its furthest position 30 s → completion 0.25.
        events.add(event("PLAY_REACHED_25", DAY + "T12:00:30Z", "eG", "eG-0", "uG", 30.0));
        ingest(INGEST, events);
    }

    private static void plays(List<Map<String, Object>> events, String entryId, String userId, int n) {
        for (int i = 0; i < n; i++) {
            events.add(event("PLAY", DAY + "T12:00:00Z", entryId, entryId + "-" + i, userId, null));
        }
    }

    private Highlights highlights(String categoryId, Boolean includeSubcategories) {
        Map<String, Object> f = new LinkedHashMap<>(filter(DAY, DAY, null));
        if (includeSubcategories != null) {
            f.put("includeSubcategories", includeSubcategories);
        }
        return graphQl(ANALYTICS).documentName("categoryHighlights").variable("id", categoryId).variable("filter", f)
                .execute().path("category.analytics.highlights").entity(Highlights.class).get();
    }

    @Test
    void aCategoryCoversItsWholeSubtreeByDefault() {
        // Root = eR 1 + eC 2 + eG 4 + eS 8 + eM 32 = 47 (eM is in two sub-categories but counts once; eX is elsewhere).
        // Viewers uR, uC, uG, uS, uM = 5; minutes: eG's milestone 120 s / 4 = 30 s = 0.5 min;
        // drop-off 1 × 0.25 / 47; completion: only eG-0 moved, to 30 s of 120 s = 0.25 → 0.25 / 47;
        // contributors {ann, ben, cid, eve} = 4; played entries 5.
        assertHighlights(highlights("tree-root", null), 0, 47, 5, 0.5, 0.25 / 47, 0.25 / 47, 0, 1, 4, 5);
        // Explicitly true: the same.
        assertHighlights(highlights("tree-root", true), 0, 47, 5, 0.5, 0.25 / 47, 0.25 / 47, 0, 1, 4, 5);
        // Child = eC 2 + eG 4 (grandchild) + eM 32 = 38; viewers 3; 0.5 min; drop-off and completion 0.25 / 38;
        // contributors {ben, ann, eve} = 3; played 3.
        assertHighlights(highlights("tree-child", null), 0, 38, 3, 0.5, 0.25 / 38, 0.25 / 38, 0, 1, 3, 3);
        // Sibling = eS 8 + eM 32 = 40; {cid, eve}.
        assertHighlights(highlights("tree-sibling", null), 0, 40, 2, 0, 0, 0, 0, 1, 2, 2);
        // Grandchild (a leaf) = eG 4; drop-off and completion 0.25 / 4 = 0.0625.
        assertHighlights(highlights("tree-grand", null), 0, 4, 1, 0.5, 0.0625, 0.0625, 0, 1, 1, 1);
        // Other = eX 16 only.
        assertHighlights(highlights("tree-other", null), 0, 16, 1, 0, 0, 0, 0, 1, 1, 1);
    }

    @Test
    void withoutSubcategoriesOnlyTheCategorysOwnEntriesCount() {
        // Root alone = eR 1; 1 viewer; no milestone; contributor ann; 1 played entry.
        assertHighlights(highlights("tree-root", false), 0, 1, 1, 0, 0, 0, 0, 1, 1, 1);
        // Child alone = eC 2 + eM 32 = 34 (the grandchild's eG and its 0.5 min drop out); {ben, eve}.
        assertHighlights(highlights("tree-child", false), 0, 34, 2, 0, 0, 0, 0, 1, 2, 2);
        // A leaf is the same either way: eG 4.
        assertHighlights(highlights("tree-grand", false), 0, 4, 1, 0.5, 0.0625, 0.0625, 0, 1, 1, 1);
    }

    @Test
    void theAccountHoldsEveryCategory() {
        // 47 + eX 16 = 63 plays; 6 viewers; 0.5 min; drop-off and completion 0.25 / 63;
        // contributors {ann, ben, cid, eve, dan} = 5; 6 played entries.
        graphQl(ANALYTICS).documentName("accountHighlights").variable("filter", filter(DAY, DAY, null)).execute()
                .path("analytics.highlights").entity(Highlights.class)
                .satisfies(h -> assertHighlights(h, 0, 63, 6, 0.5, 0.25 / 63, 0.25 / 63, 0, 1, 5, 6));
    }

    @Test
    void detailsOfATopLevelCategory() {
        graphQl(ANALYTICS).documentName("categoryDetails").variable("id", "tree-root").execute()
                .path("category.id").entity(String.class).isEqualTo("tree-root")
                .path("category.name").entity(String.class).isEqualTo("Root")
                .path("category.parent").valueIsNull()
                .path("category.subCategoriesCount").entity(Integer.class).isEqualTo(2) // child and sibling, not grand
                .path("category.subCategories[*].id").entityList(String.class)
                .hasSize(2).contains("tree-child", "tree-sibling")
                .path("category.createdAt").entity(String.class).isEqualTo("2021-11-14T00:00:00Z")
                .path("category.updatedAt").entity(String.class).isEqualTo("2023-07-19T10:00:00Z");
    }

    @Test
    void detailsOfNestedCategories() {
        graphQl(ANALYTICS).documentName("categoryDetails").variable("id", "tree-child").execute()
                .path("category.name").entity(String.class).isEqualTo("Child")
                .path("category.parent.id").entity(String.class).isEqualTo("tree-root")
                .path("category.parent.name").entity(String.class).isEqualTo("Root")
                .path("category.subCategoriesCount").entity(Integer.class).isEqualTo(1)
                .path("category.createdAt").entity(String.class).isEqualTo("2022-01-02T03:04:05Z")
                .path("category.updatedAt").entity(String.class).isEqualTo("2022-02-03T04:05:06Z");
        graphQl(ANALYTICS).documentName("categoryDetails").variable("id", "tree-grand").execute()
                .path("category.parent.id").entity(String.class).isEqualTo("tree-child")
                .path("category.subCategoriesCount").entity(Integer.class).isEqualTo(0)
                .path("category.subCategories").entityList(Object.class).hasSize(0);
    }

    @Test
    void anUnknownCategoryIsNull() {
        graphQl(ANALYTICS).documentName("categoryDetails").variable("id", "no-such-category").execute()
                .path("category").valueIsNull();
    }

    @Test
    void anUpsertReplacesTheCategoryAndMovingASubtreeMovesItsNumbers() {
        // Own categories and day (2023-04-11), so the tree above is untouched:
        // move-a and move-b top-level; move-leaf under move-a with entry eL (3 plays).
        upsert("categories", INGEST, List.of(
                category("move-a", "A", null, "2022-06-01T00:00:00Z", "2022-06-01T00:00:00Z"),
                category("move-b", "B", null, "2022-06-01T00:00:00Z", "2022-06-01T00:00:00Z"),
                category("move-leaf", "Leaf", "move-a", "2022-06-01T00:00:00Z", "2022-06-01T00:00:00Z")));
        upsert("entries", INGEST, List.of(entry("eL", "fay", 60, "move-leaf")));
        ingest(INGEST, List.of(event("PLAY", "2023-04-11T08:00:00Z", "eL", "l1", "uL", null),
                event("PLAY", "2023-04-11T08:01:00Z", "eL", "l2", "uL", null),
                event("PLAY", "2023-04-11T08:02:00Z", "eL", "l3", "uL", null)));
        Map<String, Object> f = filter("2023-04-11", "2023-04-11", null);
        assertThat(plays("move-a", f)).isEqualTo(3);
        assertThat(plays("move-b", f)).isZero();

        // PUT the leaf under move-b, renamed: the latest upsert wins.
        var response = send(java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create("http://localhost:" + port + "/v1/categories/move-leaf"))
                .header("Authorization", "Bearer " + INGEST).header("Content-Type", "application/json")
                .PUT(java.net.http.HttpRequest.BodyPublishers.ofString(json(category("move-leaf", "Leaf moved", "move-b",
                        "2022-06-01T00:00:00Z", "2023-08-01T09:00:00Z"))))
                .build());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);

        graphQl(ANALYTICS).documentName("categoryDetails").variable("id", "move-leaf").execute()
                .path("category.name").entity(String.class).isEqualTo("Leaf moved")
                .path("category.parent.id").entity(String.class).isEqualTo("move-b")
                .path("category.updatedAt").entity(String.class).isEqualTo("2023-08-01T09:00:00Z");
        graphQl(ANALYTICS).documentName("categoryDetails").variable("id", "move-a").execute()
                .path("category.subCategoriesCount").entity(Integer.class).isEqualTo(0);
        graphQl(ANALYTICS).documentName("categoryDetails").variable("id", "move-b").execute()
                .path("category.subCategoriesCount").entity(Integer.class).isEqualTo(1);
        // The 3 plays now belong to move-b's subtree, not move-a's.
        assertThat(plays("move-a", f)).isZero();
        assertThat(plays("move-b", f)).isEqualTo(3);
    }

    private long plays(String categoryId, Map<String, Object> f) {
        return graphQl(ANALYTICS).documentName("categoryHighlights").variable("id", categoryId).variable("filter", f)
                .execute().path("category.analytics.highlights.plays").entity(Long.class).get();
    }
}
