package com.galleryanalytics.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.galleryanalytics.generator.DataGenerator;
import com.galleryanalytics.generator.GeneratedEvent;
import com.galleryanalytics.generator.GeneratorConfig;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.Iterator;
import org.junit.jupiter.api.Test;

/**
 * Generated traffic, as the benchmark posts it, is read from the request's bytes (NDJSON straight
 * into RowBinary rows) with the same events, rows and ids as from its text, every event accepted.
 * In the service's package (it looks at the encoded rows); the service's own EventReaderTest
 * covers the lines at the edges.
 */
class GeneratedTrafficReadTest {
    static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");

    @Test
    void generatedTrafficIsReadFromBytesAsFromText() {
        GeneratorConfig config = GeneratorConfig.of(43, "ingest-http", 20_000, LocalDate.parse("2026-11-25"));
        Iterator<GeneratedEvent> events = new DataGenerator(config).events();
        StringBuilder body = new StringBuilder();
        int n = 0;
        while (events.hasNext() && n < 20_000) {
            events.next().appendJson(body).append('\n');
            n++;
        }
        EventReader reader = new EventReader(new DeviceDetection());
        byte[] bytes = body.toString().getBytes(StandardCharsets.UTF_8);
        EventReader.Batch exact = reader.read(body.toString(), NOW);
        EncodedEvents read = reader.read(bytes, bytes.length, NOW);
        assertThat(exact.rejections()).isEmpty();
        assertThat(read.rejections()).isEmpty();
        assertThat(read.size()).isEqualTo(n);
        assertThat(read.events()).isEqualTo(exact.events());
        EncodedEvents expected = EncodedEvents.of(exact.events(), exact.rejections());
        for (int i = 0; i < read.size(); i++) {
            assertThat(row(read, i)).as("row %d", i).isEqualTo(row(expected, i));
            assertThat(read.id(i)).isEqualTo(exact.events().get(i).eventId());
        }
    }

    private static byte[] row(EncodedEvents events, int i) {
        return Arrays.copyOfRange(events.rows.buf, events.rowFrom(i), events.rowTo(i));
    }
}
