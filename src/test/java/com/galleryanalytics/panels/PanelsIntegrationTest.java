package com.galleryanalytics.panels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.galleryanalytics.support.IntegrationTest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.springframework.graphql.test.tester.GraphQlTester;

/**
 * Base of the panel acceptance tests: loads {@link PanelsFixture} into the class's own partner
 * (it-N, N from {@link #partner()}) through the public API, and reads GraphQL answers as JSON
 * trees. Expected figures always come from the tests, worked out by hand.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class PanelsIntegrationTest extends IntegrationTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final double EPS = 1e-9;

    /** The N of partner it-N; each test class has its own (7..12). */
    abstract int partner();

    String ingestKey() {
        return "it-ingest-" + partner();
    }

    String analyticsKey() {
        return "it-analytics-" + partner();
    }

    @BeforeAll
    void loadFixture() {
        upsert("categories", PanelsFixture.categories());
        upsert("entries", PanelsFixture.entries());
        upsert("users", PanelsFixture.users());
        List<Map<String, Object>> events = PanelsFixture.events();
        JsonNode r = postExpecting(200, "/v1/events", ingestKey(), events);
        assertThat(r.path("stored").asInt()).as("events stored: %s", r).isEqualTo(events.size());
        assertThat(r.path("rejected").asInt()).isZero();
    }

    private void upsert(String kind, List<Map<String, Object>> items) {
        JsonNode r = postExpecting(200, "/v1/" + kind, ingestKey(), items);
        assertThat(r.path("upserted").asInt()).isEqualTo(items.size());
    }

    JsonNode postExpecting(int status, String path, String key, Object body) {
        HttpResponse<String> response = post(path, key, json(body));
        assertThat(response.statusCode()).as("POST %s: %s", path, response.body()).isEqualTo(status);
        return parse(response.body());
    }

    // ---- filters --------------------------------------------------------------------------

    /** The current period's filter (UTC), with extra fields given as name, value pairs. */
    static Map<String, Object> filter(Object... fields) {
        return filterFor(PanelsFixture.FROM, PanelsFixture.TO, fields);
    }

    static Map<String, Object> filterFor(String from, String to, Object... fields) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("from", from);
        f.put("to", to);
        for (int i = 0; i < fields.length; i += 2) {
            f.put((String) fields[i], fields[i + 1]);
        }
        return f;
    }

    static Map<String, Object> previousPeriod() {
        return Map.of("type", "PREVIOUS_PERIOD");
    }

    static Map<String, Object> order(String metric, String direction) {
        return Map.of("metric", metric, "direction", direction);
    }

    // ---- GraphQL --------------------------------------------------------------------------

    /**
     * Runs a document from src/test/resources/graphql-test (it must succeed without errors) and
     * returns the JSON under {@code path}.
     */
    JsonNode query(String document, String path, Map<String, Object> variables) {
        GraphQlTester.Request<?> request = graphQl(analyticsKey()).documentName(document);
        for (Map.Entry<String, Object> v : variables.entrySet()) {
            request = request.variable(v.getKey(), v.getValue());
        }
        Object value = request.execute().path(path).entity(Object.class).get();
        return JSON.valueToTree(value);
    }

    /** The value of each edge's node at {@code field} (a JSON pointer into the node), in order. */
    static List<String> keys(JsonNode connection, String field) {
        List<String> out = new ArrayList<>();
        for (JsonNode edge : connection.path("edges")) {
            out.add(edge.path("node").at(field).asText());
        }
        return out;
    }

    /** The node of the edge whose {@code field} (a JSON pointer) equals {@code value}. */
    static JsonNode node(JsonNode connection, String field, String value) {
        for (JsonNode edge : connection.path("edges")) {
            if (edge.path("node").at(field).asText().equals(value)) {
                return edge.path("node");
            }
        }
        throw new AssertionError("no row with " + field + " = " + value + " in " + connection);
    }

    /** The element of a list whose {@code field} equals {@code value}. */
    static JsonNode element(JsonNode list, String field, String value) {
        for (JsonNode n : list) {
            if (n.path(field).asText().equals(value)) {
                return n;
            }
        }
        throw new AssertionError("no element with " + field + " = " + value + " in " + list);
    }

    /** Every field of a Metrics (or Highlights) object against hand-computed values. */
    static void assertMetrics(JsonNode m, long impressions, long plays, long viewers, double minutes, double dropOff,
            double completion, double ratio, double distribution) {
        SoftAssertions soft = new SoftAssertions();
        soft.assertThat(m.path("playerImpressions").asLong()).as("playerImpressions of %s", m).isEqualTo(impressions);
        soft.assertThat(m.path("plays").asLong()).as("plays of %s", m).isEqualTo(plays);
        soft.assertThat(m.path("uniqueViewers").asLong()).as("uniqueViewers of %s", m).isEqualTo(viewers);
        soft.assertThat(m.path("minutesViewed").asDouble()).as("minutesViewed of %s", m).isCloseTo(minutes, within(EPS));
        soft.assertThat(m.path("avgDropOffRate").asDouble()).as("avgDropOffRate of %s", m).isCloseTo(dropOff, within(EPS));
        soft.assertThat(m.path("avgCompletionRate").asDouble()).as("avgCompletionRate of %s", m)
                .isCloseTo(completion, within(EPS));
        soft.assertThat(m.path("playImpressionRatio").asDouble()).as("playImpressionRatio of %s", m)
                .isCloseTo(ratio, within(EPS));
        soft.assertThat(m.path("playsDistribution").asDouble()).as("playsDistribution of %s", m)
                .isCloseTo(distribution, within(EPS));
        soft.assertAll();
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
}
