package com.galleryanalytics.analytics;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/** Waiting for work started on another thread, with its exception as the caller would have thrown it. */
public final class Futures {
    private Futures() {
    }

    /** The future's value; a runtime exception it failed with is rethrown as is (not wrapped). */
    public static <T> T join(CompletableFuture<T> future) {
        try {
            return future.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException cause ? cause : e;
        }
    }
}
