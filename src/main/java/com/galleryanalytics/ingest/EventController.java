package com.galleryanalytics.ingest;

import com.galleryanalytics.security.Caller;
import com.galleryanalytics.web.RawBody;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /v1/events}: 200 when every event was accepted; 422 when some were rejected (the
 * body lists each with its field and reason, and the accepted ones are stored); 400 when the
 * body is not JSON at all.
 */
@RestController
public class EventController {
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(EventController.class);
    private final EventReader reader;
    private final EventIngestion ingestion;
    private final IngestMetrics metrics;

    public EventController(EventReader reader, EventIngestion ingestion, IngestMetrics metrics) {
        this.reader = reader;
        this.ingestion = ingestion;
        this.metrics = metrics;
    }

    @PostMapping(path = "/v1/events", consumes = "*/*")
    public ResponseEntity<Map<String, Object>> ingest(@RequestAttribute(Caller.ATTRIBUTE) Caller caller,
            HttpServletRequest request) throws IOException {
        RawBody.Bytes body = body(request);
        EncodedEvents batch = reader.read(body.bytes(), body.length(), Instant.now());
        EventIngestion.Stored stored;
        try {
            stored = ingestion.store(caller.partnerId(), batch);
        } catch (IngestSpool.SpoolFullException e) {
            metrics.refused(batch.size());
            throw e;
        }
        metrics.record(stored, batch.rejections().size());
        Map<String, Object> response = new LinkedHashMap<>();
        response.put("accepted", batch.size());
        response.put("stored", stored.stored());
        response.put("duplicates", stored.duplicates());
        response.put("spooled", stored.spooled());
        response.put("rejected", batch.rejections().size());
        response.put("errors", batch.rejections());
        List<PlayConsistency.Warning> warnings = batch.playWarnings();
        if (!warnings.isEmpty()) {
            response.put("warned", warnings.size());
            response.put("warnings", warnings.subList(0, Math.min(PlayConsistency.MAX_LISTED, warnings.size())));
        }
        HttpStatus status = batch.rejections().isEmpty() ? HttpStatus.OK : HttpStatus.valueOf(422);
        if (!batch.rejections().isEmpty()) {
            Rejection first = batch.rejections().get(0);
            log.warn("Rejected {} of {} events, partner={} (stored {}); first: index {}, field {}: {}", batch.rejections().size(),
                    batch.size() + batch.rejections().size(), caller.partnerId(), stored.stored(), first.index(), first.field(),
                    first.reason());
        }
        return ResponseEntity.status(status).body(response);
    }

    /** The request body as {@link RawBody#readBytes} reads it, refused (400) unless it is UTF-8; kept as bytes. */
    private static RawBody.Bytes body(HttpServletRequest request) throws IOException {
        RawBody.Bytes body = RawBody.readBytes(request);
        if (!RawBody.isUtf8(body)) {
            throw new EventReader.MalformedBodyException(new RawBody.NotUtf8Exception().getReason()
                    + " Nothing of it was stored.");
        }
        return body;
    }

    @ExceptionHandler(IngestSpool.SpoolFullException.class)
    ResponseEntity<Map<String, Object>> spoolFull(IngestSpool.SpoolFullException e) {
        Map<String, Object> response = new LinkedHashMap<>();
        response.put("accepted", 0);
        response.put("error", "unavailable");
        response.put("message", e.getMessage() + " Nothing of this batch was stored: send it again.");
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header("Retry-After", "5").body(response);
    }

    @ExceptionHandler(EventReader.MalformedBodyException.class)
    ResponseEntity<Map<String, Object>> malformed(EventReader.MalformedBodyException e) {
        log.warn("Rejected a batch whose body is not JSON: {}", e.getMessage());
        Map<String, Object> response = new LinkedHashMap<>();
        response.put("accepted", 0);
        response.put("rejected", 0);
        response.put("error", "malformed_body");
        response.put("message", e.getMessage());
        response.put("errors", List.of(new Rejection(-1, null, "body", e.getMessage())));
        return ResponseEntity.badRequest().body(response);
    }
}
