package com.galleryanalytics.export;

import com.galleryanalytics.analytics.AnalyticsFilter;
import com.galleryanalytics.analytics.AnalyticsRepository;
import com.galleryanalytics.analytics.ComparePeriod;
import com.galleryanalytics.analytics.Granularity;
import com.galleryanalytics.analytics.InvalidFilterException;
import com.galleryanalytics.analytics.Metric;
import com.galleryanalytics.analytics.Scope;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import org.springframework.util.MultiValueMap;

/**
 * An export's query parameters, checked before anything is read: every parameter must be one the
 * table takes (a misspelled one would otherwise export an unfiltered table that looks right),
 * single-valued ones come once, and one scope at most. Filter parameters are named like the
 * GraphQL filter's fields; a user is always {@code userId} and an entry {@code entryId}, whether
 * it is the scope or the row a drill-down table opens.
 */
final class ExportParameters {
    static final List<String> FILTER = List.of("from", "to", "timeZone", "tags", "mediaTypes", "playbackTypes", "sourceTypes",
            "ownerIds", "entryIds", "userIds", "countries", "regions", "cities", "devices", "operatingSystems", "browsers",
            "domains", "urls", "categoryPageOnly", "includeSubcategories");
    static final List<String> SCOPES = List.of("categoryId", "entryId", "userId");
    static final List<String> SORT = List.of("orderBy", "direction");
    /** Parameters that take lists (repeated, or comma-separated); the others take one value. */
    private static final Set<String> LISTS = Set.of("tags", "mediaTypes", "playbackTypes", "sourceTypes", "ownerIds", "entryIds",
            "userIds", "countries", "regions", "cities", "devices", "operatingSystems", "browsers", "domains", "urls");

    private final String table;
    private final MultiValueMap<String, String> params;
    private final List<String> parents;

    /**
     * @param parents the parameters naming the parent row of a drill-down table (empty otherwise)
     * @param sorted  whether the table takes {@code orderBy}/{@code direction}
     * @param series  whether the table is a time series (takes {@code granularity})
     */
    ExportParameters(String table, MultiValueMap<String, String> params, List<String> parents, boolean sorted, boolean series) {
        this.table = table;
        this.params = params;
        this.parents = parents;
        Set<String> allowed = new LinkedHashSet<>(FILTER);
        for (String scope : SCOPES) {
            if (!parents.contains(scope)) {
                allowed.add(scope);
            }
        }
        allowed.addAll(parents);
        if (sorted) {
            allowed.addAll(SORT);
        }
        if (series) {
            allowed.add("granularity");
        }
        check(allowed);
    }

    private void check(Set<String> allowed) {
        List<String> problems = new ArrayList<>();
        for (String name : new TreeSet<>(params.keySet())) {
            if (name.startsWith("compareTo")) {
                problems.add("'" + name + "': an export holds one period, so it takes no comparison; export the comparison"
                        + " period with its own from and to");
            } else if (!allowed.contains(name)) {
                String near = nearest(name, allowed);
                problems.add("unknown parameter '" + name + "'" + (near == null ? "" : " (did you mean '" + near + "'?)"));
            } else if (!LISTS.contains(name) && params.get(name).size() > 1) {
                problems.add("'" + name + "' is given " + params.get(name).size() + " times; it takes one value");
            }
        }
        List<String> scopes = SCOPES.stream().filter(s -> params.containsKey(s) && !parents.contains(s)).toList();
        if (scopes.size() > 1) {
            problems.add("one scope at most, got " + String.join(" and ", scopes));
        }
        if (!problems.isEmpty()) {
            throw new InvalidFilterException(table + ".csv: " + String.join("; ", problems) + ". It takes: "
                    + String.join(", ", allowed) + ".");
        }
    }

    /** The allowed name closest to a misspelled one (case, separators, or a few edits), or null. */
    static String nearest(String name, Set<String> allowed) {
        String plain = name.toLowerCase(Locale.ROOT).replace("_", "").replace("-", "");
        String best = null;
        // two edits for short names, three for longer ones ("country" for "countries")
        int bestDistance = plain.length() >= 6 ? 4 : 3;
        for (String candidate : allowed) {
            int d = distance(plain, candidate.toLowerCase(Locale.ROOT));
            if (d < bestDistance) {
                best = candidate;
                bestDistance = d;
            }
        }
        return best;
    }

    /** Levenshtein distance. */
    private static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                current[j] = Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }

    Scope scope() {
        for (String name : SCOPES) {
            if (parents.contains(name) || !params.containsKey(name)) {
                continue;
            }
            String id = nonEmpty(name);
            return switch (name) {
                case "categoryId" -> new Scope.OfCategory(id);
                case "entryId" -> new Scope.OfEntry(id);
                default -> new Scope.OfUser(id);
            };
        }
        return new Scope.Account();
    }

    AnalyticsFilter filter() {
        return new AnalyticsFilter(date("from"), date("to"), params.getFirst("timeZone"), (ComparePeriod) null,
                list("tags"), list("mediaTypes"), list("playbackTypes"), list("sourceTypes"), list("ownerIds"), list("entryIds"),
                list("userIds"), list("countries"), list("regions"), list("cities"), list("devices"), list("operatingSystems"),
                list("browsers"), list("domains"), list("urls"), bool("categoryPageOnly"), bool("includeSubcategories"));
    }

    AnalyticsRepository.Sort sort() {
        Metric metric = enumParam("orderBy", Metric.class, Metric.PLAYS);
        String direction = params.getFirst("direction");
        if (direction != null && !direction.equals("ASC") && !direction.equals("DESC")) {
            throw new InvalidFilterException("direction must be ASC or DESC.");
        }
        return new AnalyticsRepository.Sort(metric, !"ASC".equals(direction));
    }

    Granularity granularity() {
        return enumParam("granularity", Granularity.class, Granularity.DAY);
    }

    /** The parent row's values of a drill-down table, in the order of its parent parameters. */
    List<String> parentValues() {
        List<String> values = new ArrayList<>();
        for (String p : parents) {
            values.add(nonEmpty(p));
        }
        return values;
    }

    private LocalDate date(String name) {
        String v = required(name);
        try {
            return LocalDate.parse(v);
        } catch (DateTimeParseException e) {
            throw new InvalidFilterException(name + " '" + v + "' is not a date: use YYYY-MM-DD.");
        }
    }

    private String required(String name) {
        String v = params.getFirst(name);
        if (v == null) {
            throw new InvalidFilterException("Query parameter '" + name + "' is required.");
        }
        return v;
    }

    private String nonEmpty(String name) {
        String v = required(name);
        if (v.isEmpty()) {
            throw new InvalidFilterException("Query parameter '" + name + "' is empty.");
        }
        return v;
    }

    private List<String> list(String name) {
        List<String> values = params.get(name);
        if (values == null) {
            return null;
        }
        List<String> out = new ArrayList<>();
        for (String v : values) {
            for (String part : v.split(",")) {
                if (!part.isEmpty()) {
                    out.add(part);
                }
            }
        }
        return out;
    }

    private Boolean bool(String name) {
        String v = params.getFirst(name);
        if (v == null) {
            return null;
        }
        if (!v.equals("true") && !v.equals("false")) {
            throw new InvalidFilterException(name + " must be true or false.");
        }
        return Boolean.valueOf(v);
    }

    private <E extends Enum<E>> E enumParam(String name, Class<E> type, E fallback) {
        String v = params.getFirst(name);
        if (v == null) {
            return fallback;
        }
        try {
            return Enum.valueOf(type, v);
        } catch (IllegalArgumentException e) {
            throw new InvalidFilterException(name + " '" + v + "' is not one of " + Arrays.toString(type.getEnumConstants()) + ".");
        }
    }
}
