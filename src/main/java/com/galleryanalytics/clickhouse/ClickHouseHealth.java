package com.galleryanalytics.clickhouse;

import com.galleryanalytics.clickhouse.embedded.EmbeddedClickHouse;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import javax.sql.DataSource;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * {@code /actuator/health} component "clickhouse": the server answers, with its version. The
 * embedded server is DOWN at once while its process is dead (the supervisor is starting it again),
 * without waiting for a connection to fail.
 */
@Component("clickhouse")
public class ClickHouseHealth implements HealthIndicator {
    private final DataSource dataSource;
    private final ClickHouseEndpoint endpoint;
    private final ClickHouseConfiguration.EmbeddedServer embedded;

    public ClickHouseHealth(DataSource dataSource, ClickHouseEndpoint endpoint, ClickHouseConfiguration.EmbeddedServer embedded) {
        this.dataSource = dataSource;
        this.endpoint = endpoint;
        this.embedded = embedded;
    }

    @Override
    public Health health() {
        Health.Builder b = state();
        b.withDetail("server", endpoint.httpUrl());
        embedded.server().ifPresent(s -> b.withDetail("embedded", java.util.Map.of("pid", s.isRunning() ? s.pid() : -1,
                "restarts", s.restarts(), "dataDir", s.dataDir().toString())));
        return b.build();
    }

    private Health.Builder state() {
        Health.Builder b;
        if (embedded.server().isPresent() && !embedded.server().get().isRunning()) {
            b = Health.down().withDetail("error", "the embedded server's process is not running; it is being started again");
        } else {
            try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("SELECT version()")) {
                rs.next();
                b = Health.up().withDetail("version", rs.getString(1));
            } catch (Exception e) {
                b = Health.down().withDetail("error", String.valueOf(e.getMessage()));
            }
        }
        return b;
    }
}
