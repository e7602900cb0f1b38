package com.galleryanalytics;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.ClassPathResource;
import org.springframework.graphql.ResponseError;

/**
 * "Bad input gets a 4xx with a body that says which event and which field; good events of the
 * same batch are never lost silently", bad filters, keys and roles. Partner it-4 (writes and
 * reads); partner it-5 is only read, as "another tenant" nobody writes to.
 *
 * <p>Each scenario that stores events uses its own day of February 2023, and reads that day back.
 */
class BadRequestsTest extends AnalyticsIntegrationTest {
    static final String INGEST = "it-ingest-4";
    static final String ANALYTICS = "it-analytics-4";
    static final String ADMIN = "it-admin-4";
    static final String OTHER_TENANT = "it-analytics-5";

    private static Map<String, Object> play(String time, String playId, String userId) {
        return event("PLAY", time, "bad-e1", playId, userId, null);
    }

    private Highlights dayHighlights(String key, String day) {
        return graphQl(key).documentName("accountHighlights").variable("filter", filter(day, day, null)).execute()
                .path("analytics.highlights").entity(Highlights.class).get();
    }

    private static void assertRejection(JsonNode body, int position, int index, String field, String reasonPart) {
        JsonNode e = body.path("errors").path(position);
        assertThat(e.path("index").asInt()).as("index in %s", body).isEqualTo(index);
        assertThat(e.path("field").asText()).as("field in %s", body).isEqualTo(field);
        assertThat(e.path("reason").asText()).as("reason in %s", body).contains(reasonPart);
    }

    // ---- bodies that are not JSON -------------------------------------------------------------

    @Test
    void aTruncatedJsonArrayIs400AndStoresNothing() {
        // Two complete, valid events, then the array breaks off: the body as a whole is malformed.
        String body = "[" + json(play("2023-02-01T10:00:00Z", "m1", "u1")) + ","
                + json(play("2023-02-01T10:01:00Z", "m2", "u1")) + ",{\"type\": \"PLAY\", \"time\": ";
        JsonNode r = postExpecting(400, "/v1/events", INGEST, body);
        assertThat(r.path("error").asText()).isEqualTo("malformed_body");
        assertThat(r.path("message").asText()).contains("Malformed JSON").contains("line 1");
        // Nothing of a malformed body is stored: 2023-02-01 has no plays.
        assertThat(dayHighlights(ANALYTICS, "2023-02-01").plays()).isZero();
    }

    @Test
    void invalidJsonTokensNameLineAndColumn() {
        JsonNode r = postExpecting(400, "/v1/events", INGEST, "[\n{\"type\": PLAY}\n]");
        assertThat(r.path("error").asText()).isEqualTo("malformed_body");
        // The unquoted PLAY starts on line 2, column 10.
        assertThat(r.path("message").asText()).contains("line 2").contains("PLAY");
    }

    @Test
    void aBodyThatIsNotJsonAtAllIs400() {
        // Not an array and not a single line of JSON: the body as a whole is not JSON (not 422 per line).
        JsonNode r = postExpecting(400, "/v1/events", INGEST, "this is not json\nneither is this");
        assertThat(r.path("error").asText()).isEqualTo("malformed_body");
        assertThat(r.path("message").asText()).contains("not JSON");
    }

    @Test
    void anEmptyBodyIs400() {
        JsonNode r = postExpecting(400, "/v1/events", INGEST, "   ");
        assertThat(r.path("error").asText()).isEqualTo("malformed_body");
        assertThat(r.path("message").asText()).containsIgnoringCase("empty");
    }

    @Test
    void aBrokenNdjsonLineIsRejectedAndTheOtherLinesAreStored() {
        // NDJSON: event 0 good, event 1 not JSON, event 2 good → 422, 2 accepted and stored, 1 rejected.
        String body = json(play("2023-02-02T10:00:00Z", "n1", "u1")) + "\n{this is not json\n"
                + json(play("2023-02-02T10:05:00Z", "n2", "u2")) + "\n";
        JsonNode r = postExpecting(422, "/v1/events", INGEST, body);
        assertThat(r.path("accepted").asInt()).isEqualTo(2);
        assertThat(r.path("stored").asInt()).isEqualTo(2);
        assertThat(r.path("rejected").asInt()).isEqualTo(1);
        assertRejection(r, 0, 1, "body", "Malformed JSON");
        // 2023-02-02: plays n1, n2 = 2; viewers u1, u2 = 2.
        Highlights h = dayHighlights(ANALYTICS, "2023-02-02");
        assertThat(h.plays()).isEqualTo(2);
        assertThat(h.uniqueViewers()).isEqualTo(2);
    }

    // ---- invalid events -----------------------------------------------------------------------

    @Test
    void anUnknownEventTypeNamesIndexAndFieldType() {
        Map<String, Object> click = play("2023-02-10T10:00:00Z", "x1", "u1");
        click.put("type", "CLICK");
        JsonNode r = postExpecting(422, "/v1/events", INGEST, List.of(click));
        assertThat(r.path("accepted").asInt()).isZero();
        assertThat(r.path("rejected").asInt()).isEqualTo(1);
        assertRejection(r, 0, 0, "type", "CLICK");
    }

    @Test
    void aMissingEntryIdNamesFieldEntryId() {
        Map<String, Object> e = play("2023-02-10T10:00:00Z", "x2", "u1");
        e.remove("entryId");
        JsonNode r = postExpecting(422, "/v1/events", INGEST, List.of(e));
        assertRejection(r, 0, 0, "entryId", "required");
    }

    @Test
    void aPlayWithoutPlayIdIsRejectedButAnImpressionNeedsNone() {
        Map<String, Object> playWithoutId = event("PLAY", "2023-02-11T10:00:00Z", "bad-e1", null, "u1", null);
        Map<String, Object> impression = event("IMPRESSION", "2023-02-11T10:00:00Z", "bad-e1", null, "u1", null);
        JsonNode r = postExpecting(422, "/v1/events", INGEST, List.of(playWithoutId, impression));
        assertThat(r.path("accepted").asInt()).isEqualTo(1);
        assertThat(r.path("rejected").asInt()).isEqualTo(1);
        assertRejection(r, 0, 0, "playId", "required");
        // 2023-02-11: 1 impression, 0 plays, 0 viewers (an impression is no viewing action).
        Highlights h = dayHighlights(ANALYTICS, "2023-02-11");
        assertThat(h.playerImpressions()).isEqualTo(1);
        assertThat(h.plays()).isZero();
        assertThat(h.uniqueViewers()).isZero();
    }

    @Test
    void unknownFieldsAndBadValuesAreNamed() {
        Map<String, Object> unknownField = play("2023-02-10T10:00:00Z", "x3", "u1");
        unknownField.put("colour", "red");
        Map<String, Object> noOffset = play("2023-02-10T10:00:00", "x4", "u1");
        Map<String, Object> before2000 = play("1999-12-31T23:59:59Z", "x5", "u1");
        Map<String, Object> future = play(Instant.now().plus(3, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS)
                .toString(), "x6", "u1");
        Map<String, Object> negativePosition = event("VIEW", "2023-02-10T10:00:00Z", "bad-e1", "x7", "u1", -5.0);
        Map<String, Object> badDevice = play("2023-02-10T10:00:00Z", "x8", "u1");
        badDevice.put("device", "PHONE");
        Map<String, Object> numericUser = play("2023-02-10T10:00:00Z", "x9", "u1");
        numericUser.put("userId", 42);
        JsonNode r = postExpecting(422, "/v1/events", INGEST,
                List.of(unknownField, noOffset, before2000, future, negativePosition, badDevice, numericUser));
        assertThat(r.path("accepted").asInt()).isZero();
        assertThat(r.path("rejected").asInt()).isEqualTo(7);
        assertRejection(r, 0, 0, "colour", "Unknown field");
        assertRejection(r, 1, 1, "time", "2023-02-10T10:00:00");
        assertRejection(r, 2, 2, "time", "outside");
        assertRejection(r, 3, 3, "time", "outside");
        assertRejection(r, 4, 4, "positionSec", "positionSec");
        assertRejection(r, 5, 5, "device", "device");
        assertRejection(r, 6, 6, "userId", "string");
        // None of them reached ClickHouse.
        assertThat(dayHighlights(ANALYTICS, "2023-02-10").plays()).isZero();
    }

    @Test
    void aMixedBatchStoresTheGoodEventsAndListsTheBadOnes() {
        Map<String, Object> bad1 = play("2023-02-03T10:01:00Z", "mx2", "u2");
        bad1.put("type", "PAUSE");
        bad1.put("eventId", "mixed-bad-1");
        Map<String, Object> bad3 = play("2023-02-03T10:03:00Z", "mx4", "u4");
        bad3.remove("entryId");
        List<Map<String, Object>> batch = List.of(play("2023-02-03T10:00:00Z", "mx1", "u1"), bad1,
                play("2023-02-03T10:02:00Z", "mx3", "u3"), bad3);
        JsonNode r = postExpecting(422, "/v1/events", INGEST, batch);
        assertThat(r.path("accepted").asInt()).isEqualTo(2);
        assertThat(r.path("stored").asInt()).isEqualTo(2);
        assertThat(r.path("duplicates").asInt()).isZero();
        assertThat(r.path("rejected").asInt()).isEqualTo(2);
        assertThat(r.path("errors")).hasSize(2);
        assertRejection(r, 0, 1, "type", "PAUSE");
        assertThat(r.path("errors").path(0).path("eventId").asText()).isEqualTo("mixed-bad-1");
        assertRejection(r, 1, 3, "entryId", "required");
        // 2023-02-03 holds the two good plays (mx1 by u1, mx3 by u3): 2 plays, 2 viewers.
        Highlights h = dayHighlights(ANALYTICS, "2023-02-03");
        assertThat(h.plays()).isEqualTo(2);
        assertThat(h.uniqueViewers()).isEqualTo(2);
    }

    @Test
    void aRepeatedEventIdIsDropped() {
        Map<String, Object> d1 = withId(play("2023-02-04T10:00:00Z", "dp1", "u1"), "dup-1");
        Map<String, Object> d2 = withId(play("2023-02-04T10:01:00Z", "dp2", "u2"), "dup-2");
        Map<String, Object> d3 = withId(event("IMPRESSION", "2023-02-04T10:02:00Z", "bad-e1", null, "u3", null), "dup-3");
        JsonNode first = postExpecting(200, "/v1/events", INGEST, List.of(d1, d2, d3));
        assertThat(first.path("stored").asInt()).isEqualTo(3);
        // 2023-02-04: plays dp1, dp2 = 2; impressions 1.
        Highlights before = dayHighlights(ANALYTICS, "2023-02-04");
        assertThat(before.plays()).isEqualTo(2);
        assertThat(before.playerImpressions()).isEqualTo(1);

        // A later batch repeats dup-2 (a retry) next to a new dup-4: only dup-4 is stored.
        Map<String, Object> d4 = withId(play("2023-02-04T10:03:00Z", "dp4", "u4"), "dup-4");
        JsonNode second = postExpecting(200, "/v1/events", INGEST, List.of(d2, d4));
        assertThat(second.path("accepted").asInt()).isEqualTo(2);
        assertThat(second.path("stored").asInt()).isEqualTo(1);
        assertThat(second.path("duplicates").asInt()).isEqualTo(1);
        // plays dp1, dp2, dp4 = 3 (not 4); viewers u1, u2, u4 = 3.
        Highlights after = dayHighlights(ANALYTICS, "2023-02-04");
        assertThat(after.plays()).isEqualTo(3);
        assertThat(after.uniqueViewers()).isEqualTo(3);

        // The same id twice in one batch is stored once.
        Map<String, Object> d5 = withId(play("2023-02-04T10:04:00Z", "dp5", "u5"), "dup-5");
        JsonNode third = postExpecting(200, "/v1/events", INGEST, List.of(d5, d5));
        assertThat(third.path("stored").asInt()).isEqualTo(1);
        assertThat(third.path("duplicates").asInt()).isEqualTo(1);

        // Replaying the whole history changes nothing: 4 plays (dp1, dp2, dp4, dp5), 1 impression.
        JsonNode replay = postExpecting(200, "/v1/events", INGEST, List.of(d1, d2, d3, d4, d5));
        assertThat(replay.path("stored").asInt()).isZero();
        assertThat(replay.path("duplicates").asInt()).isEqualTo(5);
        Highlights end = dayHighlights(ANALYTICS, "2023-02-04");
        assertThat(end.plays()).isEqualTo(4);
        assertThat(end.playerImpressions()).isEqualTo(1);
    }

    @Test
    void aRetryAcrossMidnightIsDroppedAndAnIdIsLookedUpOnItsEventsDay() {
        // Stored ids are looked up on their events' UTC days: a retry carries the same events, so the
        // same days, midnight or not. 2023-02-05 23:59:59 and 2023-02-06 00:00:00, UTC.
        Map<String, Object> late = withId(play("2023-02-05T23:59:59Z", "mn1", "u1"), "midnight-1");
        Map<String, Object> early = withId(play("2023-02-06T00:00:00Z", "mn2", "u2"), "midnight-2");
        assertThat(postExpecting(200, "/v1/events", INGEST, List.of(late, early)).path("stored").asInt()).isEqualTo(2);
        JsonNode retry = postExpecting(200, "/v1/events", INGEST, List.of(early, late));
        assertThat(retry.path("stored").asInt()).isZero();
        assertThat(retry.path("duplicates").asInt()).isEqualTo(2);
        assertThat(dayHighlights(ANALYTICS, "2023-02-05").plays()).isEqualTo(1);
        assertThat(dayHighlights(ANALYTICS, "2023-02-06").plays()).isEqualTo(1);
        // An id sent again with an event on another day is not a retry of that event: it is stored
        // (the README's contract: a repeat is the same event sent again).
        Map<String, Object> otherDay = withId(play("2023-02-07T08:00:00Z", "mn3", "u3"), "midnight-1");
        assertThat(postExpecting(200, "/v1/events", INGEST, List.of(otherDay)).path("stored").asInt()).isEqualTo(1);
        assertThat(dayHighlights(ANALYTICS, "2023-02-07").plays()).isEqualTo(1);
    }

    private static Map<String, Object> withId(Map<String, Object> event, String id) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("eventId", id);
        e.putAll(event);
        return e;
    }

    // ---- invalid entities ---------------------------------------------------------------------

    @Test
    void anInvalidEntityIsListedWithItsIndexAndFieldAndTheValidOnesAreStored() {
        Map<String, Object> good = entry("bad-ok", "ann", 60, "bad-cat");
        Map<String, Object> bad = entry("bad-duration", "ann", 60, "bad-cat");
        bad.put("durationSec", "long");
        Map<String, Object> film = entry("bad-film", "ann", 60);
        film.put("mediaType", "FILM");
        JsonNode r = postExpecting(422, "/v1/entries", INGEST, List.of(good, bad, film));
        assertThat(r.path("upserted").asInt()).isEqualTo(1);
        assertThat(r.path("rejected").asInt()).isEqualTo(2);
        JsonNode first = r.path("errors").get(0);
        assertThat(List.of(first.path("index").asInt(), first.path("id").asText(), first.path("field").asText(),
                first.path("reason").asText())).containsExactly(1, "bad-duration", "durationSec", "durationSec must be a number ≥ 0.");
        JsonNode second = r.path("errors").get(1);
        assertThat(List.of(second.path("index").asInt(), second.path("field").asText(), second.path("reason").asText()))
                .containsExactly(2, "mediaType", "mediaType must be one of [VIDEO, AUDIO, IMAGE, LIVE].");
        // like events: the valid item was stored, the invalid ones were not
        graphQl(ANALYTICS).documentName("entryDetails").variable("id", "bad-ok").execute().path("entry.id").entity(String.class)
                .isEqualTo("bad-ok");
        graphQl(ANALYTICS).documentName("entryDetails").variable("id", "bad-duration").execute().path("entry").valueIsNull();

        Map<String, Object> noId = category("x", "No id", null, "2022-01-01T00:00:00Z", "2022-01-01T00:00:00Z");
        noId.remove("id");
        JsonNode r3 = postExpecting(422, "/v1/categories", INGEST, List.of(noId));
        assertThat(r3.path("upserted").asInt()).isZero();
        assertThat(r3.path("errors").get(0).path("index").asInt()).isZero();
        assertThat(r3.path("errors").get(0).path("field").asText()).isEqualTo("id");
        assertThat(r3.path("errors").get(0).path("reason").asText()).isEqualTo("id is required.");

        Map<String, Object> badTime = category("bad-time", "Bad time", null, "yesterday", "2022-01-01T00:00:00Z");
        JsonNode r4 = postExpecting(422, "/v1/categories", INGEST, List.of(badTime));
        assertThat(r4.path("errors").get(0).path("field").asText()).isEqualTo("createdAt");

        // a body that is no array of items is refused whole
        JsonNode r5 = postExpecting(400, "/v1/users", INGEST, "{\"id\": \"not-an-array\"}");
        assertThat(r5.path("error").asText()).isEqualTo("invalid_entity");
        assertThat(r5.path("field").asText()).isEqualTo("body");
    }

    @Test
    void aCategoryThatWouldBeItsOwnAncestorIsRefused() {
        String t = "2022-01-01T00:00:00Z";
        // cy-a (top) > cy-b > cy-c, stored first
        postExpecting(200, "/v1/categories", INGEST, List.of(category("cy-a", "A", null, t, t), category("cy-b", "B", "cy-a", t, t),
                category("cy-c", "C", "cy-b", t, t)));
        JsonNode r = postExpecting(422, "/v1/categories", INGEST, List.of(
                category("cy-self", "Self", "cy-self", t, t),          // its own parent
                category("cy-a", "A moved", "cy-c", t, t),            // under its own grandchild
                category("cy-d", "D", "cy-c", t, t)));                // fine: a new leaf
        assertThat(r.path("upserted").asInt()).isEqualTo(1);
        assertThat(r.path("errors").get(0).path("index").asInt()).isZero();
        assertThat(r.path("errors").get(0).path("field").asText()).isEqualTo("parentId");
        assertThat(r.path("errors").get(0).path("reason").asText())
                .isEqualTo("parentId 'cy-self' is the category itself: a category cannot be its own parent.");
        assertThat(r.path("errors").get(1).path("index").asInt()).isEqualTo(1);
        assertThat(r.path("errors").get(1).path("reason").asText()).isEqualTo(
                "parentId would make category 'cy-a' its own ancestor (cy-a → cy-c → cy-b → cy-a): a category's parent chain"
                        + " must end at a top-level category.");
        // two new categories naming each other as parent, in one batch: both refused
        JsonNode pair = postExpecting(422, "/v1/categories", INGEST, List.of(category("cy-x", "X", "cy-y", t, t),
                category("cy-y", "Y", "cy-x", t, t)));
        assertThat(pair.path("rejected").asInt()).isEqualTo(2);
        // one at a time, through PUT: 400 naming the cycle
        HttpResponse<String> put = send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/v1/categories/cy-b"))
                .header("Authorization", "Bearer " + INGEST).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(json(category("cy-b", "B", "cy-d", t, t)))).build());
        assertThat(put.statusCode()).isEqualTo(400);
        assertThat(parse(put.body()).path("message").asText()).isEqualTo(
                "parentId would make category 'cy-b' its own ancestor (cy-b → cy-d → cy-c → cy-b): a category's parent chain"
                        + " must end at a top-level category.");
        // the tree is as it was, with the new leaf under cy-c
        graphQl(ANALYTICS).document("{ category(id: \"cy-a\") { parent { id } subCategories { id } } }").execute()
                .path("category.parent").valueIsNull()
                .path("category.subCategories[0].id").entity(String.class).isEqualTo("cy-b");
        graphQl(ANALYTICS).document("{ category(id: \"cy-c\") { subCategories { id } } }").execute()
                .path("category.subCategories[0].id").entity(String.class).isEqualTo("cy-d");
        graphQl(ANALYTICS).document("{ category(id: \"cy-self\") { id } }").execute().path("category").valueIsNull();
    }

    @Test
    void aPutWhoseBodyIdDiffersFromThePathIsRejected() {
        HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/v1/entries/bad-put"))
                .header("Authorization", "Bearer " + INGEST).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(json(entry("something-else", "ann", 60)))).build());
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(parse(r.body()).path("field").asText()).isEqualTo("id");
    }

    // ---- invalid filters ----------------------------------------------------------------------

    private void assertBadRequest(Map<String, Object> filter, String... messageParts) {
        graphQl(ANALYTICS).documentName("accountHighlights").variable("filter", filter).execute().errors()
                .satisfy(errors -> {
                    assertThat(errors).hasSize(1);
                    ResponseError e = errors.get(0);
                    assertThat(e.getExtensions()).containsEntry("classification", "BAD_REQUEST");
                    assertThat(e.getMessage()).contains(messageParts);
                });
    }

    @Test
    void anUnknownTimeZoneIsABadRequestNamingTheZone() {
        assertBadRequest(filter("2023-02-01", "2023-02-02", "Mars/Olympus_Mons"), "Mars/Olympus_Mons");
        assertBadRequest(filter("2023-02-01", "2023-02-02", "Asia/Calcutta_Typo"), "Asia/Calcutta_Typo");
    }

    @Test
    void toBeforeFromIsABadRequest() {
        assertBadRequest(filter("2023-02-05", "2023-02-01", null), "2023-02-01", "2023-02-05");
    }

    @Test
    void aCustomComparisonWithoutStartIsABadRequest() {
        Map<String, Object> f = filter("2023-02-01", "2023-02-02", null);
        f.put("compareTo", Map.of("type", "CUSTOM"));
        assertBadRequest(f, "compareTo.start");
    }

    // ---- keys and roles -----------------------------------------------------------------------

    private String graphQlBody() {
        try (InputStream in = new ClassPathResource("graphql-test/accountHighlights.graphql").getInputStream()) {
            String document = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return json(Map.of("query", document, "variables", Map.of("filter", filter("2023-02-03", "2023-02-03", null))));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private HttpResponse<String> postWithoutKey(String path, String body) {
        return send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    @Test
    void noKeyIs401() {
        HttpResponse<String> graphQl = postWithoutKey("/graphql", graphQlBody());
        HttpResponse<String> events = postWithoutKey("/v1/events", json(List.of(play("2023-02-12T10:00:00Z", "k1", "u1"))));
        assertThat(events.statusCode()).isEqualTo(401);
        assertThat(graphQl.statusCode()).isEqualTo(401);
        // shaped as a GraphQL error, so a GraphQL client shows it
        JsonNode missing = parse(graphQl.body()).path("errors").get(0);
        assertThat(missing.path("extensions").path("code").asText()).isEqualTo("missing_key");
        assertThat(missing.path("message").asText()).isEqualTo("Send an API key as 'Authorization: Bearer <key>'.");
        assertThat(parse(events.body()).path("error").asText()).isEqualTo("missing_key");
        // An unknown key is 401 as well.
        HttpResponse<String> unknown = post("/graphql", "no-such-key", graphQlBody());
        assertThat(unknown.statusCode()).isEqualTo(401);
        assertThat(parse(unknown.body()).path("errors").get(0).path("extensions").path("code").asText()).isEqualTo("unknown_key");
        // Nothing was stored for 2023-02-12.
        assertThat(dayHighlights(ANALYTICS, "2023-02-12").plays()).isZero();
    }

    @Test
    void anIngestKeyCannotReadAndAnAnalyticsKeyCannotWrite() {
        HttpResponse<String> read = post("/graphql", INGEST, graphQlBody());
        assertThat(read.statusCode()).isEqualTo(403);
        assertThat(parse(read.body()).path("errors").get(0).path("message").asText())
                .isEqualTo("This key has role INGEST; this request needs ANALYTICS.");
        HttpResponse<String> write = post("/v1/events", ANALYTICS, json(List.of(play("2023-02-13T10:00:00Z", "w1", "u1"))));
        assertThat(write.statusCode()).isEqualTo(403);
        HttpResponse<String> entity = post("/v1/categories", ANALYTICS,
                json(List.of(category("bad-ro", "Read only", null, "2022-01-01T00:00:00Z", "2022-01-01T00:00:00Z"))));
        assertThat(entity.statusCode()).isEqualTo(403);
        assertThat(dayHighlights(ANALYTICS, "2023-02-13").plays()).isZero();
        graphQl(ANALYTICS).documentName("categoryName").variable("id", "bad-ro").execute().path("category").valueIsNull();
    }

    @Test
    void anAdminKeyMayReadAndWrite() {
        postExpecting(200, "/v1/events", ADMIN, List.of(play("2023-02-14T10:00:00Z", "ad1", "u1")));
        assertThat(dayHighlights(ADMIN, "2023-02-14").plays()).isEqualTo(1);
    }

    @Test
    void anotherPartnersKeySeesNoneOfThisPartnersData() {
        postExpecting(200, "/v1/events", INGEST, List.of(play("2023-02-15T10:00:00Z", "t1", "u1"),
                play("2023-02-15T10:01:00Z", "t2", "u2")));
        upsert("categories", INGEST, List.of(category("bad-tenant-cat", "Mine", null, "2022-01-01T00:00:00Z",
                "2022-01-01T00:00:00Z")));
        // it-4 sees its 2 plays of 2023-02-15 and its category; it-5 sees nothing of either.
        assertThat(dayHighlights(ANALYTICS, "2023-02-15").plays()).isEqualTo(2);
        graphQl(ANALYTICS).documentName("categoryName").variable("id", "bad-tenant-cat").execute()
                .path("category.name").entity(String.class).isEqualTo("Mine");
        assertHighlights(dayHighlights(OTHER_TENANT, "2023-02-15"), 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
        graphQl(OTHER_TENANT).documentName("categoryName").variable("id", "bad-tenant-cat").execute()
                .path("category").valueIsNull();
    }
}
