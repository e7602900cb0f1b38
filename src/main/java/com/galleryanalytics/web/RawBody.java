package com.galleryanalytics.web;

import jakarta.servlet.http.HttpServletRequest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import org.springframework.http.HttpStatus;
import org.springframework.web.server.ResponseStatusException;

/**
 * The request body exactly as sent, whatever the content type (clients posting NDJSON with
 * curl's default form content type included), refused with 413 beyond a size limit and with 400
 * when it is not UTF-8.
 */
public final class RawBody {
    /** Largest accepted body. */
    public static final int MAX_BYTES = 64 * 1024 * 1024;

    private RawBody() {
    }

    public static String read(HttpServletRequest request) throws IOException {
        long declared = request.getContentLengthLong();
        if (declared > MAX_BYTES) {
            throw tooLarge();
        }
        try (InputStream in = request.getInputStream()) {
            ByteArrayOutputStream out = new ByteArrayOutputStream(declared > 0 ? (int) declared : 8192);
            byte[] buffer = new byte[64 * 1024];
            int n;
            while ((n = in.read(buffer)) > 0) {
                if (out.size() + n > MAX_BYTES) {
                    throw tooLarge();
                }
                out.write(buffer, 0, n);
            }
            try {
                return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(out.toByteArray()))
                        .toString();
            } catch (CharacterCodingException e) {
                throw new NotUtf8Exception();
            }
        }
    }

    /**
     * A body that is not UTF-8: refused (400) rather than decoded with U+FFFD in place of the bad
     * bytes, which would store an id or text other than the one sent.
     */
    public static class NotUtf8Exception extends ResponseStatusException {
        public NotUtf8Exception() {
            super(HttpStatus.BAD_REQUEST, "The body is not valid UTF-8.");
        }
    }

    private static ResponseStatusException tooLarge() {
        return new ResponseStatusException(HttpStatus.CONTENT_TOO_LARGE,
                "The body is larger than " + MAX_BYTES / (1024 * 1024) + " MiB: send smaller batches.");
    }
}
