package com.galleryanalytics.trust;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.TestPropertySource;

/**
 * A ClickHouse memory limit hit is a classified GraphQL error, not an INTERNAL_ERROR. Its own
 * context (and ClickHouse) with {@code gallery.query.max-memory-bytes=1000000}: ClickHouse 26.x
 * tracks a few MB for any statement that reads a MergeTree table (its read buffers), so every
 * analytics statement stops at the limit with MEMORY_LIMIT_EXCEEDED (code 241). Partner it-23.
 */
@TestPropertySource(properties = "gallery.query.max-memory-bytes=1000000")
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class QueryMemoryLimitTest extends TrustSupport {

    @Test
    void aStatementOverTheMemoryLimitIsAClassifiedGraphQlError() {
        ingest("it-ingest-23", List.of(event("ml-1", "PLAY", "2023-05-20T10:00:00Z", "ml-e1", "ml-p1", "ml-u1", 0.0)));
        HttpResponse<String> r = graphQlRaw("it-analytics-23", HIGHLIGHTS, Map.of("f", filter("2023-05-01", "2023-05-31")));
        System.out.printf("[memory-limit] highlights with a 1,000,000-byte limit: HTTP %d: %s%n", r.statusCode(),
                abbreviate(r.body()));
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode errors = parse(r.body()).path("errors");
        assertThat(errors).hasSize(1);
        assertThat(errors.get(0).path("extensions").path("classification").asText()).isEqualTo("QUERY_TOO_COMPLEX");
        assertThat(errors.get(0).path("message").asText()).isEqualTo("This part of the query needs more than the 1000000"
                + " bytes of memory one statement may use: narrow the date range or the filter, or ask for fewer rows.");
        assertThat(errors.get(0).path("path").toString()).isEqualTo("[\"analytics\",\"highlights\"]");
    }
}
