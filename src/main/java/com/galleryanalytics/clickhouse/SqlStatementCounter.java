package com.galleryanalytics.clickhouse;

import java.util.concurrent.atomic.AtomicLong;
import org.jooq.ExecuteContext;
import org.jooq.ExecuteListener;
import org.springframework.stereotype.Component;

/**
 * Counts the SQL statements sent through jOOQ (every analytics and catalog read), so the bound on
 * statements per GraphQL query can be checked and watched.
 */
@Component
public class SqlStatementCounter implements ExecuteListener {
    private final AtomicLong executed = new AtomicLong();

    @Override
    public void executeStart(ExecuteContext ctx) {
        executed.incrementAndGet();
    }

    public long executed() {
        return executed.get();
    }
}
