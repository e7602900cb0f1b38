package com.galleryanalytics.graphql.runtime;

import com.galleryanalytics.clickhouse.QueryLimits;
import graphql.GraphQLError;
import graphql.schema.DataFetchingEnvironment;
import java.sql.SQLException;
import org.springframework.graphql.execution.DataFetcherExceptionResolverAdapter;
import org.springframework.stereotype.Component;

/**
 * A statement ClickHouse stopped at the analytics pool's limits (max_execution_time,
 * max_memory_usage) is the client's query being too heavy, not an internal error: it becomes a
 * {@code QUERY_TOO_COMPLEX} error that says which limit and what to do. Other exceptions pass on.
 */
@Component
public class ClickHouseLimitErrors extends DataFetcherExceptionResolverAdapter {
    /** ClickHouse's TIMEOUT_EXCEEDED, TOO_SLOW and MEMORY_LIMIT_EXCEEDED. */
    static final int TIMEOUT_EXCEEDED = 159;
    static final int TOO_SLOW = 160;
    static final int MEMORY_LIMIT_EXCEEDED = 241;

    private final QueryLimits limits;

    public ClickHouseLimitErrors(QueryLimits limits) {
        this.limits = limits;
    }

    @Override
    protected GraphQLError resolveToSingleError(Throwable ex, DataFetchingEnvironment env) {
        int code = clickHouseCode(ex);
        String message;
        if (code == TIMEOUT_EXCEEDED || code == TOO_SLOW) {
            message = "This part of the query needs more than the " + limits.maxExecutionSeconds()
                    + " s one statement may run: narrow the date range or the filter, or ask for fewer rows.";
        } else if (code == MEMORY_LIMIT_EXCEEDED) {
            message = "This part of the query needs more than the " + limits.maxMemoryBytes()
                    + " bytes of memory one statement may use: narrow the date range or the filter, or ask for fewer rows.";
        } else {
            return null;
        }
        return GraphQLError.newError().errorType(QueryLimitsConfiguration.LimitClassification.QUERY_TOO_COMPLEX)
                .message(message).path(env.getExecutionStepInfo().getPath()).location(env.getField().getSourceLocation())
                .build();
    }

    /** The ClickHouse error code of the first SQLException in the chain, or 0. */
    static int clickHouseCode(Throwable ex) {
        for (Throwable t = ex; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && sql.getErrorCode() != 0) {
                return sql.getErrorCode();
            }
        }
        return 0;
    }
}
