package com.galleryanalytics.clickhouse;

import java.util.concurrent.atomic.AtomicLong;
import org.jooq.ExecuteContext;
import org.jooq.ExecuteListener;
import org.springframework.stereotype.Component;

/**
 * Counts the SQL statements of the reads (every analytics and catalog read, see {@link ClickHouseReads}), so the bound on
 * statements per GraphQL query can be checked and watched; logs each at DEBUG
 * ({@code logging.level.com.galleryanalytics.clickhouse.SqlStatementCounter=DEBUG}).
 */
@Component
public class SqlStatementCounter implements ExecuteListener {
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(SqlStatementCounter.class);
    private final AtomicLong executed = new AtomicLong();

    @Override
    public void executeStart(ExecuteContext ctx) {
        sent(ctx.sql());
    }

    /** A statement sent outside jOOQ's execution (see {@link ClickHouseReads}). */
    void sent(String sql) {
        executed.incrementAndGet();
        if (log.isDebugEnabled()) {
            log.debug("SQL {}", sql);
        }
    }

    public long executed() {
        return executed.get();
    }
}
