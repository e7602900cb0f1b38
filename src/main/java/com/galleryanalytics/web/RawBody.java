package com.galleryanalytics.web;

import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
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

    /** The body's bytes: {@code length} of them at the start of {@code bytes}. */
    public record Bytes(byte[] bytes, int length) {}

    /** The body as sent, undecoded (413 beyond {@link #MAX_BYTES}). */
    public static Bytes readBytes(HttpServletRequest request) throws IOException {
        long declared = request.getContentLengthLong();
        if (declared > MAX_BYTES) {
            throw tooLarge();
        }
        byte[] buf = new byte[declared > 0 ? (int) declared : 64 * 1024];
        int len = 0;
        try (InputStream in = request.getInputStream()) {
            while (true) {
                if (len == buf.length) {
                    // full: one more byte tells whether the body goes on
                    int next = in.read();
                    if (next < 0) {
                        break;
                    }
                    if (len >= MAX_BYTES) {
                        throw tooLarge();
                    }
                    buf = Arrays.copyOf(buf, (int) Math.min(MAX_BYTES, Math.max(64 * 1024, (long) len * 2)));
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
        return new Bytes(buf, len);
    }

    /**
     * Whether the body is well-formed UTF-8, as the decoder that {@link #read} uses judges it
     * (REPORT), without keeping the text: decoded a chunk at a time into one small buffer.
     */
    public static boolean isUtf8(Bytes body) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(body.bytes(), 0, body.length());
        CharBuffer out = CharBuffer.allocate(8192);
        while (true) {
            CoderResult result = decoder.decode(in, out, true);
            if (result.isError()) {
                return false;
            }
            out.clear();
            if (result.isUnderflow()) {
                return decoder.flush(out).isUnderflow();
            }
        }
    }

    public static String read(HttpServletRequest request) throws IOException {
        Bytes body = readBytes(request);
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(body.bytes(), 0, body.length()))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new NotUtf8Exception();
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
