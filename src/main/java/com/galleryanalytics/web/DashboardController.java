package com.galleryanalytics.web;

import com.galleryanalytics.demo.DemoData;
import jakarta.servlet.http.HttpServletRequest;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;

/**
 * The gallery analytics dashboard: {@code /} (the demo gallery when the demo account is loaded,
 * else the gallery picker) and {@code /galleries/{id}}. One HTML template whose scripts (plain ES
 * modules under {@code static/dashboard/}) read their settings from a JSON block and talk to the
 * public GraphQL API with the key the user enters; {@code gallery.dashboard.default-key} (the demo
 * profile sets the demo analytics key) prefills it. Same Content-Security-Policy as GraphiQL: only
 * this origin's scripts, styles and connections, so the page works (and leaks nothing) offline.
 */
@Controller
public class DashboardController {
    static final String CONFIG_PLACEHOLDER = "@DASHBOARD_CONFIG@";
    /** Asset paths in the template start with this, replaced by the context path (the page lives at two depths). */
    static final String BASE_PLACEHOLDER = "@BASE@";
    private final ConfiguredPage template = new ConfiguredPage("templates/dashboard.html", CONFIG_PLACEHOLDER);
    private final String defaultKey;
    private final String graphqlPath;
    private final boolean demo;

    public DashboardController(@Value("${gallery.dashboard.default-key:}") String defaultKey,
            @Value("${spring.graphql.http.path:/graphql}") String graphqlPath,
            @Value("${gallery.demo.enabled:false}") boolean demo) {
        this.defaultKey = defaultKey.strip();
        this.graphqlPath = graphqlPath;
        this.demo = demo;
    }

    /** The demo gallery when the demo account is loaded, else the gallery picker. */
    @GetMapping(path = "/", produces = MediaType.TEXT_HTML_VALUE)
    public ResponseEntity<String> home(HttpServletRequest request) {
        return page(request, demo ? DemoData.GALLERY_ID : null);
    }

    @GetMapping(path = "/galleries/{id}", produces = MediaType.TEXT_HTML_VALUE)
    public ResponseEntity<String> gallery(HttpServletRequest request, @PathVariable String id) {
        return page(request, id);
    }

    ResponseEntity<String> page(HttpServletRequest request, String galleryId) {
        String contextPath = request.getContextPath();
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("endpoint", contextPath + graphqlPath);
        config.put("exportBase", contextPath + "/v1/export/");
        config.put("contextPath", contextPath);
        config.put("galleryId", galleryId);
        config.put("defaultKey", defaultKey.isEmpty() ? null : defaultKey);
        return template.render(config, Map.of(BASE_PLACEHOLDER, htmlAttribute(contextPath)));
    }

    private static String htmlAttribute(String value) {
        return value.replace("&", "&amp;").replace("\"", "&quot;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
