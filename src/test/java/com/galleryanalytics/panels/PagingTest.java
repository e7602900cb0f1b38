package com.galleryanalytics.panels;

import static com.galleryanalytics.panels.PanelsFixture.GALLERY;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.graphql.ResponseError;
import org.springframework.graphql.test.tester.GraphQlTester;

/**
 * Sorting and cursor paging: walking a table page by page (following {@code pageInfo.endCursor}
 * until {@code hasNextPage} is false) yields every row exactly once, in the order worked out by
 * hand (ties by key, ascending), with the table's totalCount. Bad paging input is a BAD_REQUEST.
 * Partner it-9.
 *
 * <p>Viewer rows of gal (see {@link PanelsTest} for the arithmetic):
 * <pre>
 * user     imp plays minutes completion  drop-off  ratio
 * Unknown  2   3     2.5     0.4/3=0.133 0.25/3    1.5
 * u1       3   3     15      2.2/3=0.733 2/3       1
 * u2       3   2     7       0.8         0.75      0.667
 * u3       1   2     2.5     0.225       0.125     2
 * u4       1   1     4       0.6         0.5       1
 * </pre>
 * Entry rows: e1 imp 8, plays 5, viewers 4, minutes 20, completion 0.47, drop-off 0.4, ratio 0.625;
 * e2 1, 2, 2, 3, 0.425, 0.375, 2; e3 1, 2, 2, 2, 0.55, 0.5, 2; e4 2, 2, 2, 6, 0.475, 0.375, 1;
 * e5 1, 0, 0, 0, 0, 0, 0.
 */
class PagingTest extends PanelsIntegrationTest {

    @Override
    int partner() {
        return 9;
    }

    @Test
    void viewersWalkedPageByPageInEveryOrder() {
        // default: plays DESC; Unknown and u1 tie at 3 ("Unknown" < "u1"), u2 and u3 at 2
        assertWalk("pageViewers", "/user/id", 2, null, "Unknown", "u1", "u2", "u3", "u4");
        assertWalk("pageViewers", "/user/id", 2, order("PLAYS", "ASC"), "u4", "u2", "u3", "Unknown", "u1");
        // impressions 3 3 2 1 1
        assertWalk("pageViewers", "/user/id", 2, order("PLAYER_IMPRESSIONS", "DESC"), "u1", "u2", "Unknown", "u3", "u4");
        // minutes 15, 7, 4, then Unknown and u3 tie at 2.5
        assertWalk("pageViewers", "/user/id", 2, order("MINUTES_VIEWED", "DESC"), "u1", "u2", "u4", "Unknown", "u3");
        assertWalk("pageViewers", "/user/id", 3, order("AVG_COMPLETION_RATE", "ASC"), "Unknown", "u3", "u4", "u1", "u2");
        // ratio 2, 1.5, then u1 and u4 tie at 1, then 2/3
        assertWalk("pageViewers", "/user/id", 2, order("PLAY_IMPRESSION_RATIO", "DESC"), "u3", "Unknown", "u1", "u4", "u2");
        assertWalk("pageViewers", "/user/id", 1, order("AVG_DROP_OFF_RATE", "ASC"), "Unknown", "u3", "u4", "u1", "u2");
        // every viewer row is one viewer: all tie, key order in either direction
        assertWalk("pageViewers", "/user/id", 2, order("UNIQUE_VIEWERS", "DESC"), "Unknown", "u1", "u2", "u3", "u4");
        assertWalk("pageViewers", "/user/id", 2, order("PLAYS_DISTRIBUTION", "DESC"), "Unknown", "u1", "u2", "u3", "u4");
        // a page larger than the table
        assertWalk("pageViewers", "/user/id", 50, null, "Unknown", "u1", "u2", "u3", "u4");
    }

    @Test
    void entriesWalkedPageByPageInEveryOrder() {
        assertWalk("pageEntries", "/entryId", 2, null, "e1", "e2", "e3", "e4", "e5");
        assertWalk("pageEntries", "/entryId", 2, order("PLAYS", "ASC"), "e5", "e2", "e3", "e4", "e1");
        assertWalk("pageEntries", "/entryId", 2, order("MINUTES_VIEWED", "DESC"), "e1", "e4", "e2", "e3", "e5");
        assertWalk("pageEntries", "/entryId", 2, order("AVG_COMPLETION_RATE", "DESC"), "e3", "e4", "e1", "e2", "e5");
        // impressions 1 1 1 2 8
        assertWalk("pageEntries", "/entryId", 2, order("PLAYER_IMPRESSIONS", "ASC"), "e2", "e3", "e5", "e4", "e1");
        // drop-off 0.5, 0.4, then e2 and e4 tie at 0.375, 0
        assertWalk("pageEntries", "/entryId", 3, order("AVG_DROP_OFF_RATE", "DESC"), "e3", "e1", "e2", "e4", "e5");
        assertWalk("pageEntries", "/entryId", 2, order("PLAY_IMPRESSION_RATIO", "DESC"), "e2", "e3", "e4", "e1", "e5");
        assertWalk("pageEntries", "/entryId", 1, order("UNIQUE_VIEWERS", "ASC"), "e5", "e2", "e3", "e4", "e1");
    }

    @Test
    void aDrillDownTableWalkedPageByPage() {
        // e1's viewers: Unknown 2 plays, u1 u2 u3 1 each (u5 only loaded it)
        assertWalk("pageEntryViewers", "/user/id", 1, null, "Unknown", "u1", "u2", "u3");
        // minutes on e1: u1 10, u2 5, Unknown 2.5, u3 2.5
        assertWalk("pageEntryViewers", "/user/id", 3, order("MINUTES_VIEWED", "DESC"), "u1", "u2", "Unknown", "u3");
    }

    @Test
    void regionsOfSeveralCountriesPagedTogether() {
        // IL: Tel Aviv District 5, Jerusalem District 2; US: California 2, New York 1; CY: Limassol District 1
        JsonNode first = regionPages(null);
        assertThat(keys(regions(first, "IL"), "/region")).containsExactly("Tel Aviv District");
        assertThat(keys(regions(first, "US"), "/region")).containsExactly("California");
        assertThat(keys(regions(first, "CY"), "/region")).containsExactly("Limassol District");
        assertThat(regions(first, "IL").at("/pageInfo/hasNextPage").asBoolean()).isTrue();
        assertThat(regions(first, "CY").at("/pageInfo/hasNextPage").asBoolean()).isFalse();
        assertThat(regions(first, "IL").path("totalCount").asLong()).isEqualTo(2);

        JsonNode second = regionPages(regions(first, "IL").at("/pageInfo/endCursor").asText());
        assertThat(keys(regions(second, "IL"), "/region")).containsExactly("Jerusalem District");
        assertThat(regions(second, "IL").at("/pageInfo/hasNextPage").asBoolean()).isFalse();
        assertThat(regions(second, "IL").at("/pageInfo/hasPreviousPage").asBoolean()).isTrue();
        assertThat(keys(regions(second, "US"), "/region")).containsExactly("New York");
        assertThat(regions(second, "CY").path("edges")).isEmpty();
        assertThat(regions(second, "CY").path("totalCount").asLong()).isEqualTo(1);
    }

    @Test
    void badPagingInputIsABadRequest() {
        String garbage = "!!not a cursor!!";
        String negative = Base64.getUrlEncoder().withoutPadding().encodeToString("row:-1".getBytes(StandardCharsets.UTF_8));
        String foreign = Base64.getUrlEncoder().withoutPadding().encodeToString("col:3".getBytes(StandardCharsets.UTF_8));
        assertBadRequest("viewers", 0, null, 5, null, 5);
        assertBadRequest("viewers", 5000, null, 5, null, 5);
        assertBadRequest("viewers", -1, null, 5, null, 5);
        assertBadRequest("viewers", 2, garbage, 5, null, 5);
        assertBadRequest("viewers", 2, negative, 5, null, 5);
        assertBadRequest("viewers", 2, foreign, 5, null, 5);
        assertBadRequest("topVideos", 2, null, 0, null, 5);
        assertBadRequest("topVideos", 2, null, 5000, null, 5);
        assertBadRequest("topVideos", 2, null, 5, garbage, 5);
        assertBadRequest("regions", 2, null, 5, null, 0);
        assertBadRequest("regions", 2, null, 5, null, 5000);
    }

    // ---- helpers --------------------------------------------------------------------------

    /**
     * Walks a table (the last connection of the document's answer) with pages of {@code first}
     * rows and checks the rows, their order, totalCount and page info at every step.
     */
    private void assertWalk(String document, String keyPointer, int first, Map<String, Object> orderBy,
            String... expected) {
        List<String> seen = new ArrayList<>();
        String after = null;
        for (int page = 0; page <= expected.length; page++) {
            Map<String, Object> vars = new HashMap<>(Map.of("id", GALLERY, "filter", filter(), "first", first));
            if (after != null) {
                vars.put("after", after);
            }
            if (orderBy != null) {
                vars.put("orderBy", orderBy);
            }
            JsonNode c = connection(document, vars);
            String what = document + " " + orderBy + " first " + first + " page " + page + ": " + c;
            assertThat(c.path("totalCount").asLong()).as(what).isEqualTo(expected.length);
            JsonNode edges = c.path("edges");
            assertThat(edges.size()).as(what).isBetween(1, first);
            JsonNode info = c.path("pageInfo");
            assertThat(info.path("hasPreviousPage").asBoolean()).as(what).isEqualTo(after != null);
            assertThat(info.path("startCursor").asText()).as(what).isEqualTo(edges.get(0).path("cursor").asText());
            assertThat(info.path("endCursor").asText()).as(what).isEqualTo(edges.get(edges.size() - 1).path("cursor").asText());
            seen.addAll(keys(c, keyPointer));
            if (!info.path("hasNextPage").asBoolean()) {
                assertThat(seen).as("rows of %s %s, pages of %d", document, orderBy, first).containsExactly(expected);
                // a page after the last row: no rows, and still the table's count
                vars.put("after", info.path("endCursor").asText());
                JsonNode past = connection(document, vars);
                assertThat(past.path("edges")).as(what + ", the page past the end").isEmpty();
                assertThat(past.path("totalCount").asLong()).as(what + ", the page past the end").isEqualTo(expected.length);
                return;
            }
            after = info.path("endCursor").asText();
        }
        throw new AssertionError("hasNextPage never became false; rows seen: " + seen);
    }

    private JsonNode connection(String document, Map<String, Object> vars) {
        JsonNode a = query(document, "category.analytics", vars);
        return switch (document) {
            case "pageViewers" -> a.path("viewers");
            case "pageEntries" -> a.path("entries");
            case "pageEntryViewers" -> {
                JsonNode e = a.at("/entries/edges/0/node");
                assertThat(e.path("entryId").asText()).isEqualTo("e1");
                yield e.path("viewers");
            }
            default -> throw new IllegalArgumentException(document);
        };
    }

    private JsonNode regionPages(String after) {
        Map<String, Object> vars = new HashMap<>(Map.of("id", GALLERY, "filter", filter(), "first", 1));
        if (after != null) {
            vars.put("after", after);
        }
        return query("pageRegions", "category.analytics.countries", vars);
    }

    private static JsonNode regions(JsonNode countries, String country) {
        return node(countries, "/country", country).path("regions");
    }

    /** The document answers with exactly one error, on {@code field}, classified BAD_REQUEST. */
    private void assertBadRequest(String field, int first, String after, int topFirst, String topAfter, int regionsFirst) {
        Map<String, Object> vars = new HashMap<>(Map.of("id", GALLERY, "filter", filter(), "first", first,
                "topFirst", topFirst, "regionsFirst", regionsFirst));
        if (after != null) {
            vars.put("after", after);
        }
        if (topAfter != null) {
            vars.put("topAfter", topAfter);
        }
        GraphQlTester.Request<?> request = graphQl(analyticsKey()).documentName("badPaging");
        for (Map.Entry<String, Object> v : vars.entrySet()) {
            request = request.variable(v.getKey(), v.getValue());
        }
        String what = field + " with " + vars;
        request.execute().errors().satisfy(errors -> {
            assertThat(errors).as(what).hasSize(1);
            ResponseError e = errors.get(0);
            assertThat(e.getExtensions().get("classification")).as(what + ": " + e).isEqualTo("BAD_REQUEST");
            assertThat(e.getPath()).as(what).endsWith(field);
        });
    }
}
