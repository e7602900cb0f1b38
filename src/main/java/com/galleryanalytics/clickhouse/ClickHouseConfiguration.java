package com.galleryanalytics.clickhouse;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Finds ClickHouse in the documented order (configured URL, else an owned {@code clickhouse-server}
 * process), opens the pool and applies the migrations before anything else may use it.
 */
@Configuration(proxyBeanMethods = false)
public class ClickHouseConfiguration {
    private static final Logger log = LoggerFactory.getLogger(ClickHouseConfiguration.class);

    /** The owned server, when one was started; stopped when the context closes. */
    public record OwnedServerHolder(Optional<OwnedClickHouseServer> server) implements AutoCloseable {
        @Override
        public void close() {
            server.ifPresent(OwnedClickHouseServer::close);
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
        Runtime.getRuntime().addShutdownHook(new Thread(server::close, "clickhouse-stop"));
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

    @Bean(destroyMethod = "close")
    DataSource dataSource(ClickHouseEndpoint endpoint, ClickHouseProperties props) {
        HikariConfig config = new HikariConfig();
        config.setPoolName("clickhouse");
        config.setDriverClassName("ru.yandex.clickhouse.ClickHouseDriver");
        config.setJdbcUrl(endpoint.jdbcUrl());
        config.setUsername(endpoint.user());
        config.setPassword(endpoint.password());
        config.setMaximumPoolSize(props.maxPoolSize());
        config.setMinimumIdle(2);
        config.setConnectionTestQuery("SELECT 1");
        config.setInitializationFailTimeout(-1);
        HikariDataSource dataSource = new HikariDataSource(config);
        try {
            new Migrations(dataSource, endpoint).apply();
        } catch (RuntimeException e) {
            dataSource.close();
            throw e;
        }
        return dataSource;
    }
}
