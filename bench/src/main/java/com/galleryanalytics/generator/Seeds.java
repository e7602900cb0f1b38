package com.galleryanalytics.generator;

import java.nio.charset.StandardCharsets;

/** Derives independent seeds from the master seed (SplitMix64 finalizer), so each concern and day has its own stream. */
final class Seeds {
    private Seeds() {
    }

    static long mix(long... parts) {
        long h = 0x9E3779B97F4A7C15L;
        for (long p : parts) {
            h = finalize(h ^ finalize(p + 0x9E3779B97F4A7C15L));
        }
        return h;
    }

    /** A stable 64-bit hash of a string (FNV-1a over UTF-8), not String.hashCode's 32 bits. */
    static long hash(String s) {
        long h = 0xcbf29ce484222325L;
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            h ^= b & 0xff;
            h *= 0x100000001b3L;
        }
        return h;
    }

    private static long finalize(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
