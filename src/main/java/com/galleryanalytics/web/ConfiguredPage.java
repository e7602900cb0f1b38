package com.galleryanalytics.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.springframework.core.io.ClassPathResource;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/**
 * An HTML page of this application (GraphiQL, the dashboard): a template whose scripts read their
 * settings from a JSON block in it, served so that it works offline and leaks nothing: only this
 * origin's scripts, styles and connections (Content-Security-Policy), and never cached (its
 * settings may carry a key and follow the calendar).
 */
final class ConfiguredPage {
    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline';"
            + " img-src 'self' data:; font-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none';"
            + " frame-ancestors 'none'";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String template;
    private final String placeholder;

    /** @param placeholder where the settings go (a template without it is a build mistake) */
    ConfiguredPage(String resource, String placeholder) {
        try {
            this.template = new ClassPathResource(resource).getContentAsString(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(resource + " is missing from the classpath", e);
        }
        if (!template.contains(placeholder)) {
            throw new IllegalStateException(resource + " has no " + placeholder);
        }
        this.placeholder = placeholder;
    }

    /** The page with these settings, and {@code replacements} (placeholder → text) applied first. */
    ResponseEntity<String> render(Map<String, ?> config, Map<String, String> replacements) {
        String html = template;
        for (Map.Entry<String, String> r : replacements.entrySet()) {
            html = html.replace(r.getKey(), r.getValue());
        }
        return ResponseEntity.ok()
                .cacheControl(CacheControl.noStore())
                .header("Content-Security-Policy", CONTENT_SECURITY_POLICY)
                .contentType(new MediaType(MediaType.TEXT_HTML, StandardCharsets.UTF_8))
                .body(html.replace(placeholder, scriptSafeJson(config)));
    }

    /** JSON that cannot end the {@code <script>} element it sits in ({@code </script>} in a value). */
    static String scriptSafeJson(Object value) {
        try {
            return JSON.writeValueAsString(value).replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026");
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
