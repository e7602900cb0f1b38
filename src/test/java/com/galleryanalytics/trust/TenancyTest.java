package com.galleryanalytics.trust;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * "An analytics key reads its own partner's data and nothing else; an ingest key only writes. No
 * key, no data." Partners it-13 (A) and it-14 (B) hold look-alike accounts on 2023-03-06: the
 * same category id {@code gal}, the same entry id {@code e1} (with different durations and
 * owners) and the same user id {@code shared-user}. Every string only A has contains
 * "asecret", every string only B has "bsecret", so a leak shows up as a marker in a response.
 *
 * <p>A: categories gal ("A gallery asecret") ⊃ gal-sub; entries e1 (600 s, a-owner-asecret, in
 * gal-sub), asecret-only (300 s, a-owner2-asecret, in gal); all events in FR / Ile-de-France-asecret /
 * Paris-asecret on https://asecret.example, DESKTOP:
 * IMPRESSION e1 (shared-user), PLAY e1 pa1 (shared-user, on the page of gal-sub), PLAY_REACHED_25
 * e1 pa1 @150 s, PLAY asecret-only pa2 (asecret-viewer).
 * → impressions 1, plays 2, viewers 2, minutes 0.25 × 600 s = 2.5, drop-off 1 × 0.25 / 2 = 0.125,
 * completion (150/600 + 0) / 2 = 0.125, contributors 2, played entries 2.
 *
 * <p>B: categories gal ("B gallery bsecret"), bsecret-cat; entries e1 (120 s, b-owner-bsecret, in
 * gal), bsecret-only (60 s, b-owner-bsecret, in bsecret-cat); all events in JP / Kanto-bsecret /
 * Tokyo-bsecret on https://bsecret.example, MOBILE: IMPRESSION e1 ×2 (shared-user, bsecret-user),
 * PLAY e1 pb1 (shared-user), REACHED_25 @30 s and REACHED_50 @60 s of pb1, PLAY e1 pb2
 * (bsecret-user), PLAY bsecret-only pb3 (bsecret-user).
 * → impressions 2, plays 3, viewers 2, minutes 2 × 0.25 × 120 s = 1.0, drop-off 2 × 0.25 / 3,
 * completion (60/120 + 0 + 0) / 3, contributors 1, played entries 2.
 * Had B's duration of e1 been used for A, A's minutes would be 0.5; A's for B, 5.0.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TenancyTest extends TrustSupport {
    static final String A_INGEST = "it-ingest-13";
    static final String A_ANALYTICS = "it-analytics-13";
    static final String A_ADMIN = "it-admin-13";
    static final String B_INGEST = "it-ingest-14";
    static final String B_ANALYTICS = "it-analytics-14";
    static final String B_ADMIN = "it-admin-14";
    static final String FROM = "2023-03-01";
    static final String TO = "2023-03-31";
    static final String RANGE = "from=" + FROM + "&to=" + TO;

    @BeforeAll
    void seed() {
        upsert("categories", A_INGEST, List.of(category("gal", "A gallery asecret", null),
                category("gal-sub", "A sub asecret", "gal")));
        upsert("entries", A_INGEST, List.of(entry("e1", "A first asecret", "a-owner-asecret", 600, "gal-sub"),
                entry("asecret-only", "A only asecret", "a-owner2-asecret", 300, "gal")));
        upsert("users", A_INGEST, List.of(Map.of("id", "shared-user", "name", "Alice asecret")));
        ingest(A_INGEST, List.of(
                a(event("ta-1", "IMPRESSION", "2023-03-06T10:00:00Z", "e1", "pa1", "shared-user", null), "e1"),
                page(a(event("ta-2", "PLAY", "2023-03-06T10:00:05Z", "e1", "pa1", "shared-user", 0.0), "e1"), "gal-sub"),
                a(event("ta-3", "PLAY_REACHED_25", "2023-03-06T10:02:35Z", "e1", "pa1", "shared-user", 150.0), "e1"),
                a(event("ta-4", "PLAY", "2023-03-06T11:00:00Z", "asecret-only", "pa2", "asecret-viewer", 0.0),
                        "asecret-only")));

        upsert("categories", B_INGEST, List.of(category("gal", "B gallery bsecret", null),
                category("bsecret-cat", "B private bsecret", null)));
        upsert("entries", B_INGEST, List.of(entry("e1", "B first bsecret", "b-owner-bsecret", 120, "gal"),
                entry("bsecret-only", "B only bsecret", "b-owner-bsecret", 60, "bsecret-cat")));
        upsert("users", B_INGEST, List.of(Map.of("id", "shared-user", "name", "Bob bsecret"),
                Map.of("id", "bsecret-user", "name", "B user bsecret")));
        ingest(B_INGEST, List.of(
                b(event("tb-1", "IMPRESSION", "2023-03-06T10:00:00Z", "e1", "bsecret-p1", "shared-user", null), "e1"),
                b(event("tb-2", "IMPRESSION", "2023-03-06T10:10:00Z", "e1", "bsecret-p2", "bsecret-user", null), "e1"),
                b(event("tb-3", "PLAY", "2023-03-06T10:00:05Z", "e1", "bsecret-p1", "shared-user", 0.0), "e1"),
                b(event("tb-4", "PLAY_REACHED_25", "2023-03-06T10:00:35Z", "e1", "bsecret-p1", "shared-user", 30.0), "e1"),
                b(event("tb-5", "PLAY_REACHED_50", "2023-03-06T10:01:05Z", "e1", "bsecret-p1", "shared-user", 60.0), "e1"),
                b(event("tb-6", "PLAY", "2023-03-06T10:10:05Z", "e1", "bsecret-p2", "bsecret-user", 0.0), "e1"),
                b(event("tb-7", "PLAY", "2023-03-06T12:00:00Z", "bsecret-only", "bsecret-p3", "bsecret-user", 0.0),
                        "bsecret-only")));
    }

    private static Map<String, Object> a(Map<String, Object> e, String entryId) {
        return at(e, "FR", "Ile-de-France-asecret", "Paris-asecret", "https://asecret.example/watch/" + entryId,
                DESKTOP_UA, "DESKTOP");
    }

    private static Map<String, Object> b(Map<String, Object> e, String entryId) {
        return at(e, "JP", "Kanto-bsecret", "Tokyo-bsecret", "https://bsecret.example/v/" + entryId, IPHONE_UA, "MOBILE");
    }

    private static Map<String, Object> page(Map<String, Object> e, String categoryId) {
        e.put("contextCategoryId", categoryId);
        return e;
    }

    private static void assertNoMarker(String body, String marker) {
        assertThat(body.toLowerCase(Locale.ROOT)).as("a response of the other tenant: %s", abbreviate(body))
                .doesNotContain(marker);
    }

    private static List<String> texts(JsonNode connection, String field) {
        List<String> out = new ArrayList<>();
        connection.path("edges").forEach(e -> out.add(e.path("node").path(field).asText()));
        return out;
    }

    private static long sumPlays(JsonNode points) {
        long sum = 0;
        for (JsonNode p : points) {
            sum += p.path("metrics").path("plays").asLong();
        }
        return sum;
    }

    // ---- every panel of the account --------------------------------------------------------------

    @Test
    void everyPanelOfTheAccountShowsOnlyTheKeysPartner() {
        HttpResponse<String> ra = graphQlRaw(A_ANALYTICS, document("trustDashboard"), Map.of("f", filter(FROM, TO)));
        assertThat(ra.statusCode()).isEqualTo(200);
        assertNoMarker(ra.body(), "bsecret");
        JsonNode a = parse(ra.body());
        assertThat(a.path("errors").isMissingNode()).as("errors: %s", abbreviate(ra.body())).isTrue();
        JsonNode an = a.path("data").path("analytics");
        JsonNode h = an.path("highlights");
        assertThat(h.path("playerImpressions").asLong()).isEqualTo(1);
        assertThat(h.path("plays").asLong()).isEqualTo(2);
        assertThat(h.path("uniqueViewers").asLong()).isEqualTo(2);
        assertThat(h.path("minutesViewed").asDouble()).isCloseTo(2.5, within(1e-9));
        assertThat(h.path("avgDropOffRate").asDouble()).isCloseTo(0.125, within(1e-9));
        assertThat(h.path("avgCompletionRate").asDouble()).isCloseTo(0.125, within(1e-9));
        assertThat(h.path("contributors").asLong()).isEqualTo(2);
        assertThat(h.path("playedEntries").asLong()).isEqualTo(2);
        assertThat(sumPlays(an.path("performance"))).isEqualTo(2);
        assertThat(an.path("performance")).hasSize(31);
        assertThat(texts(an.path("topVideos"), "entryId")).containsExactlyInAnyOrder("e1", "asecret-only");
        assertThat(texts(an.path("entries"), "entryId")).containsExactlyInAnyOrder("e1", "asecret-only");
        // A's own e1 (600 s by a-owner-asecret): 1 play, 2.5 minutes
        for (JsonNode e : an.path("entries").path("edges")) {
            JsonNode node = e.path("node");
            if (node.path("entryId").asText().equals("e1")) {
                assertThat(node.path("entry").path("durationSec").asDouble()).isEqualTo(600.0);
                assertThat(node.path("entry").path("creatorId").asText()).isEqualTo("a-owner-asecret");
                assertThat(node.path("metrics").path("minutesViewed").asDouble()).isCloseTo(2.5, within(1e-9));
                assertThat(texts(node.path("viewers"), "user")).hasSize(1);
                assertThat(node.path("viewers").path("edges").get(0).path("node").path("user").path("name").asText())
                        .isEqualTo("Alice asecret");
            }
        }
        assertThat(an.path("viewers").path("totalCount").asLong()).isEqualTo(2);
        List<String> viewers = new ArrayList<>();
        an.path("viewers").path("edges").forEach(e -> viewers.add(e.path("node").path("user").path("id").asText()));
        assertThat(viewers).containsExactlyInAnyOrder("shared-user", "asecret-viewer");
        assertThat(texts(an.path("countries"), "country")).containsExactly("FR");
        JsonNode fr = an.path("countries").path("edges").get(0).path("node");
        assertThat(texts(fr.path("regions"), "region")).containsExactly("Ile-de-France-asecret");
        assertThat(texts(fr.path("regions").path("edges").get(0).path("node").path("cities"), "city"))
                .containsExactly("Paris-asecret");
        assertThat(an.path("devices")).hasSize(1);
        assertThat(an.path("devices").get(0).path("device").asText()).isEqualTo("DESKTOP");
        assertThat(an.path("devices").get(0).path("metrics").path("plays").asLong()).isEqualTo(2);
        assertThat(texts(an.path("domains"), "domain")).containsExactly("asecret.example");
        assertThat(an.path("insights").path("topDomain").path("domain").asText()).isEqualTo("asecret.example");
        assertThat(an.path("insights").path("topDomain").path("share").asDouble()).isEqualTo(1.0);
        assertThat(an.path("insights").path("topDevice").path("device").asText()).isEqualTo("DESKTOP");
        assertThat(an.path("insights").path("topCountries")).hasSize(1);

        // B, the same document: its own figures, none of A's.
        HttpResponse<String> rb = graphQlRaw(B_ANALYTICS, document("trustDashboard"), Map.of("f", filter(FROM, TO)));
        assertNoMarker(rb.body(), "asecret");
        JsonNode bn = parse(rb.body()).path("data").path("analytics");
        JsonNode hb = bn.path("highlights");
        assertThat(hb.path("playerImpressions").asLong()).isEqualTo(2);
        assertThat(hb.path("plays").asLong()).isEqualTo(3);
        assertThat(hb.path("uniqueViewers").asLong()).isEqualTo(2);
        assertThat(hb.path("minutesViewed").asDouble()).isCloseTo(1.0, within(1e-9));
        assertThat(hb.path("avgDropOffRate").asDouble()).isCloseTo(0.5 / 3, within(1e-9));
        assertThat(hb.path("avgCompletionRate").asDouble()).isCloseTo(0.5 / 3, within(1e-9));
        assertThat(hb.path("contributors").asLong()).isEqualTo(1);
        assertThat(hb.path("playedEntries").asLong()).isEqualTo(2);
        assertThat(texts(bn.path("countries"), "country")).containsExactly("JP");
        assertThat(bn.path("devices").get(0).path("device").asText()).isEqualTo("MOBILE");
    }

    @Test
    void filtersNamingTheOtherPartnersValuesFindNothing() {
        // A's key, filtered to B's country, domain, user and entry: every count is 0 (not B's).
        for (Map.Entry<String, List<String>> f : Map.of("countries", List.of("JP"), "domains", List.of("bsecret.example"),
                "userIds", List.of("bsecret-user"), "entryIds", List.of("bsecret-only"), "regions",
                List.of("Kanto-bsecret"), "devices", List.of("MOBILE")).entrySet()) {
            Map<String, Object> filter = filter(FROM, TO);
            filter.put(f.getKey(), f.getValue());
            JsonNode h = graphQlData(A_ANALYTICS, HIGHLIGHTS, Map.of("f", filter)).path("analytics").path("highlights");
            assertThat(h.path("plays").asLong()).as("plays of A filtered by %s", f).isZero();
            assertThat(h.path("playerImpressions").asLong()).as("impressions of A filtered by %s", f).isZero();
            assertThat(h.path("uniqueViewers").asLong()).as("viewers of A filtered by %s", f).isZero();
        }
    }

    // ---- drill-downs by id -----------------------------------------------------------------------

    static final String CATEGORY = """
            query($id: ID!, $f: AnalyticsFilter!) { category(id: $id) { id name parent { id name } subCategoriesCount
              subCategories { id name }
              analytics(filter: $f) { highlights { plays playerImpressions uniqueViewers minutesViewed }
                pageViews { plays uniqueViewers allPlays allUniqueViewers }
                subCategories(first: 10) { totalCount edges { node { category { id name } metrics { plays } } } } } } }""";

    @Test
    void aCategoryOfTheOtherPartnerIsNullAndASharedIdIsTheKeysOwn() {
        Map<String, Object> f = filter(FROM, TO);
        assertThat(graphQlData(A_ANALYTICS, CATEGORY, Map.of("id", "bsecret-cat", "f", f)).path("category").isNull())
                .isTrue();
        assertThat(graphQlData(B_ANALYTICS, CATEGORY, Map.of("id", "gal-sub", "f", f)).path("category").isNull()).isTrue();

        // "gal" exists for both: A gets A's (sub-category gal-sub; e1 and asecret-only in its subtree).
        HttpResponse<String> ra = graphQlRaw(A_ANALYTICS, CATEGORY, Map.of("id", "gal", "f", f));
        assertNoMarker(ra.body(), "bsecret");
        JsonNode ga = parse(ra.body()).path("data").path("category");
        assertThat(ga.path("name").asText()).isEqualTo("A gallery asecret");
        assertThat(ga.path("subCategoriesCount").asInt()).isEqualTo(1);
        assertThat(ga.path("analytics").path("highlights").path("plays").asLong()).isEqualTo(2);
        assertThat(ga.path("analytics").path("highlights").path("minutesViewed").asDouble()).isCloseTo(2.5, within(1e-9));
        // page views: pa1 sat on gal-sub's page (1 play, 1 viewer); all plays of the subtree's entries: 2, 2 viewers
        JsonNode pv = ga.path("analytics").path("pageViews");
        assertThat(List.of(pv.path("plays").asLong(), pv.path("uniqueViewers").asLong(), pv.path("allPlays").asLong(),
                pv.path("allUniqueViewers").asLong())).containsExactly(1L, 1L, 2L, 2L);
        JsonNode subs = ga.path("analytics").path("subCategories");
        assertThat(subs.path("totalCount").asLong()).isEqualTo(1);
        assertThat(subs.path("edges").get(0).path("node").path("category").path("id").asText()).isEqualTo("gal-sub");
        assertThat(subs.path("edges").get(0).path("node").path("metrics").path("plays").asLong()).isEqualTo(1);

        // B gets B's "gal": e1 only (pb1, pb2: 2 plays, 2 × 0.25 × 2 min = 1.0), no sub-categories, no page plays.
        HttpResponse<String> rb = graphQlRaw(B_ANALYTICS, CATEGORY, Map.of("id", "gal", "f", f));
        assertNoMarker(rb.body(), "asecret");
        JsonNode gb = parse(rb.body()).path("data").path("category");
        assertThat(gb.path("name").asText()).isEqualTo("B gallery bsecret");
        assertThat(gb.path("subCategoriesCount").asInt()).isZero();
        assertThat(gb.path("analytics").path("highlights").path("plays").asLong()).isEqualTo(2);
        assertThat(gb.path("analytics").path("highlights").path("minutesViewed").asDouble()).isCloseTo(1.0, within(1e-9));
        assertThat(gb.path("analytics").path("pageViews").path("plays").asLong()).isZero();
    }

    static final String ENTRY = """
            query($id: ID!, $f: AnalyticsFilter!) { entry(id: $id) { id name creatorId durationSec categoryIds
              analytics(filter: $f) { highlights { plays minutesViewed uniqueViewers } } } }""";
    static final String USER = """
            query($id: ID!, $f: AnalyticsFilter!) { user(id: $id) { id name
              analytics(filter: $f) { highlights { plays playerImpressions uniqueViewers minutesViewed }
                entries(first: 10) { totalCount edges { node { entryId } } }
                performance(granularity: MONTH) { date metrics { plays } } } } }""";

    @Test
    void entriesAndUsersOfTheOtherPartnerAreNullOrEmpty() {
        Map<String, Object> f = filter(FROM, TO);
        assertThat(graphQlData(A_ANALYTICS, ENTRY, Map.of("id", "bsecret-only", "f", f)).path("entry").isNull()).isTrue();
        // e1 exists for both: each key gets its own entry and numbers.
        JsonNode ea = graphQlData(A_ANALYTICS, ENTRY, Map.of("id", "e1", "f", f)).path("entry");
        assertThat(ea.path("name").asText()).isEqualTo("A first asecret");
        assertThat(ea.path("durationSec").asDouble()).isEqualTo(600.0);
        assertThat(ea.path("analytics").path("highlights").path("plays").asLong()).isEqualTo(1);
        assertThat(ea.path("analytics").path("highlights").path("minutesViewed").asDouble()).isCloseTo(2.5, within(1e-9));
        JsonNode eb = graphQlData(B_ANALYTICS, ENTRY, Map.of("id", "e1", "f", f)).path("entry");
        assertThat(eb.path("name").asText()).isEqualTo("B first bsecret");
        assertThat(eb.path("analytics").path("highlights").path("plays").asLong()).isEqualTo(2);
        assertThat(eb.path("analytics").path("highlights").path("minutesViewed").asDouble()).isCloseTo(1.0, within(1e-9));

        // B's user through A's key: a user with nothing (its id as name, not B's "B user bsecret").
        JsonNode ub = graphQlData(A_ANALYTICS, USER, Map.of("id", "bsecret-user", "f", f)).path("user");
        assertThat(ub.path("name").asText()).isEqualTo("bsecret-user");
        assertThat(ub.path("analytics").path("highlights").path("plays").asLong()).isZero();
        assertThat(ub.path("analytics").path("highlights").path("playerImpressions").asLong()).isZero();
        assertThat(ub.path("analytics").path("entries").path("totalCount").asLong()).isZero();
        assertThat(sumPlays(ub.path("analytics").path("performance"))).isZero();
        // shared-user: A's "Alice asecret" with A's 1 play (e1); B's "Bob bsecret" with B's 1 play (e1).
        HttpResponse<String> rsa = graphQlRaw(A_ANALYTICS, USER, Map.of("id", "shared-user", "f", f));
        assertNoMarker(rsa.body(), "bsecret");
        JsonNode sa = parse(rsa.body()).path("data").path("user");
        assertThat(sa.path("name").asText()).isEqualTo("Alice asecret");
        assertThat(sa.path("analytics").path("highlights").path("plays").asLong()).isEqualTo(1);
        assertThat(sa.path("analytics").path("highlights").path("playerImpressions").asLong()).isEqualTo(1);
        assertThat(sa.path("analytics").path("highlights").path("minutesViewed").asDouble()).isCloseTo(2.5, within(1e-9));
        JsonNode sb = graphQlData(B_ANALYTICS, USER, Map.of("id", "shared-user", "f", f)).path("user");
        assertThat(sb.path("name").asText()).isEqualTo("Bob bsecret");
        assertThat(sb.path("analytics").path("highlights").path("minutesViewed").asDouble()).isCloseTo(1.0, within(1e-9));
    }

    // ---- exports -------------------------------------------------------------------------------

    private List<String> csv(String key, String tableAndParams) {
        HttpResponse<String> r = getPath("/v1/export/" + tableAndParams, key);
        assertThat(r.statusCode()).as("export %s: %s", tableAndParams, abbreviate(r.body())).isEqualTo(200);
        assertNoMarker(r.body(), key.equals(B_ANALYTICS) ? "asecret" : "bsecret");
        return r.body().lines().toList();
    }

    /** The sum of the plays column of a CSV export. */
    private static long playsOf(List<String> lines) {
        List<String> header = List.of(lines.get(0).split(","));
        int col = header.indexOf("plays");
        assertThat(col).as("plays column in %s", header).isNotNegative();
        long sum = 0;
        for (String line : lines.subList(1, lines.size())) {
            String[] cells = line.split(",");
            sum += Long.parseLong(cells[col]);
        }
        return sum;
    }

    @Test
    void exportsOfOneKeyHoldNothingOfTheOtherPartner() {
        // whole-account tables: A's 2 plays, rows of A only
        for (String table : List.of("performance", "viewers", "entries", "countries", "devices", "domains")) {
            assertThat(playsOf(csv(A_ANALYTICS, table + ".csv?" + RANGE))).as(table).isEqualTo(2);
        }
        assertThat(csv(A_ANALYTICS, "countries.csv?" + RANGE)).hasSize(2).last().asString().startsWith("FR,");
        assertThat(csv(A_ANALYTICS, "topVideos.csv?" + RANGE)).hasSize(3);
        assertThat(playsOf(csv(A_ANALYTICS, "subCategories.csv?categoryId=gal&" + RANGE))).isEqualTo(1);
        // drill-downs named by B's values: no rows (header only), series all zero
        for (String drill : List.of("regions.csv?country=JP", "cities.csv?country=JP&region=Kanto-bsecret",
                "operatingSystems.csv?device=MOBILE", "browsers.csv?device=MOBILE", "urls.csv?domain=bsecret.example",
                "userEntries.csv?userId=bsecret-user", "entryViewers.csv?entryId=bsecret-only",
                "viewers.csv?entryId=bsecret-only", "entries.csv?userId=bsecret-user")) {
            assertThat(csv(A_ANALYTICS, drill + "&" + RANGE)).as(drill).hasSize(1);
        }
        // B's category does not exist for A: 404, as for any unknown category
        for (String scoped : List.of("subCategories.csv?categoryId=bsecret-cat", "countries.csv?categoryId=bsecret-cat",
                "performance.csv?categoryId=bsecret-cat")) {
            HttpResponse<String> r = getPath("/v1/export/" + scoped + "&" + RANGE, A_ANALYTICS);
            assertThat(r.statusCode()).as(scoped).isEqualTo(404);
            assertThat(parse(r.body()).path("error").asText()).isEqualTo("not_found");
        }
        for (String series : List.of("userPerformance.csv?userId=bsecret-user", "entryPerformance.csv?entryId=bsecret-only")) {
            List<String> lines = csv(A_ANALYTICS, series + "&" + RANGE);
            assertThat(lines).as(series).hasSize(32);
            assertThat(playsOf(lines)).as(series).isZero();
        }
        // a shared entry id: each export holds its own partner's e1 (A: 1 play; B: 2 plays)
        assertThat(playsOf(csv(A_ANALYTICS, "entryPerformance.csv?entryId=e1&" + RANGE))).isEqualTo(1);
        assertThat(playsOf(csv(B_ANALYTICS, "entryPerformance.csv?entryId=e1&" + RANGE))).isEqualTo(2);
        assertThat(playsOf(csv(B_ANALYTICS, "countries.csv?" + RANGE))).isEqualTo(3);
    }

    // ---- roles ---------------------------------------------------------------------------------

    @Test
    void anIngestKeyCannotReadOrManageKeys() {
        HttpResponse<String> gql = graphQlRaw(A_INGEST, HIGHLIGHTS, Map.of("f", filter(FROM, TO)));
        assertThat(gql.statusCode()).isEqualTo(403);
        assertThat(parse(gql.body()).path("errors").get(0).path("extensions").path("code").asText()).isEqualTo("wrong_role");
        assertNoMarker(gql.body(), "asecret");
        HttpResponse<String> export = getPath("/v1/export/countries.csv?" + RANGE, A_INGEST);
        assertThat(export.statusCode()).isEqualTo(403);
        assertThat(parse(export.body()).path("error").asText()).isEqualTo("wrong_role");
        assertThat(getPath("/v1/admin/keys", A_INGEST).statusCode()).isEqualTo(403);
        assertThat(postBody("/v1/admin/keys", A_INGEST, "{\"role\":\"ANALYTICS\",\"name\":\"x\"}").statusCode())
                .isEqualTo(403);
    }

    @Test
    void anAnalyticsKeyCannotWriteAndNothingIsStored() {
        // a play on 2023-03-07, inside A's March
        Map<String, Object> play = a(event("ta-denied", "PLAY", "2023-03-07T10:00:00Z", "e1", "pa9", "shared-user", 0.0),
                "e1");
        assertThat(postBody("/v1/events", A_ANALYTICS, json(List.of(play))).statusCode()).isEqualTo(403);
        assertThat(postBody("/v1/categories", A_ANALYTICS, json(List.of(category("denied-cat", "x", null))))
                .statusCode()).isEqualTo(403);
        assertThat(call(request("/v1/users/denied-user", A_ANALYTICS).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"name\":\"x\"}"))).statusCode()).isEqualTo(403);
        assertThat(getPath("/v1/admin/keys", A_ANALYTICS).statusCode()).isEqualTo(403);
        assertThat(delete("/v1/admin/keys/config-37", A_ANALYTICS).statusCode()).isEqualTo(403);
        // no key at all: 401 everywhere
        assertThat(getPath("/v1/export/countries.csv?" + RANGE, null).statusCode()).isEqualTo(401);
        assertThat(getPath("/v1/admin/keys", null).statusCode()).isEqualTo(401);
        // still A's 2 plays; no category "denied-cat"
        assertThat(highlights(A_ANALYTICS, FROM, TO).path("plays").asLong()).isEqualTo(2);
        assertThat(graphQlData(A_ANALYTICS, CATEGORY, Map.of("id", "denied-cat", "f", filter(FROM, TO)))
                .path("category").isNull()).isTrue();
    }

    // ---- key management --------------------------------------------------------------------------

    private JsonNode keyOf(String adminKey, String keyId) {
        HttpResponse<String> r = getPath("/v1/admin/keys", adminKey);
        assertThat(r.statusCode()).isEqualTo(200);
        for (JsonNode k : parse(r.body())) {
            if (k.path("keyId").asText().equals(keyId)) {
                return k;
            }
        }
        return null;
    }

    @Test
    void anAdminCreatesAKeyThatWorksAtOnceListsItWithoutTheSecretAndRevokesIt() {
        JsonNode created = expect(201, "/v1/admin/keys", A_ADMIN, Map.of("role", "ANALYTICS", "name", "tenancy reader"));
        String keyId = created.path("keyId").asText();
        String key = created.path("key").asText();
        assertThat(keyId).isNotBlank();
        assertThat(key).startsWith("ga_" + keyId + "_");
        assertThat(created.path("partnerId").asText()).isEqualTo("it-13");
        assertThat(created.path("role").asText()).isEqualTo("ANALYTICS");

        // works at once, for A's data
        assertThat(highlights(key, FROM, TO).path("plays").asLong()).isEqualTo(2);
        assertThat(csv(key, "countries.csv?" + RANGE)).hasSize(2);
        // the new analytics key cannot write
        assertThat(postBody("/v1/events", key, "[]").statusCode()).isEqualTo(403);

        // listed for A, without the secret; not listed for B
        HttpResponse<String> list = getPath("/v1/admin/keys", A_ADMIN);
        // the secret is what follows "ga_<keyId>_" (it may itself contain '_')
        assertThat(list.body()).doesNotContain(key).doesNotContain(key.substring(("ga_" + keyId + "_").length()));
        JsonNode info = keyOf(A_ADMIN, keyId);
        assertThat(info).isNotNull();
        assertThat(info.has("key")).isFalse();
        assertThat(info.path("name").asText()).isEqualTo("tenancy reader");
        assertThat(info.path("role").asText()).isEqualTo("ANALYTICS");
        assertThat(info.path("revoked").asBoolean()).isFalse();
        assertThat(keyOf(B_ADMIN, keyId)).isNull();
        assertThat(getPath("/v1/admin/keys", B_ADMIN).body()).doesNotContain("tenancy reader");

        // B's admin cannot revoke A's key: 404, and the key still works
        HttpResponse<String> foreign = delete("/v1/admin/keys/" + keyId, B_ADMIN);
        assertThat(foreign.statusCode()).isEqualTo(404);
        assertThat(parse(foreign.body()).path("error").asText()).isEqualTo("unknown_key");
        assertThat(highlights(key, FROM, TO).path("plays").asLong()).isEqualTo(2);

        // A's admin revokes it: refused at once (401), on GraphQL and export alike, and listed as revoked
        HttpResponse<String> revoke = delete("/v1/admin/keys/" + keyId, A_ADMIN);
        assertThat(revoke.statusCode()).isEqualTo(200);
        assertThat(parse(revoke.body()).path("revoked").asText()).isEqualTo(keyId);
        HttpResponse<String> refused = graphQlRaw(key, HIGHLIGHTS, Map.of("f", filter(FROM, TO)));
        assertThat(refused.statusCode()).isEqualTo(401);
        JsonNode refusal = parse(refused.body()).path("errors").get(0);
        assertThat(refusal.path("extensions").path("code").asText()).isEqualTo("revoked_key");
        assertThat(refusal.path("message").asText()).isEqualTo("This API key was revoked. Ask an admin of your partner for a new key.");
        HttpResponse<String> refusedExport = getPath("/v1/export/countries.csv?" + RANGE, key);
        assertThat(refusedExport.statusCode()).isEqualTo(401);
        assertThat(parse(refusedExport.body()).path("error").asText()).isEqualTo("revoked_key");
        assertThat(keyOf(A_ADMIN, keyId).path("revoked").asBoolean()).isTrue();
        // and it stays refused (past the 5 s reload of the key table is not waited for here: the
        // state just read from ClickHouse says revoked)
        assertThat(graphQlRaw(key, HIGHLIGHTS, Map.of("f", filter(FROM, TO))).statusCode()).isEqualTo(401);
    }

    @Test
    void aKeyCreatedByAnAdminWritesForTheAdminsPartnerOnly() {
        JsonNode created = expect(201, "/v1/admin/keys", A_ADMIN, Map.of("role", "INGEST", "name", "tenancy writer"));
        String key = created.path("key").asText();
        // 2023-04-02: a day nothing else of A or B uses
        ingest(key, List.of(a(event("ta-new-1", "PLAY", "2023-04-02T09:00:00Z", "e1", "pa-new", "new-viewer", 0.0), "e1")));
        assertThat(highlights(A_ANALYTICS, "2023-04-02", "2023-04-02").path("plays").asLong()).isEqualTo(1);
        assertThat(highlights(B_ANALYTICS, "2023-04-02", "2023-04-02").path("plays").asLong()).isZero();
        // the ingest key cannot read
        assertThat(graphQlRaw(key, HIGHLIGHTS, Map.of("f", filter(FROM, TO))).statusCode()).isEqualTo(403);
        assertThat(delete("/v1/admin/keys/" + created.path("keyId").asText(), A_ADMIN).statusCode()).isEqualTo(200);
        assertThat(postBody("/v1/events", key, "[]").statusCode()).isEqualTo(401);
    }

    @Test
    void invalidKeyRequestsAndConfiguredKeysAreRefused() {
        assertThat(postBody("/v1/admin/keys", A_ADMIN, "{\"role\":\"ROOT\"}").statusCode()).isEqualTo(400);
        assertThat(postBody("/v1/admin/keys", A_ADMIN, "{\"name\":\"no role\"}").statusCode()).isEqualTo(400);
        assertThat(postBody("/v1/admin/keys", A_ADMIN, "not json").statusCode()).isEqualTo(400);
        // a configured key (A's own ingest key is gallery.keys[36]) is changed in configuration only
        assertThat(delete("/v1/admin/keys/config-36", A_ADMIN).statusCode()).isEqualTo(409);
        assertThat(delete("/v1/admin/keys/no-such-key", A_ADMIN).statusCode()).isEqualTo(404);
        assertThat(highlights(A_ANALYTICS, FROM, TO).path("plays").asLong()).isEqualTo(2);
    }

    // ---- the partner comes from the key ----------------------------------------------------------

    @Test
    void noRequestCanNameAPartner() {
        // the schema has no argument or input field naming a partner (tenant)
        JsonNode schema = graphQlData(A_ANALYTICS, """
                { __schema { types { name fields { name args { name } } inputFields { name } } } }""", null);
        List<String> names = new ArrayList<>();
        for (JsonNode type : schema.path("__schema").path("types")) {
            type.path("inputFields").forEach(f -> names.add(type.path("name").asText() + "." + f.path("name").asText()));
            type.path("fields").forEach(f -> f.path("args").forEach(arg -> names.add(type.path("name").asText() + "."
                    + f.path("name").asText() + "(" + arg.path("name").asText() + ")")));
        }
        assertThat(names).hasSizeGreaterThan(20);
        assertThat(names).noneMatch(n -> n.toLowerCase(Locale.ROOT).contains("partner")
                || n.toLowerCase(Locale.ROOT).contains("tenant"));

        // a filter field naming a partner is a validation error, not a switch
        Map<String, Object> f = new LinkedHashMap<>(filter(FROM, TO));
        f.put("partnerId", "it-14");
        HttpResponse<String> r = graphQlRaw(A_ANALYTICS, HIGHLIGHTS, Map.of("f", f));
        assertThat(r.body()).contains("partnerId");
        assertThat(parse(r.body()).path("errors")).isNotEmpty();
        assertThat(parse(r.body()).path("data").path("analytics").isMissingNode()
                || parse(r.body()).path("data").isNull()).isTrue();

        // an event naming B's partner is rejected (unknown field), and B's numbers do not move
        Map<String, Object> e = b(event("ta-partner", "PLAY", "2023-03-06T13:00:00Z", "e1", "bsecret-p9", "x", 0.0), "e1");
        e.put("partnerId", "it-14");
        JsonNode rejected = expect(422, "/v1/events", A_INGEST, List.of(e));
        assertThat(rejected.path("accepted").asInt()).isZero();
        assertThat(rejected.path("errors").get(0).path("field").asText()).isEqualTo("partnerId");
        assertThat(highlights(B_ANALYTICS, FROM, TO).path("plays").asLong()).isEqualTo(3);

        // query parameters naming B are refused (an export takes no parameter it does not know), and headers naming B
        // change nothing: A's key reads A's rows
        HttpResponse<String> named = getPath("/v1/export/countries.csv?partnerId=it-14&partner=it-14&tenant=it-14&" + RANGE,
                A_ANALYTICS);
        assertThat(named.statusCode()).isEqualTo(400);
        assertThat(parse(named.body()).path("message").asText()).startsWith("countries.csv: unknown parameter 'partner';"
                + " unknown parameter 'partnerId'; unknown parameter 'tenant'.");
        assertNoMarker(named.body(), "bsecret");
        List<String> lines = csv(A_ANALYTICS, "countries.csv?" + RANGE);
        assertThat(lines).hasSize(2);
        assertThat(lines.get(1)).startsWith("FR,");
        HttpResponse<String> withHeader = call(request("/graphql", A_ANALYTICS).header("Content-Type", "application/json")
                .header("X-Partner-Id", "it-14").header("X-Tenant", "it-14")
                .POST(HttpRequest.BodyPublishers.ofString(json(Map.of("query", HIGHLIGHTS, "variables",
                        Map.of("f", filter(FROM, TO)), "extensions", Map.of("partnerId", "it-14"))))));
        assertThat(parse(withHeader.body()).path("data").path("analytics").path("highlights").path("plays").asLong())
                .isEqualTo(2);
    }
}
