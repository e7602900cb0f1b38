package com.galleryanalytics.ingest;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Whether bytes are well-formed UTF-8, as the JDK's decoder with REPORT judges them (Unicode's
 * table of well-formed byte sequences: no overlong forms, no surrogates, nothing above U+10FFFF),
 * without decoding: ASCII, the usual body, is passed over a word at a time.
 */
final class Utf8 {
    private static final VarHandle WORD = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private Utf8() {
    }

    static boolean valid(byte[] b, int len) {
        int i = 0;
        while (i < len) {
            // ASCII runs, eight bytes at a time
            while (i + 8 <= len && ((long) WORD.get(b, i) & 0x8080808080808080L) == 0) {
                i += 8;
            }
            if (i >= len) {
                return true;
            }
            int c = b[i] & 0xFF;
            if (c < 0x80) {
                i++;
                continue;
            }
            int need;
            int lo = 0x80;
            int hi = 0xBF;
            if (c >= 0xC2 && c <= 0xDF) {
                need = 1;
            } else if (c >= 0xE0 && c <= 0xEF) {
                need = 2;
                if (c == 0xE0) {
                    lo = 0xA0;
                } else if (c == 0xED) {
                    hi = 0x9F;
                }
            } else if (c >= 0xF0 && c <= 0xF4) {
                need = 3;
                if (c == 0xF0) {
                    lo = 0x90;
                } else if (c == 0xF4) {
                    hi = 0x8F;
                }
            } else {
                return false;
            }
            if (i + need >= len) {
                return false;
            }
            int second = b[i + 1] & 0xFF;
            if (second < lo || second > hi) {
                return false;
            }
            for (int k = 2; k <= need; k++) {
                int x = b[i + k] & 0xFF;
                if (x < 0x80 || x > 0xBF) {
                    return false;
                }
            }
            i += need + 1;
        }
        return true;
    }
}
