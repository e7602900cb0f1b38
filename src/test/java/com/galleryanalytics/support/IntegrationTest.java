package com.galleryanalytics.support;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.graphql.test.tester.HttpGraphQlTester;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Base of tests that run the whole service over HTTP against a real ClickHouse. Each test class
 * uses its own partner (it-N) so classes sharing the server do not see each other's data.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
public abstract class IntegrationTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @LocalServerPort
    protected int port;

    @DynamicPropertySource
    static void clickHouse(DynamicPropertyRegistry registry) {
        ClickHouseTestServer.register(registry);
    }

    /** A GraphQL tester sending the given bearer key (documents from src/test/resources/graphql-test). */
    protected HttpGraphQlTester graphQl(String key) {
        WebTestClient client = WebTestClient.bindToServer().baseUrl("http://localhost:" + port + "/graphql")
                .defaultHeader("Authorization", "Bearer " + key)
                .responseTimeout(java.time.Duration.ofSeconds(60))
                .build();
        return HttpGraphQlTester.create(client);
    }

    /** POSTs a body to a path of the service with a bearer key; returns status and body. */
    protected HttpResponse<String> post(String path, String key, String body) {
        return send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Authorization", "Bearer " + key)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    protected HttpResponse<String> get(String path, String key) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).GET();
        if (key != null) {
            b.header("Authorization", "Bearer " + key);
        }
        return send(b.build());
    }

    /**
     * A page's asset ({@code src}/{@code href}, resolved against the page's address) is served by
     * this application, not elsewhere, and is not empty; null for an inline {@code data:} one.
     */
    protected URI assertServedHere(URI page, String reference) {
        if (reference.startsWith("data:")) {
            return null; // inline, nothing to fetch
        }
        URI asset = page.resolve(reference);
        org.assertj.core.api.Assertions.assertThat(asset.getHost() + ":" + asset.getPort()).as(reference)
                .isEqualTo("localhost:" + port);
        HttpResponse<String> response = get(asset.getRawPath(), null);
        org.assertj.core.api.Assertions.assertThat(response.statusCode()).as(reference).isEqualTo(200);
        org.assertj.core.api.Assertions.assertThat(response.body().strip().length()).as(reference).isGreaterThan(100);
        return asset;
    }

    protected HttpResponse<String> send(HttpRequest request) {
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
