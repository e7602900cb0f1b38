package com.galleryanalytics;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * {@code Query.categories(search, first, after)}: finding a gallery by name, as the dashboard's
 * picker does. Partner it-25 (it-26 holds a same-named category that must never show).
 *
 * <pre>
 * sp    "Sports"              top level       sub-categories: sp-hl, sp-fb
 * sp-hl "Sports Highlights"   parent sp
 * sp-fb "Football"            parent sp
 * nw    "News"                top level       sub-categories: nw-ar
 * nw-ar "sports archive"      parent nw
 * pc    "100% Ünïcode 'Spórts'" top level
 * </pre>
 * Names sort byte-wise (upper case before lower case): "100% …" &lt; "Football" &lt; "News" &lt;
 * "Sports" &lt; "Sports Highlights" &lt; "sports archive".
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CategorySearchTest extends AnalyticsIntegrationTest {
    static final String ANALYTICS = "it-analytics-25";
    static final String QUERY = """
            query Find($search: String, $first: Int!, $after: String) {
              categories(search: $search, first: $first, after: $after) {
                totalCount
                pageInfo { hasNextPage hasPreviousPage endCursor }
                edges { cursor node { id name subCategoriesCount parent { id name } } }
              }
            }
            """;

    @BeforeAll
    void seed() {
        String t = "2024-01-01T00:00:00Z";
        upsert("categories", "it-ingest-25", List.of(
                category("sp", "Sports", null, t, t),
                category("sp-hl", "Sports Highlights", "sp", t, t),
                category("sp-fb", "Football", "sp", t, t),
                category("nw", "News", null, t, t),
                category("nw-ar", "sports archive", "nw", t, t),
                category("pc", "100% Ünïcode 'Spórts'", null, t, t)));
        upsert("categories", "it-ingest-26", List.of(category("other-sp", "Sports", null, t, t)));
    }

    private JsonNode find(String search, int first, String after) {
        Map<String, Object> variables = new LinkedHashMap<>();
        variables.put("search", search);
        variables.put("first", first);
        variables.put("after", after);
        JsonNode body = parse(post("/graphql", ANALYTICS, json(Map.of("query", QUERY, "variables", variables))).body());
        assertThat(body.path("errors").isMissingNode()).as(body.toString()).isTrue();
        return body.path("data").path("categories");
    }

    private static List<String> names(JsonNode connection) {
        List<String> out = new ArrayList<>();
        connection.path("edges").forEach(e -> out.add(e.path("node").path("name").asText()));
        return out;
    }

    @Test
    void searchMatchesAnyPartOfTheNameInAnyCaseOrderedByName() {
        JsonNode found = find("sport", 10, null);
        assertThat(names(found)).containsExactly("Sports", "Sports Highlights", "sports archive");
        assertThat(found.path("totalCount").asLong()).isEqualTo(3);
        assertThat(found.path("pageInfo").path("hasNextPage").asBoolean()).isFalse();

        JsonNode sports = found.path("edges").get(0).path("node");
        assertThat(sports.path("id").asText()).isEqualTo("sp");
        assertThat(sports.path("subCategoriesCount").asInt()).isEqualTo(2);
        assertThat(sports.path("parent").isNull()).isTrue();
        JsonNode archive = found.path("edges").get(2).path("node");
        assertThat(archive.path("subCategoriesCount").asInt()).isZero();
        assertThat(archive.path("parent").path("id").asText()).isEqualTo("nw");
        assertThat(archive.path("parent").path("name").asText()).isEqualTo("News");
        // Accents are letters of their own: "Spórts" does not contain "sport".
        assertThat(names(find("SPÓRTS", 10, null))).containsExactly("100% Ünïcode 'Spórts'");
        assertThat(names(find("ünï", 10, null))).containsExactly("100% Ünïcode 'Spórts'");
    }

    @Test
    void withoutSearchEveryCategoryOfThePartnerOnly() {
        JsonNode all = find(null, 10, null);
        assertThat(names(all)).containsExactly("100% Ünïcode 'Spórts'", "Football", "News", "Sports", "Sports Highlights",
                "sports archive");
        assertThat(all.path("totalCount").asLong()).isEqualTo(6);
        assertThat(names(find("   ", 10, null))).hasSize(6);
    }

    @Test
    void pagesFollowTheCursorsAndCountEveryMatch() {
        JsonNode first = find("s", 2, null);
        assertThat(names(first)).containsExactly("100% Ünïcode 'Spórts'", "News");
        assertThat(first.path("totalCount").asLong()).isEqualTo(5);
        assertThat(first.path("pageInfo").path("hasNextPage").asBoolean()).isTrue();
        JsonNode second = find("s", 2, first.path("pageInfo").path("endCursor").asText());
        assertThat(names(second)).containsExactly("Sports", "Sports Highlights");
        assertThat(second.path("pageInfo").path("hasPreviousPage").asBoolean()).isTrue();
        JsonNode third = find("s", 2, second.path("pageInfo").path("endCursor").asText());
        assertThat(names(third)).containsExactly("sports archive");
        assertThat(third.path("pageInfo").path("hasNextPage").asBoolean()).isFalse();
        JsonNode past = find("s", 2, third.path("pageInfo").path("endCursor").asText());
        assertThat(names(past)).isEmpty();
        assertThat(past.path("totalCount").asLong()).isEqualTo(5);
    }

    @Test
    void searchTextIsLiteral() {
        assertThat(names(find("100%", 10, null))).containsExactly("100% Ünïcode 'Spórts'");
        assertThat(names(find("%", 10, null))).hasSize(1);
        assertThat(names(find("_", 10, null))).isEmpty();
        assertThat(names(find("' OR 1=1 --", 10, null))).isEmpty();
        assertThat(find("nothing like it", 10, null).path("totalCount").asLong()).isZero();
    }

    @Test
    void badArgumentsAreNamed() {
        String body = post("/graphql", ANALYTICS, json(Map.of("query", QUERY, "variables", Map.of("first", 0)))).body();
        assertThat(body).contains("'first' must be between 1 and 1000");
        body = post("/graphql", ANALYTICS, json(Map.of("query", QUERY,
                "variables", Map.of("first", 5, "search", "x".repeat(201))))).body();
        assertThat(body).contains("'search' is longer than 200 characters");
    }
}
