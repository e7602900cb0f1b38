package com.galleryanalytics.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The cold-start rows go into one section, made before the hand-written analysis the first time. */
class ColdRowsTest {
    @Test
    void rowsGoIntoOneSectionBeforeTheAnalysis() {
        String results = "# Benchmark results\n\n## Heap\n\ntext\n\n## Why the misses\n\nanalysis\n";
        String once = Report.withColdRow(results, "demo", "service and ClickHouse", 1234.4, 56.6);
        String twice = Report.withColdRow(once, "1m", "service and ClickHouse", 4321, 99);
        assertThat(twice).containsOnlyOnce(Report.COLD_SECTION);
        assertThat(twice.indexOf("| demo | service and ClickHouse | 1,234 | 57 |")).isPositive()
                .isLessThan(twice.indexOf("| 1m | service and ClickHouse | 4,321 | 99 |"));
        assertThat(twice.indexOf("| 1m |")).isLessThan(twice.indexOf("## Why the misses"));
        assertThat(twice).endsWith("## Why the misses\n\nanalysis\n");
    }
}
