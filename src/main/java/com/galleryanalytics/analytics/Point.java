package com.galleryanalytics.analytics;

import java.time.LocalDate;

/** One bucket of a time series: its first day and its metrics. */
public record Point(LocalDate date, MetricValues metrics) {}
