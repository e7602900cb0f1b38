package com.galleryanalytics.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The results as Markdown: targets first, then every figure, then where the time goes. */
final class Report {
    private Report() {
    }

    static String markdown(String machine, Map<String, String> o, List<BenchMain.SizeResult> sizes, BenchMain.IngestResult ingest)
            throws IOException {
        StringBuilder md = new StringBuilder();
        md.append("# Benchmark results\n\n");
        md.append("Written by `bin/bench` (").append(ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ISO_LOCAL_DATE_TIME)
                .substring(0, 19)).append(" UTC). Produced by:\n\n```\n").append(o.getOrDefault("command", "bin/bench")).append("\n```\n\n");
        md.append("- Machine: ").append(machine).append('\n');
        md.append("- The machine is shared: load average (1, 5, 15 min) before each size's measurements: ");
        for (BenchMain.SizeResult s : sizes) {
            md.append(s.label()).append(" `").append(s.loadBefore()).append("`, after `").append(s.loadAfter()).append("`; ");
        }
        if (ingest != null) {
            md.append("ingest `").append(ingest.loadBefore()).append('`');
        }
        md.append("\n- Data: generator seed ").append(o.getOrDefault("seed", "42")).append(", 365 days ending the day before ")
                .append(o.getOrDefault("end-date", "the run")).append(", bulk-loaded into `events` (the materialized views fill the rollups"
                        + " as for the API); 10% of each size are two other partners' events. Size `demo` is the service's demo account"
                        + " (120 days of traffic up to yesterday, stored by the service's own loader as the API stores events), its"
                        + " \"Demo Gallery\" for the 12 months up to today.\n");
        md.append("- Dashboard: `bench/dashboard.graphql`, every panel of the big category (\"Sports\", about half of the"
                + " entries, 13 categories with its subtree) for the 12 months, time zone ").append(o.getOrDefault("time-zone", "America/New_York"))
                .append("; warm (after warm-up requests), one client back to back and 16 concurrent clients.\n");
        md.append("- Floor: the statements the service sent for one such request (read back from `system.query_log`), sent straight"
                + " to ClickHouse over HTTP in the service's waves (category, tree, panels, first drill-down level and row entities,"
                + " second drill-down level), each wave's statements concurrently, through at most ").append(o.getOrDefault("pool", "16"))
                .append(" connections (the service's pool). The shared completion statements (which the service sends after the"
                        + " counts of their wave) are replayed with the next wave.\n");
        md.append("- Raw events: the same statements rewritten to read `events` instead of the rollups and the per-play table,"
                + " run the same way (one client); the answers are checked to be identical.\n\n");

        BenchMain.SizeResult small = sizes.isEmpty() ? null : sizes.get(0);
        BenchMain.SizeResult big = sizes.isEmpty() ? null : sizes.get(sizes.size() - 1);
        md.append("## Targets\n\n| target | result | verdict |\n| --- | --- | --- |\n");
        // the standing targets (issue 10), per size measured
        for (BenchMain.SizeResult each : sizes) {
            Double limit = switch (each.label()) {
                case "demo" -> 30.0;
                case "10m" -> 150.0;
                case "100m" -> 500.0;
                default -> null;
            };
            if (limit != null) {
                target(md, "dashboard p50, one client, " + each.label() + " ≤ " + limit.intValue() + " ms", each.graphQl1().p50(), limit, "ms",
                        false);
            }
            target(md, "dashboard p95 ≤ 2 × p50, one client, " + each.label(), each.graphQl1().p95() / each.graphQl1().p50(), 2, "×", false);
        }
        BenchMain.SizeResult tenMillion = sizes.stream().filter(x -> x.label().equals("10m")).findFirst().orElse(null);
        if (tenMillion != null) {
            target(md, "16 concurrent clients, 10m: ≥ 20 dashboards/s", tenMillion.graphQl16().throughput(), 20, "dashboards/s", true);
            target(md, "≥ 20 × faster than raw events (10m, p50, one client)", tenMillion.raw1().p50() / tenMillion.graphQl1().p50(), 20,
                    "×", true);
        }
        BenchMain.SizeResult hundredMillion = sizes.stream().filter(x -> x.label().equals("100m")).findFirst().orElse(null);
        if (tenMillion != null && hundredMillion != null) {
            target(md, "10m → 100m at most 3 × latency (p50, one client)", hundredMillion.graphQl1().p50() / tenMillion.graphQl1().p50(), 3,
                    "×", false);
        }
        if (ingest != null) {
            target(md, "ingest through POST /v1/events ≥ 50,000 events/s", ingest.events() / ingest.httpSeconds(), 50_000, "events/s", true);
            target(md, "ingest ≥ 70 % of a direct insert of the same rows (same batches, " + ingest.clients() + " clients)",
                    100 * ingest.batchesSeconds() / ingest.httpSeconds(), 70, "%", true);
        }
        md.append('\n');

        md.append("## Dashboard latency (ms)\n\n| size | path | clients | requests | p50 | p95 | p99 | mean | requests/s |\n"
                + "| --- | --- | --- | --- | --- | --- | --- | --- | --- |\n");
        for (BenchMain.SizeResult s : sizes) {
            row(md, s.label(), "GraphQL (end to end)", s.graphQl1());
            row(md, s.label(), "GraphQL (end to end)", s.graphQl16());
            row(md, s.label(), "floor: same SQL straight to ClickHouse", s.floor1());
            row(md, s.label(), "floor: same SQL straight to ClickHouse", s.floor16());
            row(md, s.label(), "same answers from raw events", s.raw1());
        }
        md.append("\n| size | end-to-end / floor (1 client) | end-to-end / floor (16 clients) | raw events / end-to-end (1 client) |"
                + " statements per request | ClickHouse time per request (sum over statements) | answer size |\n"
                + "| --- | --- | --- | --- | --- | --- | --- |\n");
        for (BenchMain.SizeResult s : sizes) {
            md.append(String.format(Locale.ROOT, "| %s | %.2f × | %.2f × | %.1f × | %d | %,d ms | %,d bytes |%n", s.label(),
                    s.graphQl1().p50() / s.floor1().p50(), s.graphQl16().p50() / s.floor16().p50(), s.raw1().p50() / s.graphQl1().p50(),
                    s.statements(), s.serverMillisOneRequest(), s.responseBytes()));
        }
        if (small != null && big != null && small != big) {
            md.append(String.format(Locale.ROOT, "%nGrowth %s → %s (p50): GraphQL %.2f × (one client), %.2f × (16 clients); floor %.2f ×; raw events %.2f ×.%n",
                    small.label(), big.label(), big.graphQl1().p50() / small.graphQl1().p50(), big.graphQl16().p50() / small.graphQl16().p50(),
                    big.floor1().p50() / small.floor1().p50(), big.raw1().p50() / small.raw1().p50()));
        }
        md.append("\nRaw events give the same answers as the rollups: ");
        for (BenchMain.SizeResult s : sizes) {
            md.append(s.label()).append(": ").append(s.rawCheck()).append(". ");
        }
        md.append("\n\n## Where the time goes\n\nCPU per request, measured around each request from /proc (one client; GraphQL and the floor"
                + " alternate, so both meet the same machine). \"Others\" is the share of the machine's CPU that processes other than the"
                + " benchmark's took meanwhile: the machine is shared, and what they take shows up as latency.\n\n"
                + "| size | path | service CPU | ClickHouse CPU | harness CPU | others |\n| --- | --- | --- | --- | --- | --- |\n");
        for (BenchMain.SizeResult s : sizes) {
            usage(md, s.label(), "GraphQL, 1 client", s.graphQlUsage(), s.graphQl1().count());
            usage(md, s.label(), "floor, 1 client", s.floorUsage(), s.floor1().count());
            usage(md, s.label(), "raw events, 1 client", s.rawUsage(), s.raw1().count());
            usage(md, s.label(), "GraphQL and floor, 16 clients", s.usage16(), s.graphQl16().count() + s.floor16().count());
            md.append(String.format(Locale.ROOT, "| %s | (before measuring) | | | | %.0f %% |%n", s.label(), 100 * s.foreignBefore()));
        }
        for (BenchMain.SizeResult s : sizes) {
            if (!s.profile().isEmpty()) {
                md.append(String.format(Locale.ROOT, "%nService CPU profile at %s (JFR, one client, %.0f samples, recorded after the measured requests), by layer: the first frame"
                        + " from the top of each sampled stack that belongs to one of them.%n%n| layer | share |%n| --- | --- |%n",
                        s.label(), s.profile().getOrDefault("(samples)", 0.0)));
                s.profile().forEach((layer, share) -> {
                    if (!layer.equals("(samples)")) {
                        md.append(String.format(Locale.ROOT, "| %s | %.1f %% |%n", layer, share));
                    }
                });
            }
        }
        for (BenchMain.SizeResult s : sizes) {
            md.append(String.format(Locale.ROOT, "%nStatements of one request at %s, by ClickHouse time (server side, as logged while the"
                    + " request ran; all statements in `var/bench/statements-%s.sql`):%n%n| wave | ms | rows read | statement |%n| --- | --- | --- | --- |%n",
                    s.label(), s.label()));
            s.captured().stream().sorted((a, b) -> Long.compare(b.serverMillis(), a.serverMillis())).limit(12).forEach(st ->
                    md.append(String.format(Locale.ROOT, "| %d | %,d | %,d | `%s` |%n", st.wave(), st.serverMillis(), st.readRows(), shape(st.sql()))));
        }
        md.append("\n## Data\n\n| size | account events | events in the table (all partners) |");
        List<String> tables = big == null ? List.of() : List.copyOf(big.tableRows().keySet());
        for (String t : tables) {
            md.append(' ').append(t).append(" rows |");
        }
        md.append("\n| --- | --- | --- |").append(" --- |".repeat(tables.size())).append('\n');
        for (BenchMain.SizeResult s : sizes) {
            md.append(String.format(Locale.ROOT, "| %s | %,d | %,d |", s.label(), s.accountEvents(), s.totalEvents()));
            for (String t : tables) {
                md.append(String.format(Locale.ROOT, " %,d |", s.tableRows().getOrDefault(t, 0L)));
            }
            md.append('\n');
        }
        if (ingest != null) {
            md.append(String.format(Locale.ROOT, "%n## Ingest%n%n%,d generated events (another account, 10%% noise partners) posted to"
                    + " `POST /v1/events` as NDJSON, %,d events per request, %d concurrent clients, with event ids (so every batch is"
                    + " checked for repeats); then the same rows (under another partner id) straight into ClickHouse's `events` table,"
                    + " first in the same batches from as many clients (`INSERT ... FORMAT TabSeparated` each), then in one INSERT of"
                    + " all rows (the ceiling: one block per materialized view, nothing to merge). All feed the same materialized views."
                    + " Bodies are encoded before the clock starts.%n%n"
                    + "| path | seconds | events/s | service CPU | ClickHouse CPU | harness CPU | others |%n| --- | --- | --- | --- | --- | --- | --- |%n"
                    + "| POST /v1/events | %.1f | %,.0f | %.1f s | %.1f s | %.1f s | %.0f %% |%n"
                    + "| direct, same batches, %d clients | %.1f | %,.0f | | %.1f s | %.1f s | %.0f %% |%n"
                    + "| direct, one INSERT | %.1f | %,.0f | | %.1f s | %.1f s | %.0f %% |%n%n"
                    + "API / direct in the same batches: %.0f %%; API / one INSERT: %.0f %%. Stored through the API: %,d.%n",
                    ingest.events(), ingest.batch(), ingest.clients(), ingest.httpSeconds(), ingest.events() / ingest.httpSeconds(),
                    ingest.http().service(), ingest.http().clickHouse(), ingest.http().harness(), 100 * ingest.http().foreignShare(),
                    ingest.clients(), ingest.batchesSeconds(), ingest.events() / ingest.batchesSeconds(), ingest.batches().clickHouse(),
                    ingest.batches().harness(), 100 * ingest.batches().foreignShare(),
                    ingest.directSeconds(), ingest.events() / ingest.directSeconds(), ingest.direct().clickHouse(), ingest.direct().harness(),
                    100 * ingest.direct().foreignShare(), 100 * ingest.batchesSeconds() / ingest.httpSeconds(),
                    100 * ingest.directSeconds() / ingest.httpSeconds(), ingest.stored()));
        }
        md.append("\n## Heap\n\n| phase | peak heap used | peak live data after GC |\n| --- | --- | --- |\n");
        for (BenchMain.SizeResult s : sizes) {
            md.append(String.format(Locale.ROOT, "| dashboard, 16 clients, %s | %.0f MiB | %.0f MiB |%n", s.label(), s.heapPeakUsed() / 1048576,
                    s.heapPeakLive() / 1048576));
        }
        if (ingest != null) {
            md.append(String.format(Locale.ROOT, "| ingest, %d clients | %.0f MiB | |%n", ingest.clients(), ingest.heapPeakUsed() / 1048576));
        }
        md.append("\nThe service runs with `").append(o.getOrDefault("service-jvm", "-Xmx1g")).append("` and"
                + " `spring.mvc.async.request-timeout=600s` and `gallery.clickhouse.read-connection-timeout-seconds=600` (at 16 clients a request queues, for the response and for read connections, longer than the defaults of 30 s and 10 s); heap in use includes garbage not yet"
                + " collected, live data is what survived the last collection (sampled every 200 ms from the actuator).\n");
        Path analysis = Path.of("bench/analysis.md");
        if (Files.exists(analysis)) {
            md.append('\n').append(Files.readString(analysis));
        }
        return md.toString();
    }

    static final String COLD_SECTION = "## The first dashboard after a restart (cold)";

    /**
     * The results with one more row in the section on cold starts (made, before the hand-written
     * analysis, when it is not there yet).
     */
    static String withColdRow(String results, String size, String restarted, double firstMillis, double secondMillis) {
        String row = String.format(Locale.ROOT, "| %s | %s | %,.0f | %,.0f |%n", size, restarted, firstMillis, secondMillis);
        int section = results.indexOf(COLD_SECTION);
        if (section < 0) {
            String head = COLD_SECTION + "\n\nEach size after the service (and the embedded ClickHouse) was stopped and started again:"
                    + " their caches are empty, the operating system's page cache is not dropped. The first request is cold; the"
                    + " second finds what the first loaded.\n\n| size | restarted | first dashboard (ms) | second (ms) |\n"
                    + "| --- | --- | --- | --- |\n" + row + "\n";
            int analysis = results.indexOf("## Why the misses");
            return analysis < 0 ? results + "\n" + head : results.substring(0, analysis) + head + results.substring(analysis);
        }
        int tableEnd = results.indexOf("\n\n", results.indexOf("| --- |", section));
        return tableEnd < 0 ? results + row : results.substring(0, tableEnd + 1) + row + results.substring(tableEnd + 1);
    }

    private static void usage(StringBuilder md, String size, String path, CpuMeter.Usage u, int requests) {
        if (u == null || requests == 0) {
            return;
        }
        md.append(String.format(Locale.ROOT, "| %s | %s | %.0f ms | %.0f ms | %.0f ms | %.0f %% |%n", size, path, 1000 * u.service() / requests,
                1000 * u.clickHouse() / requests, 1000 * u.harness() / requests, 100 * u.foreignShare()));
    }

    private static void target(StringBuilder md, String name, double value, double limit, String unit, boolean atLeast) {
        boolean met = atLeast ? value >= limit : value <= limit;
        String fmt = unit.equals("×") || Math.abs(value) < 10 ? "%.2f %s" : "%,.0f %s";
        String verdict;
        if (met) {
            verdict = "met";
        } else {
            verdict = atLeast ? String.format(Locale.ROOT, "missed: %.0f %% of the target", 100 * value / limit)
                    : String.format(Locale.ROOT, "missed by %.1f ×", value / limit);
        }
        md.append("| ").append(name).append(" | ").append(String.format(Locale.ROOT, fmt, value, unit)).append(" | ").append(verdict)
                .append(" |\n");
    }

    private static void row(StringBuilder md, String size, String path, Latencies l) {
        md.append(String.format(Locale.ROOT, "| %s | %s | %d | %d | %.0f | %.0f | %.0f | %.0f | %.2f |%n", size, path, l.clients(), l.count(),
                l.p50(), l.p95(), l.p99(), l.mean(), l.throughput()));
    }

    /** A statement's shape: what it selects from, grouped by what. */
    private static String shape(String sql) {
        String s = sql.replaceAll("\\s+", " ").replaceAll(" FORMAT \\w+\\s*$", "").strip();
        if (s.startsWith("SELECT r, k[1] AS k0")) {
            return "completion of several requests at once, from plays"; // the shared completion batch
        }
        java.util.regex.Matcher from = java.util.regex.Pattern.compile("FROM (rollup_\\w+|events|categories FINAL|users FINAL|entries FINAL)")
                .matcher(s);
        String source = from.find() ? from.group(1) : "?";
        List<String> keys = new java.util.ArrayList<>();
        java.util.regex.Matcher key = java.util.regex.Pattern.compile(" AS k(\\d)\\b").matcher(s);
        while (key.find()) {
            if (Integer.parseInt(key.group(1)) != keys.size()) {
                break; // the keys of the first SELECT that names them, in order
            }
            int depth = 0;
            int i = key.start() - 1;
            for (; i >= 0; i--) {
                char c = s.charAt(i);
                if (c == ')') {
                    depth++;
                } else if (c == '(') {
                    if (depth == 0) {
                        break;
                    }
                    depth--;
                } else if (depth == 0 && (c == ',' || s.startsWith("SELECT ", i - 6) && c == ' ')) {
                    break;
                }
            }
            keys.add(s.substring(i + 1, key.start()).strip());
        }
        String kind = s.startsWith("SELECT count()") || s.matches("^SELECT (k\\d, )+count\\(\\).*") ? "row count"
                : s.startsWith("SELECT uniqExactIf(creator_id") ? "contributors, played entries"
                : s.startsWith("SELECT k0") ? "rows" : "catalog";
        String limit = s.matches(".*LIMIT \\d+ BY .*") ? ", n per parent" : s.matches(".*LIMIT \\d+ OFFSET \\d+$") ? ", one page" : "";
        String by = keys.isEmpty() || keys.equals(List.of("toUInt8(1)")) ? "" : " by " + String.join(", ", keys);
        String text = kind + " from " + source + by + limit + (s.contains(") IN (") ? ", for parent rows" : "")
                + (kind.equals("rows") && !s.contains("FROM plays") ? ", no completion" : "");
        return text.replace("|", "\\|").replace("`", "'");
    }
}
