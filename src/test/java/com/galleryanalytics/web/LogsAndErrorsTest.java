package com.galleryanalytics.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.galleryanalytics.support.IntegrationTest;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.logging.LogLevel;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/** What a newcomer's mistakes get back, and what an operator's log says about each request. Partner it-26 (writes) and it-1 (reads). */
@ExtendWith(OutputCaptureExtension.class)
class LogsAndErrorsTest extends IntegrationTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String QUERY = "{\"query\":\"{ __typename }\"}";

    private HttpResponse<String> postGraphql(String contentType) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/graphql"))
                .header("Authorization", "Bearer it-analytics-1").POST(HttpRequest.BodyPublishers.ofString(QUERY));
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        return send(b.build());
    }

    private static JsonNode parse(String body) {
        try {
            return JSON.readTree(body);
        } catch (Exception e) {
            throw new AssertionError(body, e);
        }
    }

    /** Log lines of an asynchronous request are written when its response completes, a moment after the client has it. */
    private static void awaitOutput(Supplier<String> output, String... expected) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
        while (!java.util.Arrays.stream(expected).allMatch(output.get()::contains) && Instant.now().isBefore(deadline)) {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        assertThat(output.get()).contains(expected);
    }

    @Test
    void aGraphqlPostThatIsNotJsonIsToldWhatToSend() {
        HttpResponse<String> none = postGraphql(null);
        assertThat(none.statusCode()).isEqualTo(415);
        assertThat(parse(none.body()).path("errors").get(0).path("message").asText()).isEqualTo(
                "POST /graphql takes a JSON body {\"query\": \"...\", \"variables\": {...}} sent as Content-Type: application/json"
                        + " (or application/graphql-response+json); got no Content-Type.");
        HttpResponse<String> form = postGraphql("application/x-www-form-urlencoded");
        assertThat(form.statusCode()).isEqualTo(415);
        assertThat(parse(form.body()).path("errors").get(0).path("message").asText())
                .endsWith("got 'application/x-www-form-urlencoded'.");
        assertThat(postGraphql("text/plain; charset=\"utf-8\\\"").statusCode()).isEqualTo(415);
        HttpResponse<String> json = postGraphql("application/json; charset=utf-8");
        assertThat(json.statusCode()).isEqualTo(200);
        assertThat(json.body()).contains("\"__typename\":\"Query\"");
    }

    @Test
    void everyRequestGetsOneAccessLineWithoutSecrets(CapturedOutput output) {
        // the test profile keeps the access log quiet; the service's default level is INFO
        LoggingSystem logging = LoggingSystem.get(getClass().getClassLoader());
        logging.setLogLevel("access", LogLevel.INFO);
        try {
            accessLines(output);
        } finally {
            logging.setLogLevel("access", LogLevel.WARN);
        }
    }

    private void accessLines(CapturedOutput output) {
        assertThat(get("/actuator/health", null).statusCode()).isEqualTo(200);
        assertThat(post("/graphql", "it-analytics-1", QUERY).statusCode()).isEqualTo(200);
        assertThat(get("/v1/export/devices.csv?from=2024-01-01&to=2024-01-02&userIds=secret-viewer", "it-analytics-1").statusCode())
                .isEqualTo(200);
        awaitOutput(output::getOut, "GET /actuator/health 200 ", "POST /graphql 200 ", "GET /v1/export/devices.csv 200 ");
        assertThat(output.getOut()).containsPattern("POST /graphql 200 \\d+ ms partner=it-1")
                .containsPattern("GET /actuator/health 200 \\d+ ms partner=-");
        assertThat(output.getOut()).doesNotContain("it-analytics-1", "secret-viewer");
    }

    @Test
    void graphqlErrorsAndRejectedEventsAreLoggedAtWarn(CapturedOutput output) {
        String bad = "{\"query\":\"query Broken { analytics(filter: {from: \\\"2024-01-02\\\", to: \\\"2024-01-01\\\"}) { highlights { plays } } }\"}";
        HttpResponse<String> r = post("/graphql", "it-analytics-1", bad);
        assertThat(parse(r.body()).path("errors").get(0).path("extensions").path("classification").asText()).isEqualTo("BAD_REQUEST");
        awaitOutput(output::getOut, "GraphQL answer with 1 error(s), partner=it-1, operation=Broken:");
        assertThat(output.getOut()).containsPattern("WARN .*GraphQL answer with 1 error\\(s\\)");

        HttpResponse<String> events = post("/v1/events", "it-ingest-26",
                "[{\"eventId\":\"log-1\",\"type\":\"NOT_A_TYPE\",\"time\":\"2024-01-01T00:00:00Z\",\"entryId\":\"e\"}]");
        assertThat(events.statusCode()).isEqualTo(422);
        awaitOutput(output::getOut, "Rejected 1 of 1 events, partner=it-26 (stored 0); first: index 0, field type:");
    }
}
