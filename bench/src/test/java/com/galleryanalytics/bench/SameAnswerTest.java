package com.galleryanalytics.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The raw-events check: ordered answers row by row, unordered ones as sets, numbers within 1e-9 relative. */
class SameAnswerTest {
    @Test
    void aStatementEndingWithOrderByIsOrdered() {
        assertThat(BenchMain.ordered("SELECT k0 FROM (SELECT 1 AS k0) AS counted ORDER BY k0 ASC")).isTrue();
        assertThat(BenchMain.ordered("SELECT r, k FROM (SELECT 1 AS r, 2 AS k ORDER BY r) AS per_play GROUP BY r, k")).isFalse();
    }

    @Test
    void unorderedAnswersCompareAsSetsOfRows() {
        String a = "1\te1\t36.89482758620689\n2\te2\t9.5\n";
        String b = "2\te2\t9.5\n1\te1\t36.8948275862069\n";
        assertThat(BenchMain.sameAnswer(a, b, false)).isTrue();
        assertThat(BenchMain.sameAnswer(a, b, true)).isFalse();
        assertThat(BenchMain.sameAnswer(a, "2\te2\t9.5\n1\te1\t36.9\n", false)).isFalse();
        assertThat(BenchMain.sameAnswer(a, "1\te1\t36.89482758620689\n", false)).isFalse();
    }
}
