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

    /** What a side of an alternating run took: its latencies and the CPU used while it ran. */
    record Side(List<Double> latencies, double[] wall, CpuMeter.Usage[] usage) {}

    /**
     * Runs two requests from one client, alternating (a b b a a b ...), so both meet the same
     * machine; CPU is measured around each request and summed per side.
     */
    static Latencies[] alternate(Request a, Request b, int runs, CpuMeter meter, CpuMeter.Usage[] usage) throws Exception {
        List<Double> la = new ArrayList<>();
        List<Double> lb = new ArrayList<>();
        double wa = 0;
        double wb = 0;
        double[][] sums = new double[2][5];
        for (int i = 0; i < runs; i++) {
            boolean aFirst = i % 2 == 0;
            for (int k = 0; k < 2; k++) {
                boolean isA = aFirst == (k == 0);
                CpuMeter.Snapshot before = meter.now();
                long t = System.nanoTime();
                (isA ? a : b).run();
                double ms = (System.nanoTime() - t) / 1e6;
                CpuMeter.Usage u = before.until(meter.now());
                double[] sum = sums[isA ? 0 : 1];
                sum[0] += u.wallSeconds();
                sum[1] += u.service();
                sum[2] += u.clickHouse();
                sum[3] += u.harness();
                sum[4] += u.foreignShare() * u.wallSeconds();
                if (isA) {
                    la.add(ms);
                    wa += ms / 1000;
                } else {
                    lb.add(ms);
                    wb += ms / 1000;
                }
            }
        }
        for (int side = 0; side < 2; side++) {
            double[] sum = sums[side];
            usage[side] = new CpuMeter.Usage(sum[0], sum[1], sum[2], sum[3], sum[0] == 0 ? 0 : sum[4] / sum[0]);
        }
        return new Latencies[] {Latencies.of(la, wa, 1), Latencies.of(lb, wb, 1)};
    }

    /** Runs a and b with N clients each, in alternating rounds (a b b a ...); latencies and wall time summed per side. */
    static Latencies[] alternateConcurrent(Request a, Request b, int clients, int requestsPerRound, int rounds) {
        List<Double> la = new ArrayList<>();
        List<Double> lb = new ArrayList<>();
        double wa = 0;
        double wb = 0;
        for (int i = 0; i < rounds; i++) {
            for (int k = 0; k < 2; k++) {
                boolean isA = (i % 2 == 0) == (k == 0);
                Latencies l = run(isA ? a : b, clients, 0, requestsPerRound);
                for (double ms : l.millis()) {
                    (isA ? la : lb).add(ms);
                }
                if (isA) {
                    wa += l.wallSeconds();
                } else {
                    wb += l.wallSeconds();
                }
            }
        }
        return new Latencies[] {Latencies.of(la, wa, clients), Latencies.of(lb, wb, clients)};
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
