package com.galleryanalytics.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.galleryanalytics.demo.DemoData;
import com.galleryanalytics.support.IntegrationTest;
import graphql.ExecutionInput;
import graphql.ParseAndValidate;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.graphql.execution.GraphQlSource;
import org.springframework.http.ResponseEntity;
import org.springframework.mock.web.MockHttpServletRequest;

/** GraphiQL at /graphiql: served whole by this application (offline), opening with a valid example query. */
class GraphiqlPageTest extends IntegrationTest {
    private static final Pattern REFERENCE = Pattern.compile("\\b(?:src|href)=\"([^\"]*)\"");
    private static final Pattern CONFIG = Pattern.compile(
            "<script id=\"graphiql-config\" type=\"application/json\">(.*?)</script>", Pattern.DOTALL);
    private static final ObjectMapper JSON = new ObjectMapper();

    @Autowired
    GraphQlSource graphQlSource;

    @Test
    void thePageNeedsNoKeyAndReferencesOnlyThisApplicationsAssets() {
        HttpResponse<String> page = get("/graphiql", null);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
        assertThat(page.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(
                csp -> assertThat(csp).contains("script-src 'self'", "connect-src 'self'"));
        assertThat(page.body()).doesNotContain("http://", "https://", "//cdn", "unpkg", "jsdelivr");

        List<String> references = new ArrayList<>();
        Matcher m = REFERENCE.matcher(page.body());
        while (m.find()) {
            references.add(m.group(1));
        }
        assertThat(references).contains("webjars/graphiql/2.4.7/graphiql.min.js", "webjars/graphiql/2.4.7/graphiql.min.css",
                "webjars/react/18.3.1/umd/react.production.min.js",
                "webjars/react-dom/18.3.1/umd/react-dom.production.min.js");
        URI base = URI.create("http://localhost:" + port + "/graphiql");
        for (String reference : references) {
            assertServedHere(base, reference);
        }
    }

    @Test
    void theExampleQueryIsValidAgainstTheSchemaAndAimsAtTheDemoGallery() throws Exception {
        JsonNode config = config(get("/graphiql", null).body());
        assertThat(config.get("endpoint").asText()).isEqualTo("/graphql");
        String query = config.get("query").asText();
        assertThat(query).contains("category(id: \"" + DemoData.GALLERY_ID + "\")", "highlights", "performance(granularity: MONTH)");
        var result = ParseAndValidate.parseAndValidate(graphQlSource.schema(), ExecutionInput.newExecutionInput(query).build());
        assertThat(result.getErrors()).isEmpty();
        // No default key configured here: the headers editor shows where the key goes.
        assertThat(JSON.readTree(config.get("headers").asText()).get("Authorization").asText()).startsWith("Bearer ");
    }

    @Test
    void theExampleCoversTheDemoDataLoadedToday() {
        LocalDate today = LocalDate.of(2026, 3, 10);
        String query = GraphiqlController.exampleQuery(today);
        LocalDate lastDay = today.minusDays(1);
        LocalDate firstDay = lastDay.minusDays(DemoData.DAYS - 1);
        Matcher range = Pattern.compile("from: \"([0-9-]+)\", to: \"([0-9-]+)\"").matcher(query);
        assertThat(range.find()).isTrue();
        assertThat(LocalDate.parse(range.group(1))).isBeforeOrEqualTo(firstDay);
        assertThat(LocalDate.parse(range.group(2))).isAfterOrEqualTo(lastDay);
    }

    @Test
    void theConfiguredKeyIsPrefilledAndCannotBreakOutOfThePage() throws Exception {
        ResponseEntity<String> demo = new GraphiqlController("demo-analytics-key", "/graphql").page(new MockHttpServletRequest());
        JsonNode headers = JSON.readTree(config(demo.getBody()).get("headers").asText());
        assertThat(headers.get("Authorization").asText()).isEqualTo("Bearer demo-analytics-key");

        String hostile = "k\"</script><script>alert(1)</script>";
        ResponseEntity<String> page = new GraphiqlController(hostile, "/graphql").page(new MockHttpServletRequest());
        assertThat(page.getBody()).doesNotContain("<script>alert");
        assertThat(JSON.readTree(config(page.getBody()).get("headers").asText()).get("Authorization").asText())
                .isEqualTo("Bearer " + hostile);
    }

    private static JsonNode config(String html) throws Exception {
        Matcher m = CONFIG.matcher(html);
        assertThat(m.find()).as("the page's graphiql-config").isTrue();
        return JSON.readTree(m.group(1));
    }
}
