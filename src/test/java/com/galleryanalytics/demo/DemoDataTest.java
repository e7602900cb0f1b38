package com.galleryanalytics.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.galleryanalytics.catalog.Category;
import com.galleryanalytics.catalog.Entry;
import com.galleryanalytics.catalog.User;
import com.galleryanalytics.ingest.DeviceDetection;
import com.galleryanalytics.ingest.Event;
import com.galleryanalytics.ingest.EventReader;
import com.galleryanalytics.ingest.EventType;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The demo data set: reproducible, and shaped like a real account (checked through the API's own
 * event reader). With a fixed seed only the weekday of the last day changes what is drawn, so the
 * shape checks run for seven consecutive last days: whatever day the demo is loaded on passes them.
 */
class DemoDataTest {
    private static final LocalDate LAST_DAY = LocalDate.of(2025, 6, 30);
    private static final Map<LocalDate, Generated> GENERATED = new ConcurrentHashMap<>();

    /** A generated data set and its events as the API reads them. */
    private record Generated(DemoData data, List<Event> events) {
        List<Event> plays() {
            return events.stream().filter(e -> e.type() == EventType.PLAY).toList();
        }
    }

    private static Generated generated(LocalDate lastDay) {
        return GENERATED.computeIfAbsent(lastDay, day -> {
            DemoData data = DemoData.generate(day);
            EventReader.Batch batch = new EventReader(new DeviceDetection())
                    .read(String.join("\n", data.events()), day.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant());
            assertThat(batch.rejections()).as("events the API would refuse").isEmpty();
            return new Generated(data, batch.events());
        });
    }

    static Stream<LocalDate> lastDays() {
        return IntStream.range(0, 7).mapToObj(LAST_DAY::plusDays);
    }

    @Test
    void theSameSeedAndLastDayGiveTheSameData() {
        String digest = digest(generated(LAST_DAY).data());
        assertThat(digest(DemoData.generate(LAST_DAY))).isEqualTo(digest);
        assertThat(digest(DemoData.generate(DemoData.SEED, LAST_DAY))).isEqualTo(digest);
        assertThat(digest(DemoData.generate(DemoData.SEED + 1, LAST_DAY))).isNotEqualTo(digest);
        assertThat(digest(DemoData.generate(LAST_DAY.plusDays(1)))).isNotEqualTo(digest);
    }

    @ParameterizedTest
    @MethodSource("lastDays")
    void theRangeIsTheDaysUpToTheLastDay(LocalDate lastDay) {
        DemoData data = generated(lastDay).data();
        List<Event> events = generated(lastDay).events();
        List<Event> plays = generated(lastDay).plays();
        assertThat(data.lastDay()).isEqualTo(lastDay);
        assertThat(data.firstDay()).isEqualTo(lastDay.minusDays(DemoData.DAYS - 1));
        Instant start = data.firstDay().atStartOfDay(ZoneOffset.UTC).toInstant();
        Instant end = lastDay.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        assertThat(events).allSatisfy(e -> assertThat(e.time()).isBetween(start, end.minusSeconds(1)));
        // Every 30 days of the range has plays: the series is not empty at either end.
        for (LocalDate from = data.firstDay(); from.isBefore(lastDay); from = from.plusDays(30)) {
            Instant a = from.atStartOfDay(ZoneOffset.UTC).toInstant();
            Instant b = from.plusDays(30).atStartOfDay(ZoneOffset.UTC).toInstant();
            assertThat(plays.stream().filter(e -> !e.time().isBefore(a) && e.time().isBefore(b))).as("plays from " + from)
                    .isNotEmpty();
        }
    }

    @ParameterizedTest
    @MethodSource("lastDays")
    void theGalleryTreeIsRootThenDemoGalleryWithTwoSubCategoriesOneOfThemNested(LocalDate lastDay) {
        DemoData data = generated(lastDay).data();
        Map<String, Category> byId = data.categories().stream().collect(Collectors.toMap(Category::id, Function.identity()));
        assertThat(byId).hasSize(5);
        assertThat(byId.get(DemoData.ROOT_ID).name()).isEqualTo("galleries");
        assertThat(byId.get(DemoData.ROOT_ID).parentId()).isEmpty();
        assertThat(byId.get(DemoData.GALLERY_ID).name()).isEqualTo("Demo Gallery");
        assertThat(byId.get(DemoData.GALLERY_ID).parentId()).isEqualTo(DemoData.ROOT_ID);
        assertThat(data.categories().stream().filter(c -> c.parentId().equals(DemoData.GALLERY_ID)).map(Category::id))
                .containsExactlyInAnyOrder(DemoData.TUTORIALS_ID, DemoData.EVENTS_ID);
        assertThat(byId.get(DemoData.TOWN_HALLS_ID).parentId()).isEqualTo(DemoData.EVENTS_ID);
        assertThat(data.categories()).allSatisfy(c -> assertThat(c.updatedAt()).isAfterOrEqualTo(c.createdAt()));
    }

    @ParameterizedTest
    @MethodSource("lastDays")
    void entriesAreSpreadOverTheGalleryWithRealisticAttributes(LocalDate lastDay) {
        DemoData data = generated(lastDay).data();
        List<Entry> entries = data.entries();
        assertThat(entries).hasSize(40);
        assertThat(entries.stream().map(Entry::id).distinct()).hasSize(40);
        assertThat(entries).allSatisfy(e -> {
            assertThat(e.durationSec()).isBetween(60.0, 1200.0);
            assertThat(e.tags()).isNotEmpty();
            assertThat(e.sourceType()).isNotBlank();
            assertThat(e.categoryIds()).isNotEmpty().isSubsetOf(DemoData.GALLERY_ID, DemoData.TUTORIALS_ID,
                    DemoData.EVENTS_ID, DemoData.TOWN_HALLS_ID);
            assertThat(e.updatedAt()).isAfterOrEqualTo(e.createdAt());
        });
        for (String category : List.of(DemoData.GALLERY_ID, DemoData.TUTORIALS_ID, DemoData.EVENTS_ID, DemoData.TOWN_HALLS_ID)) {
            assertThat(entries.stream().filter(e -> e.categoryIds().contains(category))).as("entries of " + category)
                    .hasSizeGreaterThanOrEqualTo(3);
        }
        Map<String, Long> mediaTypes = entries.stream().collect(Collectors.groupingBy(Entry::mediaType, Collectors.counting()));
        assertThat(mediaTypes.keySet()).containsExactlyInAnyOrder("VIDEO", "AUDIO");
        assertThat(mediaTypes.get("VIDEO")).isGreaterThan(3 * mediaTypes.get("AUDIO"));
        Set<String> creators = entries.stream().map(Entry::creatorId).collect(Collectors.toSet());
        assertThat(creators).hasSizeBetween(4, 5);
        assertThat(data.users().stream().map(User::id)).containsAll(creators);
        assertThat(entries.stream().map(Entry::sourceType).distinct().count()).isGreaterThanOrEqualTo(3);
    }

    @ParameterizedTest
    @MethodSource("lastDays")
    void viewersAreNamedUsersAndAnonymousOnes(LocalDate lastDay) {
        DemoData data = generated(lastDay).data();
        List<Event> plays = generated(lastDay).plays();
        assertThat(data.users()).hasSizeBetween(10, 13);
        assertThat(data.users().stream().map(User::id)).doesNotHaveDuplicates().doesNotContain(Event.UNKNOWN_USER);
        Map<String, Long> playsByUser = plays.stream().collect(Collectors.groupingBy(Event::userId, Collectors.counting()));
        assertThat(playsByUser.keySet()).containsAll(data.users().stream().map(User::id).toList());
        assertThat(playsByUser.get(Event.UNKNOWN_USER)).as("anonymous plays").isGreaterThan(plays.size() / 10L);
    }

    @ParameterizedTest
    @MethodSource("lastDays")
    void eventsAreAFewThousandOfEveryType(LocalDate lastDay) {
        DemoData data = generated(lastDay).data();
        List<Event> events = generated(lastDay).events();
        List<Event> plays = generated(lastDay).plays();
        assertThat(events).hasSizeBetween(2_000, 12_000);
        assertThat(events.stream().map(Event::type).collect(Collectors.toSet())).isEqualTo(EnumSet.allOf(EventType.class));
        assertThat(events.stream().map(Event::eventId)).doesNotHaveDuplicates();
        Set<String> entryIds = data.entries().stream().map(Entry::id).collect(Collectors.toSet());
        assertThat(events).allSatisfy(e -> assertThat(entryIds).contains(e.entryId()));
        assertThat(plays.stream().map(Event::entryId).distinct().count()).as("played entries").isGreaterThanOrEqualTo(30);
    }

    @ParameterizedTest
    @MethodSource("lastDays")
    void playsGoImpressionPlayMilestonesAndHeartbeatsWithEarlyExits(LocalDate lastDay) {
        DemoData data = generated(lastDay).data();
        List<Event> events = generated(lastDay).events();
        List<Event> plays = generated(lastDay).plays();
        Map<String, Entry> entries = data.entries().stream().collect(Collectors.toMap(Entry::id, Function.identity()));
        Map<String, List<Event>> byPlay = new LinkedHashMap<>();
        for (Event e : events) {
            byPlay.computeIfAbsent(e.playId(), k -> new ArrayList<>()).add(e);
        }
        int withoutPlay = 0;
        int earlyExits = 0;
        int completed = 0;
        for (List<Event> play : byPlay.values()) {
            Event impression = play.getFirst();
            assertThat(impression.type()).isEqualTo(EventType.IMPRESSION);
            assertThat(impression.time()).isAfterOrEqualTo(entries.get(impression.entryId()).createdAt());
            assertThat(play).allSatisfy(e -> {
                assertThat(e.entryId()).isEqualTo(impression.entryId());
                assertThat(e.userId()).isEqualTo(impression.userId());
                assertThat(e.contextCategoryId()).isEqualTo(impression.contextCategoryId());
            });
            if (play.size() == 1) {
                withoutPlay++;
                continue;
            }
            assertThat(play.get(1).type()).isEqualTo(EventType.PLAY);
            assertThat(play.stream().filter(e -> e.type() == EventType.PLAY)).hasSize(1);
            double duration = entries.get(impression.entryId()).durationSec();
            double position = 0;
            List<EventType> milestones = new ArrayList<>();
            for (Event e : play.subList(2, play.size())) {
                assertThat(e.positionSec()).isGreaterThanOrEqualTo(position).isLessThanOrEqualTo(duration);
                assertThat(e.time()).isAfterOrEqualTo(play.get(1).time());
                position = e.positionSec();
                if (e.type() != EventType.VIEW) {
                    milestones.add(e.type());
                }
            }
            List<EventType> quartiles = List.of(EventType.PLAY_REACHED_25, EventType.PLAY_REACHED_50,
                    EventType.PLAY_REACHED_75, EventType.PLAY_REACHED_100);
            assertThat(milestones).isEqualTo(quartiles.subList(0, (int) Math.floor(position / duration * 4 + 1e-9)));
            earlyExits += milestones.isEmpty() ? 1 : 0;
            completed += milestones.size() == 4 ? 1 : 0;
            List<Event> views = play.stream().filter(e -> e.type() == EventType.VIEW).toList();
            for (int i = 1; i < views.size(); i++) {
                assertThat(views.get(i).time().getEpochSecond() - views.get(i - 1).time().getEpochSecond())
                        .as("heartbeat interval").isBetween(0L, 10L);
            }
        }
        int playCount = plays.size();
        assertThat(playCount).isBetween(150, 600);
        assertThat(withoutPlay).as("impressions without a play").isBetween(playCount / 20, playCount / 2);
        assertThat(earlyExits).as("plays that left before 25 %").isGreaterThan(playCount / 10);
        assertThat(completed).as("plays watched to the end").isGreaterThan(playCount / 10);
    }

    @ParameterizedTest
    @MethodSource("lastDays")
    void aboutHalfThePlaysAreOnCategoryPages(LocalDate lastDay) {
        List<Event> plays = generated(lastDay).plays();
        long inContext = plays.stream().filter(e -> !e.contextCategoryId().isEmpty()).count();
        assertThat((double) inContext / plays.size()).isBetween(0.35, 0.65);
        assertThat(plays).filteredOn(e -> !e.contextCategoryId().isEmpty())
                .allSatisfy(e -> assertThat(e.url()).endsWith("/" + e.contextCategoryId()));
    }

    @ParameterizedTest
    @MethodSource("lastDays")
    void viewersComeFromSeveralPlacesDevicesAndSites(LocalDate lastDay) {
        List<Event> plays = generated(lastDay).plays();
        assertThat(plays).allSatisfy(e -> {
            assertThat(e.country()).isNotEmpty();
            assertThat(e.region()).isNotEmpty();
            assertThat(e.city()).isNotEmpty();
        });
        assertThat(plays.stream().map(Event::country).collect(Collectors.toSet())).contains("IL", "US", "CY", "DE", "IN");
        assertThat(plays).anySatisfy(e -> assertThat(List.of(e.country(), e.region(), e.city()))
                .containsExactly("IL", "Tel Aviv District", "Tel Aviv"));
        assertThat(plays.stream().map(Event::city).distinct().count()).isGreaterThanOrEqualTo(8);
        Map<String, Long> byCountry = plays.stream().collect(Collectors.groupingBy(Event::country, Collectors.counting()));
        assertThat(byCountry.get("IL")).as("Israel leads").isEqualTo(byCountry.values().stream().mapToLong(Long::longValue).max().orElseThrow());

        assertThat(plays.stream().map(Event::device).collect(Collectors.toSet())).contains("DESKTOP", "MOBILE", "TABLET", "TV");
        assertThat(plays.stream().map(Event::os).collect(Collectors.toSet())).contains("Windows", "Mac OS X", "iOS", "Android");
        assertThat(plays.stream().map(Event::browser).collect(Collectors.toSet())).contains("Chrome", "Safari", "Mobile Safari");

        assertThat(plays.stream().map(Event::domain).distinct().count()).isBetween(2L, 3L);
        assertThat(plays.stream().map(Event::url).distinct().count()).isGreaterThanOrEqualTo(10);
    }

    /** A fingerprint of everything generated: entities as records print them, events as their JSON. */
    private static String digest(DemoData d) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (Object part : List.of(d.firstDay(), d.lastDay(), d.categories(), d.entries(), d.users())) {
                sha.update(part.toString().getBytes(StandardCharsets.UTF_8));
                sha.update((byte) '\n');
            }
            for (String event : d.events()) {
                sha.update(event.getBytes(StandardCharsets.UTF_8));
                sha.update((byte) '\n');
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
