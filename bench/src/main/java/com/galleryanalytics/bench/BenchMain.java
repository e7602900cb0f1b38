package com.galleryanalytics.bench;

import com.galleryanalytics.generator.Account;
import com.galleryanalytics.generator.ApiLoader;
import com.galleryanalytics.generator.BulkLoader;
import com.galleryanalytics.generator.ClickHouseHttp;
import com.galleryanalytics.generator.DataGenerator;
import com.galleryanalytics.generator.GeneratedEvent;
import com.galleryanalytics.generator.GeneratorCli;
import com.galleryanalytics.generator.GeneratorConfig;
import com.galleryanalytics.generator.Progress;
import com.galleryanalytics.generator.StoredRows;
import com.galleryanalytics.demo.DemoData;
import com.galleryanalytics.demo.DemoDataLoader;
import com.galleryanalytics.ingest.DeviceDetection;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Semaphore;

/**
 * The benchmark. Expects the service and its ClickHouse running (bin/bench starts both) and
 * measures, for each data size: the dashboard through GraphQL with 1 and 16 clients, the same
 * statements straight to ClickHouse (the floor) and rewritten over raw events, and the service's
 * heap; then ingest through the API against a direct insert of the same rows. Writes the results
 * as Markdown. {@code --help} lists the options.
 */
public final class BenchMain {
    private static final String HELP = """
            Options (defaults in brackets):
              --service-url URL        the running service [http://127.0.0.1:8093]
              --clickhouse-url URL     its ClickHouse, with log_queries on [http://127.0.0.1:8193]
              --clickhouse-user U, --clickhouse-password P
                                       a user with full rights there: bulk loads, the floor, raw events, the query log [gallery, bench-writer]
              --read-user U            the user the service reads as; its statements are the ones replayed [analytics]
              --sizes LIST             account sizes in events, noise included, or demo (the service's demo account) [demo,1M,10M]
              --seed S                 generator seed [42]
              --end-date YYYY-MM-DD    data ends the day before [today, UTC]
              --time-zone TZ           the dashboard's time zone [America/New_York]
              --runs N                 measured requests with one client, each of GraphQL and the floor, alternating [30]
              --runs16 N               measured requests with 16 clients, each of GraphQL and the floor [64]
              --max-foreign F          wait before measuring until other processes use at most this share of the CPU [0.15]
              --quiet-wait S           ... but at most S seconds [900]
              --warmup N               warm-up requests (one client; the JIT needs them) [10]
              --raw-runs N             measured requests of the raw-events variant (one client) [5]
              --pool N                 connections of the floor and raw replays (the service's pool) [16]
              --ingest-events N        events posted through the API for the ingest figure, 0 to skip [1M]
              --ingest-clients N       concurrent API clients [16]
              --batch N                events per POST [5000]
              --service-pid P, --clickhouse-pid P   for CPU time per request and the JFR profile
              --jdk DIR                JDK with jcmd/jfr for the profile [java.home]
              --out FILE               results [bench/RESULTS.md]
              --command TEXT           the command line to record in the results
            """;

    private final Map<String, String> o;
    private final ClickHouseHttp clickHouse;
    private final String serviceUrl;
    private final String readUser;
    private final LocalDate endDate;
    private final long seed;
    private final long servicePid;
    private final long clickHousePid;

    private BenchMain(Map<String, String> options) {
        this.o = options;
        this.clickHouse = new ClickHouseHttp(o.getOrDefault("clickhouse-url", "http://127.0.0.1:8193"),
                o.getOrDefault("clickhouse-user", "gallery"), o.getOrDefault("clickhouse-password", "bench-writer"));
        this.readUser = o.getOrDefault("read-user", "analytics");
        this.serviceUrl = o.getOrDefault("service-url", "http://127.0.0.1:8093");
        this.endDate = o.containsKey("end-date") ? LocalDate.parse(o.get("end-date")) : LocalDate.now(ZoneOffset.UTC);
        this.seed = Long.parseLong(o.getOrDefault("seed", "42"));
        this.servicePid = Long.parseLong(o.getOrDefault("service-pid", "0"));
        this.clickHousePid = Long.parseLong(o.getOrDefault("clickhouse-pid", "0"));
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = GeneratorCli.parse(args);
        if (options.containsKey("help")) {
            System.out.print(HELP);
            return;
        }
        if (options.containsKey("cold")) {
            new BenchMain(options).cold(options.get("cold"));
            return;
        }
        new BenchMain(options).run();
    }

    /** Everything measured for one data size. */
    record SizeResult(String label, long accountEvents, long totalEvents, Map<String, Long> tableRows, int statements,
            long serverMillisOneRequest, Latencies graphQl1, Latencies graphQl16, Latencies floor1, Latencies floor16, Latencies raw1,
            String rawCheck, int responseBytes, double heapPeakUsed, double heapPeakLive, CpuMeter.Usage graphQlUsage,
            CpuMeter.Usage floorUsage, CpuMeter.Usage usage16, CpuMeter.Usage rawUsage, double foreignBefore, Map<String, Double> profile,
            String loadBefore, String loadAfter, List<Statements.Statement> captured) {}

    /**
     * The ingest figures.
     *
     * @param batchesSeconds the same rows in the same batches straight into ClickHouse from as many clients
     * @param directSeconds  the same rows in one INSERT
     */
    record IngestResult(long events, int clients, int batch, double httpSeconds, double batchesSeconds, double directSeconds, long stored,
            double heapPeakUsed, CpuMeter.Usage http, CpuMeter.Usage batches, CpuMeter.Usage direct, String loadBefore) {}

    private void run() throws Exception {
        if (!clickHouse.ping()) {
            throw new IllegalStateException("ClickHouse does not answer at " + clickHouse.baseUrl());
        }
        String machine = Machine.describe(clickHouse);
        System.err.println("Machine: " + machine);
        List<SizeResult> sizes = new ArrayList<>();
        for (String size : o.getOrDefault("sizes", "demo,1M,10M").split(",")) {
            if (size.isBlank() || size.strip().equals("none")) {
                continue;
            }
            sizes.add(measureSize(size.strip()));
            writeReport(machine, sizes, null);
        }
        IngestResult ingest = null;
        long ingestEvents = GeneratorCli.parseCount(o.getOrDefault("ingest-events", "1M"));
        if (ingestEvents > 0) {
            ingest = measureIngest(ingestEvents);
        }
        writeReport(machine, sizes, ingest);
    }

    /**
     * The first dashboards of a size right after a restart (bin/bench restarts the service, and the
     * embedded ClickHouse, before calling this): the first request is cold, the second finds what the
     * first loaded. Adds them to the results' section on cold starts.
     */
    private void cold(String size) throws Exception {
        Target target = target(size);
        DashboardClient dashboard = dashboard(target);
        long t = System.nanoTime();
        dashboard.fetch();
        double first = (System.nanoTime() - t) / 1e6;
        t = System.nanoTime();
        dashboard.fetch();
        double second = (System.nanoTime() - t) / 1e6;
        String restarted = o.getOrDefault("cold-restarted", "both").equals("both") ? "service and ClickHouse" : "service (a configured ClickHouse)";
        System.err.printf(Locale.ROOT, "[%s] after a restart of the %s: first dashboard %.0f ms, second %.0f ms%n", target.label(), restarted,
                first, second);
        Path out = Path.of(o.getOrDefault("out", "bench/RESULTS.md"));
        Files.writeString(out, Report.withColdRow(Files.readString(out), target.label(), restarted, first, second));
    }

    /** The benchmark's dashboard query for the target's category and window, with the target partner's key. */
    private DashboardClient dashboard(Target target) throws IOException {
        String query = Files.readString(Path.of(o.getOrDefault("query", "bench/dashboard.graphql")));
        String variables = String.format(Locale.ROOT, "{\"id\":\"%s\",\"f\":{\"from\":\"%s\",\"to\":\"%s\",\"timeZone\":\"%s\"}}",
                target.categoryId(), target.from(), target.to(), o.getOrDefault("time-zone", "America/New_York"));
        return new DashboardClient(serviceUrl, target.partnerId() + "-analytics-key", query, variables);
    }

    /**
     * What one size measures: a partner's dashboard for one category and window.
     *
     * @param accountEvents the partner's own events (its noise partners' not counted)
     */
    record Target(String label, String partnerId, String categoryId, LocalDate from, LocalDate to, long accountEvents) {}

    /**
     * A generated account of {@code size} events (bulk-loaded unless there), or with {@code demo}
     * the service's demo account (loaded by the service at its start, bin/bench runs it with
     * the demo loader on): its gallery for the 12 months up to today.
     */
    private Target target(String size) throws InterruptedException {
        String label = size.toLowerCase(Locale.ROOT);
        if (label.equals("demo")) {
            long events = awaitDemoAccount();
            LocalDate today = LocalDate.now(ZoneOffset.UTC);
            return new Target(label, DemoDataLoader.PARTNER_ID, DemoData.GALLERY_ID, today.minusDays(365), today, events);
        }
        GeneratorConfig config = GeneratorConfig.of(seed, "acme-" + label, GeneratorCli.parseCount(size), endDate);
        DataGenerator generator = new DataGenerator(config);
        load(generator);
        return new Target(label, config.partnerId(), generator.account().bigCategoryId(), generator.windowStart(), generator.windowEnd(),
                config.accountEvents());
    }

    /** Waits (at most two minutes) until the service has stored the demo account's events; returns how many. */
    private long awaitDemoAccount() throws InterruptedException {
        long deadline = System.currentTimeMillis() + 120_000;
        long last = -1;
        int steady = 0;
        while (System.currentTimeMillis() < deadline) {
            long n = Long.parseLong(clickHouse.query("SELECT count() FROM events WHERE partner_id = '" + DemoDataLoader.PARTNER_ID + "'")
                    .strip());
            steady = n > 0 && n == last ? steady + 1 : 0;
            if (steady >= 3) {
                return n;
            }
            last = n;
            Thread.sleep(1000);
        }
        throw new IllegalStateException("The service did not load its demo account within two minutes (bin/bench runs it with"
                + " gallery.demo.enabled=true): see var/bench/service.log");
    }

    private SizeResult measureSize(String size) throws Exception {
        Target target = target(size);
        String label = target.label();
        settle();
        Map<String, Long> tableRows = new LinkedHashMap<>();
        for (String table : List.of("events", "rollup_entry", "rollup_entry_coarse", "rollup_user", "rollup_user_coarse",
                "rollup_geo", "rollup_geo_coarse", "rollup_device", "rollup_device_coarse", "rollup_domain", "rollup_domain_coarse",
                "plays")) {
            tableRows.put(table, Long.parseLong(clickHouse.query("SELECT count() FROM " + table + " WHERE partner_id = '"
                    + target.partnerId() + "'").strip()));
        }
        long totalEvents = Long.parseLong(clickHouse.query("SELECT count() FROM events").strip());

        DashboardClient dashboard = dashboard(target);
        int warmup = Integer.parseInt(o.getOrDefault("warmup", "10"));
        int runs = Integer.parseInt(o.getOrDefault("runs", "30"));
        int runs16 = Integer.parseInt(o.getOrDefault("runs16", "64"));
        int rawRuns = Integer.parseInt(o.getOrDefault("raw-runs", "5"));
        int pool = Integer.parseInt(o.getOrDefault("pool", "16"));
        CpuMeter meter = new CpuMeter(servicePid, clickHousePid);
        double quiet = meter.awaitQuiet(Double.parseDouble(o.getOrDefault("max-foreign", "0.15")),
                Long.parseLong(o.getOrDefault("quiet-wait", "900")));
        String loadBefore = Machine.loadAverage();

        System.err.printf(Locale.ROOT, "[%s] warming up%n", label);
        LoadRunner.run(dashboard, 1, warmup, 0);
        String answer = dashboard.fetch();
        int responseBytes = answer.getBytes(StandardCharsets.UTF_8).length;
        Files.createDirectories(Path.of("var/bench"));
        Files.writeString(Path.of("var/bench/dashboard-" + label + ".json"), answer);

        // the statements of one request, from the query log
        sleepToNextSecond();
        long from = Instant.now().getEpochSecond();
        dashboard.fetch();
        long to = Instant.now().getEpochSecond();
        Thread.sleep(1100);
        List<Statements.Statement> captured = Statements.captured(clickHouse, readUser, from, to);
        long serverMillis = captured.stream().mapToLong(Statements.Statement::serverMillis).sum();
        System.err.printf(Locale.ROOT, "[%s] one request: %d statements, %d ms of ClickHouse time%n", label, captured.size(), serverMillis);
        Files.writeString(Path.of("var/bench/statements-" + label + ".sql"), String.join(";\n\n",
                captured.stream().map(st -> "-- wave " + st.wave() + ", " + st.serverMillis() + " ms, " + st.readRows() + " rows read\n"
                        + st.sql().strip()).toList()) + ";\n");
        Semaphore connections = new Semaphore(pool);
        Replay floor = new Replay(clickHouse, captured, connections);
        LoadRunner.run(floor, 1, warmup, 0);

        // one client: GraphQL and the floor alternately, CPU per request
        CpuMeter.Usage[] usage = new CpuMeter.Usage[2];
        Latencies[] one = LoadRunner.alternate(dashboard, floor, runs, meter, usage);
        // then, apart from the measured requests (JFR costs CPU), a profile of the service
        Profiler profiler = servicePid > 0 ? new Profiler(Path.of(o.getOrDefault("jdk", System.getProperty("java.home"))), servicePid,
                Path.of("var/bench/profile-" + label + ".jfr")) : null;
        Map<String, Double> profile = Map.of();
        if (profiler != null) {
            profiler.start();
            LoadRunner.run(dashboard, 1, 0, Math.max(5, runs / 2));
            profile = profiler.stop();
        }
        System.err.printf(Locale.ROOT, "[%s] GraphQL, 1 client:   %s%n", label, one[0]);
        System.err.printf(Locale.ROOT, "[%s] floor, 1 client:     %s%n", label, one[1]);

        // 16 clients: GraphQL and floor in alternating rounds; the service's heap sampled meanwhile
        LoadRunner.run(dashboard, 16, 1, 0);
        LoadRunner.run(floor, 16, 1, 0);
        Latencies[] sixteen;
        double heapUsed;
        double heapLive;
        CpuMeter.Snapshot before16 = meter.now();
        try (HeapSampler heap = new HeapSampler(serviceUrl)) {
            sixteen = LoadRunner.alternateConcurrent(dashboard, floor, 16, Math.max(16, runs16 / 2), 2);
            heapUsed = heap.peakUsed();
            heapLive = heap.peakLive();
        }
        CpuMeter.Usage usage16 = before16.until(meter.now());
        System.err.printf(Locale.ROOT, "[%s] GraphQL, 16 clients: %s%n", label, sixteen[0]);
        System.err.printf(Locale.ROOT, "[%s] floor, 16 clients:   %s%n", label, sixteen[1]);

        // the same answers from raw events
        List<Statements.Statement> raw = new ArrayList<>();
        for (Statements.Statement st : captured) {
            String r = Statements.raw(st.sql());
            raw.add(new Statements.Statement(st.wave(), r == null ? st.sql() : r));
        }
        String rawCheck = compare(captured, raw);
        System.err.printf(Locale.ROOT, "[%s] raw events answer the same: %s%n", label, rawCheck);
        CpuMeter.Snapshot beforeRaw = meter.now();
        Latencies raw1 = LoadRunner.run(new Replay(clickHouse, raw, connections), 1, 1, rawRuns);
        CpuMeter.Usage usageRaw = beforeRaw.until(meter.now());
        System.err.printf(Locale.ROOT, "[%s] raw events, 1 client: %s%n", label, raw1);
        Files.writeString(Path.of("var/bench/statements-raw-" + label + ".sql"), String.join(";\n\n",
                raw.stream().map(st -> "-- wave " + st.wave() + "\n" + st.sql().strip()).toList()) + ";\n");
        return new SizeResult(label, target.accountEvents(), totalEvents, tableRows, captured.size(), serverMillis, one[0], sixteen[0],
                one[1], sixteen[1], raw1, rawCheck, responseBytes, heapUsed, heapLive, usage[0], usage[1], usage16, usageRaw, quiet, profile,
                loadBefore, Machine.loadAverage(), captured);
    }

    /** Bulk-loads the generated account unless the partner's events are there already. */
    private void load(DataGenerator generator) {
        GeneratorConfig config = generator.config();
        long present = Long.parseLong(clickHouse.query("SELECT count() FROM events WHERE partner_id = '" + config.partnerId() + "'").strip());
        if (present > 0) {
            if (Math.abs(present - config.accountEvents()) > config.accountEvents() * 0.01) {
                throw new IllegalStateException("Partner " + config.partnerId() + " has " + present + " events, expected about "
                        + config.accountEvents() + ": start from an empty ClickHouse (bin/bench --fresh)");
            }
            System.err.printf(Locale.ROOT, "%s: %,d events already loaded%n", config.partnerId(), present);
            return;
        }
        BulkLoader loader = new BulkLoader(clickHouse, new DeviceDetection(), Instant.now().getEpochSecond());
        for (Account a : generator.accounts()) {
            loader.loadCatalog(a);
        }
        try (Progress p = new Progress("bulk load " + config.partnerId(), config.events())) {
            loader.loadEvents(generator.events(), 2_000_000, p::add);
        }
    }

    /** Waits until ClickHouse has no merges running (after a load), at most 10 minutes. */
    private void settle() throws InterruptedException {
        long deadline = System.currentTimeMillis() + 600_000;
        int quiet = 0;
        while (quiet < 3 && System.currentTimeMillis() < deadline) {
            long merges = Long.parseLong(clickHouse.query("SELECT count() FROM system.merges").strip());
            quiet = merges == 0 ? quiet + 1 : 0;
            Thread.sleep(1000);
        }
    }

    /** Runs each rollup statement and its raw-events rewrite; counts identical answers (numbers within 1e-9 relative, rows in order when ordered). */
    private String compare(List<Statements.Statement> rollup, List<Statements.Statement> raw) {
        int compared = 0;
        int same = 0;
        String firstDifference = null;
        for (int i = 0; i < rollup.size(); i++) {
            if (rollup.get(i).sql().equals(raw.get(i).sql())) {
                continue;
            }
            compared++;
            String a = clickHouse.query(rollup.get(i).sql());
            String b = clickHouse.query(raw.get(i).sql());
            if (sameAnswer(a, b, ordered(rollup.get(i).sql()))) {
                same++;
            } else if (firstDifference == null) {
                firstDifference = "statement " + i + ": " + abbreviate(a) + " vs " + abbreviate(b);
            }
        }
        return same + " of " + compared + " rollup statements" + (firstDifference == null ? "" : "; first difference: " + firstDifference);
    }

    /** Whether a statement's rows come in a defined order: it ends with ORDER BY (after its last subquery). */
    static boolean ordered(String sql) {
        return sql.substring(sql.lastIndexOf(')') + 1).contains("ORDER BY");
    }

    /**
     * Whether two answers are the same: row by row when the statement orders them, else as sets of
     * rows (the shared completion statements end with GROUP BY, and a multi-threaded GROUP BY gives
     * its rows in any order).
     */
    static boolean sameAnswer(String a, String b, boolean ordered) {
        String[] la = a.split("\n");
        String[] lb = b.split("\n");
        if (!ordered) {
            java.util.Arrays.sort(la);
            java.util.Arrays.sort(lb);
        }
        if (la.length != lb.length) {
            return false;
        }
        for (int i = 0; i < la.length; i++) {
            String[] ca = la[i].split("\t", -1);
            String[] cb = lb[i].split("\t", -1);
            if (ca.length != cb.length) {
                return false;
            }
            for (int j = 0; j < ca.length; j++) {
                if (ca[j].equals(cb[j])) {
                    continue;
                }
                try {
                    double x = Double.parseDouble(ca[j]);
                    double y = Double.parseDouble(cb[j]);
                    if (Math.abs(x - y) > 1e-9 * Math.max(1, Math.max(Math.abs(x), Math.abs(y)))) {
                        return false;
                    }
                } catch (NumberFormatException e) {
                    return false;
                }
            }
        }
        return true;
    }

    private IngestResult measureIngest(long events) throws Exception {
        GeneratorConfig config = GeneratorConfig.of(seed + 1, "ingest-http", events, endDate);
        dropIngestPartners();
        DataGenerator generator = new DataGenerator(config);
        int clients = Integer.parseInt(o.getOrDefault("ingest-clients", "16"));
        int batch = Integer.parseInt(o.getOrDefault("batch", "5000"));
        ApiLoader api = new ApiLoader(serviceUrl, partner -> partner + "-ingest-key");
        for (Account a : generator.accounts()) {
            api.loadCatalog(a);
        }
        // warm: the service's ingest code compiled by the JIT before the clock starts, as the
        // dashboard is measured after warm-up requests (the events of another account, not counted)
        long warmupEvents = GeneratorCli.parseCount(o.getOrDefault("ingest-warmup-events", "200k"));
        if (warmupEvents > 0) {
            DataGenerator warmup = new DataGenerator(GeneratorConfig.of(seed + 2, "ingest-http-warmup", warmupEvents, endDate));
            ApiLoader warmupApi = new ApiLoader(serviceUrl, partner -> partner + "-ingest-key");
            for (Account a : warmup.accounts()) {
                warmupApi.loadCatalog(a);
            }
            try (Progress p = new Progress("warm-up, POST /v1/events", warmupEvents)) {
                warmupApi.post(ApiLoader.batches(warmup.events(), batch), clients, p::add);
            }
        }
        System.err.printf(Locale.ROOT, "[ingest] encoding %,d events as NDJSON batches of %,d%n", events, batch);
        List<ApiLoader.Batch> batches = new ArrayList<>();
        ApiLoader.batches(generator.events(), batch).forEachRemaining(batches::add);
        long sent = batches.stream().mapToLong(ApiLoader.Batch::events).sum();
        settle();
        CpuMeter meter = new CpuMeter(servicePid, clickHousePid);
        meter.awaitQuiet(Double.parseDouble(o.getOrDefault("max-foreign", "0.15")), Long.parseLong(o.getOrDefault("quiet-wait", "900")));
        String loadBefore = Machine.loadAverage();
        double httpSeconds;
        double heapUsed;
        CpuMeter.Snapshot beforeHttp = meter.now();
        try (HeapSampler heap = new HeapSampler(serviceUrl); Progress p = new Progress("POST /v1/events", sent)) {
            long t = System.nanoTime();
            api.post(batches.iterator(), clients, p::add);
            httpSeconds = (System.nanoTime() - t) / 1e9;
            heapUsed = heap.peakUsed();
        }
        CpuMeter.Usage http = beforeHttp.until(meter.now());
        batches.clear();
        System.err.printf(Locale.ROOT, "[ingest] API: %,d events in %.1f s = %,.0f events/s (stored %,d)%n", sent, httpSeconds,
                sent / httpSeconds, api.stored());
        if (api.stored() < sent) {
            // spooled or refused: the figure is then not one of ingest into ClickHouse
            System.err.printf(Locale.ROOT, "[ingest] %,d of %,d events were not stored at once (spooled or refused): see"
                    + " var/bench/service.log%n", sent - api.stored(), sent);
        }

        // the same rows (another partner id each time, so nothing collides) straight into ClickHouse:
        // first as the API got them (the same batches, as many clients), then as one INSERT (the ceiling)
        BulkLoader direct = new BulkLoader(clickHouse, new DeviceDetection(), Instant.now().getEpochSecond());
        List<byte[]> chunks = directBatches(direct, renamed(new DataGenerator(config).events(), "-direct-batches"), batch);
        settle();
        meter.awaitQuiet(Double.parseDouble(o.getOrDefault("max-foreign", "0.15")), 120);
        CpuMeter.Snapshot beforeBatches = meter.now();
        long t = System.nanoTime();
        insertConcurrently(chunks, clients);
        double batchesSeconds = (System.nanoTime() - t) / 1e9;
        CpuMeter.Usage batchesUsage = beforeBatches.until(meter.now());
        chunks.clear();
        System.err.printf(Locale.ROOT, "[ingest] direct, %d clients: %,d rows in %.1f s = %,.0f rows/s%n", clients, sent, batchesSeconds,
                sent / batchesSeconds);

        byte[] tsv = direct.encode(() -> renamed(new DataGenerator(config).events(), "-direct"));
        settle();
        meter.awaitQuiet(Double.parseDouble(o.getOrDefault("max-foreign", "0.15")), 120);
        CpuMeter.Snapshot beforeDirect = meter.now();
        t = System.nanoTime();
        clickHouse.insert(StoredRows.EVENT_COLUMNS, "TabSeparated", tsv);
        double directSeconds = (System.nanoTime() - t) / 1e9;
        CpuMeter.Usage directUsage = beforeDirect.until(meter.now());
        System.err.printf(Locale.ROOT, "[ingest] direct, one INSERT: %,d rows in %.1f s = %,.0f rows/s%n", sent, directSeconds,
                sent / directSeconds);
        return new IngestResult(sent, clients, batch, httpSeconds, batchesSeconds, directSeconds, api.stored(), heapUsed, http,
                batchesUsage, directUsage, loadBefore);
    }

    /**
     * Removes what an earlier run's ingest measurement stored (its partners' rows in every table),
     * so a run needs no {@code --fresh} and ingest stores every event anew instead of dropping repeats.
     */
    private void dropIngestPartners() {
        String tables = clickHouse.query("SELECT DISTINCT table FROM system.columns WHERE database = currentDatabase()"
                + " AND name = 'partner_id' AND table IN (SELECT name FROM system.tables WHERE database = currentDatabase()"
                + " AND engine LIKE '%MergeTree') ORDER BY table").strip();
        for (String table : tables.split("\n")) {
            if (table.isBlank()) {
                continue;
            }
            long rows = Long.parseLong(clickHouse.query("SELECT count() FROM `" + table + "` WHERE partner_id LIKE 'ingest-http%'").strip());
            if (rows > 0) {
                System.err.printf(Locale.ROOT, "[ingest] removing %,d rows of an earlier run from %s%n", rows, table);
                clickHouse.query("ALTER TABLE `" + table + "` DELETE WHERE partner_id LIKE 'ingest-http%' SETTINGS mutations_sync = 1");
            }
        }
    }

    /** The events as TabSeparated INSERT bodies of {@code size} rows of one partner each, as the API's requests were cut. */
    private static List<byte[]> directBatches(BulkLoader direct, Iterator<GeneratedEvent> events, int size) {
        Map<String, List<GeneratedEvent>> open = new LinkedHashMap<>();
        List<byte[]> out = new ArrayList<>();
        while (events.hasNext()) {
            GeneratedEvent e = events.next();
            List<GeneratedEvent> rows = open.computeIfAbsent(e.partnerId(), k -> new ArrayList<>(size));
            rows.add(e);
            if (rows.size() >= size) {
                out.add(direct.encode(rows));
                rows.clear();
            }
        }
        for (List<GeneratedEvent> rows : open.values()) {
            if (!rows.isEmpty()) {
                out.add(direct.encode(rows));
            }
        }
        return out;
    }

    /** Sends the bodies as INSERTs from {@code clients} threads, each taking the next body when its last is stored. */
    private void insertConcurrently(List<byte[]> bodies, int clients) throws Exception {
        java.util.concurrent.atomic.AtomicInteger next = new java.util.concurrent.atomic.AtomicInteger();
        try (var pool = java.util.concurrent.Executors.newFixedThreadPool(clients)) {
            List<java.util.concurrent.Future<?>> done = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                done.add(pool.submit(() -> {
                    for (int i = next.getAndIncrement(); i < bodies.size(); i = next.getAndIncrement()) {
                        clickHouse.insert(StoredRows.EVENT_COLUMNS, "TabSeparated", bodies.get(i));
                    }
                    return null;
                }));
            }
            for (var f : done) {
                f.get();
            }
        }
    }

    private static Iterator<GeneratedEvent> renamed(Iterator<GeneratedEvent> events, String suffix) {
        return GeneratedEvent.mapped(events, e -> e.ofPartner(e.partnerId() + suffix));
    }

    private void writeReport(String machine, List<SizeResult> sizes, IngestResult ingest) throws IOException {
        String text = Report.markdown(machine, o, sizes, ingest);
        Path out = Path.of(o.getOrDefault("out", "bench/RESULTS.md"));
        Files.writeString(out, text);
        System.err.println("Wrote " + out);
    }

    private static void sleepToNextSecond() throws InterruptedException {
        long ms = System.currentTimeMillis();
        Thread.sleep(1000 - ms % 1000 + 20);
    }

    private static String abbreviate(String s) {
        String t = s.replace("\n", " | ");
        return t.length() > 300 ? t.substring(0, 300) + "…" : t;
    }
}
