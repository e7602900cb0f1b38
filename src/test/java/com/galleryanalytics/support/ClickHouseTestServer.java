package com.galleryanalytics.support;

import com.galleryanalytics.clickhouse.embedded.ClickHouseVersion;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.clickhouse.ClickHouseContainer;

/**
 * Which ClickHouse the tests use: {@code CLICKHOUSE_URL} when set; else Testcontainers with the
 * official image of the pinned release when {@code CLICKHOUSE_TESTCONTAINERS=true} and a Docker
 * engine runs; else the service's own embedded server (chDB, the same release), in a temporary
 * folder per Spring context (application-test.properties), as CI does.
 */
public final class ClickHouseTestServer {
    private static ClickHouseContainer container;

    private ClickHouseTestServer() {
    }

    public static synchronized void register(DynamicPropertyRegistry registry) {
        String url = System.getenv("CLICKHOUSE_URL");
        if (url != null && !url.isBlank()) {
            return; // application.properties reads it
        }
        if (!"true".equalsIgnoreCase(System.getenv("CLICKHOUSE_TESTCONTAINERS"))) {
            return; // the service starts its embedded server
        }
        if (!DockerClientFactory.instance().isDockerAvailable()) {
            throw new IllegalStateException("CLICKHOUSE_TESTCONTAINERS=true, but no Docker engine runs here.");
        }
        if (container == null) {
            container = new ClickHouseContainer(ClickHouseVersion.pinned().image());
            container.start();
        }
        registry.add("gallery.clickhouse.url", () -> "http://" + container.getHost() + ":" + container.getMappedPort(8123));
        registry.add("gallery.clickhouse.user", container::getUsername);
        registry.add("gallery.clickhouse.password", container::getPassword);
    }
}
