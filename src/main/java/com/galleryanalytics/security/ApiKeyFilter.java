package com.galleryanalytics.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.stereotype.Component;
import org.springframework.web.cors.CorsUtils;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Checks the bearer key of every API request: {@code /v1/**} and {@code /graphql}. Ingest and
 * entity writes need an INGEST key; reads (GraphQL, exports) an ANALYTICS key; key management
 * ({@code /v1/admin/**}) an ADMIN key. ADMIN keys may do everything, for their partner only.
 */
@Component
public class ApiKeyFilter extends OncePerRequestFilter {
    private final ApiKeys keys;

    public ApiKeyFilter(ApiKeys keys) {
        this.keys = keys;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        // a CORS preflight carries no key by design; CrossOriginConfiguration answers it
        return !(path.startsWith("/v1/") || path.equals("/graphql")) || CorsUtils.isPreFlightRequest(request);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String header = request.getHeader("Authorization");
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            deny(response, 401, "missing_key", "Send an API key as 'Authorization: Bearer <key>'.");
            return;
        }
        Caller caller = keys.find(header.substring(7).trim()).orElse(null);
        if (caller == null) {
            deny(response, 401, "unknown_key", "The API key is not valid.");
            return;
        }
        Role needed = neededRole(request);
        if (!caller.role().allows(needed)) {
            deny(response, 403, "wrong_role", "This key has role " + caller.role() + "; this request needs " + needed + ".");
            return;
        }
        request.setAttribute(Caller.ATTRIBUTE, caller);
        chain.doFilter(request, response);
    }

    private static Role neededRole(HttpServletRequest request) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        if (path.equals("/graphql") || path.startsWith("/v1/export/")) {
            return Role.ANALYTICS;
        }
        if (path.startsWith("/v1/admin/")) {
            return Role.ADMIN;
        }
        return Role.INGEST;
    }

    private static void deny(HttpServletResponse response, int status, String code, String message) throws IOException {
        response.setStatus(status);
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        response.getWriter().write("{\"error\":\"" + code + "\",\"message\":\"" + message.replace("\"", "'") + "\"}");
    }
}
