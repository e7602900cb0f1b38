package com.galleryanalytics.clickhouse;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Where ClickHouse is. With {@code url} set, that server is used; otherwise the service starts its
 * own (embedded, from chDB) with data in {@code dataDir}.
 *
 * @param url         HTTP address of a running server, e.g. {@code http://127.0.0.1:8123} (or a
 *                    {@code jdbc:clickhouse://} URL); empty to start the embedded one
 * @param user        user of a configured server (writes)
 * @param password    its password
 * @param database    database holding the schema
 * @param dataDir     data folder of the embedded server (survives restarts)
 * @param httpPort    HTTP port of the embedded server (default 8123, ClickHouse's own, where BI tools
 *                    look first); 0 picks a free one
 * @param tcpPort     native TCP port of the embedded server (default 9000); 0 picks a free one
 * @param library     a {@code libchdb.so} to run the embedded server from; empty: the pinned release,
 *                    fetched through npm into {@code cacheDir} on first use
 * @param cacheDir    where fetched libraries are kept; empty: {@code ~/.cache/gallery-analytics}
 * @param startTimeoutSeconds how long to wait for the embedded server to answer
 * @param maxPoolSize connection pool size
 * @param deleteDataOnStop whether the embedded server's data folder is deleted when it stops (tests' temporary folders)
 * @param readUser    user of the analytics (read) pool on a configured server, with a profile of
 *                    readonly=2; empty: {@code user} (not read-only). The embedded server's is "analytics".
 * @param readPassword its password
 * @param readConnectionTimeoutSeconds how long an analytics statement waits for a free connection of
 *                    the read pool before failing (under heavy concurrent load requests queue here)
 */
@ConfigurationProperties("gallery.clickhouse")
public record ClickHouseProperties(
        String url,
        String user,
        String password,
        String database,
        String dataDir,
        Integer httpPort,
        Integer tcpPort,
        String library,
        String cacheDir,
        Integer startTimeoutSeconds,
        Integer maxPoolSize,
        String readUser,
        String readPassword,
        Boolean deleteDataOnStop,
        Integer readConnectionTimeoutSeconds) {

    public ClickHouseProperties {
        user = blankTo(user, "default");
        password = password == null ? "" : password;
        database = blankTo(database, "default");
        dataDir = blankTo(dataDir, "var/clickhouse");
        httpPort = httpPort == null ? DEFAULT_HTTP_PORT : httpPort;
        tcpPort = tcpPort == null ? DEFAULT_TCP_PORT : tcpPort;
        library = library == null ? "" : library.trim();
        cacheDir = cacheDir == null ? "" : cacheDir.trim();
        startTimeoutSeconds = startTimeoutSeconds == null ? 120 : startTimeoutSeconds;
        maxPoolSize = maxPoolSize == null ? 16 : maxPoolSize;
        deleteDataOnStop = deleteDataOnStop != null && deleteDataOnStop;
        readUser = readUser == null ? "" : readUser.trim();
        readPassword = readPassword == null ? "" : readPassword;
        readConnectionTimeoutSeconds = readConnectionTimeoutSeconds == null ? 10 : readConnectionTimeoutSeconds;
    }

    /** ClickHouse's own ports: BI tools connect to the embedded server as to any ClickHouse. */
    public static final int DEFAULT_HTTP_PORT = 8123;
    public static final int DEFAULT_TCP_PORT = 9000;

    public boolean hasUrl() {
        return url != null && !url.isBlank();
    }

    private static String blankTo(String value, String fallback) {
        return value == null || value.isBlank() ? fallback : value;
    }
}
