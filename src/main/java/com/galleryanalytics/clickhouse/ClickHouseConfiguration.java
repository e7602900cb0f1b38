package com.galleryanalytics.clickhouse;

import com.galleryanalytics.clickhouse.embedded.ChdbLibrary;
import com.galleryanalytics.clickhouse.embedded.ClickHouseVersion;
import com.galleryanalytics.clickhouse.embedded.EmbeddedClickHouse;
import com.clickhouse.client.api.Client;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.Properties;
import javax.sql.DataSource;
import org.jooq.DSLContext;
import org.jooq.conf.BackslashEscaping;
import org.jooq.SQLDialect;
import org.jooq.conf.Settings;
import org.jooq.impl.DSL;
import org.jooq.impl.DefaultConfiguration;
import org.jooq.impl.DefaultExecuteListenerProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;

/**
 * Finds ClickHouse in the documented order (a configured URL, else the embedded server started
 * here), opens the write and read pools of the official JDBC driver and applies the migrations
 * before anything else may use them.
 */
@Configuration(proxyBeanMethods = false)
public class ClickHouseConfiguration {
    private static final Logger log = LoggerFactory.getLogger(ClickHouseConfiguration.class);

    /** The embedded server, when one was started; stopped when the context closes. */
    public record EmbeddedServer(Optional<EmbeddedClickHouse> server) implements AutoCloseable {
        @Override
        public void close() {
            server.ifPresent(EmbeddedClickHouse::close);
        }
    }

    @Bean(destroyMethod = "close")
    EmbeddedServer embeddedClickHouse(ClickHouseProperties props, QueryLimits limits) {
        if (props.hasUrl()) {
            return new EmbeddedServer(Optional.empty());
        }
        ClickHouseVersion version = ClickHouseVersion.pinned();
        Path library = props.library().isEmpty()
                ? new ChdbLibrary(version, props.cacheDir().isEmpty() ? ChdbLibrary.defaultCacheDir() : Path.of(props.cacheDir()),
                        log::info).resolve()
                : Path.of(props.library());
        EmbeddedClickHouse server = EmbeddedClickHouse.start(new EmbeddedClickHouse.Options(library, Path.of(props.dataDir()),
                props.httpPort(), props.tcpPort(), Duration.ofSeconds(props.startTimeoutSeconds()),
                limits.maxExecutionSeconds(), limits.maxMemoryBytes()));
        if (props.deleteDataOnStop()) {
            server.deleteDataOnClose();
        }
        // a JVM ending without closing the context still closes the pipe, which stops the server;
        // the hook only makes a normal exit wait for it
        Runtime.getRuntime().addShutdownHook(new Thread(server::close, "clickhouse-stop"));
        return new EmbeddedServer(Optional.of(server));
    }

    @Bean
    ClickHouseEndpoint clickHouseEndpoint(ClickHouseProperties props, EmbeddedServer embedded) {
        ClickHouseEndpoint endpoint = embedded.server()
                .map(s -> new ClickHouseEndpoint("127.0.0.1", s.httpPort(), props.database(),
                        new ClickHouseEndpoint.Credentials(EmbeddedClickHouse.WRITER, s.writerPassword()),
                        new ClickHouseEndpoint.Credentials(EmbeddedClickHouse.ANALYTICS, s.analyticsPassword()),
                        "embedded, data in " + s.dataDir()))
                .orElseGet(() -> {
                    ClickHouseEndpoint.Credentials writer = new ClickHouseEndpoint.Credentials(props.user(), props.password());
                    ClickHouseEndpoint.Credentials reader = writer;
                    if (props.readUser().isBlank()) {
                        log.warn("The analytics pool of {} is not read-only: set gallery.clickhouse.read-user to a user whose"
                                + " profile has readonly=2", props.url());
                    } else {
                        reader = new ClickHouseEndpoint.Credentials(props.readUser(), props.readPassword());
                    }
                    return ClickHouseEndpoint.parse(props.url(), props.database(), writer, reader);
                });
        log.info("ClickHouse: {} ({}; writes as {}, reads as {})", endpoint.httpUrl(), endpoint.origin(), endpoint.writer(),
                endpoint.reader());
        return endpoint;
    }

    /** The write pool (ingest, catalog upserts, migrations); migrated before anyone gets it. */
    @Bean(destroyMethod = "close")
    @Primary
    DataSource dataSource(ClickHouseEndpoint endpoint, ClickHouseProperties props) {
        Properties driver = new Properties();
        driver.setProperty("socket_timeout", "60000");
        // a short connection timeout: while ClickHouse is down, ingest spools at once instead of waiting
        HikariDataSource dataSource = pool("clickhouse-write", endpoint, endpoint.writer(), driver, props.maxPoolSize(), 3_000);
        try {
            new Migrations(dataSource, endpoint).apply();
        } catch (RuntimeException e) {
            dataSource.close();
            throw e;
        }
        return dataSource;
    }

    /**
     * The read pool of every analytics and catalog query: a read-only user, and a time and memory
     * limit ClickHouse enforces on each statement, so no query can hang or exhaust the server.
     */
    @Bean(destroyMethod = "close")
    DataSource analyticsDataSource(ClickHouseEndpoint endpoint, ClickHouseProperties props, QueryLimits limits,
            DataSource dataSource) {
        Properties driver = new Properties();
        driver.setProperty("clickhouse_setting_max_execution_time", Long.toString(limits.maxExecutionSeconds()));
        driver.setProperty("clickhouse_setting_max_memory_usage", Long.toString(limits.maxMemoryBytes()));
        if (limits.maxRowsToRead() > 0) {
            driver.setProperty("clickhouse_setting_max_rows_to_read", Long.toString(limits.maxRowsToRead()));
        }
        driver.setProperty("socket_timeout", Long.toString((limits.maxExecutionSeconds() + 5) * 1000L));
        return pool("clickhouse-read", endpoint, endpoint.reader(), driver, props.maxPoolSize(),
                props.readConnectionTimeoutSeconds() * 1000L);
    }

    /**
     * The official client for what JDBC does poorly: streaming an INSERT's rows straight from the
     * request buffers. Writes as the writer user;
     * created after the migrations. No retries of its own: a failed write goes to the ingest spool,
     * whose replays carry the same deduplication token.
     */
    @Bean(destroyMethod = "close")
    Client clickHouseClient(ClickHouseEndpoint endpoint, ClickHouseProperties props, DataSource dataSource) {
        return new Client.Builder()
                .addEndpoint(endpoint.httpUrl())
                .setUsername(endpoint.writer().user())
                .setPassword(endpoint.writer().password())
                .setDefaultDatabase(endpoint.database())
                .setMaxConnections(props.maxPoolSize())
                .setConnectTimeout(3, ChronoUnit.SECONDS)
                .setSocketTimeout(60, ChronoUnit.SECONDS)
                .setMaxRetries(0)
                .setClientName("gallery-analytics")
                .build();
    }

    @Bean
    DSLContext dslContext(@Qualifier("analyticsDataSource") DataSource analyticsDataSource, SqlStatementCounter counter) {
        DefaultConfiguration configuration = new DefaultConfiguration();
        configuration.set(analyticsDataSource);
        configuration.set(SQLDialect.CLICKHOUSE);
        // values are rendered into the reads' text (ClickHouseReads): ClickHouse reads a backslash in a
        // string literal as an escape, so jOOQ must escape backslashes, not only double quotes
        configuration.set(new Settings().withExecuteLogging(false).withRenderSchema(false)
                .withBackslashEscaping(BackslashEscaping.ON));
        configuration.set(new DefaultExecuteListenerProvider(counter));
        return DSL.using(configuration);
    }

    private static HikariDataSource pool(String name, ClickHouseEndpoint endpoint, ClickHouseEndpoint.Credentials user,
            Properties driver, int size, long connectionTimeout) {
        HikariConfig config = new HikariConfig();
        config.setPoolName(name);
        config.setDriverClassName("com.clickhouse.jdbc.Driver");
        config.setJdbcUrl(endpoint.jdbcUrl());
        config.setUsername(user.user());
        config.setPassword(user.password());
        config.setDataSourceProperties(driver);
        config.setMaximumPoolSize(size);
        config.setMinimumIdle(2);
        config.setConnectionTimeout(connectionTimeout);
        config.setInitializationFailTimeout(-1);
        return new HikariDataSource(config);
    }
}
