package com.galleryanalytics.clickhouse;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Turns a ClickHouse start-up problem into a short message and what to do, not a stack trace. */
public class ClickHouseStartupFailureAnalyzer extends AbstractFailureAnalyzer<ClickHouseStartupException> {
    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, ClickHouseStartupException cause) {
        return new FailureAnalysis(cause.getMessage(), cause.action(), cause);
    }
}
