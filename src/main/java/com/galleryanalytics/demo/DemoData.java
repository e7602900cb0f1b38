package com.galleryanalytics.demo;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.galleryanalytics.catalog.Category;
import com.galleryanalytics.catalog.Entry;
import com.galleryanalytics.catalog.User;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * The demo account's data: a gallery tree ("galleries" → "Demo Gallery" → its sub-categories),
 * 40 entries, 11 named viewers plus anonymous ones, and {@value #DAYS} days of player events
 * ending on a given day. Events are ingestion-contract JSON objects (one per string), so they go
 * through the same validation and user-agent parsing as {@code POST /v1/events}.
 *
 * <p>The same seed and last day always give the same data, down to the byte: everything is drawn
 * from one {@link Random} in a fixed order, so a demo (or a bug report against it) can be
 * reproduced.
 */
public record DemoData(LocalDate firstDay, LocalDate lastDay, List<Category> categories, List<Entry> entries,
        List<User> users, List<String> events) {

    /** The seed of the published demo data set. */
    public static final long SEED = 20_230_725L;
    /** Number of days with events, ending on (and including) the last day. */
    public static final int DAYS = 120;
    /** The top-level category every gallery sits in. */
    public static final String ROOT_ID = "236095800";
    /** "Demo Gallery", the gallery the GraphiQL example query opens with. */
    public static final String GALLERY_ID = "236095823";
    public static final String TUTORIALS_ID = "236095831";
    public static final String EVENTS_ID = "236095832";
    /** A sub-category of {@link #EVENTS_ID}: the gallery tree is three levels deep. */
    public static final String TOWN_HALLS_ID = "236095833";

    public DemoData {
        categories = List.copyOf(categories);
        entries = List.copyOf(entries);
        users = List.copyOf(users);
        events = List.copyOf(events);
    }

    /** The published demo data set, its last day of events being {@code lastDay}. */
    public static DemoData generate(LocalDate lastDay) {
        return generate(SEED, lastDay);
    }

    public static DemoData generate(long seed, LocalDate lastDay) {
        return new Generator(seed, lastDay).run();
    }

    // ---- the world the events happen in ----

    private record Place(String country, String region, String city, double utcOffsetHours) {}

    private static final Place TEL_AVIV = new Place("IL", "Tel Aviv District", "Tel Aviv", 2);
    private static final Place JERUSALEM = new Place("IL", "Jerusalem District", "Jerusalem", 2);
    private static final Place HAIFA = new Place("IL", "Haifa District", "Haifa", 2);
    private static final Place SAN_FRANCISCO = new Place("US", "California", "San Francisco", -8);
    private static final Place NEW_YORK = new Place("US", "New York", "New York", -5);
    private static final Place NICOSIA = new Place("CY", "Nicosia", "Nicosia", 2);
    private static final Place LIMASSOL = new Place("CY", "Limassol", "Limassol", 2);
    private static final Place BERLIN = new Place("DE", "Berlin", "Berlin", 1);
    private static final Place MUNICH = new Place("DE", "Bavaria", "Munich", 1);
    private static final Place BENGALURU = new Place("IN", "Karnataka", "Bengaluru", 5.5);
    private static final Place MUMBAI = new Place("IN", "Maharashtra", "Mumbai", 5.5);
    private static final Place LONDON = new Place("GB", "England", "London", 0);

    /** Where anonymous viewers come from, with weights. */
    private static final List<Place> ANONYMOUS_PLACES = List.of(TEL_AVIV, JERUSALEM, HAIFA, SAN_FRANCISCO, NEW_YORK,
            NICOSIA, LIMASSOL, BERLIN, MUNICH, BENGALURU, MUMBAI, LONDON);
    private static final double[] ANONYMOUS_PLACE_WEIGHTS = {3, 1, 1, 2, 1.5, 2.5, 1.5, 1, 0.7, 1, 0.8, 1};

    static final String CHROME_WINDOWS = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36"
            + " (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36";
    static final String EDGE_WINDOWS = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36"
            + " (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36 Edg/124.0.2478.80";
    static final String SAFARI_MAC = "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15"
            + " (KHTML, like Gecko) Version/17.4.1 Safari/605.1.15";
    static final String FIREFOX_LINUX = "Mozilla/5.0 (X11; Ubuntu; Linux x86_64; rv:125.0) Gecko/20100101 Firefox/125.0";
    static final String IPHONE = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4_1 like Mac OS X) AppleWebKit/605.1.15"
            + " (KHTML, like Gecko) Version/17.4.1 Mobile/15E148 Safari/604.1";
    static final String ANDROID_PHONE = "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36"
            + " (KHTML, like Gecko) Chrome/124.0.6367.82 Mobile Safari/537.36";
    static final String IPAD = "Mozilla/5.0 (iPad; CPU OS 17_4_1 like Mac OS X) AppleWebKit/605.1.15"
            + " (KHTML, like Gecko) Version/17.4.1 Mobile/15E148 Safari/604.1";
    static final String SMART_TV = "Mozilla/5.0 (SMART-TV; LINUX; Tizen 6.0) AppleWebKit/537.36"
            + " (KHTML, like Gecko) 76.0.3809.146/6.0 TV Safari/537.36";

    private static final List<String> ANONYMOUS_DEVICES = List.of(CHROME_WINDOWS, EDGE_WINDOWS, SAFARI_MAC,
            FIREFOX_LINUX, IPHONE, ANDROID_PHONE, IPAD, SMART_TV);
    private static final double[] ANONYMOUS_DEVICE_WEIGHTS = {4, 1, 2, 0.5, 2.5, 2, 1, 0.5};

    /** A named user: where they watch from, on what (their first device most often), how much. */
    private record Viewer(String id, String name, Place home, List<String> devices, double activity) {}

    private static final String TRAINING = "customer-training";
    private static final String DANA = "dana.katz";
    private static final String OMER = "omer.levi";
    private static final String SARAH = "sarah.miller";
    private static final String ARJUN = "arjun.mehta";

    private static final List<Viewer> VIEWERS = List.of(
            new Viewer(TRAINING, "Customer Training", TEL_AVIV, List.of(CHROME_WINDOWS), 0.8),
            new Viewer(DANA, "Dana Katz", TEL_AVIV, List.of(CHROME_WINDOWS, IPHONE), 1.0),
            new Viewer(OMER, "Omer Levi", JERUSALEM, List.of(SAFARI_MAC, ANDROID_PHONE), 1.0),
            new Viewer(SARAH, "Sarah Miller", SAN_FRANCISCO, List.of(SAFARI_MAC, IPAD), 1.5),
            new Viewer(ARJUN, "Arjun Mehta", BENGALURU, List.of(CHROME_WINDOWS, ANDROID_PHONE), 1.0),
            new Viewer("noa.ben-david", "Noa Ben David", TEL_AVIV, List.of(IPHONE, SMART_TV), 3.0),
            new Viewer("yossi.peretz", "Yossi Peretz", HAIFA, List.of(EDGE_WINDOWS, ANDROID_PHONE), 2.5),
            new Viewer("emily.chen", "Emily Chen", NEW_YORK, List.of(CHROME_WINDOWS, IPHONE), 2.0),
            new Viewer("andreas.georgiou", "Andreas Georgiou", NICOSIA, List.of(FIREFOX_LINUX, ANDROID_PHONE), 1.5),
            new Viewer("lena.schmidt", "Lena Schmidt", BERLIN, List.of(SAFARI_MAC, IPAD), 0.8),
            new Viewer("priya.nair", "Priya Nair", MUMBAI, List.of(ANDROID_PHONE, CHROME_WINDOWS), 0.7));

    /** Share of sessions by viewers who are not logged in (they count as the one viewer "Unknown"). */
    private static final double ANONYMOUS_SHARE = 0.35;

    private static final String PORTAL = "https://portal.gallery-demo.example";
    private static final String ACADEMY = "https://academy.gallery-demo.example";

    /**
     * One entry of the catalog. {@code releaseDay} is the day of the range it was published on
     * (-1: before the range), so new videos get their launch spike.
     */
    private record Title(String name, String mediaType, int minSec, int maxSec, String sourceType, int releaseDay,
            List<String> categoryIds, List<String> tags) {}

    private static Title video(String name, int minSec, int maxSec, String source, int releaseDay, List<String> categories,
            String... tags) {
        return new Title(name, "VIDEO", minSec, maxSec, source, releaseDay, categories, List.of(tags));
    }

    private static Title audio(String name, int minSec, int maxSec, String source, int releaseDay, List<String> categories,
            String... tags) {
        return new Title(name, "AUDIO", minSec, maxSec, source, releaseDay, categories, List.of(tags));
    }

    private static final List<String> TUTORIALS = List.of(TUTORIALS_ID);
    private static final List<String> EVENTS = List.of(EVENTS_ID);
    private static final List<String> TOWN_HALLS = List.of(TOWN_HALLS_ID);
    private static final List<String> GALLERY = List.of(GALLERY_ID);

    private static final List<Title> TITLES = List.of(
            video("Getting Started with the Video Portal", 120, 300, "UPLOAD", -1, TUTORIALS, "tutorial", "onboarding"),
            video("How to Upload a Video", 90, 240, "UPLOAD", -1, TUTORIALS, "tutorial", "upload"),
            video("How to Create a Playlist", 60, 200, "SCREEN_RECORDING", -1, TUTORIALS, "tutorial", "playlists"),
            video("How to Add Captions to Your Video", 120, 360, "SCREEN_RECORDING", -1, TUTORIALS, "tutorial", "accessibility"),
            video("How to Trim and Edit a Video", 90, 300, "SCREEN_RECORDING", -1, TUTORIALS, "tutorial", "editing"),
            video("How to Share a Video with Your Team", 60, 180, "UPLOAD", -1, TUTORIALS, "tutorial", "sharing"),
            video("How to Embed a Video on Your Website", 90, 240, "SCREEN_RECORDING", -1, TUTORIALS, "tutorial", "sharing"),
            video("How to Create a Custom Metadata Schema", 180, 420, "SCREEN_RECORDING", -1, TUTORIALS, "tutorial", "admin"),
            video("How to Enable the Watch Later Feature", 60, 150, "SCREEN_RECORDING", -1, TUTORIALS, "tutorial", "admin"),
            video("How to Log In as a Different User", 60, 150, "SCREEN_RECORDING", -1, TUTORIALS, "tutorial", "admin"),
            video("What Are the Available Add New Tools", 90, 240, "UPLOAD", -1, TUTORIALS, "tutorial", "onboarding"),
            video("Designing the Entry Page", 120, 360, "UPLOAD", -1, TUTORIALS, "tutorial", "design"),
            video("Recording Your Screen with the Capture Tool", 120, 300, "SCREEN_RECORDING", -1, TUTORIALS, "tutorial", "capture"),
            video("Creating Interactive Video Quizzes", 180, 420, "SCREEN_RECORDING", 40, TUTORIALS, "tutorial", "quizzes"),
            video("Managing Channel Permissions", 120, 300, "SCREEN_RECORDING", -1, TUTORIALS, "tutorial", "admin"),
            video("Scheduling a Video Publication", 60, 180, "SCREEN_RECORDING", -1, TUTORIALS, "tutorial", "publishing"),
            video("Using Analytics to Improve Engagement", 600, 900, "ZOOM", 75, List.of(TUTORIALS_ID, EVENTS_ID),
                    "tutorial", "analytics", "webinar"),
            video("Setting Up Single Sign-On", 180, 420, "SCREEN_RECORDING", -1, TUTORIALS, "tutorial", "admin", "security"),
            video("Bulk Uploading with a CSV File", 120, 300, "SCREEN_RECORDING", -1, TUTORIALS, "tutorial", "upload"),
            video("Customizing the Player Theme", 90, 240, "UPLOAD", 95, TUTORIALS, "tutorial", "design"),
            video("Product Roadmap Webinar", 1000, 1200, "LIVE_RECORDING", 20, EVENTS, "webinar", "roadmap"),
            video("Customer Success Stories Panel", 900, 1200, "LIVE_RECORDING", -1, EVENTS, "webinar", "customers"),
            video("Accessibility Best Practices Webinar", 900, 1200, "ZOOM", -1, EVENTS, "webinar", "accessibility"),
            audio("Security and Compliance Briefing", 900, 1200, "LIVE_RECORDING", -1, EVENTS, "webinar", "security"),
            video("Live Streaming 101", 900, 1200, "ZOOM", -1, EVENTS, "webinar", "live"),
            video("Partner Summit Keynote", 1000, 1200, "LIVE_RECORDING", 60, EVENTS, "keynote", "partners"),
            video("Video SEO Workshop", 900, 1200, "ZOOM", -1, EVENTS, "workshop", "marketing"),
            video("Hybrid Events Playbook", 600, 900, "UPLOAD", -1, EVENTS, "webinar", "events"),
            video("Quarterly Town Hall: Q1 Highlights", 1080, 1200, "LIVE_RECORDING", -1, TOWN_HALLS, "town-hall"),
            video("Quarterly Town Hall: Q2 Highlights", 1080, 1200, "LIVE_RECORDING", 85, TOWN_HALLS, "town-hall"),
            video("CEO Fireside Chat", 900, 1200, "LIVE_RECORDING", 30, TOWN_HALLS, "town-hall", "leadership"),
            video("All-Hands: New Office Tour", 300, 600, "WEBCAM", -1, TOWN_HALLS, "town-hall", "office"),
            video("Town Hall Q&A Session", 900, 1200, "LIVE_RECORDING", -1, TOWN_HALLS, "town-hall", "q-and-a"),
            video("Welcome to the Demo Gallery", 60, 120, "UPLOAD", -1, GALLERY, "onboarding"),
            video("Meet the Video Team", 120, 300, "WEBCAM", -1, GALLERY, "team"),
            video("Behind the Scenes: Studio Setup", 180, 480, "UPLOAD", -1, GALLERY, "production"),
            audio("Learning Bites Podcast: Episode 1", 600, 1200, "UPLOAD", -1, GALLERY, "podcast", "learning"),
            audio("Learning Bites Podcast: Episode 2", 600, 1200, "UPLOAD", -1, GALLERY, "podcast", "learning"),
            audio("Learning Bites Podcast: Episode 3", 600, 1200, "UPLOAD", 100, GALLERY, "podcast", "learning"),
            audio("Leadership Podcast: Building Remote Teams", 600, 1200, "UPLOAD", -1, List.of(GALLERY_ID, TOWN_HALLS_ID),
                    "podcast", "leadership"));

    /** A name as it appears in a page's path: "Product Tutorials" → "product-tutorials". */
    private static String slug(String text) {
        return text.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("(^-|-$)", "");
    }

    private static final class Generator {
        private static final ObjectMapper JSON = new ObjectMapper();
        private final Random random;
        private final LocalDate firstDay;
        private final LocalDate lastDay;
        private final Instant endOfRange;
        private final List<Category> categories = new ArrayList<>();
        private final List<Entry> entries = new ArrayList<>();
        private final List<Double> popularity = new ArrayList<>();
        private final List<Integer> releaseDays = new ArrayList<>();
        private final List<TimedEvent> events = new ArrayList<>();
        private int playSequence;
        private String lastPlayId;
        private int eventsInPlay;

        /** An event and its time, so the data set can be listed in time order. */
        private record TimedEvent(Instant time, String json) {}

        /** Who watches in a session, from where, on what. */
        private record Session(String userId, Place place, String userAgent) {}

        Generator(long seed, LocalDate lastDay) {
            this.random = new Random(seed);
            this.lastDay = lastDay;
            this.firstDay = lastDay.minusDays(DAYS - 1);
            this.endOfRange = lastDay.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        }

        DemoData run() {
            buildEntries();
            buildCategories();
            for (int day = 0; day < DAYS; day++) {
                simulateDay(day);
            }
            // Stable sort: events of one instant keep the order they were emitted in.
            events.sort(Comparator.comparing(TimedEvent::time));
            List<User> users = VIEWERS.stream().map(v -> new User(v.id(), v.name())).toList();
            return new DemoData(firstDay, lastDay, categories, entries, users,
                    events.stream().map(TimedEvent::json).toList());
        }

        private void buildEntries() {
            for (Title t : TITLES) {
                String id = "1_" + randomId(8);
                double duration = t.minSec() + random.nextInt(t.maxSec() - t.minSec() + 1);
                Instant created = t.releaseDay() >= 0
                        ? at(firstDay.plusDays(t.releaseDay()), 8 + random.nextInt(4), random.nextInt(60))
                        : at(firstDay.minusDays(20 + random.nextInt(260)), 7 + random.nextInt(10), random.nextInt(60));
                Instant updated = min(created.plus(Duration.ofDays(random.nextInt(10))).plusSeconds(random.nextInt(3600)),
                        endOfRange.minus(Duration.ofHours(12)));
                entries.add(new Entry(id, t.name(), creator(t), duration, t.mediaType(), t.sourceType(), t.tags(),
                        t.categoryIds(), created, updated));
                popularity.add(basePopularity(t) * (0.3 + 1.4 * random.nextDouble()));
                releaseDays.add(t.releaseDay());
            }
        }

        private String creator(Title t) {
            if ("AUDIO".equals(t.mediaType()) && !t.categoryIds().contains(EVENTS_ID)) {
                return ARJUN;
            }
            return switch (t.categoryIds().getFirst()) {
                case TUTORIALS_ID -> random.nextInt(4) == 0 ? OMER : TRAINING;
                case EVENTS_ID -> random.nextBoolean() ? DANA : SARAH;
                case TOWN_HALLS_ID -> SARAH;
                default -> DANA;
            };
        }

        private static double basePopularity(Title t) {
            return switch (t.categoryIds().getFirst()) {
                case TUTORIALS_ID -> 3.0;
                case EVENTS_ID -> 1.2;
                case TOWN_HALLS_ID -> 1.0;
                default -> "AUDIO".equals(t.mediaType()) ? 0.8 : 2.0;
            };
        }

        private void buildCategories() {
            Instant rootCreated = at(firstDay.minusDays(1200), 9, 0);
            categories.add(new Category(ROOT_ID, "galleries", "", rootCreated, at(firstDay.minusDays(300), 9, 30)));
            addCategory(GALLERY_ID, "Demo Gallery", ROOT_ID, at(firstDay.minusDays(600), 10, 12));
            addCategory(TUTORIALS_ID, "Product Tutorials", GALLERY_ID, at(firstDay.minusDays(500), 11, 5));
            addCategory(EVENTS_ID, "Events", GALLERY_ID, at(firstDay.minusDays(400), 14, 40));
            addCategory(TOWN_HALLS_ID, "Town Halls", EVENTS_ID, at(firstDay.minusDays(300), 16, 20));
        }

        /** A category's last update is the last time an entry of its own was published or edited. */
        private void addCategory(String id, String name, String parentId, Instant created) {
            Instant updated = created;
            for (Entry e : entries) {
                if (e.categoryIds().contains(id) && e.updatedAt().isAfter(updated)) {
                    updated = e.updatedAt();
                }
            }
            categories.add(new Category(id, name, parentId, created, updated));
        }

        private void simulateDay(int day) {
            LocalDate date = firstDay.plusDays(day);
            DayOfWeek dow = date.getDayOfWeek();
            double weekday = dow == DayOfWeek.SATURDAY || dow == DayOfWeek.SUNDAY ? 0.5 : 1.0;
            double growth = 0.7 + 0.6 * day / DAYS;
            double launches = 0;
            for (int i = 0; i < entries.size(); i++) {
                int since = day - releaseDays.get(i);
                if (releaseDays.get(i) >= 0 && since >= 0 && since < 3) {
                    launches += 1.5 / (since + 1);
                }
            }
            int sessions = poisson(1.6 * weekday * growth + launches);
            for (int s = 0; s < sessions; s++) {
                simulateSession(day, date);
            }
        }

        private void simulateSession(int day, LocalDate date) {
            Session session = session();
            double localHour = localHour();
            Instant t = date.atStartOfDay(ZoneOffset.UTC).toInstant()
                    .plusSeconds(Math.round((localHour - session.place().utcOffsetHours()) * 3600));
            int impressions = 1;
            while (impressions < 4 && random.nextDouble() < 0.45) {
                impressions++;
            }
            for (int i = 0; i < impressions; i++) {
                int entry = pickEntry(day, t);
                // A play lasts at most 20 minutes: starting before this keeps every event inside the range.
                if (entry < 0 || t.isAfter(endOfRange.minus(Duration.ofMinutes(30)))) {
                    return;
                }
                t = impression(session, entries.get(entry), t).plusSeconds(5 + random.nextInt(90));
            }
        }

        private Session session() {
            if (random.nextDouble() < ANONYMOUS_SHARE) {
                Place place = ANONYMOUS_PLACES.get(pick(ANONYMOUS_PLACE_WEIGHTS));
                return new Session(null, place, ANONYMOUS_DEVICES.get(pick(ANONYMOUS_DEVICE_WEIGHTS)));
            }
            double[] weights = VIEWERS.stream().mapToDouble(Viewer::activity).toArray();
            Viewer v = VIEWERS.get(pick(weights));
            String device = v.devices().size() > 1 && random.nextDouble() < 0.3 ? v.devices().get(1) : v.devices().getFirst();
            return new Session(v.id(), v.home(), device);
        }

        /** Local hour of day, weighted towards working hours and the evening. */
        private double localHour() {
            double[] weights = {1, 3, 4, 4, 3, 3, 4, 4, 3, 2, 2, 3, 3, 2, 1};
            return 8 + pick(weights) + random.nextDouble();
        }

        /** An entry already published at {@code t}, popular ones and new releases more often; -1 if none. */
        private int pickEntry(int day, Instant t) {
            double[] weights = new double[entries.size()];
            for (int i = 0; i < weights.length; i++) {
                if (entries.get(i).createdAt().isAfter(t)) {
                    continue;
                }
                int since = day - releaseDays.get(i);
                double boost = releaseDays.get(i) >= 0 && since < 10 ? 5.0 / (1 + since / 3.0) : 1.0;
                weights[i] = popularity.get(i) * boost;
            }
            return pick(weights);
        }

        /**
         * One player load of an entry: an IMPRESSION, then (most of the time) a PLAY, heartbeats
         * every 10 s with the playhead, and each quartile milestone as the viewer passes it.
         * Returns when the viewer left.
         */
        private Instant impression(Session session, Entry entry, Instant t) {
            String playId = "demo-p-" + String.format(Locale.ROOT, "%06d", ++playSequence);
            String contextCategoryId = null;
            String pageUrl;
            double playChance;
            double where = random.nextDouble();
            if (where < 0.5) {
                contextCategoryId = entry.categoryIds().get(random.nextInt(entry.categoryIds().size()));
                pageUrl = PORTAL + "/category/" + slug(categoryName(contextCategoryId)) + "/" + contextCategoryId;
                playChance = 0.85;
            } else if (where < 0.8) {
                pageUrl = PORTAL + "/media/" + slug(entry.name()) + "/" + entry.id();
                playChance = 0.95;
            } else {
                pageUrl = ACADEMY + "/courses/" + slug(categoryName(entry.categoryIds().getFirst())) + "/lesson-"
                        + (1 + random.nextInt(4));
                playChance = 0.7;
            }
            Context context = new Context(session, entry.id(), playId, contextCategoryId, pageUrl);
            emit(context, "IMPRESSION", t, null);
            if (random.nextDouble() >= playChance) {
                return t.plusSeconds(10 + random.nextInt(50));
            }
            t = t.plusSeconds(2 + random.nextInt(14));
            emit(context, "PLAY", t, 0.0);
            double duration = entry.durationSec();
            // Tenths of a second, like a player reports it; milestones sit on quarters of whole seconds.
            double watched = Math.round(watchedFraction(entry) * duration * 10) / 10.0;
            double[] milestones = {0.25 * duration, 0.5 * duration, 0.75 * duration, duration};
            String[] milestoneTypes = {"PLAY_REACHED_25", "PLAY_REACHED_50", "PLAY_REACHED_75", "PLAY_REACHED_100"};
            int next = 0;
            double previous = 0;
            Instant at = t;
            while (previous < watched) {
                double position = Math.min(previous + 10, watched);
                while (next < milestones.length && milestones[next] <= position) {
                    emit(context, milestoneTypes[next], at.plusSeconds(Math.round(milestones[next] - previous)), milestones[next]);
                    next++;
                }
                at = at.plusSeconds(Math.round(position - previous));
                emit(context, "VIEW", at, position);
                previous = position;
            }
            return at;
        }

        /** How far a viewer gets: many leave early (more so in long recordings), a quarter finish. */
        private double watchedFraction(Entry entry) {
            double early = entry.durationSec() > 600 && !"AUDIO".equals(entry.mediaType()) ? 0.4 : 0.22;
            double r = random.nextDouble();
            if (r < early) {
                return 0.02 + 0.23 * random.nextDouble();
            }
            if (r < early + 0.28) {
                return 0.25 + 0.5 * random.nextDouble();
            }
            if (r < early + 0.48) {
                return 0.75 + 0.24 * random.nextDouble();
            }
            return 1.0;
        }

        /** What every event of one player load shares. */
        private record Context(Session session, String entryId, String playId, String contextCategoryId, String pageUrl) {}

        private void emit(Context c, String type, Instant time, Double position) {
            ObjectNode node = JSON.createObjectNode();
            node.put("eventId", "demo-e-" + c.playId().substring("demo-p-".length()) + "-"
                    + String.format(Locale.ROOT, "%03d", eventsOfPlay(c.playId())));
            node.put("type", type);
            node.put("time", time.toString());
            node.put("entryId", c.entryId());
            node.put("playId", c.playId());
            if (c.session().userId() != null) {
                node.put("userId", c.session().userId());
            }
            if (position != null) {
                node.put("positionSec", position);
            }
            if (c.contextCategoryId() != null) {
                node.put("contextCategoryId", c.contextCategoryId());
            }
            node.put("pageUrl", c.pageUrl());
            node.put("userAgent", c.session().userAgent());
            node.put("country", c.session().place().country());
            node.put("region", c.session().place().region());
            node.put("city", c.session().place().city());
            try {
                events.add(new TimedEvent(time, JSON.writeValueAsString(node)));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        }

        /** Events are emitted play by play, so a counter per play numbers them. */
        private int eventsOfPlay(String playId) {
            if (!playId.equals(lastPlayId)) {
                lastPlayId = playId;
                eventsInPlay = 0;
            }
            return ++eventsInPlay;
        }

        private String categoryName(String id) {
            return switch (id) {
                case GALLERY_ID -> "Demo Gallery";
                case TUTORIALS_ID -> "Product Tutorials";
                case EVENTS_ID -> "Events";
                case TOWN_HALLS_ID -> "Town Halls";
                default -> id;
            };
        }

        private Instant at(LocalDate date, int hour, int minute) {
            return date.atTime(hour, minute).toInstant(ZoneOffset.UTC);
        }

        private static Instant min(Instant a, Instant b) {
            return a.isBefore(b) ? a : b;
        }

        private String randomId(int length) {
            String alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
            StringBuilder sb = new StringBuilder(length);
            for (int i = 0; i < length; i++) {
                sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            return sb.toString();
        }

        /** An index drawn in proportion to the weights; -1 when all are zero. */
        private int pick(double[] weights) {
            double total = 0;
            for (double w : weights) {
                total += w;
            }
            if (total <= 0) {
                return -1;
            }
            double r = random.nextDouble() * total;
            for (int i = 0; i < weights.length; i++) {
                r -= weights[i];
                if (r < 0 && weights[i] > 0) {
                    return i;
                }
            }
            for (int i = weights.length - 1; i >= 0; i--) {
                if (weights[i] > 0) {
                    return i;
                }
            }
            return -1;
        }

        /** Knuth's method: fine for the small daily means used here. */
        private int poisson(double mean) {
            double limit = StrictMath.exp(-mean);
            double product = random.nextDouble();
            int n = 0;
            while (product > limit) {
                product *= random.nextDouble();
                n++;
            }
            return n;
        }
    }
}
