package com.galleryanalytics.ingest;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A growable byte buffer that RowBinary rows (and the TabSeparated ids of a lookup) are written
 * into.
 */
final class Bytes {
    byte[] buf;
    int len;

    Bytes(int capacity) {
        buf = new byte[Math.max(16, capacity)];
    }

    void ensure(int more) {
        if (len + more > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(len + more, buf.length * 2));
        }
    }

    Bytes put(byte b) {
        ensure(1);
        buf[len++] = b;
        return this;
    }

    Bytes put(byte[] src, int from, int to) {
        int n = to - from;
        ensure(n);
        System.arraycopy(src, from, buf, len, n);
        len += n;
        return this;
    }

    Bytes put(byte[] src) {
        return put(src, 0, src.length);
    }

    /** An unsigned LEB128 number: the length before a RowBinary String. */
    Bytes varint(int n) {
        ensure(5);
        while ((n & ~0x7F) != 0) {
            buf[len++] = (byte) (n & 0x7F | 0x80);
            n >>>= 7;
        }
        buf[len++] = (byte) n;
        return this;
    }

    /** A RowBinary String: the length of its UTF-8 bytes (LEB128), then those bytes. */
    Bytes string(String s) {
        byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
        return varint(utf8.length).put(utf8);
    }

    /** A RowBinary UInt32 (a DateTime's seconds), little-endian. */
    Bytes uint32(long v) {
        ensure(4);
        for (int k = 0; k < 4; k++) {
            buf[len++] = (byte) (v >>> 8 * k);
        }
        return this;
    }

    /** A RowBinary Float64: its IEEE 754 bits, little-endian. */
    Bytes float64(double v) {
        long bits = Double.doubleToRawLongBits(v);
        ensure(8);
        for (int k = 0; k < 8; k++) {
            buf[len++] = (byte) (bits >>> 8 * k);
        }
        return this;
    }

    /**
     * A value in TabSeparated (the ids of a lookup's external table), as UTF-8: backslash, tab,
     * newline and carriage return escaped,
     * exactly the bytes {@code String.getBytes(UTF_8)} gives for the escaped text (an unpaired
     * surrogate becomes '?').
     */
    Bytes tsv(String s) {
        int n = s.length();
        ensure(n);
        int i = 0;
        // the usual case: ASCII with nothing to escape, one byte per char
        for (; i < n; i++) {
            char c = s.charAt(i);
            if (c >= 0x80 || c < ' ' || c == '\\') {
                break;
            }
            buf[len++] = (byte) c;
        }
        for (; i < n; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                switch (c) {
                    case '\\' -> put((byte) '\\').put((byte) '\\');
                    case '\t' -> put((byte) '\\').put((byte) 't');
                    case '\n' -> put((byte) '\\').put((byte) 'n');
                    case '\r' -> put((byte) '\\').put((byte) 'r');
                    default -> put((byte) c);
                }
            } else if (c < 0x800) {
                ensure(2);
                buf[len++] = (byte) (0xC0 | c >> 6);
                buf[len++] = (byte) (0x80 | c & 0x3F);
            } else if (Character.isSurrogate(c)) {
                if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                    int cp = Character.toCodePoint(c, s.charAt(++i));
                    ensure(4);
                    buf[len++] = (byte) (0xF0 | cp >> 18);
                    buf[len++] = (byte) (0x80 | cp >> 12 & 0x3F);
                    buf[len++] = (byte) (0x80 | cp >> 6 & 0x3F);
                    buf[len++] = (byte) (0x80 | cp & 0x3F);
                } else {
                    put((byte) '?');
                }
            } else {
                ensure(3);
                buf[len++] = (byte) (0xE0 | c >> 12);
                buf[len++] = (byte) (0x80 | c >> 6 & 0x3F);
                buf[len++] = (byte) (0x80 | c & 0x3F);
            }
        }
        return this;
    }

    byte[] toArray() {
        return Arrays.copyOf(buf, len);
    }
}
