package com.galleryanalytics.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Samples the service's heap through its actuator ({@code jvm.memory.used} of the heap pools,
 * and the live data after the last GC) every 200 ms while a load runs; keeps the peaks.
 */
final class HeapSampler implements AutoCloseable {
    private static final Pattern VALUE = Pattern.compile("\"statistic\"\\s*:\\s*\"VALUE\"\\s*,\\s*\"value\"\\s*:\\s*([0-9.Ee+-]+)");
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final String base;
    private final Thread thread;
    private volatile boolean stop;
    private volatile double peakUsed;
    private volatile double peakLive;

    /** Metrics need an ADMIN key; bin/bench starts the service with this one (partner "bench"). */
    static final String ADMIN_KEY = "bench-admin-key";

    HeapSampler(String serviceUrl) {
        this.base = serviceUrl.replaceAll("/+$", "") + "/actuator/metrics/";
        thread = Thread.ofPlatform().daemon().name("heap-sampler").start(() -> {
            while (!stop) {
                peakUsed = Math.max(peakUsed, read("jvm.memory.used?tag=area:heap"));
                peakLive = Math.max(peakLive, read("jvm.gc.live.data.size"));
                try {
                    Thread.sleep(200);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
    }

    /** Largest heap in use seen (bytes). */
    double peakUsed() {
        return peakUsed;
    }

    /** Largest live data after a GC seen (bytes; 0 when no old-generation GC ran). */
    double peakLive() {
        return peakLive;
    }

    double max() {
        return read("jvm.memory.max?tag=area:heap");
    }

    private double read(String metric) {
        try {
            HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create(base + metric)).timeout(Duration.ofSeconds(2))
                    .header("Authorization", "Bearer " + ADMIN_KEY).GET()
                    .build(), HttpResponse.BodyHandlers.ofString());
            Matcher m = VALUE.matcher(r.body());
            return r.statusCode() == 200 && m.find() ? Double.parseDouble(m.group(1)) : 0;
        } catch (Exception e) {
            return 0;
        }
    }

    @Override
    public void close() {
        stop = true;
        thread.interrupt();
    }
}
