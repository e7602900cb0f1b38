package com.galleryanalytics.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** Posts the dashboard's GraphQL query with an analytics key; a request fails on any non-200 answer or GraphQL error. */
final class DashboardClient implements LoadRunner.Request {
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();
    private final URI uri;
    private final String key;
    private final byte[] body;
    private volatile int lastSize;

    DashboardClient(String serviceUrl, String key, String query, String variablesJson) {
        this.uri = URI.create(serviceUrl.replaceAll("/+$", "") + "/graphql");
        this.key = key;
        String json = "{\"query\":" + quote(query) + ",\"variables\":" + variablesJson + "}";
        this.body = json.getBytes(StandardCharsets.UTF_8);
    }

    /** The answer's body (for checks and the results file). */
    String fetch() throws IOException, InterruptedException {
        HttpResponse<String> r = client.send(request(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IOException("GraphQL answered " + r.statusCode() + ": " + r.body());
        }
        if (r.body().contains("\"errors\"")) {
            throw new IOException("GraphQL errors: " + r.body().substring(0, Math.min(2000, r.body().length())));
        }
        return r.body();
    }

    @Override
    public void run() throws Exception {
        HttpResponse<byte[]> r = client.send(request(), HttpResponse.BodyHandlers.ofByteArray());
        byte[] b = r.body();
        if (r.statusCode() != 200) {
            throw new IOException("GraphQL answered " + r.statusCode() + ": " + new String(b, StandardCharsets.UTF_8));
        }
        // an error list sits at the start or the end of the answer
        String head = new String(b, 0, Math.min(b.length, 64), StandardCharsets.UTF_8);
        String tail = new String(b, Math.max(0, b.length - 4096), Math.min(b.length, 4096), StandardCharsets.UTF_8);
        if (head.contains("\"errors\"") || tail.contains("\"errors\"")) {
            throw new IOException("GraphQL errors: " + tail);
        }
        lastSize = b.length;
    }

    int lastSize() {
        return lastSize;
    }

    private HttpRequest request() {
        return HttpRequest.newBuilder(uri).timeout(Duration.ofMinutes(10)).header("Authorization", "Bearer " + key)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
    }

    static String quote(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> sb.append(c);
            }
        }
        return sb.append('"').toString();
    }
}
