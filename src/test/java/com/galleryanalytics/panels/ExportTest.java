package com.galleryanalytics.panels;

import static com.galleryanalytics.panels.PanelsFixture.GALLERY;
import static com.galleryanalytics.panels.PanelsFixture.SUB_A;
import static com.galleryanalytics.panels.PanelsFixture.SUB_B;
import static com.galleryanalytics.panels.PanelsFixture.SUB_B_NAME;
import static com.galleryanalytics.panels.PanelsFixture.TEL_AVIV;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * CSV exports ({@code GET /v1/export/{table}.csv}) match their GraphQL tables row for row: a
 * header, the same keys in the same order (same filter and sort), the same metric values; values
 * holding a comma or a quote are quoted (RFC 4180). Partner it-11.
 */
class ExportTest extends PanelsIntegrationTest {
    /** The metric columns, in the order of the Metrics type. */
    static final List<String> METRICS = List.of("playerImpressions", "plays", "uniqueViewers", "minutesViewed",
            "avgDropOffRate", "avgCompletionRate", "playImpressionRatio", "playsDistribution");
    static final String RANGE = "from=" + PanelsFixture.FROM + "&to=" + PanelsFixture.TO + "&categoryId=" + GALLERY;

    @Override
    int partner() {
        return 11;
    }

    /** One expected row: its key columns and the GraphQL metrics to compare the rest with. */
    private record Row(List<String> keys, JsonNode metrics) {}

    private JsonNode tables(Map<String, Object> filter, Map<String, Object> orderBy) {
        Map<String, Object> vars = new HashMap<>(Map.of("id", GALLERY, "filter", filter));
        if (orderBy != null) {
            vars.put("orderBy", orderBy);
        }
        return query("exportTables", "category.analytics", vars);
    }

    @Test
    void countriesRegionsAndCitiesMatchRowForRowWithQuoting() {
        JsonNode t = tables(filter(), null);
        List<List<String>> countries = export("countries", RANGE);
        assertMatches(countries, List.of("country", "name"), rows(t.path("countries"), n -> List.of(
                n.path("country").asText(), n.path("name").asText())));
        // by hand: IL (Israel) 9 impressions, 7 plays, 4 viewers, 25 minutes, drop-off 3/7, completion 3.55/7,
        // ratio 7/9, distribution 7/11; then US, CY
        assertThat(countries.get(1).subList(0, 2)).containsExactly("IL", "Israel");
        assertCsvMetrics(countries.get(1), 2, 9, 7, 4, 25, 3.0 / 7, 3.55 / 7, 7.0 / 9, 7.0 / 11);
        assertThat(column(countries, 0)).containsExactly("IL", "US", "CY");

        JsonNode il = node(t.path("countries"), "/country", "IL");
        List<List<String>> regions = export("regions", RANGE + "&country=IL");
        assertMatches(regions, List.of("country", "region"), rows(il.path("regions"), n -> List.of(
                "IL", n.path("region").asText())));
        assertThat(column(regions, 1)).containsExactly("Tel Aviv District", "Jerusalem District");

        JsonNode tlv = node(il.path("regions"), "/region", "Tel Aviv District");
        String raw = exportRaw("cities", RANGE + "&country=IL&region=" + encode("Tel Aviv District"));
        List<List<String>> cities = parseCsv(raw);
        assertMatches(cities, List.of("country", "region", "city"), rows(tlv.path("cities"), n -> List.of(
                "IL", "Tel Aviv District", n.path("city").asText())));
        // 'Tel Aviv, "Jaffa"' holds a comma and quotes: quoted, quotes doubled
        assertThat(raw).contains("\r\nIL,Tel Aviv District,\"Tel Aviv, \"\"Jaffa\"\"\",6,4,2,");
        assertThat(column(cities, 2)).containsExactly(TEL_AVIV, "Ramat Gan");
    }

    @Test
    void viewersAndEntriesMatchInEverySortOrder() {
        // PLAYS DESC (the default), MINUTES_VIEWED ASC, AVG_COMPLETION_RATE DESC
        Map<String, List<String>> viewerOrders = Map.of(
                "", List.of("Unknown", "u1", "u2", "u3", "u4"),
                "MINUTES_VIEWED,ASC", List.of("Unknown", "u3", "u4", "u2", "u1"),     // 2.5 2.5 4 7 15
                "AVG_COMPLETION_RATE,DESC", List.of("u2", "u1", "u4", "u3", "Unknown")); // .8 .733 .6 .225 .133
        Map<String, List<String>> entryOrders = Map.of(
                "", List.of("e1", "e2", "e3", "e4", "e5"),
                "MINUTES_VIEWED,ASC", List.of("e5", "e3", "e2", "e4", "e1"),            // 0 2 3 6 20
                "AVG_COMPLETION_RATE,DESC", List.of("e3", "e4", "e1", "e2", "e5"));     // .55 .475 .47 .425 0
        for (String order : viewerOrders.keySet()) {
            Map<String, Object> orderBy = order.isEmpty() ? null : order(order.split(",")[0], order.split(",")[1]);
            String sort = order.isEmpty() ? "" : "&orderBy=" + order.split(",")[0] + "&direction=" + order.split(",")[1];
            JsonNode t = tables(filter(), orderBy);
            List<List<String>> viewers = export("viewers", RANGE + sort);
            assertMatches(viewers, List.of("userId", "name"), rows(t.path("viewers"), n -> List.of(n.at("/user/id").asText(),
                    n.at("/user/name").asText())));
            assertThat(column(viewers, 0)).as("viewers %s", order).containsExactlyElementsOf(viewerOrders.get(order));
            List<List<String>> entries = export("entries", RANGE + sort);
            assertMatches(entries, List.of("entryId", "name"), rows(t.path("entries"), n -> List.of(n.path("entryId").asText(),
                    n.at("/entry/name").asText())));
            assertThat(column(entries, 0)).as("entries %s", order).containsExactlyElementsOf(entryOrders.get(order));
        }
        // u1 by hand: 3 impressions, 3 plays, 1 viewer, 15 minutes, drop-off 2/3, completion 2.2/3, ratio 1, 3/11
        List<List<String>> viewers = export("viewers", RANGE);
        assertThat(viewers.get(2).subList(0, 2)).containsExactly("u1", "Ann Lee");
        assertThat(viewers.get(1).subList(0, 2)).containsExactly("Unknown", "Unknown");
        assertCsvMetrics(viewers.get(2), 2, 3, 3, 1, 15, 2.0 / 3, 2.2 / 3, 1, 3.0 / 11);
    }

    @Test
    void exportsHonourTheFilter() {
        // countries=US: c3 (Unknown), c7 (u2), c9 (u4)
        JsonNode t = tables(filter("countries", List.of("US")), null);
        List<List<String>> viewers = export("viewers", RANGE + "&countries=US");
        assertMatches(viewers, List.of("userId", "name"), rows(t.path("viewers"), n -> List.of(n.at("/user/id").asText(),
                    n.at("/user/name").asText())));
        assertThat(column(viewers, 0)).containsExactly("Unknown", "u2", "u4");
        // plays distribution within the filtered selection: 1 of 3 each
        assertCsvMetrics(viewers.get(1), 2, 1, 1, 1, 0, 0, 0.1, 1, 1.0 / 3);
    }

    @Test
    void domainsAndUrlsMatchInTheirSortOrder() {
        // by play/impression ratio: site-b 3/3 = 1 before site-a 8/10; URLs of site-a: /watch 3/3 before /gallery 5/7
        Map<String, Object> orderBy = order("PLAY_IMPRESSION_RATIO", "DESC");
        JsonNode t = tables(filter(), orderBy);
        String sort = "&orderBy=PLAY_IMPRESSION_RATIO&direction=DESC";
        List<List<String>> domains = export("domains", RANGE + sort);
        assertMatches(domains, List.of("domain"), rows(t.path("domains"), n -> List.of(n.path("domain").asText())));
        assertThat(column(domains, 0)).containsExactly(PanelsFixture.SITE_B, PanelsFixture.SITE_A);
        List<List<String>> urls = export("urls", RANGE + sort + "&domain=" + PanelsFixture.SITE_A);
        assertMatches(urls, List.of("domain", "url"), rows(node(t.path("domains"), "/domain", PanelsFixture.SITE_A)
                .path("urls"), n -> List.of(PanelsFixture.SITE_A, n.path("url").asText())));
        assertThat(column(urls, 1)).containsExactly(PanelsFixture.A2, PanelsFixture.A1);
        // site-a by hand: 10 impressions, 8 plays, 4 viewers, 27 min, drop-off 0.5, completion 4.55/8, 0.8, 8/11
        assertCsvMetrics(domains.get(2), 1, 10, 8, 4, 27, 0.5, 4.55 / 8, 0.8, 8.0 / 11);
    }

    @Test
    void topVideosSubCategoriesAndPerformanceMatch() {
        JsonNode t = tables(filter(), order("PLAYS", "ASC"));
        // top videos: entryId, score, then the metrics; e1 8.7, e3 4.6, e4 4.4, e2 4.3, e5 0.0
        List<List<String>> top = export("topVideos", RANGE);
        assertMatches(top, List.of("entryId", "name", "score"), rows(t.path("topVideos"), n -> List.of(
                n.path("entryId").asText(), n.at("/entry/name").asText(), Double.toString(n.path("score").asDouble()))));
        assertThat(column(top, 1)).containsExactly("Intro", "A1 clip", "Shared", "Deep dive", "Podcast");
        assertThat(column(top, 0)).containsExactly("e1", "e3", "e4", "e2", "e5");
        assertThat(column(top, 2).stream().map(Double::parseDouble).toList()).containsExactly(8.7, 4.6, 4.4, 4.3, 0.0);

        // sub-categories, plays ascending: Sub B (2) then Sub A (6); Sub B's name holds a comma and quotes
        String raw = exportRaw("subCategories", RANGE + "&orderBy=PLAYS&direction=ASC");
        List<List<String>> subs = parseCsv(raw);
        assertMatches(subs, List.of("categoryId", "name"), rows(t.path("subCategories"), n -> List.of(
                n.at("/category/id").asText(), n.at("/category/name").asText())));
        assertThat(column(subs, 0)).containsExactly(SUB_B, SUB_A);
        assertThat(subs.get(1).get(1)).isEqualTo(SUB_B_NAME);
        assertThat(raw).contains("\r\ngal-b,\"Talks, \"\"Live\"\"\",3,2,2,");
        // Sub A: 4 impressions, 6 plays, 5 viewers, 11 minutes, drop-off 2.5/6, completion 2.9/6, 1.5, 6/11
        assertCsvMetrics(subs.get(2), 2, 4, 6, 5, 11, 2.5 / 6, 2.9 / 6, 1.5, 6.0 / 11);

        // performance by day
        List<List<String>> days = export("performance", RANGE);
        List<Row> points = new ArrayList<>();
        for (JsonNode p : t.path("performance")) {
            points.add(new Row(List.of(p.path("date").asText()), p.path("metrics")));
        }
        assertMatches(days, List.of("date"), points);
        assertThat(column(days, 0)).containsExactly("2024-06-11", "2024-06-12");
        // 06-11: 5 impressions, 5 plays, 4 viewers, 18 min, drop-off 0.45, completion 2.65/5, ratio 1, 5/11
        assertCsvMetrics(days.get(1), 1, 5, 5, 4, 18, 0.45, 2.65 / 5, 1, 5.0 / 11);
    }

    @Test
    void drillDownsNameTheirUserAndEntryAsEverywhereElse() {
        // u1's entries (e1 twice, e2 once in the fixture's range) and e1's viewers, with names
        List<List<String>> userEntries = export("userEntries", RANGE + "&userId=u1");
        assertThat(userEntries.get(0).subList(0, 3)).containsExactly("userId", "entryId", "name");
        assertThat(userEntries.get(1).subList(0, 3)).containsExactly("u1", "e1", "Intro");
        List<List<String>> entryViewers = export("entryViewers", RANGE + "&entryId=e1");
        assertThat(entryViewers.get(0).subList(0, 3)).containsExactly("entryId", "userId", "name");
        assertThat(entryViewers.stream().skip(1).map(r -> r.get(1) + "=" + r.get(2)).toList()).contains("u1=Ann Lee");
        assertThat(export("userPerformance", RANGE + "&userId=u1").get(0).get(0)).isEqualTo("date");
    }

    @Test
    void aParameterTheTableDoesNotTakeIsNamedNotIgnored() {
        assertRefused("countries", RANGE.replace("categoryId", "category_id"),
                "countries.csv: unknown parameter 'category_id' (did you mean 'categoryId'?). It takes: from, to,");
        assertRefused("devices", RANGE + "&country=IL", "devices.csv: unknown parameter 'country' (did you mean 'countries'?).");
        assertRefused("countries", RANGE + "&compareTo=PREVIOUS_PERIOD", "countries.csv: 'compareTo': an export holds one"
                + " period, so it takes no comparison; export the comparison period with its own from and to.");
        assertRefused("userEntries", RANGE + "&user=u1", "userEntries.csv: unknown parameter 'user' (did you mean 'userId'?).");
        assertRefused("performance", RANGE + "&orderBy=PLAYS", "performance.csv: unknown parameter 'orderBy'.");
        assertRefused("countries", RANGE + "&from=2024-06-01", "countries.csv: 'from' is given 2 times; it takes one value.");
        assertRefused("countries", RANGE + "&entryId=e1", "countries.csv: one scope at most, got categoryId and entryId.");
        assertRefused("userEntries", RANGE + "&userId=", "Query parameter 'userId' is empty.");
        // a category that does not exist is not an empty table
        HttpResponse<String> r = get("/v1/export/countries.csv?" + RANGE.replace(GALLERY, "nope"), analyticsKey());
        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(parse(r.body()).path("message").asText())
                .isEqualTo("No category 'nope' for this partner: find ids with the GraphQL query categories(search:, first:).");
    }

    private void assertRefused(String table, String query, String message) {
        HttpResponse<String> r = get("/v1/export/" + table + ".csv?" + query, analyticsKey());
        assertThat(r.statusCode()).as("%s?%s: %s", table, query, r.body()).isEqualTo(400);
        assertThat(parse(r.body()).path("message").asText()).as(table).contains(message);
    }

    // ---- helpers --------------------------------------------------------------------------

    private interface Keys {
        List<String> of(JsonNode node);
    }

    private static List<Row> rows(JsonNode connection, Keys keys) {
        List<Row> out = new ArrayList<>();
        for (JsonNode edge : connection.path("edges")) {
            out.add(new Row(keys.of(edge.path("node")), edge.path("node").path("metrics")));
        }
        return out;
    }

    /** Header = key columns + metric columns; then each GraphQL row, in order, with the same values. */
    private static void assertMatches(List<List<String>> csv, List<String> keyColumns, List<Row> expected) {
        List<String> header = new ArrayList<>(keyColumns);
        header.addAll(METRICS);
        assertThat(csv).as("CSV has a header row").isNotEmpty();
        assertThat(csv.get(0)).as("header").containsExactlyElementsOf(header);
        assertThat(csv.size() - 1).as("data rows of %s vs GraphQL %s", csv, expected).isEqualTo(expected.size());
        assertThat(expected).as("GraphQL rows").isNotEmpty();
        for (int i = 0; i < expected.size(); i++) {
            List<String> line = csv.get(i + 1);
            Row row = expected.get(i);
            assertThat(line).as("columns of CSV row %d", i + 1).hasSize(header.size());
            assertThat(line.subList(0, keyColumns.size())).as("keys of CSV row %d", i + 1)
                    .containsExactlyElementsOf(row.keys());
            for (int m = 0; m < METRICS.size(); m++) {
                String value = line.get(keyColumns.size() + m);
                JsonNode graphQl = row.metrics().path(METRICS.get(m));
                String what = METRICS.get(m) + " of CSV row " + (i + 1) + " " + line;
                if (m < 3) {
                    assertThat(value).as(what).isEqualTo(Long.toString(graphQl.asLong()));
                } else {
                    assertThat(Double.parseDouble(value)).as(what).isCloseTo(graphQl.asDouble(), within(EPS));
                }
            }
        }
    }

    /** A CSV row's metric columns (starting at {@code first}) against hand-computed values. */
    private static void assertCsvMetrics(List<String> line, int first, long impressions, long plays, long viewers,
            double minutes, double dropOff, double completion, double ratio, double distribution) {
        assertThat(line.subList(first, first + 3)).as("counts of %s", line)
                .containsExactly(Long.toString(impressions), Long.toString(plays), Long.toString(viewers));
        double[] expected = {minutes, dropOff, completion, ratio, distribution};
        for (int i = 0; i < expected.length; i++) {
            assertThat(Double.parseDouble(line.get(first + 3 + i))).as("%s of %s", METRICS.get(3 + i), line)
                    .isCloseTo(expected[i], within(EPS));
        }
    }

    private static List<String> column(List<List<String>> csv, int index) {
        return csv.subList(1, csv.size()).stream().map(r -> r.get(index)).toList();
    }

    private List<List<String>> export(String table, String query) {
        return parseCsv(exportRaw(table, query));
    }

    private String exportRaw(String table, String query) {
        HttpResponse<String> r = get("/v1/export/" + table + ".csv?" + query, analyticsKey());
        assertThat(r.statusCode()).as("GET %s: %s", table, r.body()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("text/csv");
        return r.body();
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /** RFC 4180: fields separated by commas, records by CRLF; quoted fields may hold commas and "" for a quote. */
    static List<List<String>> parseCsv(String text) {
        List<List<String>> rows = new ArrayList<>();
        List<String> row = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        boolean any = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    field.append(c);
                }
                continue;
            }
            switch (c) {
                case '"' -> quoted = true;
                case ',' -> {
                    row.add(field.toString());
                    field.setLength(0);
                }
                case '\r' -> {
                    // part of CRLF
                }
                case '\n' -> {
                    row.add(field.toString());
                    field.setLength(0);
                    rows.add(row);
                    row = new ArrayList<>();
                }
                default -> field.append(c);
            }
            any = true;
        }
        assertThat(quoted).as("unterminated quoted field").isFalse();
        if (any && (field.length() > 0 || !row.isEmpty())) {
            row.add(field.toString());
            rows.add(row);
        }
        return rows;
    }
}
