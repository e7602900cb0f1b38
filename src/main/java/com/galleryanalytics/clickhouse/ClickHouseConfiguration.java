package com.galleryanalytics.clickhouse;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.conf.Settings;
import org.jooq.impl.DSL;
import org.jooq.impl.DefaultConfiguration;
import org.jooq.impl.DefaultExecuteListenerProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.context.annotation.Configuration;

/**
 * Finds ClickHouse in the documented order (configured URL, else an owned {@code clickhouse-server}
 * process), opens the pool and applies the migrations before anything else may use it.
 */
@Configuration(proxyBeanMethods = false)
public class ClickHouseConfiguration {
    private static final Logger log = LoggerFactory.getLogger(ClickHouseConfiguration.class);
    /** The owned server's read-only user (users.xml), for the analytics pool. */
    static final String OWNED_READ_USER = "analytics";

    /** The owned server, when one was started; stopped when the context closes. */
    public record OwnedServerHolder(Optional<OwnedClickHouseServer> server) implements AutoCloseable {
        @Override
        public void close() {
            server.ifPresent(OwnedClickHouseServer::shutdown);
        }
    }

    @Bean(destroyMethod = "close")
    OwnedServerHolder ownedClickHouseServer(ClickHouseProperties props) {
        if (props.hasUrl()) {
            return new OwnedServerHolder(Optional.empty());
        }
        Path binary = OwnedClickHouseServer.findBinary(props.binary()).orElseThrow(() -> new ClickHouseStartupException(
                "No ClickHouse server: gallery.clickhouse.url (CLICKHOUSE_URL) is not set and '" + props.binary()
                        + "' is not on the PATH.",
                "Either install one (Debian/Ubuntu: apt-get install clickhouse-server) and start again, "
                        + "or point CLICKHOUSE_URL at a running server, e.g. CLICKHOUSE_URL=http://127.0.0.1:8123 "
                        + "(docker compose up clickhouse starts one)."));
        OwnedClickHouseServer server = OwnedClickHouseServer.start(binary, Path.of(props.dataDir()), props.httpPort(),
                Duration.ofSeconds(props.startTimeoutSeconds()));
        if (props.deleteDataOnStop()) {
            server.deleteDataOnClose();
        }
        Runtime.getRuntime().addShutdownHook(new Thread(server::shutdown, "clickhouse-stop"));
        return new OwnedServerHolder(Optional.of(server));
    }

    @Bean
    ClickHouseEndpoint clickHouseEndpoint(ClickHouseProperties props, OwnedServerHolder owned) {
        ClickHouseEndpoint endpoint = owned.server()
                .map(s -> new ClickHouseEndpoint("127.0.0.1", s.httpPort(), props.user(), props.password(),
                        props.database(), "owned process, data in " + s.dataDir()))
                .orElseGet(() -> ClickHouseEndpoint.parse(props.url(), props.user(), props.password(), props.database()));
        log.info("ClickHouse: {} ({})", endpoint.httpUrl(), endpoint.origin());
        return endpoint;
    }

    /** The write pool (ingest, catalog upserts, migrations); migrated before anyone gets it. */
    @Bean(destroyMethod = "close")
    @Primary
    DataSource dataSource(ClickHouseEndpoint endpoint, ClickHouseProperties props) {
        // a short connection timeout: while ClickHouse is down, ingest spools at once instead of waiting
        HikariDataSource dataSource = pool("clickhouse-write", endpoint.jdbcUrl() + "&socket_timeout=60000", endpoint.user(),
                endpoint.password(), props.maxPoolSize(), 3_000);
        try {
            new Migrations(dataSource, endpoint).apply();
        } catch (RuntimeException e) {
            dataSource.close();
            throw e;
        }
        return dataSource;
    }

    /**
     * The read pool of every analytics and catalog query: read-only sessions, and a time and
     * memory limit ClickHouse enforces on each statement, so no query can hang or exhaust the server.
     */
    @Bean(destroyMethod = "close")
    DataSource analyticsDataSource(ClickHouseEndpoint endpoint, ClickHouseProperties props, QueryLimits limits,
            DataSource dataSource, OwnedServerHolder owned) {
        // Read-only comes from the user: the legacy driver sends only the settings it knows, and
        // "readonly" is not one of them (readonly=2 in the URL was silently dropped). The owned
        // server's users.xml has the user "analytics" (profile readonly=2); a configured server
        // names its own in gallery.clickhouse.read-user.
        String user = owned.server().isPresent() ? OWNED_READ_USER : props.readUser();
        String password = owned.server().isPresent() ? "" : props.readPassword();
        if (user.isBlank()) {
            log.warn("The analytics pool of {} is not read-only: set gallery.clickhouse.read-user to a user whose"
                    + " profile has readonly=2", endpoint.httpUrl());
            user = endpoint.user();
            password = endpoint.password();
        }
        String url = endpoint.jdbcUrl() + "&max_execution_time=" + limits.maxExecutionSeconds()
                + "&max_memory_usage=" + limits.maxMemoryBytes()
                + "&socket_timeout=" + (limits.maxExecutionSeconds() + 5) * 1000L;
        return pool("clickhouse-read", url, user, password, props.maxPoolSize(), props.readConnectionTimeoutSeconds() * 1000L);
    }

    @Bean
    DSLContext dslContext(@Qualifier("analyticsDataSource") DataSource analyticsDataSource, SqlStatementCounter counter) {
        DefaultConfiguration configuration = new DefaultConfiguration();
        configuration.set(analyticsDataSource);
        configuration.set(SQLDialect.CLICKHOUSE);
        configuration.set(new Settings().withExecuteLogging(false));
        configuration.set(new DefaultExecuteListenerProvider(counter));
        return DSL.using(configuration);
    }

    private static HikariDataSource pool(String name, String url, String user, String password, int size,
            long connectionTimeout) {
        HikariConfig config = new HikariConfig();
        config.setPoolName(name);
        config.setDriverClassName("ru.yandex.clickhouse.ClickHouseDriver");
        config.setJdbcUrl(url);
        config.setUsername(user);
        config.setPassword(password);
        config.setMaximumPoolSize(size);
        config.setMinimumIdle(2);
        config.setConnectionTimeout(connectionTimeout);
        config.setConnectionTestQuery("SELECT 1");
        config.setInitializationFailTimeout(-1);
        return new HikariDataSource(config);
    }
}
