package com.galleryanalytics.trust;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Hostile input: a seeded generator of a few thousand malformed, oversized, mistyped, injected
 * and bombing requests against every endpoint. Each response must be of the expected class — a
 * 4xx for REST (with the field at fault where the API names one), a 200 whose {@code errors}
 * entry carries a classification (or a 4xx) for GraphQL — never a 5xx; afterwards the service
 * answers a normal dashboard, and the fuzzed partner's numbers are exactly what they were.
 * SQL-looking and odd-Unicode strings that are valid ids are stored as plain text and read back
 * verbatim. Partner it-17.
 *
 * <p>Valid data, 2023-06-14: entries fz-e1 (600 s, fz-owner, tag "fz") and {@code 1' OR '1'='1}
 * ("Robert'); DROP TABLE entries;--", 120 s, fz-owner2, tags {@code ' OR 1=1 --} and "фаззинг");
 * user {@code '); DROP TABLE events; --} named {@code Bobby "Tables" \ O'Hara}. Events:
 * PLAY fz-e1 (play {@code p' OR 1=1 --}, that user, country {@code JP' --}, region "\u202Eevil"
 * (right-to-left override), city 東京) with PLAY_REACHED_25 @150 s; PLAY of {@code 1' OR '1'='1}
 * by "u\u200Frtl" (right-to-left mark) in IL; IMPRESSION fz-e1 by {@code x\y"z}; PLAY fz-e1 by
 * "😀 emoji" without a place.
 * → impressions 1, plays 3, viewers 3, minutes 0.25 × 10 = 2.5, contributors 2, played entries 2.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HostileInputTest extends TrustSupport {
    static final String INGEST = "it-ingest-17";
    static final String ANALYTICS = "it-analytics-17";
    static final String ADMIN = "it-admin-17";
    static final long SEED = 20_231_125L;

    static final String SQL_ENTRY = "1' OR '1'='1";
    static final String SQL_ENTRY_NAME = "Robert'); DROP TABLE entries;--";
    static final String SQL_TAG = "' OR 1=1 --";
    static final String SQL_USER = "'); DROP TABLE events; --";
    static final String SQL_USER_NAME = "Bobby \"Tables\" \\ O'Hara";
    static final String SQL_PLAY = "p' OR 1=1 --";
    static final String SQL_COUNTRY = "JP' --";
    static final String RTL_REGION = "\u202Eevil";
    static final String CJK_CITY = "東京";
    static final String RLM_USER = "u\u200Frtl";
    static final String QUOTE_USER = "x\\y\"z";
    static final String EMOJI_USER = "😀 emoji";

    /** SQL-looking strings the fuzzer uses; none equals a stored value above. */
    static final List<String> SQL = List.of("' OR '1'='1", "1; DROP TABLE events", "\" OR \"\"=\"", "\\' OR 1=1 --",
            "%' OR 1=1 --", "') OR ('a'='a", "1) UNION SELECT * FROM system.users --",
            "' UNION ALL SELECT name FROM system.tables --", "'; SELECT sleep(3); --", "${jndi:ldap://127.0.0.1/x}",
            "{{7*7}}", "<script>alert(1)</script>", "\\N", "' AND 1=(SELECT count() FROM system.numbers) --",
            "x'); INSERT INTO events (partner_id) VALUES ('it-17'); --", "'||'", "`drop`", "*/ SELECT 1 /*");

    @BeforeAll
    void seed() {
        upsert("categories", INGEST, List.of(category("fz-cat", "Fuzz gallery", null)));
        Map<String, Object> sqlEntry = entry(SQL_ENTRY, SQL_ENTRY_NAME, "fz-owner2", 120, "fz-cat");
        sqlEntry.put("tags", List.of(SQL_TAG, "фаззинг"));
        Map<String, Object> e1 = entry("fz-e1", "Fuzz one", "fz-owner", 600, "fz-cat");
        e1.put("tags", List.of("fz"));
        upsert("entries", INGEST, List.of(e1, sqlEntry));
        upsert("users", INGEST, List.of(Map.of("id", SQL_USER, "name", SQL_USER_NAME)));
        ingest(INGEST, List.of(
                at(event("fz-1", "PLAY", "2023-06-14T10:00:00Z", "fz-e1", SQL_PLAY, SQL_USER, 0.0), SQL_COUNTRY, RTL_REGION,
                        CJK_CITY, "https://fz.example/watch/1'%20OR%201=1", DESKTOP_UA, "DESKTOP"),
                event("fz-2", "PLAY_REACHED_25", "2023-06-14T10:02:30Z", "fz-e1", SQL_PLAY, SQL_USER, 150.0),
                at(event("fz-3", "PLAY", "2023-06-14T11:00:00Z", SQL_ENTRY, "fz-p2", RLM_USER, 0.0), "IL", "Tel Aviv",
                        "Tel Aviv", "https://fz.example/other", IPHONE_UA, "MOBILE"),
                event("fz-4", "IMPRESSION", "2023-06-14T12:00:00Z", "fz-e1", "fz-p3", QUOTE_USER, null),
                event("fz-5", "PLAY", "2023-06-14T13:00:00Z", "fz-e1", "fz-p5", EMOJI_USER, 0.0)));
    }

    // ---- the valid hostile strings are plain text --------------------------------------------------

    static final String JUNE = """
            query($f: AnalyticsFilter!) { analytics(filter: $f) {
              highlights { playerImpressions plays uniqueViewers minutesViewed contributors playedEntries }
              viewers(first: 10) { totalCount edges { node { user { id name } metrics { plays } } } }
              entries(first: 10) { totalCount edges { node { entryId entry { name tags } metrics { plays } } } }
              countries(first: 10) { edges { node { country metrics { plays }
                regions(first: 5) { edges { node { region cities(first: 5) { edges { node { city } } } } } } } } }
            } }""";

    @Test
    void sqlLookingAndOddUnicodeIdsAreStoredAndReadBackVerbatim() {
        JsonNode a = graphQlData(ANALYTICS, JUNE, Map.of("f", filter("2023-06-01", "2023-06-30"))).path("analytics");
        JsonNode h = a.path("highlights");
        assertThat(List.of(h.path("playerImpressions").asLong(), h.path("plays").asLong(), h.path("uniqueViewers").asLong(),
                h.path("contributors").asLong(), h.path("playedEntries").asLong())).containsExactly(1L, 3L, 3L, 2L, 2L);
        assertThat(h.path("minutesViewed").asDouble()).isCloseTo(2.5, within(1e-9));
        Map<String, String> viewers = new TreeMap<>();
        a.path("viewers").path("edges").forEach(e -> viewers.put(e.path("node").path("user").path("id").asText(),
                e.path("node").path("user").path("name").asText()));
        assertThat(viewers).containsOnlyKeys(SQL_USER, RLM_USER, EMOJI_USER);
        assertThat(viewers.get(SQL_USER)).isEqualTo(SQL_USER_NAME);
        List<String> entries = new ArrayList<>();
        a.path("entries").path("edges").forEach(e -> entries.add(e.path("node").path("entryId").asText() + " / "
                + e.path("node").path("entry").path("name").asText()));
        assertThat(entries).containsExactlyInAnyOrder("fz-e1 / Fuzz one", SQL_ENTRY + " / " + SQL_ENTRY_NAME);
        JsonNode jp = null;
        for (JsonNode c : a.path("countries").path("edges")) {
            if (c.path("node").path("country").asText().equals(SQL_COUNTRY)) {
                jp = c.path("node");
            }
        }
        assertThat(jp).as("country %s in %s", SQL_COUNTRY, a.path("countries")).isNotNull();
        JsonNode region = jp.path("regions").path("edges").get(0).path("node");
        assertThat(region.path("region").asText()).isEqualTo(RTL_REGION);
        assertThat(region.path("cities").path("edges").get(0).path("node").path("city").asText()).isEqualTo(CJK_CITY);

        // by id and as filters: matched as plain values, never as SQL
        assertThat(graphQlData(ANALYTICS, "query($id: ID!) { entry(id: $id) { id name tags } }", Map.of("id", SQL_ENTRY))
                .path("entry").path("tags").toString()).isEqualTo("[\"' OR 1=1 --\",\"фаззинг\"]");
        assertThat(plays(Map.of("tags", List.of(SQL_TAG)))).isEqualTo(1);
        assertThat(plays(Map.of("tags", List.of("x' OR '1'='1")))).isZero();
        assertThat(plays(Map.of("countries", List.of(SQL_COUNTRY)))).isEqualTo(1);
        assertThat(plays(Map.of("regions", List.of(RTL_REGION)))).isEqualTo(1);
        assertThat(plays(Map.of("userIds", List.of(RLM_USER)))).isEqualTo(1);
        assertThat(plays(Map.of("entryIds", List.of(SQL_ENTRY)))).isEqualTo(1);
        assertThat(plays(Map.of("userIds", List.of("' OR 1=1 --")))).isZero();
        JsonNode user = graphQlData(ANALYTICS, "query($id: ID!, $f: AnalyticsFilter!) { user(id: $id) { id name"
                + " analytics(filter: $f) { highlights { plays minutesViewed } } } }",
                Map.of("id", SQL_USER, "f", filter("2023-06-01", "2023-06-30"))).path("user");
        assertThat(user.path("name").asText()).isEqualTo(SQL_USER_NAME);
        assertThat(user.path("analytics").path("highlights").path("plays").asLong()).isEqualTo(1);
        assertThat(user.path("analytics").path("highlights").path("minutesViewed").asDouble()).isCloseTo(2.5, within(1e-9));
        // the export writes them as CSV text: 東京 and the quote-laden name verbatim
        HttpResponse<String> csv = getPath("/v1/export/cities.csv?from=2023-06-01&to=2023-06-30&country="
                + URLEncoder.encode(SQL_COUNTRY, StandardCharsets.UTF_8) + "&region="
                + URLEncoder.encode(RTL_REGION, StandardCharsets.UTF_8), ANALYTICS);
        assertThat(csv.statusCode()).isEqualTo(200);
        assertThat(csv.body().lines().toList().get(1)).startsWith(SQL_COUNTRY + "," + RTL_REGION + "," + CJK_CITY + ",0,1,");
    }

    long plays(Map<String, Object> narrowing) {
        Map<String, Object> f = filter("2023-06-01", "2023-06-30");
        f.putAll(narrowing);
        return graphQlData(ANALYTICS, HIGHLIGHTS, Map.of("f", f)).path("analytics").path("highlights").path("plays").asLong();
    }

    // ---- the fuzzer ----------------------------------------------------------------------------------

    /** What a response must be; null when it is, else why not. */
    interface Check extends Function<HttpResponse<String>, String> {}

    /** One hostile request: its kind (for the summary), how to send it, what must come back. */
    record Case(String kind, String what, Supplier<HttpRequest.Builder> request, Check check) {}

    static JsonNode tryParse(String body) {
        try {
            return JSON.readTree(body);
        } catch (Exception e) {
            return JSON.createObjectNode();
        }
    }

    static Check status(Integer... allowed) {
        return r -> Arrays.asList(allowed).contains(r.statusCode()) ? null : "status " + r.statusCode() + " not in "
                + Arrays.toString(allowed);
    }

    /** 422, nothing accepted, the first error names {@code field}. */
    static Check rejected(String field) {
        return r -> {
            JsonNode b = tryParse(r.body());
            if (r.statusCode() != 422) {
                return "status " + r.statusCode() + ", expected 422 naming " + field;
            }
            if (b.path("accepted").asInt(-1) != 0) {
                return "accepted " + b.path("accepted");
            }
            String named = b.path("errors").path(0).path("field").asText(null);
            return field.equals(named) ? null : "field " + named + ", expected " + field;
        };
    }

    /** 400 with the malformed-body answer. */
    static Check malformed() {
        return r -> r.statusCode() == 400 && "malformed_body".equals(tryParse(r.body()).path("error").asText())
                ? null : "expected 400 malformed_body, got " + r.statusCode();
    }

    /** A 4xx that accepted nothing (400 malformed or 422 with no event accepted). */
    static Check refusedEvents() {
        return r -> (r.statusCode() == 400 || r.statusCode() == 422) && tryParse(r.body()).path("accepted").asInt(0) == 0
                ? null : "expected 400/422 accepting nothing, got " + r.statusCode();
    }

    /**
     * A body that is no array of items: 400 invalid_entity (or 422 storing nothing, when it is an
     * array of non-objects). A bad second item ({@code field} given): 422, the good first item
     * stored, the second listed with index 1 and the field.
     */
    /** The parameters naming the parent row of each drill-down export. */
    static final Map<String, Map<String, String>> EXPORT_PARENTS = Map.of("regions", Map.of("country", "NL"),
            "cities", Map.of("country", "NL", "region", "x"), "urls", Map.of("domain", "x"),
            "operatingSystems", Map.of("device", "DESKTOP"), "browsers", Map.of("device", "DESKTOP"),
            "userEntries", Map.of("userId", "x"), "userPerformance", Map.of("userId", "x"),
            "entryViewers", Map.of("entryId", "x"), "entryPerformance", Map.of("entryId", "x"));

    static Check entityRefused(String field) {
        return r -> {
            JsonNode b = tryParse(r.body());
            if (field == null) {
                boolean refused = r.statusCode() == 400 && "invalid_entity".equals(b.path("error").asText())
                        || r.statusCode() == 422 && b.path("upserted").asInt(-1) == 0;
                return refused ? null : "expected 400 invalid_entity or 422 storing nothing, got " + r.statusCode();
            }
            if (r.statusCode() != 422 || b.path("upserted").asInt(-1) != 1 || b.path("rejected").asInt(-1) != 1) {
                return "expected 422 with 1 upserted and 1 rejected, got " + r.statusCode() + " " + b;
            }
            JsonNode e = b.path("errors").path(0);
            return e.path("index").asInt(-1) == 1 && field.equals(e.path("field").asText()) ? null
                    : "rejection " + e + ", expected index 1 and field " + field;
        };
    }

    /** GraphQL: 200 with a first error of one of the classifications and no data for it. */
    static Check gqlError(String... classifications) {
        return r -> {
            if (r.statusCode() != 200) {
                return "status " + r.statusCode() + ", expected 200 with " + Arrays.toString(classifications);
            }
            JsonNode e = tryParse(r.body()).path("errors").path(0);
            String c = e.path("extensions").path("classification").asText(null);
            if (!Arrays.asList(classifications).contains(c)) {
                return "classification " + c + ", expected " + Arrays.toString(classifications);
            }
            return e.path("message").asText("").isBlank() ? "no message" : null;
        };
    }

    /** GraphQL refused one way or the other: a 4xx, or a 200 with a classified error. */
    static Check gqlRefused() {
        return r -> {
            if (r.statusCode() >= 400 && r.statusCode() < 500) {
                return null;
            }
            JsonNode e = tryParse(r.body()).path("errors").path(0);
            return r.statusCode() == 200 && e.path("extensions").hasNonNull("classification")
                    && !"INTERNAL_ERROR".equals(e.path("extensions").path("classification").asText())
                    ? null : "expected a 4xx or a classified error, got " + r.statusCode();
        };
    }

    /** GraphQL answered without errors and the account's highlights (under the filter) are all zero. */
    static Check gqlNothing() {
        return r -> {
            JsonNode b = tryParse(r.body());
            if (r.statusCode() != 200 || b.has("errors")) {
                return "expected an answer without errors, got " + r.statusCode();
            }
            JsonNode h = b.path("data").path("analytics").path("highlights");
            return h.path("plays").asLong(-1) == 0 && h.path("playerImpressions").asLong(-1) == 0
                    && h.path("uniqueViewers").asLong(-1) == 0 ? null : "numbers where none match: " + h;
        };
    }

    /** An export with no row: just the header line. */
    static Check csvHeaderOnly() {
        return r -> r.statusCode() == 200 && r.body().lines().count() == 1 ? null
                : "expected 200 and a header only, got " + r.statusCode() + " with " + r.body().lines().count() + " lines";
    }

    Supplier<HttpRequest.Builder> postReq(String path, String key, String body) {
        return () -> request(path, key).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
    }

    Supplier<HttpRequest.Builder> postBytes(String path, String key, byte[] body) {
        return () -> request(path, key).header("Content-Type", "application/x-ndjson")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    }

    Supplier<HttpRequest.Builder> gql(String query, Map<String, Object> variables) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("query", query);
        if (variables != null) {
            body.put("variables", variables);
        }
        return postReq("/graphql", ANALYTICS, json(body));
    }

    /** A valid event of the fuzz: it would count on 2023-06-15 if it were ever stored. */
    static Map<String, Object> valid(int i) {
        Map<String, Object> e = new LinkedHashMap<>(event("fz-h-" + i, "PLAY", "2023-06-15T10:00:00Z", "fz-e1", "fz-hp-" + i,
                "fz-hu", 0.0));
        e.put("pageUrl", "https://fz.example/h");
        e.put("country", "NL");
        return e;
    }

    static final List<String> TEXT_FIELDS = List.of("eventId", "type", "time", "entryId", "playId", "userId",
            "contextCategoryId", "pageUrl", "userAgent", "device", "playbackType", "country", "region", "city");
    static final List<Object> NOT_STRINGS = List.of(42, -1.5, true, false, Map.of(), Map.of("a", 1), List.of(),
            List.of("PLAY"), 1e300);
    static final List<String> BAD_TIMES = List.of("0001-01-01T00:00:00Z", "1970-01-01T00:00:00Z", "1999-12-31T23:59:59Z",
            "9999-12-31T23:59:59Z", "+275760-09-13T00:00:00Z", "2023-02-30T10:00:00Z", "2023-06-15T25:00:00Z",
            "2023-06-15T10:00:00", "2023-06-15", "yesterday", "' OR 1=1 --", "2023-06-15T10:00:00Z' --",
            "2023-06-15T23:59:60Z", "1686823200", "2023-06-15T10:00:00+25:00", "2023‐06‐15T10:00:00Z", "");
    static final List<String> BAD_TYPES = List.of("CLICK", "play", "Play", "PLAY ", "PLAYS", "PLAY_REACHED_33",
            "IMPRESSION; DROP TABLE events", "' OR 1=1 --", "\u202EPLAY", "ＰＬＡＹ", "", "   ", "PLAY\u200B", "VIEW'--");
    static final List<String> UNKNOWN_FIELDS = List.of("partnerId", "partner_id", "__proto__", "constructor", "eventID",
            "Type", "' OR 1=1 --", "x\u202Ey", "😀", "", "$where", "events; DROP TABLE events", "tenant", "positionsec");
    static final List<String> BAD_ZONES = List.of("Mars/Olympus_Mons", "UTC'; DROP TABLE events; --", "../../../../etc/passwd",
            "Europe/Paris\u0000", "+05:30", "GMT+25", "Asia/Kolkata ", " UTC", "utc", "Z", "Europe/Pariss", "America/New York",
            "\u202EUTC", "Etc/GMT+99", "${jndi:ldap://x}", "Asia/Calcutta\n");
    static final List<String> CONTROL = List.of("\u0000", "\u0001", "\u0008", "\u001b", "\u001f", "\u007f", "\n", "\t",
            "\r");
    static final List<String> SURROGATES = List.of("\\ud800", "\\udbff", "\\udc00", "\\udfff");

    static String random(Random r, String alphabet, int length) {
        StringBuilder b = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            b.append(alphabet.charAt(r.nextInt(alphabet.length())));
        }
        return b.toString();
    }

    static <T> T pick(Random r, List<T> list) {
        return list.get(r.nextInt(list.size()));
    }

    /** The valid first items of refused entity batches ("kind:id"): none may exist afterwards. */
    final List<String> goodItemsOfPartlyBadBatches = new ArrayList<>();

    List<Case> generate() {
        Random r = new Random(SEED);
        List<Case> cases = new ArrayList<>();
        int n = 0;
        // -- events: truncated JSON arrays (400) and truncated single lines (400)
        for (int k = 0; k < 150; k++) {
            List<Map<String, Object>> batch = new ArrayList<>();
            for (int j = 0, m = 1 + r.nextInt(3); j < m; j++) {
                batch.add(valid(n++));
            }
            String body = json(batch);
            String cut = body.substring(0, r.nextInt(body.length() - 1));
            cases.add(new Case("events: truncated array", cut, postReq("/v1/events", INGEST, cut), malformed()));
        }
        for (int k = 0; k < 100; k++) {
            String line = json(valid(n++));
            String cut = line.substring(0, 1 + r.nextInt(line.length() - 2));
            cases.add(new Case("events: truncated line", cut, postReq("/v1/events", INGEST, cut), malformed()));
        }
        // -- wrong types (422 naming the field)
        for (int k = 0; k < 220; k++) {
            Map<String, Object> e = valid(n++);
            String field;
            if (r.nextInt(5) == 0) {
                field = "positionSec";
                e.put(field, pick(r, List.of("12", true, Map.of(), List.of(1), -1, -0.001, 1e8, 10_000_001, "NaN")));
            } else {
                field = pick(r, TEXT_FIELDS);
                e.put(field, pick(r, NOT_STRINGS));
            }
            cases.add(new Case("events: wrong type", field + "=" + e.get(field), postReq("/v1/events", INGEST, json(List.of(e))),
                    rejected(field)));
        }
        // -- missing required fields, unknown fields, unknown types, bad times, SQL in enum-like fields
        for (int k = 0; k < 40; k++) {
            Map<String, Object> e = valid(n++);
            String field = pick(r, List.of("type", "time", "entryId", "playId"));
            if (r.nextBoolean()) {
                e.remove(field);
            } else {
                e.put(field, null);
            }
            cases.add(new Case("events: missing field", field, postReq("/v1/events", INGEST, json(List.of(e))), rejected(field)));
        }
        for (int k = 0; k < 100; k++) {
            Map<String, Object> e = valid(n++);
            String name = pick(r, UNKNOWN_FIELDS);
            e.put(name, pick(r, List.of("it-14", 1, true, Map.of("$ne", ""))));
            cases.add(new Case("events: unknown field", name, postReq("/v1/events", INGEST, json(List.of(e))), rejected(name)));
        }
        for (int k = 0; k < 100; k++) {
            Map<String, Object> e = valid(n++);
            e.put("type", pick(r, BAD_TYPES));
            cases.add(new Case("events: unknown type", (String) e.get("type"), postReq("/v1/events", INGEST, json(List.of(e))),
                    rejected("type")));
        }
        for (int k = 0; k < 120; k++) {
            Map<String, Object> e = valid(n++);
            String time = k % 4 == 0
                    ? Instant.now().plus(2 + r.nextInt(36_500), ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS).toString()
                    : pick(r, BAD_TIMES);
            e.put("time", time);
            cases.add(new Case("events: bad time", time, postReq("/v1/events", INGEST, json(List.of(e))), rejected("time")));
        }
        for (int k = 0; k < 60; k++) {
            Map<String, Object> e = valid(n++);
            String field = pick(r, List.of("device", "playbackType", "type", "time"));
            e.put(field, pick(r, SQL));
            cases.add(new Case("events: SQL in a checked field", field + "=" + e.get(field),
                    postReq("/v1/events", INGEST, json(List.of(e))), rejected(field)));
        }
        // -- control characters, NUL bytes and lone surrogates inside strings (422 naming the field)
        for (int k = 0; k < 100; k++) {
            Map<String, Object> e = valid(n++);
            String field = pick(r, List.of("eventId", "entryId", "playId", "userId", "contextCategoryId", "userAgent",
                    "country", "region", "city"));
            String value = "v" + n;
            int at = r.nextInt(value.length() + 1);
            e.put(field, value.substring(0, at) + pick(r, CONTROL) + value.substring(at));
            cases.add(new Case("events: control character", field, postReq("/v1/events", INGEST, json(List.of(e))),
                    rejected(field)));
        }
        for (int k = 0; k < 60; k++) {
            Map<String, Object> e = valid(n++);
            String field = pick(r, List.of("eventId", "entryId", "playId", "userId", "country", "region", "city"));
            e.put(field, "a@SURROGATE@b");
            String body = json(List.of(e)).replace("@SURROGATE@", pick(r, SURROGATES));
            cases.add(new Case("events: lone surrogate", field + " " + body, postReq("/v1/events", INGEST, body),
                    rejected(field)));
        }
        // -- invalid UTF-8 inside an otherwise valid event (400: nothing decoded into U+FFFD and stored)
        for (int k = 0; k < 40; k++) {
            String line = json(valid(n++)).replace("fz-hu", "fz-h@");
            byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
            int at = line.indexOf('@');
            byte[][] bad = {{(byte) 0xff}, {(byte) 0xc3, 0x28}, {(byte) 0xe2, (byte) 0x82}, {(byte) 0xf0, (byte) 0x28, (byte) 0x8c},
                    {(byte) 0xc0, (byte) 0xaf}, {(byte) 0xed, (byte) 0xa0, (byte) 0x80}};
            byte[] b = bad[r.nextInt(bad.length)];
            byte[] body = new byte[bytes.length - 1 + b.length];
            System.arraycopy(bytes, 0, body, 0, at);
            System.arraycopy(b, 0, body, at, b.length);
            System.arraycopy(bytes, at + 1, body, at + b.length, bytes.length - at - 1);
            cases.add(new Case("events: invalid UTF-8", Arrays.toString(b), postBytes("/v1/events", INGEST, body), malformed()));
        }
        // -- huge strings: over the field's limit (422) or over the parser's 1,000,000 characters (400)
        Map<String, Integer> limits = Map.of("eventId", 200, "entryId", 200, "playId", 200, "userId", 200, "country", 200,
                "userAgent", 2048, "pageUrl", 8192);
        List<String> limited = new ArrayList<>(limits.keySet());
        Collections.sort(limited);
        for (int k = 0; k < 56; k++) {
            Map<String, Object> e = valid(n++);
            String field = pick(r, limited);
            int length = limits.get(field) + 1 + r.nextInt(k % 7 == 0 ? 200_000 : 50);
            String value = "x".repeat(length);
            e.put(field, field.equals("pageUrl") ? "https://fz.example/" + value : value);
            cases.add(new Case("events: huge string", field + " × " + length, postReq("/v1/events", INGEST, json(List.of(e))),
                    rejected(field)));
        }
        for (int k = 0; k < 4; k++) {
            Map<String, Object> e = valid(n++);
            e.put("userAgent", "y".repeat(1_000_001 + r.nextInt(500_000)));
            cases.add(new Case("events: huge string", "userAgent over the parser's limit",
                    postReq("/v1/events", INGEST, json(List.of(e))), malformed()));
        }
        // -- deep nesting in a field: depth = 1 (the event) + d; Jackson's limit here is 16
        for (int k = 0; k < 50; k++) {
            int d = switch (k % 5) {
                case 0 -> 15;
                case 1 -> 16;
                case 2 -> 2 + r.nextInt(13);
                default -> 17 + r.nextInt(5000);
            };
            String nested = r.nextBoolean() ? "[".repeat(d) + "]".repeat(d) : "{\"a\":".repeat(d - 1) + "{}" + "}".repeat(d - 1);
            String field = pick(r, List.of("userId", "type", "positionSec", "country"));
            String line = json(valid(n++)).replaceFirst("\\}$", ",\"" + field + "\":" + nested + "}");
            // a repeated key: the nested value comes last and wins
            cases.add(new Case("events: deep nesting", field + " depth " + d, postReq("/v1/events", INGEST, line),
                    d <= 15 ? rejected(field) : malformed()));
        }
        // -- garbage: not JSON at all (400), or JSON that is no event (422); nothing accepted
        String alphabet = "abcXYZ0123456789 {}[]:,\"'\\/-_=+*&^%$#@!?<>;~`\u00e9\u4e2d\t";
        for (int k = 0; k < 100; k++) {
            StringBuilder body = new StringBuilder();
            for (int j = 0, lines = 1 + r.nextInt(4); j < lines; j++) {
                body.append(random(r, alphabet, 1 + r.nextInt(120)).replace('[', '(')).append('\n');
            }
            String b = body.charAt(0) == '[' ? "x" + body : body.toString();
            cases.add(new Case("events: garbage", b, postReq("/v1/events", INGEST, b), refusedEvents()));
        }
        for (String special : List.of("null", "42", "\"PLAY\"", "{}", "[null]", "[1,2]", "[{}]", "[[]]", "true\nfalse",
                "{\"type\":\"PLAY\"}", "[{\"eventId\":\"fz-x\"}]")) {
            cases.add(new Case("events: not an event", special, postReq("/v1/events", INGEST, special), status(422)));
        }
        for (String special : List.of("", " ", "\n\n\n", "[", "]", "{", "[}", "[1,]", "\u0000", "[{\"type\":\"PLAY\"}]]",
                "[{\"type\":\"PLAY\"} {}]")) {
            cases.add(new Case("events: malformed body", special, postReq("/v1/events", INGEST, special), malformed()));
        }
        // -- entities: all or nothing, the first bad item named
        for (int k = 0; k < 150; k++) {
            String kind = pick(r, List.of("categories", "entries", "users"));
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("id", "fz-ent-" + n++);
            item.put("name", "Fuzz entity");
            String field;
            Object value;
            switch (r.nextInt(7)) {
                case 0 -> {
                    field = "id";
                    value = pick(r, List.of(Map.of(), List.of("a"), true, "", "   ", "x".repeat(2001), "a\u0000b", "a\nb"));
                }
                case 1 -> {
                    field = "name";
                    value = pick(r, List.of(Map.of("a", 1), List.of(), false, "x".repeat(2001), "bad\u0007name"));
                }
                case 2 -> {
                    field = kind.equals("entries") ? "durationSec" : "id";
                    value = kind.equals("entries") ? pick(r, List.of("long", -1, Map.of(), true)) : null;
                }
                case 3 -> {
                    field = kind.equals("entries") ? "mediaType" : "name";
                    value = kind.equals("entries") ? pick(r, List.of("FILM", "' OR 1=1 --", 7)) : Map.of("$ne", 1);
                }
                case 4 -> {
                    field = kind.equals("entries") ? "tags" : kind.equals("categories") ? "createdAt" : "id";
                    value = switch (field) {
                        case "tags" -> pick(r, List.of("fz", Map.of(), List.of(Map.of()), List.of(List.of("x"))));
                        case "createdAt" -> pick(r, List.of("yesterday", "2023-13-01", "' OR 1=1 --"));
                        default -> List.of();
                    };
                }
                case 5 -> {
                    field = "id";
                    value = "@SURROGATE@";
                }
                default -> {
                    field = "body";
                    value = null;
                }
            }
            String body;
            if (field.equals("body")) {
                body = pick(r, List.of("{\"id\":\"x\"}", "[", "not json", "[{\"id\":\"a\"}", "\"str\"", "42", "[1]"));
            } else {
                item.put(field, value);
                // a good item first: it is stored, as the good events of a batch are
                goodItemsOfPartlyBadBatches.add(kind + ":fz-ent-ok-" + n);
                body = json(List.of(Map.of("id", "fz-ent-ok-" + n, "name", "ok"), item)).replace("\"@SURROGATE@\"",
                        "\"x" + pick(r, SURROGATES) + "\"");
            }
            cases.add(new Case("entities: invalid " + kind, field + " " + body,
                    postReq("/v1/" + kind, INGEST, body), entityRefused(field.equals("body") ? null : field)));
        }
        // -- exports: bad parameters (400), unknown tables (4xx), SQL-looking values (200, no rows)
        List<String> tables = List.of("performance", "subCategories", "topVideos", "viewers", "entries", "countries",
                "regions", "cities", "devices", "operatingSystems", "browsers", "domains", "urls", "userEntries",
                "userPerformance", "entryViewers", "entryPerformance");
        // (from 2023-06-01: to 2033-12-31 spans 3,866 days, over the 3,700 allowed)
        List<String> badParams = List.of("from=2023-13-01", "from=x", "from=", "from=' OR 1=1 --", "to=9999-12-31",
                "from=0001-01-01", "to=2023-05-01", "timeZone=Mars/Base", "timeZone=UTC' --", "orderBy=PLAYS;DROP",
                "orderBy=plays", "direction=DESC; --", "categoryPageOnly=yes", "includeSubcategories=1", "devices=PHONE",
                "mediaTypes=FILM", "playbackTypes=VHS", "to=2033-12-31", "from=2023-06-01T00:00:00Z");
        for (int k = 0; k < 120; k++) {
            String table = pick(r, tables);
            boolean series = table.endsWith("erformance");
            String bad = series && k % 3 == 0 ? "granularity=" + pick(r, List.of("YEAR", "day", "' OR 1=1")) : pick(r, badParams);
            // exactly the parameters the table takes, so the bad one is the only thing wrong
            Map<String, String> params = new LinkedHashMap<>(Map.of("from", "2023-06-01", "to", "2023-06-30"));
            params.putAll(EXPORT_PARENTS.getOrDefault(table, Map.of()));
            if (!table.startsWith("user") && !table.startsWith("entry")) {
                params.put("categoryId", "fz-cat");
            }
            if ((series || table.equals("topVideos")) && (bad.startsWith("orderBy") || bad.startsWith("direction"))) {
                bad = "from=x"; // these tables take no sort: orderBy would be refused as unknown, not as bad
            }
            params.put(bad.substring(0, bad.indexOf('=')), bad.substring(bad.indexOf('=') + 1));
            String path = "/v1/export/" + table + ".csv?" + query(params);
            cases.add(new Case("export: bad parameter", table + " " + bad, () -> request(path, ANALYTICS).GET(), status(400)));
        }
        for (String missing : List.of("regions.csv?from=2023-06-01&to=2023-06-30",
                "cities.csv?country=NL&from=2023-06-01&to=2023-06-30", "urls.csv?from=2023-06-01&to=2023-06-30",
                "operatingSystems.csv?from=2023-06-01&to=2023-06-30", "browsers.csv?from=2023-06-01&to=2023-06-30",
                "userEntries.csv?from=2023-06-01&to=2023-06-30", "entryViewers.csv?from=2023-06-01&to=2023-06-30",
                "userPerformance.csv?from=2023-06-01&to=2023-06-30", "entryPerformance.csv?from=2023-06-01&to=2023-06-30",
                "subCategories.csv?from=2023-06-01&to=2023-06-30", "countries.csv?to=2023-06-30",
                "countries.csv?from=2023-06-01", "countries.csv")) {
            cases.add(new Case("export: missing parameter", missing, () -> request("/v1/export/" + missing, ANALYTICS).GET(),
                    status(400)));
        }
        for (int k = 0; k < 40; k++) {
            String table = pick(r, List.of("nope", "countries.csv.csv", "COUNTRIES", "%27%20OR%201%3D1%20--", "..%2F..%2Fetc%2Fpasswd",
                    "events", "system.users", "x".repeat(1 + r.nextInt(3000)), "%00", "countries%00"));
            String path = "/v1/export/" + table + ".csv?from=2023-06-01&to=2023-06-30";
            cases.add(new Case("export: unknown table", table, () -> request(path, ANALYTICS).GET(), status(400, 404)));
        }
        List<String> filterParams = List.of("tags", "sourceTypes", "ownerIds", "entryIds", "userIds", "countries", "regions",
                "cities", "operatingSystems", "browsers", "domains", "urls");
        for (int k = 0; k < 80; k++) {
            String table = pick(r, List.of("viewers", "entries", "countries", "devices", "domains", "topVideos"));
            String param = pick(r, filterParams);
            String value = pick(r, SQL);
            String path = "/v1/export/" + table + ".csv?from=2023-06-01&to=2023-06-30&" + param + "="
                    + URLEncoder.encode(value, StandardCharsets.UTF_8);
            cases.add(new Case("export: SQL-looking filter", table + " " + param + "=" + value,
                    () -> request(path, ANALYTICS).GET(), csvHeaderOnly()));
        }
        // -- key management: malformed requests (400), wrong roles (403), unknown keys (404)
        for (int k = 0; k < 40; k++) {
            String body = pick(r, List.of("", "not json", "[]", "{\"role\":\"admin\"}", "{\"role\":\"ROOT\"}", "{\"role\":5}",
                    "{\"name\":\"x\"}", "{\"role\":\"ADMIN\",\"name\":\"" + "n".repeat(201 + r.nextInt(500)) + "\"}",
                    "{\"role\":\"ANALYTICS\",\"name\":\"a\\u0000b\"}", "{\"role\":\"' OR 1=1 --\"}", "{\"role\":null}",
                    "{\"role\":[\"ADMIN\"]}", "{\"role\":\"INGEST\",\"name\":\"tab\\there\"}"));
            cases.add(new Case("admin: invalid key request", body, postReq("/v1/admin/keys", ADMIN, body), status(400)));
        }
        for (int k = 0; k < 10; k++) {
            String key = k % 2 == 0 ? INGEST : ANALYTICS;
            cases.add(new Case("admin: wrong role", key, postReq("/v1/admin/keys", key, "{\"role\":\"ADMIN\",\"name\":\"x\"}"),
                    status(403)));
        }
        for (int k = 0; k < 15; k++) {
            String id = URLEncoder.encode(pick(r, SQL), StandardCharsets.UTF_8).replace("+", "%20");
            cases.add(new Case("admin: revoke an unknown key", id,
                    () -> request("/v1/admin/keys/" + id, ADMIN).DELETE(), status(400, 404)));
        }
        // -- GraphQL: syntax, validation, variables, filters, bombs, depth, bodies
        String dashboard = document("trustDashboard");
        Map<String, Object> june = Map.of("f", filter("2023-06-01", "2023-06-30"));
        for (int k = 0; k < 100; k++) {
            String q = k % 2 == 0 ? dashboard : HIGHLIGHTS;
            int start = q.indexOf('{');
            String cut = q.substring(0, start + 1 + r.nextInt(q.length() - start - 2));
            cases.add(new Case("graphql: truncated query", cut, gql(cut, june), gqlError("InvalidSyntax")));
        }
        for (int k = 0; k < 60; k++) {
            String unknown = pick(r, List.of("password", "partnerId", "drop_table", "plays2", "_", "__schemas", "sql",
                    "events", "tenant"));
            String q = k % 3 == 0 ? HIGHLIGHTS.replace("plays uniqueViewers", "plays " + unknown + " uniqueViewers")
                    : k % 3 == 1 ? HIGHLIGHTS.replace("analytics(filter: $f)", "analytics(filter: $f, " + unknown + ": \"it-14\")")
                    : "{ " + unknown + " }";
            cases.add(new Case("graphql: unknown field or argument", unknown, gql(q, june), gqlError("ValidationError")));
        }
        for (int k = 0; k < 100; k++) {
            Map<String, Object> f = filter("2023-06-01", "2023-06-30");
            String what;
            if (k % 4 == 3) {
                f.remove(r.nextBoolean() ? "from" : "to");
                what = "missing day " + f;
            } else {
                String key = r.nextBoolean() ? "from" : "to";
                Object value = pick(r, List.of(20230601, true, "2023-13-45", "2023-06-31", "06/15/2023", "", "' OR 1=1 --",
                        Map.of(), List.of("2023-06-01"), "2023-06-01T00:00:00Z", 1.5));
                f.put(key, value);
                what = key + "=" + value;
            }
            cases.add(new Case("graphql: mistyped variable", what, gql(HIGHLIGHTS, Map.of("f", f)), gqlError("ValidationError")));
        }
        String entriesFirst = "query($f: AnalyticsFilter!, $n: Int!) { analytics(filter: $f) { entries(first: $n) { totalCount } } }";
        for (Object first : List.of("ten", 1.5, 2_147_483_648L, -2_147_483_649L, true, List.of(1), Map.of())) {
            cases.add(new Case("graphql: mistyped variable", "first=" + first,
                    gql(entriesFirst, Map.of("f", filter("2023-06-01", "2023-06-30"), "n", first)), gqlError("ValidationError")));
        }
        for (Object first : List.of(0, -1, 1001, Integer.MAX_VALUE, Integer.MIN_VALUE)) {
            cases.add(new Case("graphql: page size", "first=" + first,
                    gql(entriesFirst, Map.of("f", filter("2023-06-01", "2023-06-30"), "n", first)), gqlError("BAD_REQUEST")));
        }
        for (int k = 0; k < 60; k++) {
            Map<String, Object> f = filter("2023-06-01", "2023-06-30");
            String zone = k % 4 == 0 ? "Zz/" + random(r, "abcdefghij", 3 + r.nextInt(10)) : pick(r, BAD_ZONES);
            f.put("timeZone", zone);
            cases.add(new Case("graphql: invalid time zone", zone, gql(HIGHLIGHTS, Map.of("f", f)), gqlError("BAD_REQUEST")));
        }
        for (int k = 0; k < 100; k++) {
            Map<String, Object> f = filter("2023-06-01", "2023-06-30");
            String param = pick(r, filterParams);
            List<String> values = new ArrayList<>();
            for (int j = 0, m = 1 + r.nextInt(3); j < m; j++) {
                values.add(pick(r, SQL));
            }
            f.put(param, values);
            cases.add(new Case("graphql: SQL-looking filter", param + "=" + values, gql(HIGHLIGHTS, Map.of("f", f)),
                    gqlNothing()));
        }
        for (int k = 0; k < 30; k++) {
            String id = pick(r, SQL);
            String root = pick(r, List.of("category", "entry"));
            cases.add(new Case("graphql: SQL-looking id", root + " " + id, gql("query($id: ID!) { " + root
                    + "(id: $id) { id name } }", Map.of("id", id)), resp -> {
                        JsonNode b = tryParse(resp.body());
                        return resp.statusCode() == 200 && !b.has("errors") && b.path("data").path(root).isNull() ? null
                                : "expected " + root + ": null, got " + resp.statusCode();
                    }));
        }
        // bounds of the filter, the days and the cursor (fixed in this suite: they were INTERNAL_ERRORs)
        for (int k = 0; k < 20; k++) {
            Map<String, Object> f = filter("2023-06-01", "2023-06-30");
            String what;
            switch (k % 5) {
                case 0 -> {
                    List<String> many = new ArrayList<>();
                    for (int j = 0; j < 1001 + r.nextInt(30_000); j++) {
                        many.add("u" + j);
                    }
                    f.put(pick(r, filterParams), many);
                    what = many.size() + " values";
                }
                case 1 -> {
                    f.put("urls", List.of("https://x.example/" + "u".repeat(100_001)));
                    what = "100,001 characters";
                }
                case 2 -> {
                    f.put("from", pick(r, List.of("9999-12-30", "-0005-01-01", "0001-01-01", "1970-01-01", "2101-01-01")));
                    f.put("to", f.get("from").equals("1970-01-01") ? "1970-01-02" : f.get("from"));
                    what = "day " + f.get("from");
                }
                case 3 -> {
                    f.put("compareTo", Map.of("type", "CUSTOM", "start", pick(r, List.of("0001-01-01", "+999999999-12-01",
                            "1969-12-31"))));
                    what = "comparison " + f.get("compareTo");
                }
                default -> {
                    String cursor = Base64.getUrlEncoder().withoutPadding().encodeToString(("row:" + pick(r,
                            List.of(Long.MAX_VALUE, Long.MAX_VALUE - 1, 1L << 60, -1L, -5L))).getBytes(StandardCharsets.UTF_8));
                    cases.add(new Case("graphql: out-of-bounds filter", "cursor " + cursor, gql(
                            "query($f: AnalyticsFilter!) { analytics(filter: $f) { entries(first: 5, after: \"" + cursor
                                    + "\") { totalCount } } }", june), gqlError("BAD_REQUEST")));
                    continue;
                }
            }
            cases.add(new Case("graphql: out-of-bounds filter", what, gql(HIGHLIGHTS, Map.of("f", f)), gqlError("BAD_REQUEST")));
        }
        // alias bombs: 1,000 analytics (cost 1,000 × 52 > 20,000); 6,000 __typename (parser's 15,000 tokens)
        // (1,000 × analytics { __typename }: 12 tokens and cost 51 each: 12,000 tokens, cost 51,000)
        for (int k = 0; k < 4; k++) {
            StringBuilder q = new StringBuilder("query($f: AnalyticsFilter!) {");
            for (int j = 0; j < 1000; j++) {
                q.append(" a").append(j).append(k % 2 == 0 ? ": analytics(filter: $f) { __typename }"
                        : ": analytics(filter: $f) { pageViews }".replace("pageViews", "__typename"));
            }
            cases.add(new Case("graphql: alias bomb", "1,000 aliases", gql(q + " }", june), gqlError("ExecutionAborted")));
        }
        // (700 × entry { analytics { __typename } }: 18 tokens and cost 52 each: 12,600 tokens, cost 36,400)
        StringBuilder entries700 = new StringBuilder("query($f: AnalyticsFilter!) {");
        for (int j = 0; j < 700; j++) {
            entries700.append(" e").append(j).append(": entry(id: \"fz-e1\") { analytics(filter: $f) { __typename } }");
        }
        cases.add(new Case("graphql: alias bomb", "700 entry aliases", gql(entries700 + " }", june),
                gqlError("ExecutionAborted")));
        StringBuilder typenames = new StringBuilder("{");
        for (int j = 0; j < 6000; j++) {
            typenames.append(" t").append(j).append(": __typename");
        }
        cases.add(new Case("graphql: alias bomb", "6,000 aliases", gql(typenames + " }", null), gqlError("InvalidSyntax")));
        // fragment bombs: each level spreads the one below twice, 30 levels (2^30 fields)
        for (int k = 0; k < 4; k++) {
            StringBuilder q = new StringBuilder(k % 2 == 0 ? "query { ...F30 }\n" : "query($f: AnalyticsFilter!) { analytics(filter: $f) { ...F30 } }\n");
            String on = k % 2 == 0 ? "Query" : "Analytics";
            q.append("fragment F0 on ").append(on).append(k % 2 == 0 ? " { __typename }\n" : " { highlights { plays } }\n");
            for (int j = 1; j <= 30; j++) {
                q.append("fragment F").append(j).append(" on ").append(on).append(" { ...F").append(j - 1).append(" ...F")
                        .append(j - 1).append(" }\n");
            }
            cases.add(new Case("graphql: fragment bomb", "2^30 fields", gql(q.toString(), k % 2 == 0 ? null : june),
                    gqlError("QUERY_TOO_COMPLEX")));
        }
        // deep queries: over the depth limit (16), or over the parser's 500 nested rules
        for (int k = 0; k < 20; k++) {
            int levels = k % 4 == 0 ? 300 + r.nextInt(300) : 15 + r.nextInt(80);
            String q = "{ category(id: \"fz-cat\") { id " + "parent { id ".repeat(levels) + " }".repeat(levels) + " } }";
            cases.add(new Case("graphql: deep query", levels + " levels", gql(q, null),
                    gqlError(levels >= 300 ? "InvalidSyntax" : "ExecutionAborted")));
        }
        // huge literals and variables
        cases.add(new Case("graphql: huge literal", "2,000,000 characters", gql("{ category(id: \"" + "x".repeat(2_000_000)
                + "\") { id } }", null), gqlError("InvalidSyntax")));
        Map<String, Object> hugeZone = filter("2023-06-01", "2023-06-30");
        hugeZone.put("timeZone", "Z".repeat(3_000_000));
        cases.add(new Case("graphql: huge variable", "3,000,000-character time zone", gql(HIGHLIGHTS, Map.of("f", hugeZone)),
                gqlError("BAD_REQUEST")));
        // bodies that are no GraphQL request
        List<Supplier<HttpRequest.Builder>> bodies = List.of(postReq("/graphql", ANALYTICS, ""), postReq("/graphql", ANALYTICS, "{"),
                postReq("/graphql", ANALYTICS, "{}"), postReq("/graphql", ANALYTICS, "[]"), postReq("/graphql", ANALYTICS, "{\"query\": 5}"),
                postReq("/graphql", ANALYTICS, "{\"query\": null}"), postReq("/graphql", ANALYTICS, "\"{ __typename }\""),
                postReq("/graphql", ANALYTICS, "{\"query\":\"{ __typename }\",\"variables\":\"x\"}"),
                postReq("/graphql", ANALYTICS, "{\"query\":\"{ __typename }\",\"variables\":{\"a\":" + "[".repeat(5000)
                        + "]".repeat(5000) + "}}"),
                postReq("/graphql", ANALYTICS, "{\"query\":\"{ __typename }\",\"operationName\":\"nope\"}"),
                postReq("/graphql", ANALYTICS, "{\"query\":\"query A { __typename } query B { __typename }\"}"),
                postReq("/graphql", ANALYTICS, "{\"query\":\"mutation { drop }\"}"),
                postReq("/graphql", ANALYTICS, "{\"query\":\"subscription { x }\"}"),
                () -> request("/graphql", ANALYTICS).GET(),
                () -> request("/graphql", ANALYTICS).header("Content-Type", "text/plain")
                        .POST(HttpRequest.BodyPublishers.ofString("{ __typename }")),
                () -> request("/graphql", ANALYTICS).header("Content-Type", "application/json")
                        .method("PUT", HttpRequest.BodyPublishers.ofString("{\"query\":\"{ __typename }\"}")),
                () -> request("/graphql", ANALYTICS).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[] {'{', '"', 'q', (byte) 0xff, '"', '}'})));
        for (int k = 0; k < bodies.size(); k++) {
            cases.add(new Case("graphql: not a GraphQL request", "body " + k, bodies.get(k), gqlRefused()));
        }
        return cases;
    }

    /** A result for the summary and the failure list. */
    record Outcome(Case c, int status, String problem, String body) {}

    @Test
    void thousandsOfHostileRequestsAreRefusedCleanlyAndChangeNothing() throws Exception {
        Map<String, Object> wide = filter("2020-01-01", "2029-12-31");
        JsonNode before = graphQlData(ANALYTICS, HIGHLIGHTS, Map.of("f", wide));
        JsonNode beforeJune = graphQlData(ANALYTICS, JUNE, Map.of("f", filter("2023-06-01", "2023-06-30")));

        List<Case> cases = generate();
        assertThat(cases.size()).isGreaterThanOrEqualTo(2_000);
        long start = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<Outcome>> futures = new ArrayList<>();
        for (Case c : cases) {
            futures.add(pool.submit(() -> {
                HttpResponse<String> r;
                try {
                    r = call(c.request().get());
                } catch (RuntimeException e) {
                    return new Outcome(c, -1, "no response: " + e, "");
                }
                String problem = r.statusCode() >= 500 ? "5xx" : c.check().apply(r);
                return new Outcome(c, r.statusCode(), problem, r.body());
            }));
        }
        List<Outcome> outcomes = new ArrayList<>();
        for (Future<Outcome> f : futures) {
            outcomes.add(f.get(5, TimeUnit.MINUTES));
        }
        pool.shutdown();
        long millis = (System.nanoTime() - start) / 1_000_000;

        Map<String, Map<Integer, Integer>> summary = new TreeMap<>();
        for (Outcome o : outcomes) {
            summary.computeIfAbsent(o.c().kind(), k -> new TreeMap<>()).merge(o.status(), 1, Integer::sum);
        }
        System.out.printf("[fuzz] %d hostile requests (seed %d) in %d ms:%n", outcomes.size(), SEED, millis);
        summary.forEach((kind, statuses) -> System.out.printf("[fuzz]   %-40s %s%n", kind, statuses));
        List<String> failures = outcomes.stream().filter(o -> o.problem() != null)
                .map(o -> o.c().kind() + " [" + abbreviate(o.c().what()).replace("\n", "\\n") + "]: " + o.problem() + " — "
                        + abbreviate(o.body()))
                .toList();
        assertThat(outcomes.stream().filter(o -> o.status() >= 500).count()).as("5xx answers").isZero();
        assertThat(failures).as("%d responses of the wrong class, e.g. %s", failures.size(),
                failures.subList(0, Math.min(15, failures.size()))).isEmpty();

        // still answering, and not one number moved
        assertThat(graphQlData(ANALYTICS, HIGHLIGHTS, Map.of("f", wide))).isEqualTo(before);
        assertThat(graphQlData(ANALYTICS, JUNE, Map.of("f", filter("2023-06-01", "2023-06-30")))).isEqualTo(beforeJune);
        JsonNode h = graphQlData(ANALYTICS, document("trustDashboard"), Map.of("f", filter("2023-06-01", "2023-06-30")))
                .path("analytics").path("highlights");
        assertThat(List.of(h.path("playerImpressions").asLong(), h.path("plays").asLong(), h.path("uniqueViewers").asLong()))
                .containsExactly(1L, 3L, 3L);
        // the good item of each partly refused entity batch was written (checked for entries and categories)
        for (String item : goodItemsOfPartlyBadBatches) {
            String kind = item.substring(0, item.indexOf(':'));
            String id = item.substring(item.indexOf(':') + 1);
            if (!kind.equals("users")) {
                String root = kind.equals("entries") ? "entry" : "category";
                assertThat(graphQlData(ANALYTICS, "query($id: ID!) { " + root + "(id: $id) { id } }", Map.of("id", id))
                        .path(root).path("id").asText()).as("%s of a partly refused batch", item).isEqualTo(id);
            }
        }
        assertThat(graphQlData(ANALYTICS, "{ category(id: \"fz-cat\") { name subCategoriesCount } }", null)
                .path("category").path("name").asText()).isEqualTo("Fuzz gallery");
    }

    // ---- bodies over 64 MiB --------------------------------------------------------------------------

    @Test
    void aBodyOver64MiBIs413AndStoresNothing() throws Exception {
        JsonNode before = highlights(ANALYTICS, "2020-01-01", "2029-12-31");
        // streamed without a length (chunked): the service reads 64 MiB, then refuses
        byte[] line = (json(valid(9_999_999)) + "\n").getBytes(StandardCharsets.UTF_8);
        long total = 64L * 1024 * 1024 + 1024 * 1024;
        HttpResponse<String> chunked = call(request("/v1/events", INGEST).header("Content-Type", "application/x-ndjson")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new InputStream() {
                    long sent;

                    @Override
                    public int read() {
                        return sent < total ? line[(int) (sent++ % line.length)] : -1;
                    }

                    @Override
                    public int read(byte[] b, int off, int len) {
                        if (sent >= total) {
                            return -1;
                        }
                        int n = (int) Math.min(len, total - sent);
                        for (int i = 0; i < n; i++) {
                            b[off + i] = line[(int) (sent++ % line.length)];
                        }
                        return n;
                    }
                })));
        assertThat(chunked.statusCode()).as(abbreviate(chunked.body())).isEqualTo(413);

        // a declared Content-Length over the limit is refused before the body is read
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /v1/events HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + INGEST
                    + "\r\nContent-Type: application/x-ndjson\r\nContent-Length: " + (100L * 1024 * 1024)
                    + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(line);
            out.flush();
            String statusLine = new String(socket.getInputStream().readNBytes(12), StandardCharsets.US_ASCII);
            assertThat(statusLine).isEqualTo("HTTP/1.1 413");
        }
        assertThat(highlights(ANALYTICS, "2020-01-01", "2029-12-31")).isEqualTo(before);
    }
}
