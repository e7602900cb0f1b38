package com.galleryanalytics.clickhouse;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Where ClickHouse is. With {@code url} set, that server is used; otherwise, when the
 * {@code binary} is on the PATH, the application starts its own server with data in {@code dataDir}.
 *
 * @param url         HTTP address of a running server, e.g. {@code http://127.0.0.1:8123} (or a
 *                    {@code jdbc:clickhouse://} URL); empty to start one
 * @param user        user name
 * @param password    password
 * @param database    database holding the schema
 * @param binary      the {@code clickhouse-server} executable used when no url is set
 * @param dataDir     data folder of the owned server (survives restarts)
 * @param httpPort    HTTP port of the owned server; 0 picks a free one
 * @param startTimeoutSeconds how long to wait for the owned server to answer
 * @param maxPoolSize connection pool size
 * @param deleteDataOnStop whether the owned server's data folder is deleted when it stops (tests' temporary folders)
 * @param readUser    user of the analytics (read) pool on a configured server, with a profile of
 *                    readonly=2; empty: {@code user} (not read-only). The owned server's is "analytics".
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
        String binary,
        String dataDir,
        Integer httpPort,
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
        binary = blankTo(binary, "clickhouse-server");
        dataDir = blankTo(dataDir, "var/clickhouse");
        httpPort = httpPort == null ? 0 : httpPort;
        startTimeoutSeconds = startTimeoutSeconds == null ? 60 : startTimeoutSeconds;
        maxPoolSize = maxPoolSize == null ? 16 : maxPoolSize;
        deleteDataOnStop = deleteDataOnStop != null && deleteDataOnStop;
        readUser = readUser == null ? "" : readUser.trim();
        readPassword = readPassword == null ? "" : readPassword;
        readConnectionTimeoutSeconds = readConnectionTimeoutSeconds == null ? 10 : readConnectionTimeoutSeconds;
    }

    public boolean hasUrl() {
        return url != null && !url.isBlank();
    }

    private static String blankTo(String value, String fallback) {
        return value == null || value.isBlank() ? fallback : value;
    }
}
