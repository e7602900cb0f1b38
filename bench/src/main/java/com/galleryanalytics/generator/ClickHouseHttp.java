package com.galleryanalytics.generator;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * A minimal client of ClickHouse's HTTP interface (the generator's bulk path and the benchmark's
 * direct queries), on the JDK's HTTP client: plain text formats, answers not compressed. The service
 * itself talks through the official driver ({@code com.clickhouse} jdbc-v2 and client-v2, on Apache
 * HttpClient 5); the benchmark's floor sends the same statements through this client, so it measures
 * ClickHouse without any driver. Requests carry the user agent {@value #USER_AGENT}, by which the
 * benchmark tells its own statements from the service's in the query log.
 */
public final class ClickHouseHttp {
    public static final String USER_AGENT = "gallery-analytics-bench";
    private final String baseUrl;
    private final String user;
    private final String password;
    private final HttpClient client;

    public ClickHouseHttp(String baseUrl, String user, String password) {
        this.baseUrl = baseUrl.replaceAll("/+$", "");
        this.user = user == null ? "default" : user;
        this.password = password == null ? "" : password;
        this.client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10)).build();
    }

    public String baseUrl() {
        return baseUrl;
    }

    public String user() {
        return user;
    }

    private URI uri(String query) {
        return URI.create(baseUrl + "/" + (query == null ? "" : "?query=" + enc(query)));
    }

    /** A request as this client's user (credentials in headers, not in the URL the server logs). */
    private HttpRequest.Builder request(URI uri) {
        return HttpRequest.newBuilder(uri).header("User-Agent", USER_AGENT).header("X-ClickHouse-User", user)
                .header("X-ClickHouse-Key", password);
    }

    /** Runs a statement (sent as the body) and returns the answer's text (TabSeparated unless the SQL says FORMAT). */
    public String query(String sql) {
        HttpRequest request = request(uri(null)).timeout(Duration.ofMinutes(30))
                .POST(HttpRequest.BodyPublishers.ofString(sql, StandardCharsets.UTF_8)).build();
        return send(request, sql);
    }

    /** Like {@link #query} but drains the answer without keeping it; returns its size in bytes. */
    public long queryDiscard(String sql) {
        HttpRequest request = request(uri(null)).timeout(Duration.ofMinutes(30))
                .POST(HttpRequest.BodyPublishers.ofString(sql, StandardCharsets.UTF_8)).build();
        try {
            HttpResponse<InputStream> response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream in = response.body()) {
                if (response.statusCode() != 200) {
                    throw new IllegalStateException("ClickHouse answered " + response.statusCode() + ": "
                            + new String(in.readAllBytes(), StandardCharsets.UTF_8) + "\nfor: " + abbreviate(sql));
                }
                long n = 0;
                byte[] buffer = new byte[64 * 1024];
                int r;
                while ((r = in.read(buffer)) > 0) {
                    n += r;
                }
                return n;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** {@code INSERT INTO <target> FORMAT <format>} with the body streamed from the supplier's stream. */
    public void insert(String target, String format, Supplier<InputStream> body) {
        String sql = "INSERT INTO " + target + " FORMAT " + format;
        HttpRequest request = request(uri(sql)).timeout(Duration.ofHours(2))
                .POST(HttpRequest.BodyPublishers.ofInputStream(body)).build();
        send(request, sql);
    }

    /** {@code INSERT INTO <target> FORMAT <format>} with a body in memory. */
    public void insert(String target, String format, byte[] body) {
        String sql = "INSERT INTO " + target + " FORMAT " + format;
        HttpRequest request = request(uri(sql)).timeout(Duration.ofHours(2))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        send(request, sql);
    }

    public boolean ping() {
        try {
            HttpResponse<String> r = client.send(request(URI.create(baseUrl + "/ping")).timeout(Duration.ofSeconds(2))
                    .GET().build(), HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private String send(HttpRequest request, String sql) {
        try {
            HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            if (response.statusCode() != 200) {
                throw new IllegalStateException("ClickHouse answered " + response.statusCode() + ": " + response.body().strip()
                        + "\nfor: " + abbreviate(sql));
            }
            return response.body();
        } catch (IOException e) {
            throw new UncheckedIOException("ClickHouse at " + baseUrl + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String abbreviate(String sql) {
        return sql.length() > 500 ? sql.substring(0, 500) + "…" : sql;
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
