package com.galleryanalytics.clickhouse;

import org.jooq.conf.RenderQuotedNames;
import org.jooq.impl.DefaultExecuteListenerProvider;
import org.springframework.boot.jooq.autoconfigure.DefaultConfigurationCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** jOOQ for ClickHouse: the dialect comes from spring.jooq.sql-dialect; statements are counted. */
@Configuration(proxyBeanMethods = false)
public class ClickHouseJooqSettings {
    @Bean
    DefaultConfigurationCustomizer clickHouseJooq(SqlStatementCounter counter) {
        return configuration -> {
            configuration.settings().withRenderQuotedNames(RenderQuotedNames.EXPLICIT_DEFAULT_UNQUOTED)
                    .withExecuteLogging(false);
            configuration.set(new DefaultExecuteListenerProvider(counter));
        };
    }
}
