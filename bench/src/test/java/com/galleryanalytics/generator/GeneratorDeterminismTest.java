package com.galleryanalytics.generator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.galleryanalytics.ingest.DeviceDetection;
import com.galleryanalytics.ingest.Event;
import com.galleryanalytics.ingest.EventReader;
import com.galleryanalytics.ingest.EventType;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The generator is a pure function of its configuration: the same seed gives the same entities
 * and events (a SHA-256 digest of them is pinned here, so any change of the output is a
 * deliberate one), another seed gives others; and the mix is plausible. Plain JUnit, no ClickHouse.
 */
class GeneratorDeterminismTest {
    private static final LocalDate END = LocalDate.of(2026, 1, 1);
    private static final int SAMPLE = 50_000;
    /** Digest of seed 42's catalog and first 50,000 events; update it only when the output is meant to change. */
    private static final String PINNED = "c29002f22e203918bec567459b877bf8377c89c8d6f2809dea63f881c8a41970";

    private static GeneratorConfig config(long seed) {
        return GeneratorConfig.of(seed, "acme", 300_000, END);
    }

    @Test
    void sameSeedSameDigestOtherSeedOtherDigest() throws Exception {
        String first = digest(config(42));
        String again = digest(config(42));
        String other = digest(config(43));
        assertEquals(first, again);
        assertNotEquals(first, other);
        assertEquals(PINNED, first, "the generator's output changed; if on purpose, pin the new digest");
    }

    @Test
    void theMixIsPlausible() {
        DataGenerator generator = new DataGenerator(config(7));
        Summary summary = new Summary();
        Set<String> eventIds = new HashSet<>();
        long lastDayStart = END.minusDays(1).toEpochDay() * 86_400L;
        long firstDayStart = END.minusDays(365).toEpochDay() * 86_400L;
        Iterator<GeneratedEvent> events = generator.events();
        long previous = Long.MIN_VALUE;
        while (events.hasNext()) {
            GeneratedEvent e = events.next();
            summary.add(e);
            assertTrue(eventIds.add(e.eventId()), "event ids are unique");
            assertTrue(e.epochSecond() >= previous, "events come in time order");
            previous = e.epochSecond();
            assertEquals(e.type() == EventType.IMPRESSION, e.playId() == null, "only impressions lack a play id");
        }
        assertEquals(300_000, summary.events(), 300_000 * 0.002, "about the events asked for");
        assertTrue(summary.count(EventType.PLAY) <= summary.count(EventType.IMPRESSION), "plays ≤ impressions");
        assertTrue(summary.count(EventType.PLAY_REACHED_100) <= summary.count(EventType.PLAY_REACHED_75));
        assertTrue(summary.count(EventType.PLAY_REACHED_75) <= summary.count(EventType.PLAY_REACHED_50));
        assertTrue(summary.count(EventType.PLAY_REACHED_50) <= summary.count(EventType.PLAY_REACHED_25));
        assertTrue(summary.count(EventType.PLAY_REACHED_25) <= summary.count(EventType.PLAY));
        assertTrue(summary.count(EventType.VIEW) > summary.count(EventType.PLAY), "heartbeats during plays");
        double ratio = (double) summary.count(EventType.PLAY) / summary.count(EventType.IMPRESSION);
        assertTrue(ratio > 0.4 && ratio < 0.75, "play/impression ratio " + ratio);
        assertTrue(summary.anonymousShare() > 0.2 && summary.anonymousShare() < 0.4, "anonymous share " + summary.anonymousShare());
        assertTrue(summary.categoryPageShare() > 0.05 && summary.categoryPageShare() < 0.5);
        assertTrue(summary.minEpochSecond() >= firstDayStart && summary.maxEpochSecond() < lastDayStart + 86_400,
                "12 months ending the day before the end date");
        assertEquals(3, summary.byPartner().size(), "the partner and two noise partners");
        long own = summary.byPartner().get("acme");
        assertEquals(0.9, (double) own / summary.events(), 0.01, "10% noise");
        Account account = generator.account();
        assertEquals(account.categories().get(0).id(), account.bigCategoryId());
        assertTrue(account.users().size() > 1000 && account.entries().size() > 100);
    }

    /** The bulk path stores exactly what the API would: the same rows from EventReader's validation. */
    @Test
    void bulkRowsMatchWhatTheApiStores() {
        DeviceDetection devices = new DeviceDetection();
        EventReader reader = new EventReader(devices);
        StoredRows rows = new StoredRows(devices, 0);
        Iterator<GeneratedEvent> events = new DataGenerator(config(11)).events();
        List<GeneratedEvent> sample = new ArrayList<>();
        StringBuilder ndjson = new StringBuilder();
        while (sample.size() < 5_000 && events.hasNext()) {
            GeneratedEvent e = events.next();
            sample.add(e);
            e.appendJson(ndjson).append('\n');
        }
        EventReader.Batch batch = reader.read(ndjson.toString(), END.atStartOfDay(java.time.ZoneOffset.UTC).toInstant());
        assertEquals(List.of(), batch.rejections(), "every generated event passes the API's validation");
        assertEquals(sample.size(), batch.events().size());
        Set<String> devicesSeen = new HashSet<>();
        for (int i = 0; i < sample.size(); i++) {
            Event api = batch.events().get(i);
            assertEquals(api, rows.stored(sample.get(i)), "event " + i);
            devicesSeen.add(api.device());
        }
        assertTrue(devicesSeen.containsAll(Set.of("DESKTOP", "MOBILE", "TABLET")), "a device mix: " + devicesSeen);
        assertTrue(Instant.ofEpochSecond(sample.get(0).epochSecond()).isBefore(END.atStartOfDay(java.time.ZoneOffset.UTC).toInstant()));
    }

    private static String digest(GeneratorConfig config) throws Exception {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        DataGenerator generator = new DataGenerator(config);
        StringBuilder sb = new StringBuilder();
        for (Account a : generator.accounts()) {
            a.categories().forEach(c -> sb.append(c).append('\n'));
            a.entries().forEach(e -> sb.append(e).append('\n'));
            a.users().forEach(u -> sb.append(u).append('\n'));
        }
        sha.update(sb.toString().getBytes(StandardCharsets.UTF_8));
        Iterator<GeneratedEvent> events = generator.events();
        for (int i = 0; i < SAMPLE && events.hasNext(); i++) {
            sb.setLength(0);
            events.next().appendJson(sb).append('\n');
            sha.update(sb.toString().getBytes(StandardCharsets.UTF_8));
        }
        return HexFormat.of().formatHex(sha.digest());
    }
}
