package com.galleryanalytics.catalog;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.galleryanalytics.security.Caller;
import com.galleryanalytics.web.RawBody;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiFunction;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RestController;

/**
 * Entity upserts: {@code POST /v1/{categories|entries|users}} with a JSON array, or
 * {@code PUT /v1/{kind}/{id}} with one object. Like events, a batch stores its valid items and
 * lists each rejected one with its index, field and reason (422 when any is rejected); a body
 * that is not a JSON array is refused whole (400). A category whose parent chain would lead back
 * to itself is refused: the tree would have no root and list a category under itself.
 */
@RestController
public class CatalogController {
    /** A list, so the message naming them always lists them in this order. */
    private static final List<String> MEDIA_TYPES = List.of("VIDEO", "AUDIO", "IMAGE", "LIVE");
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(CatalogController.class);
    private final ObjectMapper mapper = new ObjectMapper();
    private final CatalogRepository repository;

    public CatalogController(CatalogRepository repository) {
        this.repository = repository;
    }

    @PostMapping(path = "/v1/categories", consumes = "*/*")
    public ResponseEntity<Map<String, Object>> postCategories(@RequestAttribute(Caller.ATTRIBUTE) Caller caller,
            HttpServletRequest request) throws SQLException, IOException {
        String body = RawBody.read(request);
        Batch<Category> batch = parseArray(body, this::category);
        List<Category> acyclic = withoutCycles(caller.partnerId(), batch);
        repository.upsertCategories(caller.partnerId(), acyclic);
        return answer(caller, "categories", acyclic.size(), batch.rejections());
    }

    @PutMapping(path = "/v1/categories/{id}", consumes = "*/*")
    public Map<String, Object> putCategory(@RequestAttribute(Caller.ATTRIBUTE) Caller caller, @PathVariable String id,
            HttpServletRequest request) throws SQLException, IOException {
        String body = RawBody.read(request);
        Category category = category(withId(parseOne(body), id), 0);
        CategoryCycles.Cycle cycle = CategoryCycles.find(parents(caller.partnerId()), List.of(category)).get(category.id());
        if (cycle != null) {
            throw new InvalidEntityException(0, "parentId", cycle.message());
        }
        repository.upsertCategories(caller.partnerId(), List.of(category));
        return Map.of("upserted", 1);
    }

    @PostMapping(path = "/v1/entries", consumes = "*/*")
    public ResponseEntity<Map<String, Object>> postEntries(@RequestAttribute(Caller.ATTRIBUTE) Caller caller,
            HttpServletRequest request) throws SQLException, IOException {
        String body = RawBody.read(request);
        Batch<Entry> batch = parseArray(body, this::entry);
        repository.upsertEntries(caller.partnerId(), batch.valid());
        return answer(caller, "entries", batch.valid().size(), batch.rejections());
    }

    @PutMapping(path = "/v1/entries/{id}", consumes = "*/*")
    public Map<String, Object> putEntry(@RequestAttribute(Caller.ATTRIBUTE) Caller caller, @PathVariable String id,
            HttpServletRequest request) throws SQLException, IOException {
        String body = RawBody.read(request);
        repository.upsertEntries(caller.partnerId(), List.of(entry(withId(parseOne(body), id), 0)));
        return Map.of("upserted", 1);
    }

    @PostMapping(path = "/v1/users", consumes = "*/*")
    public ResponseEntity<Map<String, Object>> postUsers(@RequestAttribute(Caller.ATTRIBUTE) Caller caller,
            HttpServletRequest request) throws SQLException, IOException {
        String body = RawBody.read(request);
        Batch<User> batch = parseArray(body, this::user);
        repository.upsertUsers(caller.partnerId(), batch.valid());
        return answer(caller, "users", batch.valid().size(), batch.rejections());
    }

    @PutMapping(path = "/v1/users/{id}", consumes = "*/*")
    public Map<String, Object> putUser(@RequestAttribute(Caller.ATTRIBUTE) Caller caller, @PathVariable String id,
            HttpServletRequest request) throws SQLException, IOException {
        String body = RawBody.read(request);
        repository.upsertUsers(caller.partnerId(), List.of(user(withId(parseOne(body), id), 0)));
        return Map.of("upserted", 1);
    }

    @ExceptionHandler(InvalidEntityException.class)
    ResponseEntity<Map<String, Object>> invalid(InvalidEntityException e) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", "invalid_entity");
        body.put("index", e.index());
        body.put("field", e.field());
        body.put("message", e.getMessage());
        return ResponseEntity.badRequest().body(body);
    }

    /** One rejected item of a batch: its position, its id when it has one, the field and why. */
    public record Rejection(int index, String id, String field, String reason) {}

    /** A batch's valid items (each with its index in the body) and its rejected ones. */
    private record Batch<T>(List<T> valid, List<Integer> indexes, List<Rejection> rejections) {}

    private <T> Batch<T> parseArray(String body, BiFunction<JsonNode, Integer, T> reader) {
        JsonNode root = parse(body);
        if (!root.isArray()) {
            throw new InvalidEntityException(-1, "body", "Send a JSON array of items (or PUT /v1/{kind}/{id} for one).");
        }
        Batch<T> batch = new Batch<>(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        for (int i = 0; i < root.size(); i++) {
            try {
                batch.valid().add(reader.apply(root.get(i), i));
                batch.indexes().add(i);
            } catch (InvalidEntityException e) {
                JsonNode id = root.get(i).get("id");
                batch.rejections().add(new Rejection(i, id != null && id.isValueNode() ? id.asText() : null, e.field(),
                        e.getMessage()));
            }
        }
        return batch;
    }

    /** The batch's categories that close no cycle; those that would are added to its rejections. */
    private List<Category> withoutCycles(String partnerId, Batch<Category> batch) {
        Map<String, CategoryCycles.Cycle> cycles = CategoryCycles.find(parents(partnerId), batch.valid());
        if (cycles.isEmpty()) {
            return batch.valid();
        }
        List<Category> out = new ArrayList<>();
        for (int k = 0; k < batch.valid().size(); k++) {
            Category c = batch.valid().get(k);
            CategoryCycles.Cycle cycle = cycles.get(c.id());
            if (cycle == null) {
                out.add(c);
            } else {
                batch.rejections().add(new Rejection(batch.indexes().get(k), c.id(), "parentId", cycle.message()));
            }
        }
        batch.rejections().sort(java.util.Comparator.comparingInt(Rejection::index));
        return out;
    }

    /** The partner's stored tree: parent id by category id. */
    private Map<String, String> parents(String partnerId) {
        Map<String, String> parents = new java.util.HashMap<>();
        for (Category c : repository.categories(partnerId)) {
            parents.put(c.id(), c.parentId());
        }
        return parents;
    }

    private static ResponseEntity<Map<String, Object>> answer(Caller caller, String kind, int upserted, List<Rejection> rejections) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("upserted", upserted);
        body.put("rejected", rejections.size());
        body.put("errors", rejections);
        if (rejections.isEmpty()) {
            return ResponseEntity.ok(body);
        }
        Rejection first = rejections.get(0);
        log.warn("Rejected {} of {} {}, partner={}; first: index {}, field {}: {}", rejections.size(), upserted + rejections.size(),
                kind, caller.partnerId(), first.index(), first.field(), first.reason());
        return ResponseEntity.unprocessableContent().body(body);
    }

    private JsonNode parseOne(String body) {
        JsonNode root = parse(body);
        if (!root.isObject()) {
            throw new InvalidEntityException(0, "body", "Send one JSON object.");
        }
        return root;
    }

    private JsonNode parse(String body) {
        try {
            JsonNode root = body == null ? null : mapper.readTree(body);
            if (root == null) {
                throw new InvalidEntityException(-1, "body", "The body is empty.");
            }
            return root;
        } catch (JsonProcessingException e) {
            throw new InvalidEntityException(-1, "body", "Malformed JSON: " + e.getOriginalMessage());
        }
    }

    private static JsonNode withId(JsonNode node, String id) {
        JsonNode given = node.get("id");
        if (given != null && !given.isNull() && !id.equals(given.asText())) {
            throw new InvalidEntityException(0, "id", "The id in the body (" + given.asText() + ") differs from the path (" + id + ").");
        }
        ((com.fasterxml.jackson.databind.node.ObjectNode) node).put("id", id);
        return node;
    }

    private Category category(JsonNode n, int i) {
        object(n, i);
        Instant now = Instant.now();
        Instant created = time(n, "createdAt", i, now);
        return new Category(text(n, "id", i, true), text(n, "name", i, false), text(n, "parentId", i, false), created,
                time(n, "updatedAt", i, created));
    }

    private Entry entry(JsonNode n, int i) {
        object(n, i);
        JsonNode d = n.get("durationSec");
        double duration = 0;
        if (d != null && !d.isNull()) {
            if (!d.isNumber() || d.asDouble() < 0 || !Double.isFinite(d.asDouble())) {
                throw new InvalidEntityException(i, "durationSec", "durationSec must be a number ≥ 0.");
            }
            duration = d.asDouble();
        }
        String mediaType = text(n, "mediaType", i, false).toUpperCase(Locale.ROOT);
        if (mediaType.isEmpty()) {
            mediaType = "VIDEO";
        } else if (!MEDIA_TYPES.contains(mediaType)) {
            throw new InvalidEntityException(i, "mediaType", "mediaType must be one of " + MEDIA_TYPES + ".");
        }
        Instant created = time(n, "createdAt", i, Instant.now());
        return new Entry(text(n, "id", i, true), text(n, "name", i, false), text(n, "creatorId", i, false), duration,
                mediaType, text(n, "sourceType", i, false), strings(n, "tags", i), strings(n, "categoryIds", i), created,
                time(n, "updatedAt", i, created));
    }

    private User user(JsonNode n, int i) {
        object(n, i);
        return new User(text(n, "id", i, true), text(n, "name", i, false));
    }

    private static void object(JsonNode n, int i) {
        if (n == null || !n.isObject()) {
            throw new InvalidEntityException(i, "body", "Item " + i + " must be a JSON object.");
        }
    }

    private static String text(JsonNode n, String field, int i, boolean required) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            if (required) {
                throw new InvalidEntityException(i, field, field + " is required.");
            }
            return "";
        }
        if (!v.isTextual() && !v.isNumber()) {
            throw new InvalidEntityException(i, field, field + " must be a string.");
        }
        String s = v.asText();
        if (required && s.isBlank()) {
            throw new InvalidEntityException(i, field, field + " must not be empty.");
        }
        if (s.length() > 2000 || s.chars().anyMatch(c -> c < 0x20)) {
            throw new InvalidEntityException(i, field, field + " is too long or holds control characters.");
        }
        if (unpairedSurrogate(s)) {
            throw new InvalidEntityException(i, field, field + " holds an unpaired surrogate: not valid Unicode.");
        }
        return s;
    }

    /** A lone UTF-16 surrogate is no character: as UTF-8 it would be stored as '?', another text. */
    static boolean unpairedSurrogate(String s) {
        for (int k = 0; k < s.length(); k++) {
            char c = s.charAt(k);
            if (Character.isHighSurrogate(c) && k + 1 < s.length() && Character.isLowSurrogate(s.charAt(k + 1))) {
                k++;
            } else if (Character.isSurrogate(c)) {
                return true;
            }
        }
        return false;
    }

    private static List<String> strings(JsonNode n, String field, int i) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            return List.of();
        }
        if (!v.isArray()) {
            throw new InvalidEntityException(i, field, field + " must be an array of strings.");
        }
        List<String> out = new ArrayList<>();
        for (JsonNode item : v) {
            if (!item.isTextual() && !item.isNumber()) {
                throw new InvalidEntityException(i, field, field + " must hold strings only.");
            }
            if (unpairedSurrogate(item.asText())) {
                throw new InvalidEntityException(i, field, field + " holds an unpaired surrogate: not valid Unicode.");
            }
            out.add(item.asText());
        }
        return out;
    }

    private static Instant time(JsonNode n, String field, int i, Instant fallback) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            return fallback;
        }
        try {
            return OffsetDateTime.parse(v.asText()).toInstant();
        } catch (DateTimeParseException e) {
            try {
                return java.time.LocalDate.parse(v.asText()).atStartOfDay(java.time.ZoneOffset.UTC).toInstant();
            } catch (DateTimeParseException e2) {
                throw new InvalidEntityException(i, field, field + " must be an ISO-8601 time, e.g. 2023-07-19T10:00:00Z.");
            }
        }
    }
}
