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
 * Generated traffic, as the benchmark posts it, is read by the service's byte path (NDJSON straight
 * into rows) for every event, with the same events, rows and ids as the String path. In the
 * service's package (it looks at the encoded rows and asks which events took the fast path); the
 * service's own FastReaderTest covers the lines at the edges.
 */
class GeneratedTrafficFastPathTest {
    static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");

    @Test
    void generatedTrafficTakesTheFastPathAndGivesTheSameEvents() {
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
        EncodedEvents fast = reader.read(bytes, bytes.length, NOW);
        assertThat(exact.rejections()).isEmpty();
        assertThat(fast.rejections()).isEmpty();
        assertThat(fast.size()).isEqualTo(n);
        assertThat(fast.events()).isEqualTo(exact.events());
        EncodedEvents expected = EncodedEvents.of(exact.events(), exact.rejections());
        for (int i = 0; i < fast.size(); i++) {
            assertThat(row(fast, i)).as("row %d", i).isEqualTo(row(expected, i));
            assertThat(fast.id(i)).isEqualTo(exact.events().get(i).eventId());
        }
        int viaFastPath = 0;
        for (int i = 0; i < fast.size(); i++) {
            viaFastPath += fast.fast(i) ? 1 : 0;
        }
        assertThat(viaFastPath).as("events read by the fast path").isEqualTo(n);
    }

    private static String row(EncodedEvents events, int i) {
        return new String(Arrays.copyOfRange(events.rows.buf, events.rowFrom(i), events.rowTo(i)), StandardCharsets.UTF_8);
    }
}
