package com.galleryanalytics.security;

import java.util.List;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.UrlBasedCorsConfigurationSource;
import org.springframework.web.filter.CorsFilter;

/**
 * CORS for front ends served from other origins (how front-end teams develop against the API).
 * Origins come from {@code gallery.cors.allowed-origins} (patterns such as
 * {@code https://*.example.com} or {@code http://localhost:*}); without any, only the service's
 * own origin may call it, and a cross-origin request is refused with 403. The filter runs before
 * the key check: a preflight carries no key and is answered here, and a refused real request
 * (401, 403) still carries the CORS headers, so the front end can read why. Keys are bearer
 * headers, not cookies, so credentials are never allowed.
 */
@Configuration
public class CrossOriginConfiguration {
    static final List<String> METHODS = List.of("GET", "POST", "PUT", "OPTIONS");
    static final List<String> HEADERS = List.of("Authorization", "Content-Type");
    /** Exports name their file in Content-Disposition; a cross-origin script reads it only if exposed. */
    static final List<String> EXPOSED = List.of("Content-Disposition");
    static final long PREFLIGHT_MAX_AGE_SECONDS = 3600;

    @Bean
    public FilterRegistrationBean<CorsFilter> corsFilter(
            @Value("${gallery.cors.allowed-origins:}") List<String> allowedOrigins) {
        CorsConfiguration config = new CorsConfiguration();
        config.setAllowedOriginPatterns(allowedOrigins.stream().map(String::strip).filter(o -> !o.isEmpty()).toList());
        config.setAllowedMethods(METHODS);
        config.setAllowedHeaders(HEADERS);
        config.setExposedHeaders(EXPOSED);
        config.setAllowCredentials(false);
        config.setMaxAge(PREFLIGHT_MAX_AGE_SECONDS);
        UrlBasedCorsConfigurationSource source = new UrlBasedCorsConfigurationSource();
        source.registerCorsConfiguration("/graphql", config);
        source.registerCorsConfiguration("/v1/**", config);
        FilterRegistrationBean<CorsFilter> registration = new FilterRegistrationBean<>(new CorsFilter(source));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
        return registration;
    }
}
