package com.galleryanalytics.security;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.galleryanalytics.clickhouse.ClickHouseConfiguration.EmbeddedServer;
import com.galleryanalytics.clickhouse.ClickHouseEndpoint;
import com.galleryanalytics.web.RawBody;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RestController;

/**
 * BI credentials for a partner's ADMIN key: {@code POST /v1/admin/bi-users} {"name": "..."}
 * creates a ClickHouse user reading the partner's rows only (its password shown once, with where
 * to connect), {@code GET /v1/admin/bi-users} lists them, {@code DELETE /v1/admin/bi-users/{user}}
 * drops one at once.
 */
@RestController
public class BiUsersController {
    private final BiUsers users;
    private final ClickHouseEndpoint endpoint;
    private final EmbeddedServer embedded;
    private final ObjectMapper mapper = new ObjectMapper();

    public BiUsersController(BiUsers users, ClickHouseEndpoint endpoint, EmbeddedServer embedded) {
        this.users = users;
        this.endpoint = endpoint;
        this.embedded = embedded;
    }

    @PostMapping(path = "/v1/admin/bi-users", consumes = "*/*")
    public ResponseEntity<?> create(@RequestAttribute(Caller.ATTRIBUTE) Caller caller, HttpServletRequest request)
            throws IOException, SQLException {
        if (users.unavailable().isPresent()) {
            return unavailable();
        }
        String text = RawBody.read(request);
        String name = "";
        if (text != null && !text.isBlank()) {
            JsonNode body;
            try {
                body = mapper.readTree(text);
            } catch (IOException e) {
                return bad("The body must be JSON: {\"name\": \"...\"} (or empty).");
            }
            if (body == null || !body.isObject()) {
                return bad("The body must be a JSON object: {\"name\": \"...\"} (or empty).");
            }
            name = body.path("name").isTextual() ? body.get("name").asText() : "";
        }
        if (name.length() > 200 || name.chars().anyMatch(c -> c < 0x20)) {
            return bad("name must be at most 200 characters without control characters.");
        }
        BiUsers.CreatedBiUser created = users.create(caller.partnerId(), name);
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("user", created.user());
        answer.put("password", created.password());
        answer.put("partnerId", created.partnerId());
        answer.put("name", created.name());
        answer.put("database", created.database());
        answer.put("httpUrl", endpoint.httpUrl());
        answer.put("jdbcUrl", endpoint.jdbcUrl());
        embedded.server().ifPresent(s -> answer.put("tcpPort", s.tcpPort()));
        answer.put("views", BiUsers.READABLE.stream().filter(t -> t.startsWith("bi_")).toList());
        return ResponseEntity.status(HttpStatus.CREATED).body(answer);
    }

    @GetMapping("/v1/admin/bi-users")
    public ResponseEntity<?> list(@RequestAttribute(Caller.ATTRIBUTE) Caller caller) throws SQLException {
        if (users.unavailable().isPresent()) {
            return unavailable();
        }
        List<BiUsers.BiUser> list = users.list(caller.partnerId());
        return ResponseEntity.ok(list);
    }

    @DeleteMapping("/v1/admin/bi-users/{user}")
    public ResponseEntity<?> revoke(@RequestAttribute(Caller.ATTRIBUTE) Caller caller, @PathVariable String user)
            throws SQLException, IOException {
        if (users.unavailable().isPresent()) {
            return unavailable();
        }
        if (!users.revoke(caller.partnerId(), user)) {
            return ResponseEntity.status(HttpStatus.NOT_FOUND).body(Map.of("error", "unknown_bi_user",
                    "message", "This partner has no BI user '" + user + "' (or it was revoked already)."));
        }
        return ResponseEntity.ok(Map.of("revoked", user));
    }

    private ResponseEntity<Map<String, String>> unavailable() {
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                .body(Map.of("error", "bi_unavailable", "message", users.unavailable().orElse("")));
    }

    private static ResponseEntity<Map<String, String>> bad(String message) {
        return ResponseEntity.badRequest().body(Map.of("error", "invalid_request", "message", message));
    }
}
