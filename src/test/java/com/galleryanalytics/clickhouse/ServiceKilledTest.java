package com.galleryanalytics.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded ClickHouse ends with the service even when the service cannot stop it: the
 * service runs in a JVM of its own (the real application, with the embedded server in a
 * temporary folder), is killed with SIGKILL, and its ClickHouse process must be gone within 10 s.
 */
class ServiceKilledTest {
    static final Duration START_TIMEOUT = Duration.ofSeconds(180);

    @TempDir
    Path dir;

    @Test
    void killingTheServiceWithSigkillStopsItsClickHouseWithinTenSeconds() throws Exception {
        Path log = dir.resolve("service.log");
        Path data = dir.resolve("clickhouse");
        ProcessBuilder builder = new ProcessBuilder(javaExecutable(), "-Xmx512m", "-cp", classPath(),
                "com.galleryanalytics.GalleryAnalyticsApplication", "--server.port=0", "--spring.main.banner-mode=off",
                "--gallery.clickhouse.data-dir=" + data, "--gallery.spool.dir=" + dir.resolve("spool"),
                "--gallery.demo.enabled=false")
                .redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().remove("CLICKHOUSE_URL");
        Process service = builder.start();
        try {
            Instant deadline = Instant.now().plus(START_TIMEOUT);
            while (!Files.readString(log).contains("Started GalleryAnalyticsApplication")) {
                assertThat(service.isAlive()).as("the service exited at start:%n%s", tail(log)).isTrue();
                assertThat(Instant.now()).as("the service did not start within %s:%n%s", START_TIMEOUT, tail(log))
                        .isBefore(deadline);
                Thread.sleep(200);
            }
            long clickHousePid = Long.parseLong(Files.readString(data.resolve("server.pid")).trim());
            ProcessHandle clickHouse = ProcessHandle.of(clickHousePid).orElseThrow();
            assertThat(clickHouse.isAlive()).isTrue();
            assertThat(clickHouse.parent().map(ProcessHandle::pid)).isEqualTo(Optional.of(service.pid()));
            assertThat(clickHouse.info().commandLine().orElse("")).contains("ChdbLauncher");

            long killed = System.nanoTime();
            service.destroyForcibly(); // SIGKILL: no shutdown hook, no context close
            service.waitFor();
            Instant gone = Instant.now().plusSeconds(10);
            while (clickHouse.isAlive() && Instant.now().isBefore(gone)) {
                Thread.sleep(20);
            }
            long millis = (System.nanoTime() - killed) / 1_000_000;
            System.out.printf("[service-killed] the service (pid %d) was killed with SIGKILL; its ClickHouse (pid %d) %s after"
                    + " %d ms%n", service.pid(), clickHousePid, clickHouse.isAlive() ? "still runs" : "was gone", millis);
            assertThat(clickHouse.isAlive()).as("ClickHouse still runs %d ms after its service was killed", millis).isFalse();
        } finally {
            service.destroyForcibly();
            // a ClickHouse left behind by a failed assertion must not outlive the test either
            if (Files.exists(data.resolve("server.pid"))) {
                ProcessHandle.of(Long.parseLong(Files.readString(data.resolve("server.pid")).trim()))
                        .ifPresent(ProcessHandle::destroyForcibly);
            }
        }
    }

    private static String tail(Path log) throws IOException {
        List<String> lines = Files.readAllLines(log);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    }

    /**
     * The test's class path as surefire gives it (its own {@code java.class.path} is a booter jar
     * whose manifest lists the same folders again), each entry once.
     */
    private static String classPath() {
        String path = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        return String.join(java.io.File.pathSeparator,
                new java.util.LinkedHashSet<>(List.of(path.split(java.io.File.pathSeparator))));
    }

    private static String javaExecutable() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
