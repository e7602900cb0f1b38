package com.galleryanalytics.security;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.security.Principal;
import com.galleryanalytics.web.ErrorBody;
import com.galleryanalytics.web.GraphqlErrorBody;
import org.springframework.stereotype.Component;
import org.springframework.web.cors.CorsUtils;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Checks the bearer key of every API request: {@code /v1/**}, {@code /graphql} and the
 * operations endpoints ({@code /actuator/**}). Ingest and entity writes need an INGEST key; reads
 * (GraphQL, exports) an ANALYTICS key; key management ({@code /v1/admin/**}), metrics and health
 * details an ADMIN key. ADMIN keys may do everything, for their partner only. The public
 * {@code /actuator/health} answers its status to anyone (load balancers ask without a key) and
 * its details only to an ADMIN key. Refusals on {@code /graphql} are shaped as GraphQL errors,
 * so a GraphQL client shows them like any other error.
 */
@Component
public class ApiKeyFilter extends OncePerRequestFilter {
    /** Role name the actuator checks for health details ({@code management.endpoint.health.roles}). */
    static final String OPERATIONS_ROLE = "ADMIN";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ApiKeys keys;

    public ApiKeyFilter(ApiKeys keys) {
        this.keys = keys;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String path = path(request);
        // a CORS preflight carries no key by design; CrossOriginConfiguration answers it
        return !(path.startsWith("/v1/") || path.equals("/graphql") || isOperations(path))
                || CorsUtils.isPreFlightRequest(request);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String path = path(request);
        String header = request.getHeader("Authorization");
        if (header == null && isPublicHealth(path)) {
            chain.doFilter(request, response); // status only: details need an ADMIN key
            return;
        }
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            deny(request, response, 401, "missing_key", "Send an API key as 'Authorization: Bearer <key>'.");
            return;
        }
        String presented = header.substring(7).trim();
        Caller caller = keys.find(presented).orElse(null);
        if (caller == null) {
            if (keys.isRevoked(presented)) {
                deny(request, response, 401, "revoked_key",
                        "This API key was revoked. Ask an admin of your partner for a new key.");
            } else {
                deny(request, response, 401, "unknown_key", "The API key is not valid: no such key is configured or was created.");
            }
            return;
        }
        Role needed = neededRole(path);
        if (!caller.role().allows(needed) && !isPublicHealth(path)) {
            deny(request, response, 403, "wrong_role", "This key has role " + caller.role() + "; this request needs " + needed + ".");
            return;
        }
        request.setAttribute(Caller.ATTRIBUTE, caller);
        chain.doFilter(isOperations(path) ? new OperatorRequest(request, caller) : request, response);
    }

    private static String path(HttpServletRequest request) {
        return request.getRequestURI().substring(request.getContextPath().length());
    }

    private static boolean isOperations(String path) {
        return path.equals("/actuator") || path.startsWith("/actuator/");
    }

    /** The health status (and its liveness/readiness groups), which anyone may read. */
    private static boolean isPublicHealth(String path) {
        return path.equals("/actuator/health") || path.startsWith("/actuator/health/");
    }

    private static Role neededRole(String path) {
        if (path.equals("/graphql") || path.startsWith("/v1/export/")) {
            return Role.ANALYTICS;
        }
        if (path.startsWith("/v1/admin/") || isOperations(path)) {
            return Role.ADMIN;
        }
        return Role.INGEST;
    }

    private static void deny(HttpServletRequest request, HttpServletResponse response, int status, String code, String message)
            throws IOException {
        response.setStatus(status);
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        Object body = path(request).equals("/graphql")
                ? GraphqlErrorBody.of(message, status == 401 ? "UNAUTHORIZED" : "FORBIDDEN", code)
                : new ErrorBody(code, message);
        response.getWriter().write(JSON.writeValueAsString(body));
    }

    /**
     * The request as the actuator sees it: a principal (the caller's partner), in role
     * {@value #OPERATIONS_ROLE} when the key is an ADMIN key, so health shows its details to
     * operators only ({@code show-details=when-authorized}).
     */
    private static final class OperatorRequest extends HttpServletRequestWrapper {
        private final Caller caller;

        OperatorRequest(HttpServletRequest request, Caller caller) {
            super(request);
            this.caller = caller;
        }

        @Override
        public Principal getUserPrincipal() {
            return caller::partnerId;
        }

        @Override
        public boolean isUserInRole(String role) {
            return OPERATIONS_ROLE.equals(role) && caller.role() == Role.ADMIN;
        }
    }
}
