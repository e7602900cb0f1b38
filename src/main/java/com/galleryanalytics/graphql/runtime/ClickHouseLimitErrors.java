package com.galleryanalytics.graphql.runtime;

import com.clickhouse.client.api.ServerException;
import com.galleryanalytics.clickhouse.QueryLimits;
import graphql.GraphQLError;
import graphql.schema.DataFetchingEnvironment;
import java.sql.SQLException;
import org.springframework.graphql.execution.DataFetcherExceptionResolverAdapter;
import org.springframework.stereotype.Component;

/**
 * A statement ClickHouse stopped at the analytics pool's limits (max_execution_time,
 * max_memory_usage, max_rows_to_read) is the client's query being too heavy, not an internal
 * error: it becomes a {@code QUERY_TOO_COMPLEX} error that says which limit and what to do. The
 * limit is told by ClickHouse's error code, which the official driver carries as the
 * SQLException's error code. Other exceptions pass on.
 */
@Component
public class ClickHouseLimitErrors extends DataFetcherExceptionResolverAdapter {
    /** ClickHouse's error codes of the limits (src/Common/ErrorCodes.cpp). */
    static final int TOO_MANY_ROWS = 158;
    static final int TIMEOUT_EXCEEDED = 159;
    static final int TOO_SLOW = 160;
    static final int MEMORY_LIMIT_EXCEEDED = 241;
    static final int TOO_MANY_BYTES = 307;
    static final int TOO_MANY_ROWS_OR_BYTES = 396;

    private final QueryLimits limits;

    public ClickHouseLimitErrors(QueryLimits limits) {
        this.limits = limits;
    }

    @Override
    protected GraphQLError resolveToSingleError(Throwable ex, DataFetchingEnvironment env) {
        String message = message(clickHouseCode(ex));
        if (message == null) {
            return null;
        }
        return GraphQLError.newError().errorType(QueryLimitsConfiguration.LimitClassification.QUERY_TOO_COMPLEX)
                .message(message).path(env.getExecutionStepInfo().getPath()).location(env.getField().getSourceLocation())
                .build();
    }

    /** What to tell the client for a ClickHouse error code; null when it is not a limit. */
    String message(int code) {
        String advice = ": narrow the date range or the filter, or ask for fewer rows.";
        return switch (code) {
            case TIMEOUT_EXCEEDED, TOO_SLOW -> "This part of the query needs more than the " + limits.maxExecutionSeconds()
                    + " s one statement may run" + advice;
            case MEMORY_LIMIT_EXCEEDED -> "This part of the query needs more than the " + limits.maxMemoryBytes()
                    + " bytes of memory one statement may use" + advice;
            case TOO_MANY_ROWS, TOO_MANY_BYTES, TOO_MANY_ROWS_OR_BYTES -> "This part of the query reads more than the "
                    + (limits.maxRowsToRead() > 0 ? limits.maxRowsToRead() + " rows" : "rows or bytes") + " one statement may read"
                    + advice;
            default -> null;
        };
    }

    /** The ClickHouse error code of the first server error in the chain, or 0. */
    static int clickHouseCode(Throwable ex) {
        for (Throwable t = ex; t != null; t = t.getCause()) {
            if (t instanceof ServerException server && server.getCode() != 0) {
                return server.getCode();
            }
            if (t instanceof SQLException sql && sql.getErrorCode() != 0) {
                return sql.getErrorCode();
            }
        }
        return 0;
    }
}
