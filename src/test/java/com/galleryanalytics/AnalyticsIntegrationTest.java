package com.galleryanalytics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.galleryanalytics.support.IntegrationTest;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.SoftAssertions;

/**
 * Helpers shared by the analytics integration tests: building events and entities as JSON,
 * posting them (asserting they were all stored), and the Highlights/Point shapes read back
 * through GraphQL. Expected figures always come from the tests, worked out by hand.
 */
abstract class AnalyticsIntegrationTest extends IntegrationTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final double EPS = 1e-9;

    /** The GraphQL {@code Highlights} object. */
    record Highlights(long playerImpressions, long plays, long uniqueViewers, double minutesViewed,
            double avgDropOffRate, double avgCompletionRate, double playImpressionRatio, double playsDistribution,
            long contributors, long playedEntries) {}

    /** An event as sent to /v1/events; null fields are left out. */
    static Map<String, Object> event(String type, String time, String entryId, String playId, String userId,
            Double positionSec) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("type", type);
        e.put("time", time);
        e.put("entryId", entryId);
        if (playId != null) {
            e.put("playId", playId);
        }
        if (userId != null) {
            e.put("userId", userId);
        }
        if (positionSec != null) {
            e.put("positionSec", positionSec);
        }
        return e;
    }

    static Map<String, Object> entry(String id, String creatorId, double durationSec, String... categoryIds) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("id", id);
        e.put("name", "Entry " + id);
        e.put("creatorId", creatorId);
        e.put("durationSec", durationSec);
        e.put("mediaType", "VIDEO");
        e.put("categoryIds", List.of(categoryIds));
        e.put("createdAt", "2022-01-01T00:00:00Z");
        return e;
    }

    static Map<String, Object> category(String id, String name, String parentId, String createdAt, String updatedAt) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("id", id);
        c.put("name", name);
        if (parentId != null) {
            c.put("parentId", parentId);
        }
        c.put("createdAt", createdAt);
        c.put("updatedAt", updatedAt);
        return c;
    }

    static Map<String, Object> filter(String from, String to, String timeZone) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("from", from);
        f.put("to", to);
        if (timeZone != null) {
            f.put("timeZone", timeZone);
        }
        return f;
    }

    static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static JsonNode parse(String body) {
        try {
            return JSON.readTree(body);
        } catch (JsonProcessingException e) {
            throw new AssertionError("Not JSON: " + body, e);
        }
    }

    /** POSTs a JSON body and asserts the status; returns the parsed response body. */
    JsonNode postExpecting(int status, String path, String key, Object body) {
        HttpResponse<String> response = post(path, key, body instanceof String s ? s : json(body));
        assertThat(response.statusCode()).as("status of POST %s: %s", path, response.body()).isEqualTo(status);
        return parse(response.body());
    }

    /** Posts events that must all be accepted and stored (no rejections, no duplicates). */
    void ingest(String ingestKey, List<Map<String, Object>> events) {
        JsonNode r = postExpecting(200, "/v1/events", ingestKey, events);
        assertThat(r.path("accepted").asInt()).isEqualTo(events.size());
        assertThat(r.path("stored").asInt()).isEqualTo(events.size());
        assertThat(r.path("rejected").asInt()).isZero();
    }

    void upsert(String kind, String ingestKey, List<Map<String, Object>> items) {
        JsonNode r = postExpecting(200, "/v1/" + kind, ingestKey, items);
        assertThat(r.path("upserted").asInt()).isEqualTo(items.size());
    }

    /** Every field of a Highlights object against hand-computed values. */
    static void assertHighlights(Highlights h, long impressions, long plays, long viewers, double minutes,
            double dropOff, double completion, double ratio, double distribution, long contributors, long playedEntries) {
        SoftAssertions soft = new SoftAssertions();
        soft.assertThat(h.playerImpressions()).as("playerImpressions").isEqualTo(impressions);
        soft.assertThat(h.plays()).as("plays").isEqualTo(plays);
        soft.assertThat(h.uniqueViewers()).as("uniqueViewers").isEqualTo(viewers);
        soft.assertThat(h.minutesViewed()).as("minutesViewed").isCloseTo(minutes, within(EPS));
        soft.assertThat(h.avgDropOffRate()).as("avgDropOffRate").isCloseTo(dropOff, within(EPS));
        soft.assertThat(h.avgCompletionRate()).as("avgCompletionRate").isCloseTo(completion, within(EPS));
        soft.assertThat(h.playImpressionRatio()).as("playImpressionRatio").isCloseTo(ratio, within(EPS));
        soft.assertThat(h.playsDistribution()).as("playsDistribution").isCloseTo(distribution, within(EPS));
        soft.assertThat(h.contributors()).as("contributors").isEqualTo(contributors);
        soft.assertThat(h.playedEntries()).as("playedEntries").isEqualTo(playedEntries);
        soft.assertAll();
    }
}
