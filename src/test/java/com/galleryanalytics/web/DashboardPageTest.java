package com.galleryanalytics.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.galleryanalytics.demo.DemoData;
import com.galleryanalytics.support.IntegrationTest;
import java.net.URI;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.http.ResponseEntity;
import org.springframework.mock.web.MockHttpServletRequest;

/** The dashboard page at / and /galleries/{id}: served whole by this application, no key needed to load it. */
class DashboardPageTest extends IntegrationTest {
    private static final Pattern REFERENCE = Pattern.compile("\\b(?:src|href)=\"([^\"]*)\"");
    private static final Pattern IMPORT = Pattern.compile("from '(\\./[^']+)'");
    private static final Pattern CONFIG = Pattern.compile(
            "<script id=\"dashboard-config\" type=\"application/json\">(.*?)</script>", Pattern.DOTALL);
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void bothAddressesServeThePageWithoutAKeyAndOnlyThisApplicationsAssets() throws Exception {
        for (String path : List.of("/", "/galleries/x")) {
            HttpResponse<String> page = get(path, null);
            assertThat(page.statusCode()).as(path).isEqualTo(200);
            assertThat(page.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
            assertThat(page.headers().firstValue("Cache-Control")).hasValueSatisfying(c -> assertThat(c).contains("no-store"));
            assertThat(page.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(
                    csp -> assertThat(csp).contains("script-src 'self'", "connect-src 'self'", "default-src 'self'"));
            assertThat(page.body()).doesNotContain("http://", "https://", "//cdn", "unpkg", "jsdelivr", "@BASE@");

            List<String> references = new ArrayList<>();
            Matcher m = REFERENCE.matcher(page.body());
            while (m.find()) {
                references.add(m.group(1));
            }
            assertThat(references).contains("/webjars/uplot/1.6.30/dist/uPlot.iife.min.js",
                    "/webjars/uplot/1.6.30/dist/uPlot.min.css", "/dashboard/main.js", "/dashboard/dashboard.css");
            URI base = URI.create("http://localhost:" + port + path);
            List<String> modules = new ArrayList<>();
            for (String reference : references) {
                URI asset = assertServedHere(base, reference);
                if (asset != null && reference.endsWith("main.js")) {
                    modules.add(asset.getRawPath());
                }
            }
            // Every module the page imports (transitively) is served too, and none reaches elsewhere.
            List<String> seen = new ArrayList<>();
            while (!modules.isEmpty()) {
                String module = modules.removeFirst();
                if (seen.contains(module)) {
                    continue;
                }
                seen.add(module);
                HttpResponse<String> js = get(module, null);
                assertThat(js.statusCode()).as(module).isEqualTo(200);
                assertThat(js.headers().firstValue("Content-Type")).as(module)
                        .hasValueSatisfying(t -> assertThat(t).contains("javascript"));
                assertThat(js.body()).as(module).doesNotContain("http://", "https://", "eval(");
                assertThat(js.body().lines().count()).as(module + " stays small").isLessThanOrEqualTo(400);
                Matcher imports = IMPORT.matcher(js.body());
                while (imports.find()) {
                    modules.add(URI.create("http://localhost" + module).resolve(imports.group(1)).getRawPath());
                }
            }
            assertThat(seen).hasSizeGreaterThanOrEqualTo(10);
        }
    }

    @Test
    void theConfigNamesTheGalleryAndHasNoKeyUnlessOneIsConfigured() throws Exception {
        // The test profile has neither the demo account nor a dashboard key.
        JsonNode home = config(get("/", null).body());
        assertThat(home.get("endpoint").asText()).isEqualTo("/graphql");
        assertThat(home.get("exportBase").asText()).isEqualTo("/v1/export/");
        assertThat(home.get("galleryId").isNull()).as("no demo: the picker").isTrue();
        assertThat(home.get("defaultKey").isNull()).isTrue();
        assertThat(config(get("/galleries/g-1", null).body()).get("galleryId").asText()).isEqualTo("g-1");

        ResponseEntity<String> demo = new DashboardController("demo-analytics-key", "/graphql", true)
                .home(new MockHttpServletRequest());
        assertThat(config(demo.getBody()).get("defaultKey").asText()).isEqualTo("demo-analytics-key");
        assertThat(config(demo.getBody()).get("galleryId").asText()).isEqualTo(DemoData.GALLERY_ID);
        assertThat(demo.getBody()).contains("demo-analytics-key");
        ResponseEntity<String> none = new DashboardController("", "/graphql", true).home(new MockHttpServletRequest());
        assertThat(none.getBody()).doesNotContain("demo-analytics-key");
        assertThat(config(none.getBody()).get("defaultKey").isNull()).isTrue();
    }

    @Test
    void aHostileGalleryIdOrContextPathCannotBreakOutOfThePage() throws Exception {
        String hostile = "x\"</script><script>alert(1)</script>";
        MockHttpServletRequest request = new MockHttpServletRequest();
        request.setContextPath("/a\"><script>alert(2)</script>");
        ResponseEntity<String> page = new DashboardController("k</script>", "/graphql", false).gallery(request, hostile);
        assertThat(page.getBody()).doesNotContain("<script>alert");
        assertThat(config(page.getBody()).get("galleryId").asText()).isEqualTo(hostile);
        assertThat(config(page.getBody()).get("defaultKey").asText()).isEqualTo("k</script>");
    }

    private static JsonNode config(String html) throws Exception {
        Matcher m = CONFIG.matcher(html);
        assertThat(m.find()).as("the page's dashboard-config").isTrue();
        return JSON.readTree(m.group(1));
    }
}
