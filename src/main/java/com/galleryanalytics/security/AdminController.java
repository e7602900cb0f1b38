package com.galleryanalytics.security;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.galleryanalytics.web.ErrorBody;
import com.galleryanalytics.web.RawBody;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.sql.SQLException;
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
 * Key management for a partner's ADMIN key: {@code POST /v1/admin/keys} {"role": "INGEST|ANALYTICS|ADMIN",
 * "name": "..."} creates a key (shown once), {@code GET /v1/admin/keys} lists the partner's keys
 * (never the keys themselves), {@code DELETE /v1/admin/keys/{keyId}} revokes one at once.
 */
@RestController
public class AdminController {
    private final ApiKeys keys;
    private final ObjectMapper mapper = new ObjectMapper();

    public AdminController(ApiKeys keys) {
        this.keys = keys;
    }

    @PostMapping(path = "/v1/admin/keys", consumes = "*/*")
    public ResponseEntity<?> create(@RequestAttribute(Caller.ATTRIBUTE) Caller caller, HttpServletRequest request)
            throws IOException, SQLException {
        JsonNode body;
        try {
            body = mapper.readTree(RawBody.read(request));
        } catch (IOException e) {
            return bad("The body must be JSON: {\"role\": \"INGEST|ANALYTICS|ADMIN\", \"name\": \"...\"}.");
        }
        if (body == null || !body.isObject() || !body.path("role").isTextual()) {
            return bad("role is required: one of INGEST, ANALYTICS, ADMIN.");
        }
        Role role;
        try {
            role = Role.valueOf(body.get("role").asText());
        } catch (IllegalArgumentException e) {
            return bad("role must be one of INGEST, ANALYTICS, ADMIN.");
        }
        String name = body.path("name").isTextual() ? body.get("name").asText() : "";
        if (name.length() > 200 || name.chars().anyMatch(c -> c < 0x20)) {
            return bad("name must be at most 200 characters without control characters.");
        }
        return ResponseEntity.status(HttpStatus.CREATED).body(keys.create(caller.partnerId(), role, name));
    }

    @GetMapping("/v1/admin/keys")
    public List<ApiKeys.KeyInfo> list(@RequestAttribute(Caller.ATTRIBUTE) Caller caller) throws SQLException {
        return keys.list(caller.partnerId());
    }

    @DeleteMapping("/v1/admin/keys/{keyId}")
    public ResponseEntity<?> revoke(@RequestAttribute(Caller.ATTRIBUTE) Caller caller, @PathVariable String keyId)
            throws SQLException {
        if (keys.isConfigured(keyId)) {
            return ResponseEntity.status(HttpStatus.CONFLICT).body(new ErrorBody("configured_key",
                    "Key " + keyId + " comes from the configuration: remove it there."));
        }
        if (!keys.revoke(caller.partnerId(), keyId)) {
            return ResponseEntity.status(HttpStatus.NOT_FOUND).body(new ErrorBody("unknown_key",
                    "This partner has no key " + keyId + "."));
        }
        return ResponseEntity.ok(Map.of("revoked", keyId));
    }

    private static ResponseEntity<ErrorBody> bad(String message) {
        return ResponseEntity.badRequest().body(new ErrorBody("invalid_request", message));
    }
}
