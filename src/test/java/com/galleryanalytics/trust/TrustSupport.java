package com.galleryanalytics.trust;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.galleryanalytics.support.IntegrationTest;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.core.io.ClassPathResource;

/**
 * Helpers of the trust suite (tenancy, keys, limits, hostile input, faults, load): raw HTTP to
 * the service (so every status and body can be asserted, 4xx and GraphQL errors included),
 * events and entities as JSON, and GraphQL documents from {@code src/test/resources/graphql-test}.
 */
abstract class TrustSupport extends IntegrationTest {
    static final ObjectMapper JSON = new ObjectMapper();
    /** A client with a request timeout, so no test can hang on a response that never comes. */
    static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
            .version(HttpClient.Version.HTTP_1_1).build();
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(90);

    static final String DESKTOP_UA = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko)"
            + " Chrome/120.0 Safari/537.36";
    static final String IPHONE_UA = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15"
            + " (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1";

    String base() {
        return "http://localhost:" + port;
    }

    // ---- JSON ----------------------------------------------------------------------------------

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
            throw new AssertionError("Not JSON: " + abbreviate(body), e);
        }
    }

    static String abbreviate(String s) {
        return s == null ? "null" : s.length() > 600 ? s.substring(0, 600) + "…(" + s.length() + " chars)" : s;
    }

    static String document(String name) {
        try (InputStream in = new ClassPathResource("graphql-test/" + name + ".graphql").getInputStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    // ---- HTTP ----------------------------------------------------------------------------------

    HttpResponse<String> call(HttpRequest.Builder request) {
        try {
            return CLIENT.send(request.timeout(REQUEST_TIMEOUT).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    HttpRequest.Builder request(String path, String key) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base() + path));
        if (key != null) {
            b.header("Authorization", "Bearer " + key);
        }
        return b;
    }

    HttpResponse<String> postBody(String path, String key, String body) {
        return call(request(path, key).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    HttpResponse<String> getPath(String path, String key) {
        return call(request(path, key).GET());
    }

    HttpResponse<String> delete(String path, String key) {
        return call(request(path, key).DELETE());
    }

    /** POSTs and asserts the status; returns the parsed body. */
    JsonNode expect(int status, String path, String key, Object body) {
        HttpResponse<String> r = postBody(path, key, body instanceof String s ? s : json(body));
        assertThat(r.statusCode()).as("POST %s: %s", path, abbreviate(r.body())).isEqualTo(status);
        return parse(r.body());
    }

    /** Posts events that must all be stored at once (200, nothing rejected, nothing repeated). */
    void ingest(String key, List<Map<String, Object>> events) {
        JsonNode r = expect(200, "/v1/events", key, events);
        assertThat(r.path("stored").asInt()).as("stored of %s", r).isEqualTo(events.size());
    }

    void upsert(String kind, String key, List<Map<String, Object>> items) {
        JsonNode r = expect(200, "/v1/" + kind, key, items);
        assertThat(r.path("upserted").asInt()).isEqualTo(items.size());
    }

    HttpResponse<String> graphQlRaw(String key, String query, Map<String, Object> variables) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("query", query);
        if (variables != null) {
            body.put("variables", variables);
        }
        return postBody("/graphql", key, json(body));
    }

    /** A GraphQL request that must succeed: 200 and no {@code errors}; returns {@code data}. */
    JsonNode graphQlData(String key, String query, Map<String, Object> variables) {
        HttpResponse<String> r = graphQlRaw(key, query, variables);
        assertThat(r.statusCode()).as("GraphQL status: %s", abbreviate(r.body())).isEqualTo(200);
        JsonNode body = parse(r.body());
        assertThat(body.path("errors").isMissingNode() || body.path("errors").isEmpty())
                .as("GraphQL errors: %s", abbreviate(r.body())).isTrue();
        return body.path("data");
    }

    /** A GraphQL request that must fail with one error of the given classification; returns the error. */
    JsonNode graphQlError(String key, String query, Map<String, Object> variables, String... classifications) {
        HttpResponse<String> r = graphQlRaw(key, query, variables);
        assertThat(r.statusCode()).as("GraphQL status: %s", abbreviate(r.body())).isEqualTo(200);
        JsonNode errors = parse(r.body()).path("errors");
        assertThat(errors.isArray() && !errors.isEmpty()).as("errors in %s", abbreviate(r.body())).isTrue();
        assertThat(errors.get(0).path("extensions").path("classification").asText())
                .as("classification in %s", abbreviate(r.body())).isIn((Object[]) classifications);
        assertThat(errors.get(0).path("message").asText()).isNotBlank();
        return errors.get(0);
    }

    static String query(Map<String, String> params) {
        List<String> parts = new ArrayList<>();
        params.forEach((k, v) -> parts.add(URLEncoder.encode(k, StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(v, StandardCharsets.UTF_8)));
        return String.join("&", parts);
    }

    // ---- events, entities, filters -------------------------------------------------------------

    /** An event as sent to /v1/events; null arguments are left out. */
    static Map<String, Object> event(String eventId, String type, String time, String entryId, String playId,
            String userId, Double positionSec) {
        Map<String, Object> e = new LinkedHashMap<>();
        if (eventId != null) {
            e.put("eventId", eventId);
        }
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

    /** The event with a place: country, region, city, page URL, user agent and device. */
    static Map<String, Object> at(Map<String, Object> event, String country, String region, String city, String pageUrl,
            String userAgent, String device) {
        event.put("country", country);
        event.put("region", region);
        event.put("city", city);
        event.put("pageUrl", pageUrl);
        event.put("userAgent", userAgent);
        event.put("device", device);
        return event;
    }

    static Map<String, Object> entry(String id, String name, String creatorId, double durationSec, String... categoryIds) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("id", id);
        e.put("name", name);
        e.put("creatorId", creatorId);
        e.put("durationSec", durationSec);
        e.put("mediaType", "VIDEO");
        e.put("categoryIds", List.of(categoryIds));
        e.put("createdAt", "2022-01-01T00:00:00Z");
        return e;
    }

    static Map<String, Object> category(String id, String name, String parentId) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("id", id);
        c.put("name", name);
        if (parentId != null) {
            c.put("parentId", parentId);
        }
        c.put("createdAt", "2022-01-01T00:00:00Z");
        c.put("updatedAt", "2022-06-01T00:00:00Z");
        return c;
    }

    static Map<String, Object> filter(String from, String to) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("from", from);
        f.put("to", to);
        return f;
    }

    static final String HIGHLIGHTS = """
            query($f: AnalyticsFilter!) { analytics(filter: $f) { highlights {
              playerImpressions plays uniqueViewers minutesViewed avgDropOffRate avgCompletionRate
              playImpressionRatio playsDistribution contributors playedEntries } } }""";

    /** The account's highlights for a range, as JSON. */
    JsonNode highlights(String key, String from, String to) {
        return graphQlData(key, HIGHLIGHTS, Map.of("f", filter(from, to))).path("analytics").path("highlights");
    }
}
