package com.galleryanalytics.bench;

import com.galleryanalytics.clickhouse.embedded.ChdbLibrary;
import com.galleryanalytics.clickhouse.embedded.ClickHouseVersion;
import com.galleryanalytics.clickhouse.embedded.EmbeddedClickHouse;
import com.galleryanalytics.generator.GeneratorCli;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * The benchmark's ClickHouse ({@code bin/bench}): the service's own embedded server (chDB), with data
 * in a folder kept between runs, fixed ports and known passwords, so that the service, the harness
 * and the bulk loader all reach it as a configured server. Its users are the embedded server's:
 * {@value EmbeddedClickHouse#WRITER} (writes, the harness's own statements),
 * {@value EmbeddedClickHouse#ANALYTICS} (the service's reads) and {@value EmbeddedClickHouse#BI}.
 *
 * <p>The server runs in a child process that ends when this JVM ends (its standard input is this
 * JVM's pipe), and this JVM ends when the process named by {@code --until-exit-of} ends (bin/bench
 * passes its own pid), however that one ends, so no server outlives a benchmark run.
 */
public final class BenchClickHouse {
    private static final String HELP = """
            Runs the benchmark's ClickHouse until a process ends. Options (defaults in brackets):
              --data-dir DIR            data, config and logs, kept between runs [var/bench-clickhouse]
              --http-port P             HTTP port [8193]
              --tcp-port P              native TCP port [9193]
              --writer-password S       password of the writer user gallery [bench-writer]
              --read-password S         password of the read-only user analytics (readonly=2) [bench-analytics]
              --library FILE            libchdb.so to run [the pinned release, fetched through npm once]
              --start-timeout-seconds N how long the start may take [600]
              --ready-file FILE         written once the server answers: the server's pid
              --until-exit-of PID       stop the server when this process ends [run until stopped]
            """;
    /** The service's own limits per analytics statement (gallery.query.* in application.properties). */
    private static final long MAX_EXECUTION_SECONDS = 30;
    private static final long MAX_MEMORY_BYTES = 4_000_000_000L;

    private BenchClickHouse() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> o = GeneratorCli.parse(args);
        if (o.containsKey("help")) {
            System.out.print(HELP);
            return;
        }
        Optional<ProcessHandle> owner = o.containsKey("until-exit-of")
                ? Optional.of(ProcessHandle.of(Long.parseLong(o.get("until-exit-of")))
                        .orElseThrow(() -> new IllegalArgumentException("No process " + o.get("until-exit-of"))))
                : Optional.empty();
        Path library = o.containsKey("library") ? Path.of(o.get("library"))
                : new ChdbLibrary(ClickHouseVersion.pinned(), ChdbLibrary.defaultCacheDir(), System.err::println).resolve();
        EmbeddedClickHouse server = EmbeddedClickHouse.start(new EmbeddedClickHouse.Options(library,
                Path.of(o.getOrDefault("data-dir", "var/bench-clickhouse")),
                Integer.parseInt(o.getOrDefault("http-port", "8193")), Integer.parseInt(o.getOrDefault("tcp-port", "9193")),
                Duration.ofSeconds(Long.parseLong(o.getOrDefault("start-timeout-seconds", "600"))), MAX_EXECUTION_SECONDS,
                MAX_MEMORY_BYTES, o.getOrDefault("writer-password", "bench-writer"),
                o.getOrDefault("read-password", "bench-analytics")));
        Runtime.getRuntime().addShutdownHook(new Thread(server::close, "clickhouse-stop"));
        System.err.printf("ClickHouse %s at %s (pid %d, data in %s)%n", server.version(), server.httpUrl(), server.pid(),
                server.dataDir());
        if (o.containsKey("ready-file")) {
            // whole or not at all: bin/bench reads it as soon as it is there
            Path ready = Path.of(o.get("ready-file")).toAbsolutePath();
            Path part = ready.resolveSibling(ready.getFileName() + ".part");
            Files.writeString(part, server.pid() + "\n", StandardCharsets.UTF_8);
            Files.move(part, ready, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        }
        if (owner.isPresent()) {
            owner.get().onExit().join();
            System.exit(0); // the shutdown hook stops the server
        }
        Thread.currentThread().join(); // until the JVM is stopped (Ctrl-C, kill)
    }
}
