package com.galleryanalytics.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.galleryanalytics.support.IntegrationTest;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.TestPropertySource;

/**
 * A spooled INSERT is replayed exactly once into every table, whatever of it landed before its
 * failure was reported: nothing, all of it, or the {@code events} table without one view's
 * target (a server killed between the two). The replay is the same INSERT with the same
 * deduplication token. The partial landing is made for real: the view feeding
 * {@code rollup_entry} is detached while the first attempt is written, then attached again. Its
 * own context (a server whose views it may detach; the drainer idle, so only the test replays),
 * partners spool-a to spool-g.
 */
@TestPropertySource(properties = {"gallery.spool.dir=${java.io.tmpdir}/gallery-spool-replay-${random.uuid}",
        "gallery.spool.drain-interval-millis=3600000"})
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class SpoolReplayTest extends IntegrationTest {
    static final Instant RECEIVED = Instant.parse("2026-04-01T12:00:00Z");

    @Autowired
    DataSource dataSource;
    @Autowired
    EventRepository repository;
    @Autowired
    IngestSpool spool;
    @Autowired
    EventIngestion ingestion;

    /** {@code n} PLAY events of the partner on 2026-03-20 (entry spool-e1), with ids unique to it. */
    static List<Event> plays(String partner, int n) {
        List<Event> events = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            events.add(new Event(partner + "-" + i, EventType.PLAY, Instant.parse("2026-03-20T10:00:00Z").plusSeconds(i),
                    "spool-e1", partner + "-p" + i, "u" + (i % 3), 0, "", "", "", "", "", "", "", "", "VOD", "", "", ""));
        }
        return events;
    }

    IngestSpool.Entry spooled(String partner, int n, String token) {
        return spool.append(token, true, RECEIVED, RECEIVED, List.of(new IngestSpool.Run(partner, plays(partner, n))));
    }

    void firstAttempt(IngestSpool.Entry entry) throws Exception {
        IngestSpool.Run run = entry.runs().get(0);
        repository.insert(List.of(run.partnerId()), List.of(EncodedEvents.of(run.events())), null, entry.receivedAt(),
                entry.token());
    }

    long count(String sql) throws Exception {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    void execute(String sql) throws Exception {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    /** Rows in events, plays in the 15-minute rollup, plays in its day grain and in the per-play table. */
    List<Long> counted(String partner) throws Exception {
        String p = "'" + partner + "'";
        return List.of(count("SELECT count() FROM events WHERE partner_id = " + p),
                count("SELECT sum(plays) FROM rollup_entry WHERE partner_id = " + p),
                count("SELECT sum(plays) FROM rollup_entry_coarse WHERE grain = 'day' AND partner_id = " + p),
                count("SELECT uniqExact(play_id) FROM plays WHERE partner_id = " + p));
    }

    @Test
    void anInsertThatNeverLandedIsWrittenOnce() throws Exception {
        IngestSpool.Entry entry = spooled("spool-a", 5, "token-a");
        EventIngestion.Stored stored = ingestion.replay(entry);
        assertThat(stored).isEqualTo(new EventIngestion.Stored(5, 0, 0));
        assertThat(counted("spool-a")).containsExactly(5L, 5L, 5L, 5L);
        assertThat(spool.oldest()).isEmpty();
    }

    @Test
    void anInsertThatLandedWholeIsNotCountedAgain() throws Exception {
        IngestSpool.Entry entry = spooled("spool-b", 4, "token-b");
        firstAttempt(entry);
        assertThat(counted("spool-b")).containsExactly(4L, 4L, 4L, 4L);
        ingestion.replay(entry);
        assertThat(counted("spool-b")).containsExactly(4L, 4L, 4L, 4L);
        assertThat(spool.oldest()).isEmpty();
    }

    @Test
    void anInsertThatLandedInPartIsCompletedWhereItWasMissing() throws Exception {
        IngestSpool.Entry entry = spooled("spool-c", 6, "token-c");
        execute("DETACH TABLE rollup_entry_mv");
        try {
            firstAttempt(entry);
        } finally {
            execute("ATTACH TABLE rollup_entry_mv");
        }
        // events and the per-play table have it; the entry rollup (and the day grain fed from it) do not
        assertThat(counted("spool-c")).containsExactly(6L, 0L, 0L, 6L);
        ingestion.replay(entry);
        assertThat(counted("spool-c")).containsExactly(6L, 6L, 6L, 6L);
        ingestion.replay(spool.append("token-c", true, RECEIVED, RECEIVED, entry.runs()));
        assertThat(counted("spool-c")).containsExactly(6L, 6L, 6L, 6L);
    }

    @Test
    void anEntryWhoseIdsWereNotCheckedDropsThoseAlreadyStoredBeforeItIsSent() throws Exception {
        List<Event> five = plays("spool-d", 5);
        assertThat(ingestion.store("spool-d", five.subList(0, 3))).isEqualTo(new EventIngestion.Stored(3, 0, 0));
        IngestSpool.Entry entry = spool.append("token-d", false, RECEIVED, RECEIVED, List.of(new IngestSpool.Run("spool-d", five)));
        assertThat(ingestion.replay(entry)).isEqualTo(new EventIngestion.Stored(2, 3, 0));
        assertThat(counted("spool-d")).containsExactly(5L, 5L, 5L, 5L);
        assertThat(spool.oldest()).isEmpty();
    }

    @Test
    void fiftyThousandIdsAreLookedUpInOneStatement() throws Exception {
        // group commit checks every client id of a group at once: tens of thousands, about 1.3 MB here
        List<Event> three = plays("spool-e", 3);
        ingestion.store("spool-e", three);
        // (each id on its event's UTC day, as the group commit looks them up)
        int day = EventRepository.IdOnDay.of(three.get(0)).day();
        List<EventRepository.IdOnDay> ids = new ArrayList<>();
        for (int i = 0; i < 50_000; i++) {
            ids.add(new EventRepository.IdOnDay(day, "spool-e-" + (i * 7) + "-a-longer-client-id-as-some-players-send"));
        }
        ids.add(EventRepository.IdOnDay.of(three.get(0)));
        ids.add(EventRepository.IdOnDay.of(three.get(2)));
        assertThat(repository.existingIds("spool-e", ids)).containsExactlyInAnyOrder("spool-e-0", "spool-e-2");
        assertThat(repository.existingIds("spool-f", ids)).isEmpty();
        // a stored id asked for on another day is not found there
        assertThat(repository.existingIds("spool-e", List.of(new EventRepository.IdOnDay(day + 1, three.get(0).eventId())))).isEmpty();
    }

    @Test
    void aSpoolFileOfTheEarlierFormIsReplayedWithItsIdsChecked() throws Exception {
        List<Event> four = plays("spool-g", 4);
        ingestion.store("spool-g", four.subList(0, 1));
        java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("old-spool");
        // one request's events as the service wrote them before spool entries carried a token
        StringBuilder events = new StringBuilder();
        for (Event e : four) {
            events.append(events.isEmpty() ? "" : ",").append("{\"eventId\":\"").append(e.eventId())
                    .append("\",\"type\":\"PLAY\",\"timeMillis\":").append(e.time().toEpochMilli())
                    .append(",\"entryId\":\"spool-e1\",\"playId\":\"").append(e.playId()).append("\",\"userId\":\"")
                    .append(e.userId()).append("\",\"positionSec\":0.0,\"contextCategoryId\":\"\",\"pageUrl\":\"\",")
                    .append("\"domain\":\"\",\"url\":\"\",\"userAgent\":\"\",\"device\":\"\",\"os\":\"\",\"browser\":\"\",")
                    .append("\"playbackType\":\"VOD\",\"country\":\"\",\"region\":\"\",\"city\":\"\"}");
        }
        java.nio.file.Files.writeString(dir.resolve("batch-0000000000000000001.json"),
                "{\"partnerId\":\"spool-g\",\"notBeforeMillis\":0,\"events\":[" + events + "]}");
        IngestSpool old = new IngestSpool(dir.toString(), 1 << 20);
        assertThat(old.events()).isEqualTo(4);
        IngestSpool.Entry entry = old.oldest().orElseThrow();
        assertThat(entry.checked()).isFalse();
        assertThat(new EventIngestion(repository, old).replay(entry)).isEqualTo(new EventIngestion.Stored(3, 1, 0));
        assertThat(counted("spool-g")).containsExactly(4L, 4L, 4L, 4L);
        assertThat(old.batches()).isZero();
    }
}
