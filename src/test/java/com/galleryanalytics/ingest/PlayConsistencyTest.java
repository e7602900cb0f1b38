package com.galleryanalytics.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.galleryanalytics.support.IntegrationTest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * One play, one row: every event of a play must repeat its PLAY's dimensions; an ingest answer
 * warns about each event of a batch that does not (and stores it as sent). Partner it-26.
 */
class PlayConsistencyTest extends IntegrationTest {
    private static final String UA = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko)"
            + " Chrome/120.0 Safari/537.36";
    private static final String PLAY = "{\"eventId\":\"pc-2\",\"type\":\"PLAY\",\"time\":\"2024-03-03T10:15:02Z\",\"entryId\":\"e\","
            + "\"playId\":\"p-1\",\"userId\":\"bob\",\"country\":\"IL\",\"region\":\"Tel Aviv District\",\"city\":\"Tel Aviv\","
            + "\"userAgent\":\"" + UA + "\",\"pageUrl\":\"https://site.example.com/media/e\"}";
    /** The same play's milestone repeating everything (as the contract asks). */
    private static final String REPEATING = PLAY.replace("pc-2", "pc-3").replace("\"PLAY\"", "\"PLAY_REACHED_25\"")
            .replace("10:15:02Z\"", "10:17:32Z\",\"positionSec\":150");
    /** A milestone that gives only the play's user and position (as clients often do). */
    private static final String BARE = "{\"eventId\":\"pc-4\",\"type\":\"PLAY_REACHED_50\",\"time\":\"2024-03-03T10:20:02Z\","
            + "\"entryId\":\"e\",\"playId\":\"p-1\",\"userId\":\"bob\",\"positionSec\":300}";
    /** Another user's heartbeat on the same play id. */
    private static final String OTHER_USER = "{\"type\":\"VIEW\",\"time\":\"2024-03-03T10:21:02Z\",\"entryId\":\"e\",\"playId\":\"p-1\","
            + "\"userId\":\"eve\",\"country\":\"IL\",\"region\":\"Tel Aviv District\",\"city\":\"Tel Aviv\",\"userAgent\":\"" + UA
            + "\",\"pageUrl\":\"https://site.example.com/media/e\",\"positionSec\":310}";

    private final EventReader reader = new EventReader(new DeviceDetection());

    private List<PlayConsistency.Warning> warnings(String... lines) {
        byte[] body = String.join("\n", lines).getBytes(StandardCharsets.UTF_8);
        return reader.read(body, body.length, Instant.parse("2024-03-04T00:00:00Z")).playWarnings();
    }

    @Test
    void eventsThatRepeatThePlayGetNoWarning() {
        assertThat(warnings(PLAY, REPEATING)).isEmpty();
        // the PLAY after its milestone in the body: still compared
        assertThat(warnings(REPEATING, PLAY)).isEmpty();
        // without the PLAY in the batch there is nothing to compare with
        assertThat(warnings(REPEATING, BARE)).isEmpty();
    }

    @Test
    void eachDifferingEventIsNamedWithItsFields() {
        List<PlayConsistency.Warning> w = warnings(PLAY, REPEATING, BARE, OTHER_USER);
        assertThat(w).hasSize(2);
        assertThat(w.get(0).index()).isEqualTo(2);
        assertThat(w.get(0).eventId()).isEqualTo("pc-4");
        assertThat(w.get(0).fields()).containsExactly("country", "region", "city", "userAgent", "device", "pageUrl");
        assertThat(w.get(0).message()).isEqualTo("Event 2 of play 'p-1' differs from the play's PLAY event (event 0) in"
                + " country, region, city, userAgent, device, pageUrl: every event of a play must repeat them, or the play's"
                + " numbers split across rows (a missing value counts under Unknown). It was stored as sent.");
        assertThat(w.get(1).index()).isEqualTo(3);
        assertThat(w.get(1).eventId()).isNull();
        assertThat(w.get(1).fields()).containsExactly("userId");
    }

    @Test
    void theIngestAnswerCarriesTheWarningsAndStoresTheEvents() throws Exception {
        HttpResponse<String> r = post("/v1/events", "it-ingest-26", String.join("\n", PLAY, REPEATING, BARE));
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode answer = new ObjectMapper().readTree(r.body());
        assertThat(answer.path("stored").asInt()).isEqualTo(3);
        assertThat(answer.path("warned").asInt()).isEqualTo(1);
        assertThat(answer.path("warnings").get(0).path("playId").asText()).isEqualTo("p-1");
        assertThat(answer.path("warnings").get(0).path("fields").get(0).asText()).isEqualTo("country");
        // a batch without disagreement has no warnings field at all
        HttpResponse<String> clean = post("/v1/events", "it-ingest-26", PLAY.replace("pc-2", "pc-5").replace("p-1", "p-2"));
        assertThat(new ObjectMapper().readTree(clean.body()).has("warnings")).isFalse();
    }
}
