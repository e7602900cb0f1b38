package com.galleryanalytics.support;

import com.galleryanalytics.clickhouse.OwnedClickHouseServer;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.clickhouse.ClickHouseContainer;

/**
 * Which ClickHouse the tests use: CLICKHOUSE_URL when set; else the application's own
 * clickhouse-server process (temporary folder) when the binary is on the PATH; else a
 * Testcontainers ClickHouse (a current release) when Docker is available.
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
        if (OwnedClickHouseServer.findBinary("clickhouse-server").isPresent()) {
            return; // the application starts its own, in a temporary folder (application-test.properties)
        }
        if (!DockerClientFactory.instance().isDockerAvailable()) {
            throw new IllegalStateException("Tests need ClickHouse: set CLICKHOUSE_URL, install clickhouse-server, or run Docker.");
        }
        if (container == null) {
            container = new ClickHouseContainer("clickhouse/clickhouse-server:25.8");
            container.start();
        }
        registry.add("gallery.clickhouse.url", () -> "http://" + container.getHost() + ":" + container.getMappedPort(8123));
        registry.add("gallery.clickhouse.user", container::getUsername);
        registry.add("gallery.clickhouse.password", container::getPassword);
    }
}
