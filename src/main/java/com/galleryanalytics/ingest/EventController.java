package com.galleryanalytics.ingest;

import com.galleryanalytics.security.Caller;
import com.galleryanalytics.web.RawBody;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * {@code POST /v1/events}: 200 when every event was accepted; 422 when some were rejected (the
 * body lists each with its field and reason, and the accepted ones are stored); 400 when the
 * body is not JSON at all.
 */
@RestController
public class EventController {
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
        Body body = Body.read(request);
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
        HttpStatus status = batch.rejections().isEmpty() ? HttpStatus.OK : HttpStatus.valueOf(422);
        return ResponseEntity.status(status).body(response);
    }

    /**
     * The request body as sent, as {@link RawBody#read} takes it (the same limit and answers) but
     * kept as bytes: the reader works on them, with no String of the whole body.
     */
    record Body(byte[] bytes, int length) {
        static Body read(HttpServletRequest request) throws IOException {
            long declared = request.getContentLengthLong();
            if (declared > RawBody.MAX_BYTES) {
                throw tooLarge();
            }
            byte[] buf = new byte[declared > 0 ? (int) declared : 64 * 1024];
            int len = 0;
            try (InputStream in = request.getInputStream()) {
                while (true) {
                    if (len == buf.length) {
                        int next = in.read();
                        if (next < 0) {
                            break;
                        }
                        if (len >= RawBody.MAX_BYTES) {
                            throw tooLarge();
                        }
                        buf = Arrays.copyOf(buf, (int) Math.min(RawBody.MAX_BYTES, Math.max(64 * 1024, (long) len * 2)));
                        buf[len++] = (byte) next;
                        continue;
                    }
                    int n = in.read(buf, len, buf.length - len);
                    if (n < 0) {
                        break;
                    }
                    len += n;
                }
            }
            if (!Utf8.valid(buf, len)) {
                throw new EventReader.MalformedBodyException(new RawBody.NotUtf8Exception().getReason()
                        + " Nothing of it was stored.");
            }
            return new Body(buf, len);
        }

        private static ResponseStatusException tooLarge() {
            return new ResponseStatusException(HttpStatus.CONTENT_TOO_LARGE,
                    "The body is larger than " + RawBody.MAX_BYTES / (1024 * 1024) + " MiB: send smaller batches.");
        }
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
        Map<String, Object> response = new LinkedHashMap<>();
        response.put("accepted", 0);
        response.put("rejected", 0);
        response.put("error", "malformed_body");
        response.put("message", e.getMessage());
        response.put("errors", List.of(new Rejection(-1, null, "body", e.getMessage())));
        return ResponseEntity.badRequest().body(response);
    }
}
