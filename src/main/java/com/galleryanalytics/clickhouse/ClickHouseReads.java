package com.galleryanalytics.clickhouse;

import java.sql.ResultSet;
import java.sql.Statement;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.jooq.Result;
import org.jooq.impl.DSL;
import org.springframework.stereotype.Component;

/**
 * Every analytics and catalog read: a statement with its values, answered as jOOQ records, on the
 * read-only pool.
 *
 * <p>jOOQ renders the values into the statement as ClickHouse literals (its ClickHouse dialect, with
 * backslashes escaped: see {@link ClickHouseConfiguration}), and the statement goes to the driver as
 * a plain JDBC {@link Statement}, which the driver sends as it is. A {@link java.sql.PreparedStatement}
 * would be parsed first by the official driver's own SQL grammar to find its parameters: measured on
 * the 39 statements of one benchmark dashboard (54 KB of SQL), about 100 ms of CPU per dashboard with
 * its default parser (1.3 s with the ANTLR ones), more than the whole demo dashboard's time budget;
 * even a plain {@code execute} parses (about 40 ms), {@code executeQuery} does not.
 */
@Component
public class ClickHouseReads {
    private final DSLContext dsl;
    private final SqlStatementCounter counter;

    public ClickHouseReads(DSLContext dsl, SqlStatementCounter counter) {
        this.dsl = dsl;
        this.counter = counter;
    }

    /** The rows of {@code sql}, its {@code ?} filled with {@code binds} in order. */
    public Result<Record> fetch(String sql, Object... binds) {
        String statement = inlined(sql, binds);
        counter.sent(statement);
        return dsl.connectionResult(c -> {
            try (Statement s = c.createStatement()) {
                s.setEscapeProcessing(false); // no JDBC escapes ({fn ...}) in our SQL: the text goes as it is
                try (ResultSet rs = s.executeQuery(statement)) {
                    return dsl.fetch(rs);
                }
            }
        });
    }

    /** The statement with its values as literals. */
    String inlined(String sql, Object... binds) {
        return dsl.renderInlined(DSL.resultQuery(sql, binds));
    }
}
