package com.galleryanalytics.graphql.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.galleryanalytics.clickhouse.ClickHouseReads;
import com.galleryanalytics.clickhouse.QueryLimits;
import com.galleryanalytics.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * ClickHouse's own errors, raised by the real server through the official driver and the service's
 * read path on the analytics pool, are told apart by their codes: a time limit (159), a memory limit (241),
 * a row limit (158, 396) each get the QUERY_TOO_COMPLEX message naming it; any other server error
 * (a syntax error, 62) stays unclassified. Each statement sets its own limit low (the pool's user
 * may lower settings, not write). No partner data.
 */
class ClickHouseLimitErrorsTest extends IntegrationTest {
    @Autowired
    ClickHouseReads reads;

    final ClickHouseLimitErrors errors = new ClickHouseLimitErrors(new QueryLimits(30, 4_000_000_000L, 16, 20_000, 1_000L));

    private Throwable fail(String sql) {
        Throwable t = catchThrowable(() -> reads.fetch(sql));
        assertThat(t).as(sql).isNotNull();
        return t;
    }

    @Test
    void aTimeLimitIsTold() {
        Throwable t = fail("SELECT count() FROM numbers(100000000000) SETTINGS max_execution_time = 1,"
                + " timeout_before_checking_execution_speed = 0");
        assertThat(ClickHouseLimitErrors.clickHouseCode(t)).isEqualTo(159);
        assertThat(errors.message(159)).isEqualTo("This part of the query needs more than the 30 s one statement may run:"
                + " narrow the date range or the filter, or ask for fewer rows.");
    }

    @Test
    void aMemoryLimitIsTold() {
        Throwable t = fail("SELECT uniqExact(number) FROM numbers(10000000) SETTINGS max_memory_usage = 10000000");
        assertThat(ClickHouseLimitErrors.clickHouseCode(t)).isEqualTo(241);
        assertThat(errors.message(241)).contains("more than the 4000000000 bytes of memory");
    }

    @Test
    void aRowLimitIsTold() {
        Throwable t = fail("SELECT count() FROM numbers(100000) SETTINGS max_rows_to_read = 1000");
        assertThat(ClickHouseLimitErrors.clickHouseCode(t)).isEqualTo(158);
        assertThat(errors.message(158)).isEqualTo("This part of the query reads more than the 1000 rows one statement may"
                + " read: narrow the date range or the filter, or ask for fewer rows.");
        Throwable result = fail("SELECT number FROM numbers(100000) SETTINGS max_result_rows = 10, result_overflow_mode = 'throw'");
        assertThat(ClickHouseLimitErrors.clickHouseCode(result)).isEqualTo(396);
        assertThat(errors.message(396)).isEqualTo(errors.message(158));
    }

    @Test
    void otherServerErrorsAreNotLimits() {
        Throwable t = fail("SELEC 1");
        assertThat(ClickHouseLimitErrors.clickHouseCode(t)).isEqualTo(62);
        assertThat(errors.message(62)).isNull();
    }
}
