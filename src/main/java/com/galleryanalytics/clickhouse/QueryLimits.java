package com.galleryanalytics.clickhouse;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Limits on what one request may cost.
 *
 * @param maxExecutionSeconds ClickHouse's max_execution_time for every analytics statement
 * @param maxMemoryBytes      ClickHouse's max_memory_usage for every analytics statement
 * @param maxDepth            deepest GraphQL query accepted
 * @param maxComplexity       highest GraphQL query cost accepted (see QueryCost)
 * @param maxRowsToRead       ClickHouse's max_rows_to_read for every analytics statement; 0: no limit
 */
@ConfigurationProperties("gallery.query")
public record QueryLimits(Integer maxExecutionSeconds, Long maxMemoryBytes, Integer maxDepth, Integer maxComplexity,
        Long maxRowsToRead) {
    public QueryLimits {
        maxRowsToRead = maxRowsToRead == null ? 0 : maxRowsToRead;
        maxExecutionSeconds = maxExecutionSeconds == null ? 30 : maxExecutionSeconds;
        maxMemoryBytes = maxMemoryBytes == null ? 4_000_000_000L : maxMemoryBytes;
        maxDepth = maxDepth == null ? 16 : maxDepth;
        maxComplexity = maxComplexity == null ? 20_000 : maxComplexity;
    }
}
