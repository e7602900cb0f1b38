package com.galleryanalytics.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * A {@code POST /graphql} whose body is not JSON gets a 415 that says what to send (Spring for
 * GraphQL's own 415 has an empty body, and {@code curl -d} without a header sends a form type).
 * Runs before the key check, so the fix comes first, whatever the key.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 20)
public class GraphqlContentType extends OncePerRequestFilter {
    private static final ObjectMapper JSON = new ObjectMapper();
    static final String MESSAGE = "POST /graphql takes a JSON body {\"query\": \"...\", \"variables\": {...}}"
            + " sent as Content-Type: application/json (or application/graphql-response+json); got %s.";

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !"POST".equals(request.getMethod())
                || !request.getRequestURI().substring(request.getContextPath().length()).equals("/graphql");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String type = request.getContentType();
        if (isJson(type)) {
            chain.doFilter(request, response);
            return;
        }
        response.setStatus(HttpServletResponse.SC_UNSUPPORTED_MEDIA_TYPE);
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        String got = type == null || type.isBlank() ? "no Content-Type" : "'" + type + "'";
        response.getWriter().write(JSON.writeValueAsString(
                GraphqlErrorBody.of(MESSAGE.formatted(got), "UNSUPPORTED_MEDIA_TYPE", null)));
    }

    private static boolean isJson(String type) {
        if (type == null || type.isBlank()) {
            return false;
        }
        try {
            MediaType media = MediaType.parseMediaType(type);
            return media.isCompatibleWith(MediaType.APPLICATION_JSON)
                    || "application".equals(media.getType()) && media.getSubtype().endsWith("+json");
        } catch (InvalidMediaTypeException e) {
            return false;
        }
    }
}
