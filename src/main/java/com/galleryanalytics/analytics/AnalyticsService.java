package com.galleryanalytics.analytics;

import com.galleryanalytics.catalog.CatalogRepository;
import com.galleryanalytics.catalog.Category;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.stereotype.Service;

/**
 * Turns a scope and an {@link AnalyticsFilter} into a {@link Selection} (validating what the user
 * asked for) and answers the panels that are more than one grouped query.
 */
@Service
public class AnalyticsService {
    /** Longest range one query may span, so a zero-filled series stays a sane size. */
    static final long MAX_DAYS = 3_700;
    /** First and last day a filter may name (ClickHouse's DateTime, in any time zone). */
    static final LocalDate FIRST_DAY = LocalDate.of(1971, 1, 1);
    static final LocalDate LAST_DAY = LocalDate.of(2100, 12, 31);
    /** Most values one list of the filter may hold, and characters all lists together. */
    static final int MAX_FILTER_VALUES = 1_000;
    static final int MAX_FILTER_CHARS = 100_000;
    private static final Set<String> MEDIA_TYPES = Set.of("VIDEO", "AUDIO", "IMAGE", "LIVE");
    private static final Set<String> PLAYBACK_TYPES = Set.of("VOD", "LIVE", "DVR");
    private static final Set<String> DEVICES = Set.of("DESKTOP", "MOBILE", "TABLET", "TV", "OTHER");

    private final CatalogRepository catalog;
    private final AnalyticsRepository repository;
    private final Panels panels;

    public AnalyticsService(CatalogRepository catalog, AnalyticsRepository repository, Panels panels) {
        this.catalog = catalog;
        this.repository = repository;
        this.panels = panels;
    }

    /** A row of the sub-categories table. */
    public record SubCategoryMetrics(Category category, MetricValues metrics) {}

    /**
     * Each direct sub-category of a category with its metrics (its subtree counts in its row unless
     * sub-categories are excluded), sorted; all rows (a category has few children).
     */
    public List<SubCategoryMetrics> subCategories(Selection s, Selection comparison, Panels.Totals totals,
            CategoryTree tree, String categoryId, boolean includeSubcategories, AnalyticsRepository.Sort sort) {
        List<Category> children = tree.children(categoryId);
        if (children.isEmpty()) {
            return List.of();
        }
        Map<String, List<String>> members = new java.util.LinkedHashMap<>();
        for (Category child : children) {
            members.put(child.id(), includeSubcategories ? tree.subtree(child.id()) : List.of(child.id()));
        }
        CategoryGroups groups = CategoryGroups.of(members);
        Map<String, Aggregates> now = panels.bySubCategory(s, groups);
        Map<String, Aggregates> then = comparison == null ? null : panels.bySubCategory(comparison, groups);
        List<SubCategoryMetrics> rows = new ArrayList<>();
        for (Category child : children) {
            MetricValues m = MetricValues.of(now.getOrDefault(child.id(), Aggregates.ZERO), totals.plays());
            if (then != null) {
                m = m.withPrevious(MetricValues.of(then.getOrDefault(child.id(), Aggregates.ZERO), totals.previousPlays()));
            }
            rows.add(new SubCategoryMetrics(child, m));
        }
        java.util.Comparator<SubCategoryMetrics> bySort = java.util.Comparator.comparingDouble(r -> r.metrics().get(sort.metric()));
        rows.sort((sort.descending() ? bySort.reversed() : bySort).thenComparing(r -> r.category().id()));
        return rows;
    }

    public AnalyticsRepository repository() {
        return repository;
    }

    /** The partner's category tree (one statement). */
    public CategoryTree tree(String partnerId) {
        return new CategoryTree(catalog.categories(partnerId));
    }

    public Selection select(String partnerId, Scope scope, AnalyticsFilter f) {
        return select(partnerId, scope, f, scope instanceof Scope.OfCategory ? tree(partnerId) : null);
    }

    /** As {@link #select(String, Scope, AnalyticsFilter)}, with the category tree already read. */
    public Selection select(String partnerId, Scope scope, AnalyticsFilter f, CategoryTree tree) {
        if (f == null || f.from() == null || f.to() == null) {
            throw new InvalidFilterException("filter.from and filter.to are required.");
        }
        if (f.to().isBefore(f.from())) {
            throw new InvalidFilterException("filter.to (" + f.to() + ") is before filter.from (" + f.from() + ").");
        }
        if (ChronoUnit.DAYS.between(f.from(), f.to()) >= MAX_DAYS) {
            throw new InvalidFilterException("The range " + f.from() + " to " + f.to() + " is longer than " + MAX_DAYS + " days.");
        }
        checkDays("filter", f.from(), f.to());
        checkSize(f);
        ZoneId zone = zone(f.timeZone());
        check("mediaTypes", f.mediaTypes(), MEDIA_TYPES);
        check("playbackTypes", f.playbackTypes(), PLAYBACK_TYPES);
        check("devices", f.devices(), DEVICES);

        List<String> categories = null;
        List<String> pageCategories = null;
        List<String> entryIds = new ArrayList<>(f.entryIds());
        Map<Dimension, List<String>> dims = new EnumMap<>(Dimension.class);
        switch (scope) {
            case Scope.Account a -> {
                if (f.onlyCategoryPages()) {
                    pageCategories = List.of();
                }
            }
            case Scope.OfCategory c -> {
                categories = f.subcategoriesIncluded() ? tree.subtree(c.categoryId()) : List.of(c.categoryId());
                if (f.onlyCategoryPages()) {
                    pageCategories = categories;
                }
            }
            case Scope.OfEntry e -> {
                dims.put(Dimension.ENTRY, List.of(e.entryId()));
                if (f.onlyCategoryPages()) {
                    pageCategories = List.of();
                }
            }
            case Scope.OfUser u -> {
                dims.put(Dimension.USER, List.of(u.userId()));
                if (f.onlyCategoryPages()) {
                    pageCategories = List.of();
                }
            }
        }
        putIfAny(dims, Dimension.USER, f.userIds());
        putIfAny(dims, Dimension.COUNTRY, f.countries());
        putIfAny(dims, Dimension.REGION, f.regions());
        putIfAny(dims, Dimension.CITY, f.cities());
        putIfAny(dims, Dimension.DEVICE, f.devices());
        putIfAny(dims, Dimension.OS, f.operatingSystems());
        putIfAny(dims, Dimension.BROWSER, f.browsers());
        putIfAny(dims, Dimension.DOMAIN, f.domains());
        putIfAny(dims, Dimension.URL, f.urls());
        putIfAny(dims, Dimension.PLAYBACK_TYPE, f.playbackTypes());
        Selection.EntryFilter entryFilter = new Selection.EntryFilter(List.copyOf(entryIds), f.tags(), f.mediaTypes(),
                f.sourceTypes(), f.ownerIds());
        return new Selection(partnerId, f.from(), f.to(), zone, categories, entryFilter, dims, pageCategories);
    }

    /** The comparison period's selection, or null when the filter asks for none. */
    public Selection comparison(Selection current, ComparePeriod compare) {
        if (compare == null || compare.type() == null) {
            return null;
        }
        Selection previous = comparisonPeriod(current, compare);
        checkDays("compareTo", previous.from(), previous.to());
        return previous;
    }

    private Selection comparisonPeriod(Selection current, ComparePeriod compare) {
        long days = ChronoUnit.DAYS.between(current.from(), current.to()) + 1;
        return switch (compare.type()) {
            case PREVIOUS_PERIOD -> current.during(current.from().minusDays(days), current.from().minusDays(1));
            case SAME_PERIOD_LAST_YEAR -> current.during(current.from().minusYears(1), current.to().minusYears(1));
            case CUSTOM -> {
                if (compare.start() == null) {
                    throw new InvalidFilterException("compareTo.start is required when compareTo.type is CUSTOM.");
                }
                if (compare.start().isBefore(FIRST_DAY) || compare.start().isAfter(LAST_DAY)) {
                    throw new InvalidFilterException("compareTo.start " + compare.start() + " must be between " + FIRST_DAY
                            + " and " + LAST_DAY + ".");
                }
                yield current.during(compare.start(), compare.start().plusDays(days - 1));
            }
        };
    }

    /** Zero-filled points, one per day or month from the first to the last day of the selection. */
    public List<Point> performance(Selection s, Granularity granularity, long totalPlays) {
        Dimension dim = granularity == Granularity.MONTH ? Dimension.MONTH : Dimension.DAY;
        List<AnalyticsRepository.Row> rows = repository.rows(s, Grouping.by(dim));
        return Panels.fill(s, granularity, new Page(rows, rows.size(), 0, totalPlays, null, 0), totalPlays);
    }

    /**
     * Highlights of many selections at once. Selections that differ only in their (disjoint)
     * categories, such as the rows of a sub-categories table, are answered together by two
     * statements grouped by category; others one by one. Totals go through {@code totals}, a
     * per-request memo shared with the other panels.
     */
    public Map<Selection, Highlights> highlights(Collection<Selection> selections, Map<Selection, Aggregates> totals) {
        Map<Selection, Highlights> out = new java.util.HashMap<>();
        Map<Selection, List<Selection>> siblings = new java.util.LinkedHashMap<>();
        for (Selection s : selections) {
            if (s.categoryIds() == null || totals.containsKey(s)) {
                out.put(s, highlights(s, totals.computeIfAbsent(s, repository::totals)));
            } else {
                siblings.computeIfAbsent(s.withoutCategories(), k -> new ArrayList<>()).add(s);
            }
        }
        for (List<Selection> group : siblings.values()) {
            Map<String, List<String>> members = new java.util.LinkedHashMap<>();
            Set<String> seen = new java.util.HashSet<>();
            boolean disjoint = true;
            for (int i = 0; i < group.size(); i++) {
                members.put(Integer.toString(i), group.get(i).categoryIds());
                for (String c : group.get(i).categoryIds()) {
                    disjoint &= seen.add(c);
                }
            }
            if (group.size() == 1 || !disjoint) {
                group.forEach(s -> out.put(s, highlights(s, totals.computeIfAbsent(s, repository::totals))));
                continue;
            }
            CategoryGroups groups = CategoryGroups.of(members);
            Selection union = group.get(0).inCategories(groups.fromCategory());
            Map<String, Aggregates> sums = panels.bySubCategory(union, groups);
            Map<String, AnalyticsRepository.EntryStats> stats = repository.entryStats(union, groups);
            for (int i = 0; i < group.size(); i++) {
                Aggregates a = sums.getOrDefault(Integer.toString(i), Aggregates.ZERO);
                totals.putIfAbsent(group.get(i), a);
                AnalyticsRepository.EntryStats e = stats.getOrDefault(Integer.toString(i),
                        new AnalyticsRepository.EntryStats(0, 0));
                out.put(group.get(i), Highlights.of(MetricValues.of(a, a.plays()), e.contributors(), e.playedEntries()));
            }
        }
        return out;
    }

    /** Highlights: every metric of the selection, contributors and played entries. */
    public Highlights highlights(Selection s, Aggregates totals) {
        AnalyticsRepository.EntryStats stats = repository.entryStats(s);
        return Highlights.of(MetricValues.of(totals, totals.plays()), stats.contributors(), stats.playedEntries());
    }

    private static ZoneId zone(String timeZone) {
        if (timeZone == null || timeZone.isBlank()) {
            return ZoneId.of("UTC");
        }
        try {
            if (!ZoneId.getAvailableZoneIds().contains(timeZone) && !timeZone.equals("UTC")) {
                throw new DateTimeException("not an IANA zone");
            }
            return ZoneId.of(timeZone);
        } catch (DateTimeException e) {
            throw new InvalidFilterException("Unknown time zone '" + timeZone
                    + "': use an IANA name such as UTC, Europe/Paris or Asia/Kolkata.");
        }
    }

    /**
     * Days ClickHouse can hold in every time zone (its DateTime spans 1970 to 2106): outside them
     * a filter would fail in ClickHouse instead of being answered.
     */
    static void checkDays(String what, LocalDate from, LocalDate to) {
        if (from.isBefore(FIRST_DAY) || to.isAfter(LAST_DAY)) {
            throw new InvalidFilterException(what + " covers " + from + " to " + to + "; days must be between " + FIRST_DAY
                    + " and " + LAST_DAY + ".");
        }
    }

    /**
     * Bounds the filter's lists, which become SQL literals: ClickHouse refuses statements above its
     * max_query_size (256 KiB), and the answer would be an internal error instead of this one.
     */
    static void checkSize(AnalyticsFilter f) {
        Map<String, List<String>> lists = new java.util.LinkedHashMap<>();
        lists.put("tags", f.tags());
        lists.put("sourceTypes", f.sourceTypes());
        lists.put("ownerIds", f.ownerIds());
        lists.put("entryIds", f.entryIds());
        lists.put("userIds", f.userIds());
        lists.put("countries", f.countries());
        lists.put("regions", f.regions());
        lists.put("cities", f.cities());
        lists.put("operatingSystems", f.operatingSystems());
        lists.put("browsers", f.browsers());
        lists.put("domains", f.domains());
        lists.put("urls", f.urls());
        long chars = 0;
        for (Map.Entry<String, List<String>> list : lists.entrySet()) {
            if (list.getValue().size() > MAX_FILTER_VALUES) {
                throw new InvalidFilterException("filter." + list.getKey() + " has " + list.getValue().size()
                        + " values; at most " + MAX_FILTER_VALUES + ".");
            }
            for (String v : list.getValue()) {
                chars += v == null ? 0 : v.length();
            }
        }
        if (chars > MAX_FILTER_CHARS) {
            throw new InvalidFilterException("The filter's values hold " + chars + " characters; at most "
                    + MAX_FILTER_CHARS + ".");
        }
    }

    private static void check(String field, List<String> values, Set<String> allowed) {
        for (String v : values) {
            if (!allowed.contains(v)) {
                throw new InvalidFilterException("filter." + field + " has '" + v + "'; allowed: " + allowed + ".");
            }
        }
    }

    private static void putIfAny(Map<Dimension, List<String>> dims, Dimension d, List<String> values) {
        if (values.isEmpty()) {
            return;
        }
        List<String> existing = dims.get(d);
        if (existing == null) {
            dims.put(d, values);
        } else {
            List<String> both = new ArrayList<>(existing);
            both.retainAll(values);
            dims.put(d, both);
        }
    }
}
