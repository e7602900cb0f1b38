package com.galleryanalytics;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.galleryanalytics.support.IntegrationTest;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.ActiveProfiles;

/**
 * The README runs as written: every shell block that calls the service with curl is run by bash,
 * in README order, against the service in the demo profile (as {@code bin/run-demo} starts it;
 * only {@code localhost:8080} becomes the test's port), and every GraphQL block is sent with the
 * demo analytics key and the variables of the JSON block that follows it. A block answers 2xx,
 * unless it shows the error it gets ({@code # {"error":...}}): then it must answer that.
 */
@ActiveProfiles(value = {"test", "demo"}, inheritProfiles = false)
class ReadmeExamplesTest extends IntegrationTest {
    private static final Pattern BLOCK = Pattern.compile("^( *)```(\\w+)\\n(.*?)^\\1```", Pattern.MULTILINE | Pattern.DOTALL);
    private static final Pattern STATUS = Pattern.compile("@@HTTP (\\d{3})@@");
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Every curl of a block reports its status after its body (the block itself is run unchanged). */
    private static final String PRELUDE = "set -e\ncurl() { command curl -sS -w '\\n@@HTTP %{http_code}@@\\n' \"$@\"; }\n";

    record Block(String language, String text) {}

    static List<Block> blocks() throws IOException {
        String readme = Files.readString(Path.of("README.md"));
        List<Block> out = new ArrayList<>();
        Matcher m = BLOCK.matcher(readme);
        while (m.find()) {
            String indent = m.group(1);
            String text = m.group(3).lines().map(l -> l.startsWith(indent) ? l.substring(indent.length()) : l)
                    .reduce("", (a, b) -> a + b + "\n");
            out.add(new Block(m.group(2), text));
        }
        return out;
    }

    @Test
    void everyCurlAndGraphqlExampleRunsAsWritten() throws Exception {
        List<Block> blocks = blocks();
        int shells = 0;
        int queries = 0;
        for (int i = 0; i < blocks.size(); i++) {
            Block b = blocks.get(i);
            if (b.language().equals("bash") && b.text().contains("curl ") && b.text().contains("localhost:8080")) {
                runShell(b.text());
                shells++;
            } else if (b.language().equals("graphql")) {
                Map<String, Object> variables = null;
                if (i + 1 < blocks.size() && blocks.get(i + 1).language().equals("json")) {
                    @SuppressWarnings("unchecked")
                    Map<String, Object> v = JSON.readValue(blocks.get(i + 1).text(), Map.class);
                    variables = v;
                }
                runGraphql(b.text(), variables);
                queries++;
            }
        }
        // the README's examples as of this test: the status example, ingest, exports, keys, CORS; two GraphQL queries
        assertThat(shells).isGreaterThanOrEqualTo(6);
        assertThat(queries).isGreaterThanOrEqualTo(2);
    }

    private void runShell(String block) throws Exception {
        String script = PRELUDE + block.replace("localhost:8080", "localhost:" + port);
        Process p = new ProcessBuilder("bash", "-c", script).redirectErrorStream(true).start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("finished: %s", block).isTrue();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as("exit code of\n%s\noutput:\n%s", block, out).isZero();
        List<Integer> statuses = new ArrayList<>();
        Matcher m = STATUS.matcher(out);
        while (m.find()) {
            statuses.add(Integer.parseInt(m.group(1)));
        }
        assertThat(statuses).as("HTTP answers of\n%s\noutput:\n%s", block, out).isNotEmpty();
        Matcher shown = Pattern.compile("^# (\\{\"error\".*?)(\\.\\.\\.)?\"?\\}?$", Pattern.MULTILINE).matcher(block);
        boolean showsError = shown.find();
        if (showsError) {
            int last = statuses.get(statuses.size() - 1);
            assertThat(last).as("the error the README shows, for\n%s\noutput:\n%s", block, out).isBetween(400, 499);
            assertThat(out).as("the answer the README shows").contains(shown.group(1));
            statuses = statuses.subList(0, statuses.size() - 1);
        }
        for (int status : statuses) {
            assertThat(status).as("HTTP answers of\n%s\noutput:\n%s", block, out).isBetween(200, 299);
        }
        if (!showsError) {
            assertThat(out).as("output of\n%s", block).doesNotContain("\"errors\":[{", "\"error\":\"");
        }
    }

    private void runGraphql(String query, Map<String, Object> variables) throws Exception {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("query", query);
        if (variables != null) {
            body.put("variables", variables);
        }
        HttpResponse<String> r = post("/graphql", "demo-analytics-key", JSON.writeValueAsString(body));
        assertThat(r.statusCode()).as(query).isEqualTo(200);
        JsonNode answer = JSON.readTree(r.body());
        assertThat(answer.has("errors")).as("errors of\n%s\n%s", query, r.body()).isFalse();
        assertThat(answer.path("data").path("category").isObject()).as("data of\n%s\n%s", query, r.body()).isTrue();
        // the README's queries are over g1, which its ingest example fills: July 2023 has its play
        assertThat(r.body()).as(query).contains("\"plays\":1");
    }
}
