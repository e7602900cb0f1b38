package com.galleryanalytics.trust;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * What one GraphQL request may ask for (QueryLimitsConfiguration, gallery.query.*): depth ≤ 16,
 * cost ≤ 20,000, at most 5,000 fields once fragments are expanded, pages of 1 to 1,000 rows; and
 * the whole dashboard of the README within all of them. Partner it-18.
 *
 * <p>Cost, as configured: a field costs 1 plus its children; {@code analytics} 50 plus its
 * children; {@code performance} 20 plus its children; a table with {@code first: n} costs 10 plus
 * its children once per started page of 10 rows (⌈n / 10⌉).
 *
 * <p>Data, 2023-05-10: entries lim-e1 (600 s, owner lim-ann) and lim-e2 (300 s, owner lim-bob) in
 * lim-cat; plays q1 (lim-e1, lim-u1, reached 25 % and 50 %), q2 (lim-e1, lim-u2), q3 (lim-e2,
 * lim-u1, reached 25 %); 2 impressions of lim-e1. → impressions 2, plays 3, viewers 2, minutes
 * 2 × 0.25 × 10 + 0.25 × 5 = 6.25, drop-off 3 × 0.25 / 3 = 0.25.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class QueryLimitsTest extends TrustSupport {
    static final String INGEST = "it-ingest-18";
    static final String ANALYTICS = "it-analytics-18";
    static final Map<String, Object> MAY = Map.of("f", filter("2023-05-01", "2023-05-31"));

    @BeforeAll
    void seed() {
        upsert("categories", INGEST, List.of(category("lim-cat", "Limits", null), category("lim-sub", "Limits sub", "lim-cat")));
        upsert("entries", INGEST, List.of(entry("lim-e1", "Limits one", "lim-ann", 600, "lim-cat"),
                entry("lim-e2", "Limits two", "lim-bob", 300, "lim-sub")));
        ingest(INGEST, List.of(
                at(event("lim-1", "IMPRESSION", "2023-05-10T08:00:00Z", "lim-e1", "q1", "lim-u1", null), "NL", "Noord-Holland",
                        "Amsterdam", "https://limits.example/a", DESKTOP_UA, "DESKTOP"),
                at(event("lim-2", "PLAY", "2023-05-10T08:00:01Z", "lim-e1", "q1", "lim-u1", 0.0), "NL", "Noord-Holland",
                        "Amsterdam", "https://limits.example/a", DESKTOP_UA, "DESKTOP"),
                event("lim-3", "PLAY_REACHED_25", "2023-05-10T08:02:31Z", "lim-e1", "q1", "lim-u1", 150.0),
                event("lim-4", "PLAY_REACHED_50", "2023-05-10T08:05:01Z", "lim-e1", "q1", "lim-u1", 300.0),
                at(event("lim-5", "IMPRESSION", "2023-05-10T09:00:00Z", "lim-e1", "q2", "lim-u2", null), "BE", "Flanders",
                        "Ghent", "https://other.example/b", IPHONE_UA, "MOBILE"),
                at(event("lim-6", "PLAY", "2023-05-10T09:00:01Z", "lim-e1", "q2", "lim-u2", 0.0), "BE", "Flanders", "Ghent",
                        "https://other.example/b", IPHONE_UA, "MOBILE"),
                event("lim-7", "PLAY", "2023-05-10T10:00:00Z", "lim-e2", "q3", "lim-u1", 0.0),
                event("lim-8", "PLAY_REACHED_25", "2023-05-10T10:01:15Z", "lim-e2", "q3", "lim-u1", 75.0)));
    }

    static String parents(int levels) {
        return "{ category(id: \"lim-sub\") { id " + "parent { id ".repeat(levels) + " }".repeat(levels) + " } }";
    }

    @Test
    void aQueryDeeperThan16IsRefused() {
        // category (1) + 14 × parent + id = depth 16: answered (lim-sub → lim-cat → null)
        JsonNode ok = graphQlData(ANALYTICS, parents(14), null);
        assertThat(ok.path("category").path("parent").path("id").asText()).isEqualTo("lim-cat");
        assertThat(ok.path("category").path("parent").path("parent").isNull()).isTrue();
        // one level more: 17 > 16
        JsonNode e = graphQlError(ANALYTICS, parents(15), null, "ExecutionAborted");
        assertThat(e.path("message").asText()).containsIgnoringCase("depth").contains("17").contains("16");
        // far deeper: refused as well, no data
        graphQlError(ANALYTICS, parents(60), null, "ExecutionAborted");
        // deeper still: graphql-java's parser stops at 500 nested grammar rules (InvalidSyntax)
        JsonNode parser = graphQlError(ANALYTICS, parents(300), null, "InvalidSyntax");
        assertThat(parser.path("message").asText()).contains("500 deep");
    }

    static String viewersWithEntries(int viewers, int entries) {
        return "query($f: AnalyticsFilter!) { analytics(filter: $f) { viewers(first: " + viewers
                + ") { edges { node { entries(first: " + entries + ") { edges { node { metrics { plays } } } } } } } } }";
    }

    @Test
    void aTooCostlyQueryIsRefusedAndTheBoundaryIsWhereTheCostSaysItIs() {
        // metrics{plays} = 2, node = 3, edges = 4; entries(first: n) = 10 + 4 ⌈n/10⌉; node, edges +1 each;
        // viewers(first: 1000) = 10 + 100 × (entries + 2); analytics = 50 + viewers.
        // entries(first: 1000): 410 → viewers 41,210 → 41,260 > 20,000
        JsonNode e = graphQlError(ANALYTICS, viewersWithEntries(1000, 1000), MAY, "ExecutionAborted");
        assertThat(e.path("message").asText()).containsIgnoringCase("complexity");
        // entries(first: 470): 198 → viewers 10 + 100 × 200 = 20,010 → 20,060 > 20,000: refused
        graphQlError(ANALYTICS, viewersWithEntries(1000, 470), MAY, "ExecutionAborted");
        // entries(first: 460): 194 → viewers 10 + 100 × 196 = 19,610 → 19,660: answered, with the data
        JsonNode ok = graphQlData(ANALYTICS, viewersWithEntries(1000, 460), MAY);
        assertThat(ok.path("analytics").path("viewers").path("edges")).hasSize(2);
    }

    @Test
    void pagesAreBoundedTo1000Rows() {
        String entries = "query($f: AnalyticsFilter!) { analytics(filter: $f) { entries(first: %d) { totalCount } } }";
        JsonNode e = graphQlError(ANALYTICS, entries.formatted(1001), MAY, "BAD_REQUEST");
        assertThat(e.path("message").asText()).contains("'first' must be between 1 and 1000 (got 1001)");
        graphQlError(ANALYTICS, entries.formatted(0), MAY, "BAD_REQUEST");
        graphQlError(ANALYTICS, entries.formatted(-5), MAY, "BAD_REQUEST");
        assertThat(graphQlData(ANALYTICS, entries.formatted(1000), MAY).path("analytics").path("entries")
                .path("totalCount").asLong()).isEqualTo(2);
        // a drill-down page too
        JsonNode nested = graphQlError(ANALYTICS, "query($f: AnalyticsFilter!) { analytics(filter: $f) { countries(first: 5) {"
                + " edges { node { regions(first: 1001) { totalCount } } } } } }", MAY, "BAD_REQUEST");
        assertThat(nested.path("message").asText()).contains("1001");
        // larger than an Int: a validation error of the literal, before anything runs
        graphQlError(ANALYTICS, entries.formatted(0).replace("first: 0", "first: 99999999999"), MAY, "ValidationError");
    }

    static String fragments(int copies, boolean extraField) {
        StringBuilder q = new StringBuilder("query { ").append(extraField ? "extra: __typename " : "").append("...F1 }\n");
        q.append("fragment F1 on Query { ").append("...F0 ".repeat(copies)).append("}\n");
        q.append("fragment F0 on Query { ");
        for (int i = 0; i < 50; i++) {
            q.append("t").append(i).append(": __typename ");
        }
        return q.append("}").toString();
    }

    @Test
    void atMost5000FieldsOnceFragmentsAreExpanded() {
        // F0: 50 fields; F1: 100 spreads of F0 = 5,000 fields: answered
        JsonNode ok = graphQlData(ANALYTICS, fragments(100, false), null);
        assertThat(ok.path("t49").asText()).isEqualTo("Query");
        // one field more: 5,001
        JsonNode e = graphQlError(ANALYTICS, fragments(100, true), null, "QUERY_TOO_COMPLEX");
        assertThat(e.path("message").asText()).contains("5000");
    }

    @Test
    void theWholeDashboardPassesTheLimits() {
        Map<String, Object> f = filter("2023-05-01", "2023-05-31");
        f.put("compareTo", Map.of("type", "PREVIOUS_PERIOD"));
        JsonNode a = graphQlData(ANALYTICS, document("trustDashboard"), Map.of("f", f)).path("analytics");
        JsonNode h = a.path("highlights");
        assertThat(h.path("playerImpressions").asLong()).isEqualTo(2);
        assertThat(h.path("plays").asLong()).isEqualTo(3);
        assertThat(h.path("uniqueViewers").asLong()).isEqualTo(2);
        assertThat(h.path("minutesViewed").asDouble()).isCloseTo(6.25, within(1e-9));
        assertThat(h.path("avgDropOffRate").asDouble()).isCloseTo(0.25, within(1e-9));
        assertThat(h.path("contributors").asLong()).isEqualTo(2);
        assertThat(a.path("comparison").path("from").asText()).isEqualTo("2023-03-31");
        assertThat(a.path("comparison").path("highlights").path("plays").asLong()).isZero();
        assertThat(a.path("performance")).hasSize(31);
        assertThat(a.path("entries").path("totalCount").asLong()).isEqualTo(2);
        // q3 was sent without a place or page: it is the row "" of countries and domains
        List<String> countries = new java.util.ArrayList<>();
        a.path("countries").path("edges").forEach(e -> countries.add(e.path("node").path("country").asText()
                + "=" + e.path("node").path("metrics").path("plays").asLong()));
        assertThat(countries).containsExactlyInAnyOrder("NL=1", "BE=1", "=1");
        List<String> domains = new java.util.ArrayList<>();
        a.path("domains").path("edges").forEach(e -> domains.add(e.path("node").path("domain").asText()
                + "=" + e.path("node").path("metrics").path("playerImpressions").asLong()));
        assertThat(domains).containsExactlyInAnyOrder("limits.example=1", "other.example=1", "=0");

        // and the README's category dashboard (with sub-categories) for lim-cat: the subtree's 3 plays
        JsonNode c = graphQlData(ANALYTICS, """
                query($f: AnalyticsFilter!) { category(id: "lim-cat") { name analytics(filter: $f) {
                  highlights { plays uniqueViewers minutesViewed contributors playedEntries }
                  pageViews { plays uniqueViewers allPlays allUniqueViewers }
                  performance(granularity: MONTH) { date metrics { plays avgCompletionRate } }
                  subCategories(first: 20) { totalCount edges { node { category { id name }
                    metrics { plays playsDistribution uniqueViewers minutesViewed } } } }
                  topVideos(first: 5) { edges { node { entry { name } score metrics { plays uniqueViewers avgCompletionRate } } } }
                } } }""", Map.of("f", filter("2023-05-01", "2023-05-31"))).path("category");
        assertThat(c.path("analytics").path("highlights").path("plays").asLong()).isEqualTo(3);
        assertThat(c.path("analytics").path("subCategories").path("edges").get(0).path("node").path("metrics")
                .path("plays").asLong()).isEqualTo(1);
    }
}
