package com.galleryanalytics.generator;

import com.galleryanalytics.ingest.DeviceDetection;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Command line of the generator, the main class of the bench module's jar:
 *
 * <pre>
 * java -jar bench/target/gallery-analytics-bench-*.jar --events 1M --sink bulk --clickhouse-url http://127.0.0.1:8123
 * </pre>
 *
 * (or {@code bin/generate ...}). {@code --help} lists the options.
 */
public final class GeneratorCli {
    private static final String HELP = """
            Generates a partner account (categories, entries, users) and 12 months of player events, and loads them.

            Data:
              --events N            events in total, noise included (1M, 250k, 10000000; default 1M)
              --seed S              random seed (default 42)
              --end-date YYYY-MM-DD events cover the 365 days before this day, UTC (default: today, so the data ends yesterday)
              --partner ID          the account's partner id (default demo)
              --noise-partners K    other partners sharing the tables (default 2)
              --noise-share F       their share of the events (default 0.10)
              --heartbeat-sec S     seconds between VIEW heartbeats (default 10)
              --entries N, --users N  catalog sizes (default: from --events, growing with its square root)
              --no-event-ids        send events without eventId
            Sink (--sink):
              stats                 count only (default)
              ndjson                write events as NDJSON to --out FILE (- for stdout)
              http                  POST entities and NDJSON batches to --service-url (default http://127.0.0.1:8080)
                                    with --clients C (default 8) and --batch B events per request (default 5000);
                                    keys: --ingest-key KEY for the partner, --key-template T for every partner
                                    ({partner} is replaced; default {partner}-ingest-key)
              bulk                  insert rows straight into ClickHouse at --clickhouse-url, as --clickhouse-user with
                                    --clickhouse-password (defaults: CLICKHOUSE_URL, CLICKHOUSE_USER and CLICKHOUSE_PASSWORD
                                    as the service reads them, else http://127.0.0.1:8123, default, no password; a user
                                    that may insert), --insert-rows R per INSERT (default 2000000);
                                    the events table's materialized views fill the same rollups as the API
              --skip-catalog        do not load categories, entries and users
            """;

    private GeneratorCli() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> o = parse(args);
        if (o.containsKey("help")) {
            System.out.print(HELP);
            return;
        }
        GeneratorConfig config = new GeneratorConfig(Long.parseLong(o.getOrDefault("seed", "42")), o.getOrDefault("partner", "demo"),
                parseCount(o.getOrDefault("events", "1M")),
                o.containsKey("end-date") ? LocalDate.parse(o.get("end-date")) : LocalDate.now(ZoneOffset.UTC),
                Integer.parseInt(o.getOrDefault("noise-partners", "2")), Double.parseDouble(o.getOrDefault("noise-share", "0.10")),
                Integer.parseInt(o.getOrDefault("heartbeat-sec", "10")), !o.containsKey("no-event-ids"),
                (int) parseCount(o.getOrDefault("entries", "0")), (int) parseCount(o.getOrDefault("users", "0")));
        String sink = o.getOrDefault("sink", "stats");
        DataGenerator generator = new DataGenerator(config);
        Account account = generator.account();
        System.err.printf(Locale.ROOT, "Generating %s%n  %,d categories, %,d entries, %,d users; big category %s; days %s to %s%n",
                config, account.categories().size(), account.entries().size(), account.users().size(), account.bigCategoryId(),
                generator.windowStart(), generator.windowEnd());
        Summary summary = new Summary();
        Iterator<GeneratedEvent> events = counting(generator.events(), summary);
        long started = System.nanoTime();
        switch (sink) {
            case "stats" -> {
                try (Progress p = new Progress("events", config.events())) {
                    while (events.hasNext()) {
                        events.next();
                        p.add(1);
                    }
                }
            }
            case "ndjson" -> {
                String out = o.getOrDefault("out", "-");
                try (Writer w = out.equals("-") ? new BufferedWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8))
                        : Files.newBufferedWriter(Path.of(out)); Progress p = new Progress("events", config.events())) {
                    StringBuilder sb = new StringBuilder();
                    while (events.hasNext()) {
                        sb.setLength(0);
                        events.next().appendJson(sb).append('\n');
                        w.write(sb.toString());
                        p.add(1);
                    }
                }
            }
            case "http" -> {
                String template = o.getOrDefault("key-template", "{partner}-ingest-key");
                String mainKey = o.get("ingest-key");
                ApiLoader loader = new ApiLoader(o.getOrDefault("service-url", "http://127.0.0.1:8080"),
                        partner -> mainKey != null && partner.equals(config.partnerId()) ? mainKey : template.replace("{partner}", partner));
                if (!o.containsKey("skip-catalog")) {
                    for (Account a : generator.accounts()) {
                        loader.loadCatalog(a);
                    }
                }
                try (Progress p = new Progress("POST /v1/events", config.events())) {
                    loader.post(ApiLoader.batches(events, Integer.parseInt(o.getOrDefault("batch", "5000"))),
                            Integer.parseInt(o.getOrDefault("clients", "8")), p::add);
                }
                System.err.printf(Locale.ROOT, "stored %,d, duplicates %,d%n", loader.stored(), loader.duplicates());
            }
            case "bulk" -> {
                ClickHouseHttp clickHouse = new ClickHouseHttp(
                        o.getOrDefault("clickhouse-url", env("CLICKHOUSE_URL", "http://127.0.0.1:8123")),
                        o.getOrDefault("clickhouse-user", env("CLICKHOUSE_USER", "default")),
                        o.getOrDefault("clickhouse-password", env("CLICKHOUSE_PASSWORD", "")));
                BulkLoader loader = new BulkLoader(clickHouse, new DeviceDetection(), Instant.now().getEpochSecond());
                if (!o.containsKey("skip-catalog")) {
                    for (Account a : generator.accounts()) {
                        loader.loadCatalog(a);
                    }
                }
                try (Progress p = new Progress("INSERT INTO events", config.events())) {
                    loader.loadEvents(events, parseCount(o.getOrDefault("insert-rows", "2000000")), p::add);
                }
            }
            default -> throw new IllegalArgumentException("Unknown --sink " + sink + " (stats, ndjson, http, bulk)");
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        System.err.println(summary);
        System.err.printf(Locale.ROOT, "%,d events in %.1f s (%,.0f events/s)%n", summary.events(), seconds, summary.events() / seconds);
    }

    static Iterator<GeneratedEvent> counting(Iterator<GeneratedEvent> events, Summary summary) {
        return GeneratedEvent.mapped(events, e -> {
            summary.add(e);
            return e;
        });
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }

    /** {@code 1M}, {@code 250k}, {@code 1.5M}, {@code 10000000}. */
    public static long parseCount(String s) {
        String t = s.trim().toLowerCase(Locale.ROOT).replace("_", "").replace(",", "");
        double factor = 1;
        if (t.endsWith("k")) {
            factor = 1e3;
            t = t.substring(0, t.length() - 1);
        } else if (t.endsWith("m")) {
            factor = 1e6;
            t = t.substring(0, t.length() - 1);
        } else if (t.endsWith("g") || t.endsWith("b")) {
            factor = 1e9;
            t = t.substring(0, t.length() - 1);
        }
        return Math.round(Double.parseDouble(t) * factor);
    }

    /** {@code --name value}, {@code --name=value} and bare flags ({@code --name}); the benchmark's too. */
    public static Map<String, String> parse(String[] args) {
        Map<String, String> out = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (!a.startsWith("--")) {
                throw new IllegalArgumentException("Unexpected argument '" + a + "' (options start with --; see --help)");
            }
            String name = a.substring(2);
            int eq = name.indexOf('=');
            if (eq >= 0) {
                out.put(name.substring(0, eq), name.substring(eq + 1));
            } else if (i + 1 < args.length && !args[i + 1].startsWith("--")) {
                out.put(name, args[++i]);
            } else {
                out.put(name, "true");
            }
        }
        return out;
    }
}
