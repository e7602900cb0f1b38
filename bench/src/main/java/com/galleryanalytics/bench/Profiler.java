package com.galleryanalytics.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A JFR CPU profile of the service during a run (via jcmd), its samples attributed to a layer by
 * the first frame, from the top of the stack, that belongs to one: the ClickHouse driver (jdbc-v2
 * and client-v2 over Apache HttpClient 5), jOOQ, GraphQL execution, JSON serialization, the web
 * server, the service's own code.
 */
final class Profiler {
    private static final List<String[]> LAYERS = List.of(
            new String[] {"ClickHouse JDBC driver and client (com.clickhouse jdbc-v2, client-v2, Apache HttpClient 5)",
                "com.clickhouse.", "org.apache.hc.", "net.jpountz."},
            new String[] {"jOOQ", "org.jooq."},
            new String[] {"JSON serialization (Jackson)", "com.fasterxml.jackson.", "tools.jackson."},
            new String[] {"GraphQL execution (graphql-java, Spring GraphQL, DataLoader)", "graphql.", "org.springframework.graphql.",
                "org.dataloader."},
            new String[] {"Service code (com.galleryanalytics)", "com.galleryanalytics."},
            new String[] {"Web server and Spring MVC", "org.apache.catalina.", "org.apache.coyote.", "org.apache.tomcat.",
                "org.springframework.web.", "jakarta.servlet."},
            new String[] {"Connection pool (HikariCP)", "com.zaxxer.hikari."});

    private final Path jdk;
    private final long pid;
    private final Path file;

    Profiler(Path jdk, long pid, Path file) {
        this.jdk = jdk;
        this.pid = pid;
        this.file = file;
    }

    void start() throws IOException, InterruptedException {
        Files.deleteIfExists(file);
        run(jdk.resolve("bin/jcmd").toString(), Long.toString(pid), "JFR.start", "name=bench", "settings=profile",
                "filename=" + file.toAbsolutePath());
    }

    /** Stops the recording; returns the share of CPU samples per layer (layer → percent), largest first. */
    Map<String, Double> stop() throws IOException, InterruptedException {
        run(jdk.resolve("bin/jcmd").toString(), Long.toString(pid), "JFR.stop", "name=bench");
        String text = run(jdk.resolve("bin/jfr").toString(), "print", "--events", "jdk.ExecutionSample", "--stack-depth", "64",
                file.toAbsolutePath().toString());
        Map<String, Integer> counts = new LinkedHashMap<>();
        int total = 0;
        for (String sample : text.split("jdk.ExecutionSample \\{")) {
            int frames = sample.indexOf("stackTrace = [");
            if (frames < 0) {
                continue;
            }
            String layer = "Other (JDK, GC helpers, logging, ...)";
            outer:
            for (String line : sample.substring(frames).split("\n")) {
                String frame = line.strip();
                for (String[] l : LAYERS) {
                    for (int i = 1; i < l.length; i++) {
                        if (frame.startsWith(l[i])) {
                            layer = l[0];
                            break outer;
                        }
                    }
                }
            }
            counts.merge(layer, 1, Integer::sum);
            total++;
        }
        Map<String, Double> out = new LinkedHashMap<>();
        int sum = Math.max(1, total);
        counts.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
                .forEach(e -> out.put(e.getKey(), 100.0 * e.getValue() / sum));
        out.put("(samples)", (double) total);
        return out;
    }

    private static String run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        if (p.waitFor() != 0) {
            throw new IOException(String.join(" ", command) + " failed: " + new String(out, StandardCharsets.UTF_8));
        }
        return new String(out, StandardCharsets.UTF_8);
    }
}
