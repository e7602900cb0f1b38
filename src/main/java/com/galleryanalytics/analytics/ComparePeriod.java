package com.galleryanalytics.analytics;

import java.time.LocalDate;

/**
 * The period to compare with: the one just before (same length), the same days a year earlier,
 * or a custom start (same length).
 */
public record ComparePeriod(Type type, LocalDate start) {
    /** How the comparison period is chosen. */
    public enum Type { PREVIOUS_PERIOD, SAME_PERIOD_LAST_YEAR, CUSTOM }
}
