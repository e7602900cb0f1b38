package com.galleryanalytics.clickhouse;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import javax.sql.DataSource;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/** {@code /actuator/health} component "clickhouse": the server answers, with its version. */
@Component("clickhouse")
public class ClickHouseHealth implements HealthIndicator {
    private final DataSource dataSource;
    private final ClickHouseEndpoint endpoint;

    public ClickHouseHealth(DataSource dataSource, ClickHouseEndpoint endpoint) {
        this.dataSource = dataSource;
        this.endpoint = endpoint;
    }

    @Override
    public Health health() {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT version()")) {
            rs.next();
            return Health.up().withDetail("version", rs.getString(1)).withDetail("server", endpoint.httpUrl()).build();
        } catch (Exception e) {
            return Health.down().withDetail("server", endpoint.httpUrl()).withDetail("error", String.valueOf(e.getMessage()))
                    .build();
        }
    }
}
