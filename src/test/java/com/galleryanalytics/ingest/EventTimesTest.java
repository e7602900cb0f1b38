package com.galleryanalytics.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Event times read digit by digit are the instants java.time gives, and everything the quick form
 * does not cover is left to java.time, refusals included.
 */
class EventTimesTest {
    @Test
    void theCommonFormsGiveJavaTimesInstants() {
        for (String s : List.of("2023-07-03T10:15:00Z", "2023-07-03T10:15:00.5Z", "2023-07-03T10:15:00.123456789Z",
                "2024-02-29T23:59:59+05:45", "2023-01-01T00:00:00-12:00", "2023-12-31T23:30:00+14:00", "2000-01-01T00:00:00.000Z",
                "2026-11-01T01:30:00-04:00")) {
            assertThat(EventTimes.common(s)).as(s).isNotNull().isEqualTo(OffsetDateTime.parse(s).toInstant());
            assertThat(EventTimes.parse(s)).isEqualTo(OffsetDateTime.parse(s).toInstant());
        }
        assertThat(EventTimes.parse("2023-07-03T10:15:00.250Z")).isEqualTo(Instant.parse("2023-07-03T10:15:00.250Z"));
        assertThat(EventTimes.parse("2023-07-03T12:15:00+02:00")).isEqualTo(Instant.parse("2023-07-03T10:15:00Z"));
    }

    @Test
    void otherFormsAreJavaTimes() {
        // no seconds, an offset with seconds: valid ISO-8601, read by java.time
        for (String s : List.of("2023-07-03T10:15Z", "2023-07-03T10:15:00+02:00:30", "2023-07-03T10:15:00.Z")) {
            assertThat(EventTimes.common(s)).as(s).isNull();
        }
        assertThat(EventTimes.parse("2023-07-03T10:15Z")).isEqualTo(Instant.parse("2023-07-03T10:15:00Z"));
        assertThat(EventTimes.parse("2023-07-03T10:15:00+02:00:30")).isEqualTo(Instant.parse("2023-07-03T08:14:30Z"));
        assertThat(EventTimes.parse("2023-07-03T10:15:00.Z")).isEqualTo(Instant.parse("2023-07-03T10:15:00Z"));
    }

    @Test
    void whatJavaTimeRefusesIsRefused() {
        for (String s : List.of("2023-02-29T10:15:00Z", "2023-13-01T10:15:00Z", "2023-07-03T24:00:00Z", "2023-07-03T10:60:00Z",
                "2023-07-03T10:15:60Z", "2023-07-03T10:15:00", "2023-07-03 10:15:00Z",
                "2023-07-03T10:15:00.1234567891Z", "2023-07-03T10:15:00+19:00", "2023-07-03T10:15:00Zx", "１２３４-07-03T10:15:00Z")) {
            assertThat(EventTimes.common(s)).as(s).isNull();
            assertThatThrownBy(() -> EventTimes.parse(s)).as(s).isInstanceOf(DateTimeParseException.class);
        }
    }
}
