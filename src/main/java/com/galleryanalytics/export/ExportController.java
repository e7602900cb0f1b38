package com.galleryanalytics.export;

import com.galleryanalytics.analytics.AnalyticsFilter;
import com.galleryanalytics.analytics.AnalyticsRepository;
import com.galleryanalytics.analytics.AnalyticsService;
import com.galleryanalytics.analytics.ComparePeriod;
import com.galleryanalytics.analytics.Countries;
import com.galleryanalytics.analytics.Dimension;
import com.galleryanalytics.analytics.Granularity;
import com.galleryanalytics.analytics.InvalidFilterException;
import com.galleryanalytics.analytics.Metric;
import com.galleryanalytics.analytics.MetricValues;
import com.galleryanalytics.analytics.Page;
import com.galleryanalytics.analytics.Panels;
import com.galleryanalytics.analytics.Point;
import com.galleryanalytics.analytics.Scope;
import com.galleryanalytics.analytics.Selection;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import com.galleryanalytics.security.Caller;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

/**
 * {@code GET /v1/export/{table}.csv}: a dashboard table with the same filter (query parameters
 * named like the GraphQL filter's fields; lists repeat the parameter or separate values with
 * commas) and sort ({@code orderBy=PLAYS&direction=DESC}), every row, streamed in chunks.
 * Scope: {@code categoryId}, {@code entryId} or {@code userId} (none: the whole account).
 * Drill-down tables name their parent row: regions {@code country}; cities {@code country},
 * {@code region}; urls {@code domain}; operatingSystems/browsers {@code device}; userEntries and
 * userPerformance {@code userId}; entryViewers and entryPerformance {@code entryId}. Parameters are
 * checked first ({@link ExportParameters}): an unknown or repeated one is a 400 naming it. Rows of
 * entries and users carry their names beside their ids.
 */
@RestController
public class ExportController {
    static final int CHUNK = 10_000;
    private static final List<String> METRIC_COLUMNS = Arrays.stream(Metric.values()).map(Metric::field).toList();

    /** A drill-down table: its parent dimensions (named by query parameters) and its own. */
    private record Table(String keyColumn, Dimension dimension, List<Dimension> parents, List<String> parentParams) {}

    private static final Map<String, Table> TABLES = new LinkedHashMap<>();

    static {
        TABLES.put("viewers", new Table("userId", Dimension.USER, List.of(), List.of()));
        TABLES.put("entries", new Table("entryId", Dimension.ENTRY, List.of(), List.of()));
        TABLES.put("countries", new Table("country", Dimension.COUNTRY, List.of(), List.of()));
        TABLES.put("regions", new Table("region", Dimension.REGION, List.of(Dimension.COUNTRY), List.of("country")));
        TABLES.put("cities", new Table("city", Dimension.CITY, List.of(Dimension.COUNTRY, Dimension.REGION),
                List.of("country", "region")));
        TABLES.put("devices", new Table("device", Dimension.DEVICE, List.of(), List.of()));
        TABLES.put("operatingSystems", new Table("name", Dimension.OS, List.of(Dimension.DEVICE), List.of("device")));
        TABLES.put("browsers", new Table("name", Dimension.BROWSER, List.of(Dimension.DEVICE), List.of("device")));
        TABLES.put("domains", new Table("domain", Dimension.DOMAIN, List.of(), List.of()));
        TABLES.put("urls", new Table("url", Dimension.URL, List.of(Dimension.DOMAIN), List.of("domain")));
        TABLES.put("userEntries", new Table("entryId", Dimension.ENTRY, List.of(Dimension.USER), List.of("userId")));
        TABLES.put("entryViewers", new Table("userId", Dimension.USER, List.of(Dimension.ENTRY), List.of("entryId")));
    }

    private final AnalyticsService analytics;
    private final AnalyticsRepository repository;
    private final Panels panels;
    private final ExportNames names;

    public ExportController(AnalyticsService analytics, Panels panels, ExportNames names) {
        this.analytics = analytics;
        this.repository = analytics.repository();
        this.panels = panels;
        this.names = names;
    }

    @GetMapping("/v1/export/{table}.csv")
    public ResponseEntity<StreamingResponseBody> export(@RequestAttribute(Caller.ATTRIBUTE) Caller caller,
            @PathVariable String table, @RequestParam MultiValueMap<String, String> params) {
        String partner = caller.partnerId();
        ExportParameters p = parameters(table, params);
        Scope scope = p.scope();
        if (scope instanceof Scope.OfCategory(String categoryId) && !names.categoryExists(partner, categoryId)) {
            throw new UnknownCategoryException(categoryId);
        }
        AnalyticsFilter filter = p.filter();
        Selection s = analytics.select(partner, scope, filter);
        StreamingResponseBody body = switch (table) {
            case "performance", "userPerformance", "entryPerformance" -> performance(table, s, p);
            case "topVideos" -> topVideos(s);
            case "subCategories" -> subCategories(partner, scope, filter, s, p.sort());
            default -> rows(TABLES.get(table), s, p.sort(), p.parentValues());
        };
        return ResponseEntity.ok()
                .contentType(new MediaType("text", "csv", StandardCharsets.UTF_8))
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"" + table + ".csv\"")
                .body(body);
    }

    /** The table's parameters, checked against what it takes (see {@link ExportParameters}). */
    private static ExportParameters parameters(String table, MultiValueMap<String, String> params) {
        return switch (table) {
            case "performance" -> new ExportParameters(table, params, List.of(), false, true);
            case "userPerformance" -> new ExportParameters(table, params, List.of("userId"), false, true);
            case "entryPerformance" -> new ExportParameters(table, params, List.of("entryId"), false, true);
            case "topVideos" -> new ExportParameters(table, params, List.of(), false, false);
            case "subCategories" -> new ExportParameters(table, params, List.of(), true, false);
            default -> {
                Table t = TABLES.get(table);
                if (t == null) {
                    throw new InvalidFilterException("Unknown table '" + table + "'; one of: performance, userPerformance, "
                            + "entryPerformance, topVideos, subCategories, " + String.join(", ", TABLES.keySet()) + ".");
                }
                yield new ExportParameters(table, params, t.parentParams(), true, false);
            }
        };
    }

    /** A category scope that names no category of the partner: an empty file would look like "no plays". */
    static final class UnknownCategoryException extends RuntimeException {
        UnknownCategoryException(String id) {
            super("No category '" + id + "' for this partner: find ids with the GraphQL query categories(search:, first:).");
        }
    }

    @ExceptionHandler(UnknownCategoryException.class)
    ResponseEntity<Map<String, String>> unknownCategory(UnknownCategoryException e) {
        return ResponseEntity.status(404).body(Map.of("error", "not_found", "message", e.getMessage()));
    }

    @ExceptionHandler(InvalidFilterException.class)
    ResponseEntity<Map<String, String>> invalid(InvalidFilterException e) {
        return ResponseEntity.badRequest().body(Map.of("error", "invalid_request", "message", e.getMessage()));
    }

    private StreamingResponseBody rows(Table t, Selection s, AnalyticsRepository.Sort sort, List<String> parent) {
        long totalPlays = repository.totals(s).plays();
        return out -> {
            CsvWriter csv = new CsvWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8));
            List<Object> header = new ArrayList<>(t.parentParams());
            header.add(t.keyColumn());
            boolean named = t.dimension() == Dimension.COUNTRY || t.dimension() == Dimension.USER
                    || t.dimension() == Dimension.ENTRY;
            if (named) {
                header.add("name");
            }
            header.addAll(METRIC_COLUMNS);
            csv.row(header);
            List<Dimension> dims = new ArrayList<>(t.parents());
            dims.add(t.dimension());
            for (long offset = 0; ; offset += CHUNK) {
                Page page;
                if (parent.isEmpty()) {
                    page = panels.table(s, null, new Panels.Totals(totalPlays, 0), t.dimension(), sort, CHUNK, offset);
                } else {
                    page = panels.drill(s, null, new Panels.Totals(totalPlays, 0), t.parents(), List.of(parent),
                            t.dimension(), sort, CHUNK, offset).get(parent);
                }
                Map<String, String> rowNames = names.of(s.partnerId(), t.dimension(),
                        page.rows().stream().map(AnalyticsRepository.Row::key).toList());
                for (AnalyticsRepository.Row r : page.rows()) {
                    List<Object> fields = new ArrayList<>(r.keys());
                    if (named) {
                        fields.add(rowNames.getOrDefault(r.key(), ""));
                    }
                    fields.addAll(values(page.metrics(r)));
                    csv.row(fields);
                }
                csv.flush();
                if (page.rows().size() < CHUNK) {
                    return;
                }
            }
        };
    }

    private StreamingResponseBody topVideos(Selection s) {
        List<Panels.ScoredEntry> scored = panels.topVideos(s);
        long totalPlays = scored.stream().mapToLong(e -> e.row().aggregates().plays()).sum();
        return out -> {
            CsvWriter csv = new CsvWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8));
            List<Object> header = new ArrayList<>(List.of("entryId", "name", "score"));
            header.addAll(METRIC_COLUMNS);
            csv.row(header);
            Map<String, String> entryNames = names.of(s.partnerId(), Dimension.ENTRY,
                    scored.stream().map(Panels.ScoredEntry::entryId).toList());
            for (Panels.ScoredEntry e : scored) {
                List<Object> fields = new ArrayList<>(List.of(e.entryId(), entryNames.getOrDefault(e.entryId(), ""), e.score()));
                fields.addAll(values(MetricValues.of(e.row().aggregates(), totalPlays)));
                csv.row(fields);
            }
            csv.flush();
        };
    }

    private StreamingResponseBody subCategories(String partner, Scope scope, AnalyticsFilter filter, Selection s,
            AnalyticsRepository.Sort sort) {
        if (!(scope instanceof Scope.OfCategory(String categoryId))) {
            throw new InvalidFilterException("subCategories needs categoryId.");
        }
        List<AnalyticsService.SubCategoryMetrics> rows = analytics.subCategories(s, null,
                new Panels.Totals(repository.totals(s).plays(), 0), analytics.tree(partner), categoryId,
                filter.subcategoriesIncluded(), sort);
        return out -> {
            CsvWriter csv = new CsvWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8));
            List<Object> header = new ArrayList<>(List.of("categoryId", "name"));
            header.addAll(METRIC_COLUMNS);
            csv.row(header);
            for (AnalyticsService.SubCategoryMetrics row : rows) {
                List<Object> fields = new ArrayList<>(List.of(row.category().id(), row.category().name()));
                fields.addAll(values(row.metrics()));
                csv.row(fields);
            }
            csv.flush();
        };
    }

    private StreamingResponseBody performance(String table, Selection s, ExportParameters params) {
        Granularity granularity = params.granularity();
        long totalPlays = repository.totals(s).plays();
        List<Point> points;
        if (table.equals("performance")) {
            points = analytics.performance(s, granularity, totalPlays);
        } else {
            Dimension parent = table.equals("userPerformance") ? Dimension.USER : Dimension.ENTRY;
            String value = params.parentValues().get(0);
            points = panels.series(s, null, new Panels.Totals(totalPlays, 0), List.of(parent), List.of(List.of(value)),
                    granularity).get(List.of(value));
        }
        return out -> {
            CsvWriter csv = new CsvWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8));
            List<Object> header = new ArrayList<>(List.of("date"));
            header.addAll(METRIC_COLUMNS);
            csv.row(header);
            for (Point p : points) {
                List<Object> fields = new ArrayList<>(List.of(p.date().toString()));
                fields.addAll(values(p.metrics()));
                csv.row(fields);
            }
            csv.flush();
        };
    }

    private static List<Object> values(MetricValues m) {
        List<Object> out = new ArrayList<>();
        for (Metric metric : Metric.values()) {
            double v = m.get(metric);
            out.add(metric == Metric.PLAYER_IMPRESSIONS || metric == Metric.PLAYS || metric == Metric.UNIQUE_VIEWERS
                    ? Long.toString((long) v) : Double.toString(v));
        }
        return out;
    }

}
