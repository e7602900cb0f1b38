package com.galleryanalytics.bench;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** Latencies of a run (milliseconds) and the run's wall time. */
record Latencies(double[] millis, double wallSeconds, int clients) {
    static Latencies of(List<Double> values, double wallSeconds, int clients) {
        double[] a = values.stream().mapToDouble(Double::doubleValue).toArray();
        Arrays.sort(a);
        return new Latencies(a, wallSeconds, clients);
    }

    /** Nearest-rank percentile. */
    double percentile(double p) {
        if (millis.length == 0) {
            return Double.NaN;
        }
        int rank = (int) Math.ceil(p / 100.0 * millis.length);
        return millis[Math.max(0, Math.min(millis.length - 1, rank - 1))];
    }

    double p50() {
        return percentile(50);
    }

    double p95() {
        return percentile(95);
    }

    double p99() {
        return percentile(99);
    }

    double mean() {
        return Arrays.stream(millis).average().orElse(Double.NaN);
    }

    int count() {
        return millis.length;
    }

    /** Requests per second over the run. */
    double throughput() {
        return millis.length / wallSeconds;
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "n=%d p50=%.0f p95=%.0f p99=%.0f mean=%.0f ms, %.2f req/s", count(), p50(), p95(), p99(),
                mean(), throughput());
    }
}
