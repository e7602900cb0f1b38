package com.galleryanalytics.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;

import com.galleryanalytics.support.IntegrationTest;
import java.util.List;
import org.jooq.Record;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The read path renders values into the statement's text: every value comes back from the real
 * server as it was given, whatever quotes, backslashes or control characters it holds (a value
 * that ended its literal early would change the statement: the last one would return two rows).
 */
class ClickHouseReadsTest extends IntegrationTest {
    @Autowired
    ClickHouseReads reads;

    @Test
    void valuesComeBackAsGiven() {
        List<String> values = List.of("plain", "it's", "it''s", "back\\slash", "\\", "ends with \\", "a\\' OR 1=1 --",
                "\\'; SELECT 2 --", "new\nline", "tab\tx", "nul\u0000x", "\u007f", "é😀ü", "{0}", "?", "$1", "/* c */", "-- c",
                "'", "''", "\"", "`");
        for (String v : values) {
            List<Record> rows = reads.fetch("SELECT ? AS v, length(v) AS n", v);
            assertThat(rows).as(v).hasSize(1);
            assertThat(rows.get(0).get("v", String.class)).as(v).isEqualTo(v);
            assertThat(rows.get(0).get("n", Long.class)).as(v).isEqualTo(v.getBytes(java.nio.charset.StandardCharsets.UTF_8).length);
        }
    }

    @Test
    void aValueCannotEndItsLiteral() {
        List<Record> rows = reads.fetch("SELECT number FROM numbers(3) WHERE toString(number) = ?", "0\\' OR 1 = 1 OR '");
        assertThat(rows).isEmpty();
        assertThat(reads.fetch("SELECT number FROM numbers(3) WHERE number IN (?, ?)", 1L, 2).map(r -> r.get(0, Long.class)))
                .containsExactly(1L, 2L);
    }

    @Test
    void numbersAndArraysOfValues() {
        Record r = reads.fetch("SELECT ? AS a, ? AS b, [?, ?] AS c, ? AS d", 42L, -7, "x'y", "z\\", 2.5).get(0);
        assertThat(r.get("a", Long.class)).isEqualTo(42L);
        assertThat(r.get("b", Long.class)).isEqualTo(-7L);
        assertThat(r.get("d", Double.class)).isEqualTo(2.5);
        assertThat(reads.fetch("SELECT arrayJoin([?, ?]) AS x ORDER BY x", "x'y", "z\\").map(x -> x.get(0, String.class)))
                .containsExactly("x'y", "z\\");
    }
}
