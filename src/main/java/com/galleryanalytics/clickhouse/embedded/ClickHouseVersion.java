package com.galleryanalytics.clickhouse.embedded;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Optional;
import java.util.Properties;

/**
 * The ClickHouse release this project targets, read from the repository's {@code .env} (packaged as
 * {@code classpath:clickhouse/version/.env}), the one place it is pinned: docker compose takes the
 * image tag from the same file.
 *
 * @param clickHouse the release, e.g. {@code 26.7} (the official image's tag)
 * @param chdb       the chDB npm version carrying that release, e.g. {@code 26.7.3-stable.1}
 * @param entries    every entry of the file (integrity hashes by platform)
 */
public record ClickHouseVersion(String clickHouse, String chdb, Properties entries) {
    static final String RESOURCE = "clickhouse/version/.env";

    public static ClickHouseVersion pinned() {
        Properties p = new Properties();
        try (InputStream in = ClickHouseVersion.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is not on the classpath: build with Maven (it copies .env there)");
            }
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new ClickHouseVersion(required(p, "CLICKHOUSE_VERSION"), required(p, "CHDB_VERSION"), p);
    }

    /** The pinned SHA-512 of the chDB archive of one platform ({@code linux-x64-gnu}), when the file has it. */
    public Optional<String> integrity(String platform) {
        return Optional.ofNullable(entries.getProperty("CHDB_INTEGRITY_" + platform.toUpperCase().replace('-', '_')));
    }

    /** The official Docker image of the release. */
    public String image() {
        return "clickhouse/clickhouse-server:" + clickHouse;
    }

    private static String required(Properties p, String key) {
        String v = p.getProperty(key);
        if (v == null || v.isBlank()) {
            throw new IllegalStateException(RESOURCE + " has no " + key);
        }
        return v.trim();
    }
}
