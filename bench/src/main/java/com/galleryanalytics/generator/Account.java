package com.galleryanalytics.generator;

import com.galleryanalytics.catalog.Category;
import com.galleryanalytics.catalog.Entry;
import com.galleryanalytics.catalog.User;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * One partner's catalog, generated from a seed: a category tree (the first top-level category,
 * "Sports", holds about half of the entries: the "big category" of the benchmark), entries with
 * durations, media and source types, tags, creators and creation dates, users with a home place
 * and devices, and the domains the players sit on. Popularity ranks (Zipf) are shuffled over
 * entries and users, so popular entries are spread over the tree.
 */
public final class Account {
    /** Category paths: the first root is the big category. */
    private static final String[] TREE = {
        "Sports", "Sports/Football", "Sports/Football/Premier League", "Sports/Football/Champions League",
        "Sports/Football/World Cup", "Sports/Basketball", "Sports/Basketball/NBA", "Sports/Basketball/EuroLeague",
        "Sports/Tennis", "Sports/Tennis/Grand Slams", "Sports/Cycling", "Sports/Motorsport", "Sports/Olympics",
        "News", "News/World", "News/Politics", "News/Business", "News/Science", "News/Weather",
        "Music", "Music/Live Concerts", "Music/Interviews", "Music/Music Videos",
        "Education", "Education/Math", "Education/Programming", "Education/History", "Education/Languages",
        "Entertainment", "Entertainment/Trailers", "Entertainment/Comedy", "Entertainment/Series",
        "Entertainment/Series/Drama", "Entertainment/Series/Documentary",
        "Technology", "Technology/Reviews", "Technology/How-to", "Technology/Keynotes",
        "Kids", "Kids/Cartoons", "Kids/Learning", "Travel", "Travel/Europe", "Travel/Asia", "Travel/Americas"};
    private static final String[] TAGS = {"highlights", "full-match", "interview", "behind-the-scenes", "tutorial",
        "live", "breaking", "review", "trailer", "podcast", "recap", "analysis", "kids", "music", "travel", "science",
        "howto", "premium", "archive", "featured", "short", "4k", "vertical", "subtitled", "news", "sports", "comedy",
        "drama", "education", "tech"};
    private static final String[] FIRST = {"Ava", "Noah", "Maya", "Liam", "Noa", "Yosef", "Chloé", "Mateo", "Sofia",
        "Arjun", "Priya", "Hiro", "Yuki", "Lena", "Jonas", "Zoë", "Omar", "Lea", "Tomás", "Ingrid", "Chen", "Amara",
        "Kofi", "Elif", "Mia", "Ethan", "Olivia", "Lucas", "Aisha", "Diego"};
    private static final String[] LAST = {"Smith", "Cohen", "García", "Müller", "Rossi", "Kumar", "Tanaka", "Kim",
        "Silva", "Dubois", "Levi", "Nowak", "Andersson", "Okafor", "Yılmaz", "Brown", "Martin", "Sato", "Khan",
        "Novak", "Jensen", "Costa", "Haddad", "Fischer", "Moreau"};
    private static final String[] EMBED_SITES = {"sportsdaily", "techreview", "cookingclub", "travelnotes", "musicfans",
        "learnhub", "kidsplay", "newsroom", "campus", "gamerzone", "fitlife", "citypaper"};
    private static final String[] TLDS = {".com", ".net", ".org", ".co.uk", ".de", ".io"};

    final String partnerId;
    final List<Category> categories;
    final List<Entry> entries;
    final List<User> users;
    final String bigCategoryId;
    /** Per entry: its popularity rank's entry (index by rank). */
    final int[] entryByRank;
    /** Per entry: first day (0-based in the window; negative: before) it may have events. */
    final int[] entryFirstDay;
    /** Per entry: duration in seconds (0 for live). */
    final int[] entryDuration;
    /** Per entry: true for a live stream. */
    final boolean[] entryLive;
    /** Per entry: category page contexts it can be played on (its categories and their ancestors). */
    final String[][] entryContexts;
    final int[] userByRank;
    final int[] userPlace;
    final int[] userAgent;
    final int[] userSecondAgent;
    final String[] domains;
    final boolean[] ownDomain;
    final Weighted domainWeights;

    private Account(String partnerId, List<Category> categories, List<Entry> entries, List<User> users, String bigCategoryId,
            int[] entryByRank, int[] entryFirstDay, int[] entryDuration, boolean[] entryLive, String[][] entryContexts,
            int[] userByRank, int[] userPlace, int[] userAgent, int[] userSecondAgent, String[] domains, boolean[] ownDomain,
            Weighted domainWeights) {
        this.partnerId = partnerId;
        this.categories = categories;
        this.entries = entries;
        this.users = users;
        this.bigCategoryId = bigCategoryId;
        this.entryByRank = entryByRank;
        this.entryFirstDay = entryFirstDay;
        this.entryDuration = entryDuration;
        this.entryLive = entryLive;
        this.entryContexts = entryContexts;
        this.userByRank = userByRank;
        this.userPlace = userPlace;
        this.userAgent = userAgent;
        this.userSecondAgent = userSecondAgent;
        this.domains = domains;
        this.ownDomain = ownDomain;
        this.domainWeights = domainWeights;
    }

    public String partnerId() {
        return partnerId;
    }

    public List<Category> categories() {
        return categories;
    }

    public List<Entry> entries() {
        return entries;
    }

    public List<User> users() {
        return users;
    }

    /** The top-level category holding about half of the entries (the benchmark's dashboard). */
    public String bigCategoryId() {
        return bigCategoryId;
    }

    /**
     * Generates the catalog.
     *
     * @param windowStart first day of the event window (entries are created up to two years before it)
     * @param days        days in the window
     */
    static Account generate(long seed, String partnerId, int entryCount, int userCount, LocalDate windowStart, int days) {
        SplittableRandom random = new SplittableRandom(Seeds.mix(seed, Seeds.hash(partnerId), 0xCA7A1060L));
        String slug = partnerId.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("(^-|-$)", "");
        if (slug.isEmpty()) {
            slug = "partner";
        }
        Instant windowStartInstant = windowStart.atStartOfDay(ZoneOffset.UTC).toInstant();

        // categories: ids 1001.., parents by path, created before the window
        List<Category> categories = new ArrayList<>();
        List<String> paths = List.of(TREE);
        String[] categoryIds = new String[TREE.length];
        for (int i = 0; i < TREE.length; i++) {
            categoryIds[i] = Integer.toString(1001 + i);
        }
        int[] parentOf = new int[TREE.length];
        for (int i = 0; i < TREE.length; i++) {
            int slash = TREE[i].lastIndexOf('/');
            parentOf[i] = slash < 0 ? -1 : paths.indexOf(TREE[i].substring(0, slash));
            Instant created = windowStartInstant.minusSeconds(86_400L * (400 + random.nextInt(700)));
            Instant updated = created.plusSeconds(86_400L * random.nextInt(300));
            categories.add(new Category(categoryIds[i], TREE[i].substring(slash + 1), parentOf[i] < 0 ? "" : categoryIds[parentOf[i]],
                    created, updated));
        }
        // nodes per top-level subtree, leaves weighted 3, inner nodes 1
        List<Integer> roots = new ArrayList<>();
        for (int i = 0; i < TREE.length; i++) {
            if (parentOf[i] < 0) {
                roots.add(i);
            }
        }
        List<int[]> subtreeNodes = new ArrayList<>();
        List<Weighted> subtreeWeights = new ArrayList<>();
        for (int root : roots) {
            List<Integer> nodes = new ArrayList<>();
            for (int i = 0; i < TREE.length; i++) {
                if (i == root || TREE[i].startsWith(TREE[root] + "/")) {
                    nodes.add(i);
                }
            }
            double[] w = new double[nodes.size()];
            for (int k = 0; k < nodes.size(); k++) {
                int node = nodes.get(k);
                boolean leaf = true;
                for (int j = 0; j < TREE.length; j++) {
                    if (parentOf[j] == node) {
                        leaf = false;
                        break;
                    }
                }
                w[k] = leaf ? 3 : 1;
            }
            subtreeNodes.add(nodes.stream().mapToInt(Integer::intValue).toArray());
            subtreeWeights.add(new Weighted(w));
        }
        Weighted otherRoots = Weighted.zipf(roots.size() - 1, 0.8);

        // entries
        int creators = Math.max(5, entryCount / 20);
        Weighted creatorRank = Weighted.zipf(creators, 1.1);
        Weighted tags = Weighted.zipf(TAGS.length, 1.0);
        long entryIdSpace = 2_821_109_907_456L; // 36^8
        long entryIdOffset = Math.floorMod(random.nextLong(), entryIdSpace);
        List<Entry> entries = new ArrayList<>(entryCount);
        int[] entryFirstDay = new int[entryCount];
        int[] entryDuration = new int[entryCount];
        boolean[] entryLive = new boolean[entryCount];
        String[][] entryContexts = new String[entryCount][];
        int[] entryByRank = permutation(entryCount, random);
        int[] rankOfEntry = new int[entryCount];
        for (int r = 0; r < entryCount; r++) {
            rankOfEntry[entryByRank[r]] = r;
        }
        for (int e = 0; e < entryCount; e++) {
            String id = "1_" + pad36(Math.floorMod(e * 1_000_000_007L + entryIdOffset, entryIdSpace), 8);
            double m = random.nextDouble();
            String mediaType = m < 0.88 ? "VIDEO" : m < 0.95 ? "AUDIO" : "LIVE";
            boolean live = mediaType.equals("LIVE");
            int duration = live ? 0 : duration(random);
            String sourceType = live ? "LIVE_STREAM" : random.nextDouble() < 0.8 ? "UPLOAD" : random.nextDouble() < 0.5 ? "URL" : "RECORDED_LIVE";
            // categories: half of the entries in the big subtree
            int categoryCount = random.nextDouble() < 0.15 ? 2 : 1;
            List<String> entryCategories = new ArrayList<>();
            List<String> contexts = new ArrayList<>();
            for (int c = 0; c < categoryCount; c++) {
                int subtree = random.nextDouble() < 0.5 ? 0 : 1 + otherRoots.next(random);
                int node = subtreeNodes.get(subtree)[subtreeWeights.get(subtree).next(random)];
                if (!entryCategories.contains(categoryIds[node])) {
                    entryCategories.add(categoryIds[node]);
                }
                for (int n = node; n >= 0; n = parentOf[n]) {
                    if (!contexts.contains(categoryIds[n])) {
                        contexts.add(categoryIds[n]);
                    }
                }
            }
            List<String> entryTags = new ArrayList<>();
            int tagCount = 1 + random.nextInt(3);
            for (int t = 0; t < tagCount; t++) {
                String tag = TAGS[tags.next(random)];
                if (!entryTags.contains(tag)) {
                    entryTags.add(tag);
                }
            }
            // creation: the most popular 5% before the window; else 65% before, 35% during
            int firstDay;
            if (rankOfEntry[e] < Math.max(10, entryCount / 20) || random.nextDouble() < 0.65) {
                firstDay = -1 - random.nextInt(730);
            } else {
                firstDay = random.nextInt(Math.max(1, days - 7));
            }
            Instant created = windowStartInstant.plusSeconds(86_400L * firstDay + random.nextInt(86_400));
            Instant updated = created.plusSeconds(random.nextInt(30 * 86_400));
            String leafName = categories.get(java.util.Arrays.asList(categoryIds).indexOf(entryCategories.get(0))).name();
            String name = leafName + ": " + (live ? "live channel " : mediaType.equals("AUDIO") ? "podcast episode " : "video ")
                    + (e + 1);
            String creator = "owner-" + (1 + creatorRank.next(random));
            entries.add(new Entry(id, name, creator, duration, mediaType, sourceType, List.copyOf(entryTags),
                    List.copyOf(entryCategories), created, updated));
            entryFirstDay[e] = firstDay;
            entryDuration[e] = duration;
            entryLive[e] = live;
            entryContexts[e] = contexts.toArray(new String[0]);
        }

        // users: a home place, a main device, a second device for some
        Weighted places = new Weighted(Geo.PLACE_WEIGHTS);
        Weighted agents = new Weighted(UserAgents.WEIGHTS);
        List<User> users = new ArrayList<>(userCount);
        int[] userPlace = new int[userCount];
        int[] userAgent = new int[userCount];
        int[] userSecondAgent = new int[userCount];
        for (int u = 0; u < userCount; u++) {
            String first = FIRST[random.nextInt(FIRST.length)];
            String last = LAST[random.nextInt(LAST.length)];
            String id = first.toLowerCase(Locale.ROOT).replaceAll("[^a-z]", "") + "." + (u + 1) + "@viewers." + slug + ".example";
            users.add(new User(id, first + " " + last));
            userPlace[u] = places.next(random);
            userAgent[u] = agents.next(random);
            userSecondAgent[u] = random.nextDouble() < 0.3 ? agents.next(random) : userAgent[u];
        }
        int[] userByRank = permutation(userCount, random);

        // domains: the partner's own sites, then embeds (Zipf)
        List<String> domainList = new ArrayList<>(List.of("videos." + slug + ".example.com", "www." + slug + ".example.com",
                "m." + slug + ".example.com"));
        List<Double> domainWeightList = new ArrayList<>(List.of(40.0, 15.0, 8.0));
        int embeds = 40;
        for (int k = 0; k < embeds; k++) {
            String site = EMBED_SITES[k % EMBED_SITES.length] + (k < EMBED_SITES.length ? "" : Integer.toString(k / EMBED_SITES.length));
            domainList.add((k % 3 == 0 ? "blog." : k % 3 == 1 ? "www." : "") + site + TLDS[k % TLDS.length]);
            domainWeightList.add(30.0 / StrictMath.pow(k + 1, 1.1));
        }
        boolean[] own = new boolean[domainList.size()];
        own[0] = own[1] = own[2] = true;
        Weighted domainWeights = new Weighted(domainWeightList.stream().mapToDouble(Double::doubleValue).toArray());

        return new Account(partnerId, List.copyOf(categories), Collections.unmodifiableList(entries),
                Collections.unmodifiableList(users), categoryIds[roots.get(0)], entryByRank, entryFirstDay, entryDuration,
                entryLive, entryContexts, userByRank, userPlace, userAgent, userSecondAgent, domainList.toArray(new String[0]),
                own, domainWeights);
    }

    /** Durations: clips, short videos, episodes and a few long recordings. */
    private static int duration(SplittableRandom random) {
        double r = random.nextDouble();
        if (r < 0.40) {
            return 30 + random.nextInt(90);
        }
        if (r < 0.75) {
            return 120 + random.nextInt(360);
        }
        if (r < 0.95) {
            return 480 + random.nextInt(1020);
        }
        return 1500 + random.nextInt(3900);
    }

    private static int[] permutation(int n, SplittableRandom random) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }

    private static String pad36(long value, int width) {
        String s = Long.toString(value, 36);
        return "0".repeat(Math.max(0, width - s.length())) + s;
    }
}
