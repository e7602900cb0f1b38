package com.galleryanalytics.web;

import java.time.Duration;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.tomcat.ConfigurableTomcatWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * GraphQL over HTTP answers asynchronously through a functional endpoint, whose requests time out
 * after the servlet container's default (Tomcat: 30 s, then 503) whatever
 * {@code spring.mvc.async.request-timeout} says. This gives the container the same timeout, so the
 * documented property governs GraphQL requests too (a heavy dashboard under many concurrent
 * clients can queue for longer). Unset, nothing changes.
 */
@Configuration(proxyBeanMethods = false)
public class AsyncTimeout {
    @Bean
    WebServerFactoryCustomizer<ConfigurableTomcatWebServerFactory> asyncRequestTimeout(
            @Value("${spring.mvc.async.request-timeout:}") Duration timeout) {
        return factory -> {
            if (timeout != null && !timeout.isNegative() && !timeout.isZero()) {
                factory.addConnectorCustomizers(connector -> connector.setAsyncTimeout(timeout.toMillis()));
            }
        };
    }
}
