package com.galleryanalytics.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/** Runs a request from N concurrent clients (one thread each, back to back) and records each request's latency. */
final class LoadRunner {
    /** One request of the thing measured; throws on a wrong answer. */
    interface Request {
        void run() throws Exception;
    }

    private LoadRunner() {
    }

    /**
     * @param warmup   requests per client before measuring (not recorded)
     * @param requests requests measured in total (spread over the clients)
     */
    static Latencies run(Request request, int clients, int warmup, int requests) {
        List<Double> latencies = Collections.synchronizedList(new ArrayList<>());
        AtomicReference<Exception> failure = new AtomicReference<>();
        // warm-up with the same concurrency
        runPhase(request, clients, warmup * clients, null, failure);
        long start = System.nanoTime();
        runPhase(request, clients, requests, latencies, failure);
        double wall = (System.nanoTime() - start) / 1e9;
        if (failure.get() != null) {
            throw new IllegalStateException("a request failed: " + failure.get().getMessage(), failure.get());
        }
        return Latencies.of(latencies, wall, clients);
    }

    private static void runPhase(Request request, int clients, int requests, List<Double> latencies,
            AtomicReference<Exception> failure) {
        AtomicInteger left = new AtomicInteger(requests);
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            threads.add(Thread.ofPlatform().name("client-" + c).start(() -> {
                while (left.getAndDecrement() > 0 && failure.get() == null) {
                    long t = System.nanoTime();
                    try {
                        request.run();
                    } catch (Exception e) {
                        failure.compareAndSet(null, e);
                        return;
                    }
                    if (latencies != null) {
                        latencies.add((System.nanoTime() - t) / 1e6);
                    }
                }
            }));
        }
        for (Thread t : threads) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }
}
