package com.galleryanalytics.web;

import com.galleryanalytics.security.Caller;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * One line per request on logger {@code access}: method, path (never the query string, which may
 * name viewers, nor any header, which may carry a key), status, milliseconds and the key's partner
 * ({@code -} before or without a key). GraphQL answers asynchronously, so its line is written when
 * the response completes, not when the filter chain returns.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
public class AccessLog extends OncePerRequestFilter {
    static final Logger LOG = LoggerFactory.getLogger("access");

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        long start = System.nanoTime();
        try {
            chain.doFilter(request, response);
        } finally {
            if (request.isAsyncStarted()) {
                request.getAsyncContext().addListener(new AsyncListener() {
                    @Override
                    public void onComplete(AsyncEvent event) {
                        log(request, response, start);
                    }

                    @Override
                    public void onTimeout(AsyncEvent event) {}

                    @Override
                    public void onError(AsyncEvent event) {}

                    @Override
                    public void onStartAsync(AsyncEvent event) {}
                });
            } else {
                log(request, response, start);
            }
        }
    }

    private static void log(HttpServletRequest request, HttpServletResponse response, long start) {
        if (!LOG.isInfoEnabled()) {
            return;
        }
        Object caller = request.getAttribute(Caller.ATTRIBUTE);
        String partner = caller instanceof Caller c ? c.partnerId() : "-";
        LOG.info("{} {} {} {} ms partner={}", request.getMethod(), request.getRequestURI(), response.getStatus(),
                (System.nanoTime() - start) / 1_000_000, partner);
    }
}
