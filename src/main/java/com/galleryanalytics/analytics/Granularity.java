package com.galleryanalytics.analytics;

/** Bucket size of a time series. */
public enum Granularity { DAY, MONTH }
