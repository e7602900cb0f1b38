package com.galleryanalytics.generator;

import com.galleryanalytics.catalog.Entry;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.LongConsumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The public path: entities through {@code POST /v1/categories|entries|users} and events through
 * {@code POST /v1/events} as NDJSON batches, from several concurrent clients, each partner with
 * its own ingest key. Any rejected event stops the load with the service's answer.
 */
public final class ApiLoader {
    /** One request's worth of events of one partner, as NDJSON. */
    public record Batch(String partnerId, byte[] body, int events) {}

    private static final Pattern STORED = Pattern.compile("\"stored\"\\s*:\\s*(\\d+)");
    private static final Pattern DUPLICATES = Pattern.compile("\"duplicates\"\\s*:\\s*(\\d+)");
    private static final Batch END = new Batch("", new byte[0], 0);

    private final String serviceUrl;
    private final Function<String, String> keyOf;
    private final HttpClient client;
    private final AtomicLong stored = new AtomicLong();
    private final AtomicLong duplicates = new AtomicLong();

    /**
     * @param serviceUrl e.g. {@code http://127.0.0.1:8080}
     * @param keyOf      the ingest key of a partner
     */
    public ApiLoader(String serviceUrl, Function<String, String> keyOf) {
        this.serviceUrl = serviceUrl.replaceAll("/+$", "");
        this.keyOf = keyOf;
        this.client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10)).build();
    }

    public long stored() {
        return stored.get();
    }

    public long duplicates() {
        return duplicates.get();
    }

    public void loadCatalog(Account account) {
        String key = keyOf.apply(account.partnerId());
        StringBuilder sb = new StringBuilder("[");
        for (var c : account.categories()) {
            if (sb.length() > 1) {
                sb.append(',');
            }
            sb.append("{\"id\":");
            Json.appendString(sb, c.id()).append(",\"name\":");
            Json.appendString(sb, c.name()).append(",\"parentId\":");
            Json.appendString(sb, c.parentId()).append(",\"createdAt\":\"");
            Times.appendIso(sb, c.createdAt().getEpochSecond());
            sb.append("\",\"updatedAt\":\"");
            Times.appendIso(sb, c.updatedAt().getEpochSecond());
            sb.append("\"}");
        }
        post("/v1/categories", key, sb.append(']').toString().getBytes(StandardCharsets.UTF_8));
        List<Entry> entries = account.entries();
        for (int from = 0; from < entries.size(); from += 2000) {
            sb.setLength(0);
            sb.append('[');
            for (int i = from; i < Math.min(entries.size(), from + 2000); i++) {
                Entry e = entries.get(i);
                if (i > from) {
                    sb.append(',');
                }
                sb.append("{\"id\":");
                Json.appendString(sb, e.id()).append(",\"name\":");
                Json.appendString(sb, e.name()).append(",\"creatorId\":");
                Json.appendString(sb, e.creatorId()).append(",\"durationSec\":").append(e.durationSec()).append(",\"mediaType\":");
                Json.appendString(sb, e.mediaType()).append(",\"sourceType\":");
                Json.appendString(sb, e.sourceType()).append(",\"tags\":");
                Json.appendStrings(sb, e.tags()).append(",\"categoryIds\":");
                Json.appendStrings(sb, e.categoryIds()).append(",\"createdAt\":\"");
                Times.appendIso(sb, e.createdAt().getEpochSecond());
                sb.append("\",\"updatedAt\":\"");
                Times.appendIso(sb, e.updatedAt().getEpochSecond());
                sb.append("\"}");
            }
            post("/v1/entries", key, sb.append(']').toString().getBytes(StandardCharsets.UTF_8));
        }
        var users = account.users();
        for (int from = 0; from < users.size(); from += 5000) {
            sb.setLength(0);
            sb.append('[');
            for (int i = from; i < Math.min(users.size(), from + 5000); i++) {
                if (i > from) {
                    sb.append(',');
                }
                sb.append("{\"id\":");
                Json.appendString(sb, users.get(i).id()).append(",\"name\":");
                Json.appendString(sb, users.get(i).name()).append('}');
            }
            post("/v1/users", key, sb.append(']').toString().getBytes(StandardCharsets.UTF_8));
        }
    }

    /** Cuts the events into NDJSON batches of up to {@code batchSize} events per partner, in order. */
    public static Iterator<Batch> batches(Iterator<GeneratedEvent> events, int batchSize) {
        return new Iterator<>() {
            private final Map<String, StringBuilder> open = new LinkedHashMap<>();
            private final Map<String, Integer> counts = new LinkedHashMap<>();
            private final List<Batch> ready = new ArrayList<>();

            @Override
            public boolean hasNext() {
                while (ready.isEmpty()) {
                    if (!events.hasNext()) {
                        for (Map.Entry<String, StringBuilder> e : open.entrySet()) {
                            if (counts.get(e.getKey()) > 0) {
                                ready.add(new Batch(e.getKey(), e.getValue().toString().getBytes(StandardCharsets.UTF_8),
                                        counts.get(e.getKey())));
                            }
                        }
                        open.clear();
                        counts.clear();
                        return !ready.isEmpty();
                    }
                    GeneratedEvent e = events.next();
                    StringBuilder sb = open.computeIfAbsent(e.partnerId(), k -> new StringBuilder(batchSize * 400));
                    e.appendJson(sb).append('\n');
                    int n = counts.merge(e.partnerId(), 1, Integer::sum);
                    if (n >= batchSize) {
                        ready.add(new Batch(e.partnerId(), sb.toString().getBytes(StandardCharsets.UTF_8), n));
                        sb.setLength(0);
                        counts.put(e.partnerId(), 0);
                    }
                }
                return true;
            }

            @Override
            public Batch next() {
                hasNext();
                return ready.remove(0);
            }
        };
    }

    /**
     * Posts the batches from {@code clients} concurrent clients (one thread each, keep-alive
     * connections); the batches are taken in order as clients free up. Returns the events posted.
     */
    public long post(Iterator<Batch> batches, int clients, LongConsumer progress) {
        BlockingQueue<Batch> queue = new ArrayBlockingQueue<>(Math.max(2, clients * 2));
        AtomicReference<RuntimeException> failure = new AtomicReference<>();
        AtomicLong posted = new AtomicLong();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            threads.add(Thread.ofPlatform().name("ingest-client-" + i).start(() -> {
                try {
                    while (true) {
                        Batch b = queue.take();
                        if (b == END) {
                            return;
                        }
                        if (failure.get() == null) {
                            postEvents(b);
                            posted.addAndGet(b.events());
                            progress.accept(b.events());
                        }
                    }
                } catch (RuntimeException e) {
                    failure.compareAndSet(null, e);
                    queue.clear();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }));
        }
        try {
            while (batches.hasNext() && failure.get() == null) {
                queue.put(batches.next());
            }
            for (int i = 0; i < clients; i++) {
                while (!queue.offer(END, 100, java.util.concurrent.TimeUnit.MILLISECONDS)) {
                    if (threads.stream().noneMatch(Thread::isAlive)) {
                        break;
                    }
                }
            }
            for (Thread t : threads) {
                t.join();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        if (failure.get() != null) {
            throw failure.get();
        }
        return posted.get();
    }

    private void postEvents(Batch b) {
        String answer = post("/v1/events", keyOf.apply(b.partnerId()), b.body());
        Matcher s = STORED.matcher(answer);
        Matcher d = DUPLICATES.matcher(answer);
        if (s.find()) {
            stored.addAndGet(Long.parseLong(s.group(1)));
        }
        if (d.find()) {
            duplicates.addAndGet(Long.parseLong(d.group(1)));
        }
    }

    private String post(String path, String key, byte[] body) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(serviceUrl + path)).timeout(Duration.ofMinutes(5))
                .header("Authorization", "Bearer " + key).header("Content-Type", "application/x-ndjson")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        try {
            HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                String text = response.body();
                throw new IllegalStateException("POST " + path + " answered " + response.statusCode() + ": "
                        + (text.length() > 2000 ? text.substring(0, 2000) + "…" : text));
            }
            return response.body();
        } catch (IOException e) {
            throw new IllegalStateException("POST " + serviceUrl + path + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
