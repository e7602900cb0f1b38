package com.galleryanalytics.clickhouse;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.io.ClassPathResource;

/**
 * A {@code clickhouse-server} process this application starts and stops: loopback only, the
 * project's config from {@code clickhouse/server/}, data in a folder that survives restarts.
 */
public final class OwnedClickHouseServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(OwnedClickHouseServer.class);

    private final Path binary;
    private final Path dataDir;
    private final int httpPort;
    private volatile Process process;
    private volatile boolean deleteDataOnClose;

    private OwnedClickHouseServer(Path binary, Process process, Path dataDir, int httpPort) {
        this.binary = binary;
        this.process = process;
        this.dataDir = dataDir;
        this.httpPort = httpPort;
    }

    /** The executable when it can be found on the PATH (or as given, when it is a path). */
    public static Optional<Path> findBinary(String binary) {
        Path direct = Path.of(binary);
        if (direct.isAbsolute() || binary.contains("/")) {
            return Files.isExecutable(direct) ? Optional.of(direct) : Optional.empty();
        }
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String dir : path.split(java.io.File.pathSeparator)) {
            Path candidate = Path.of(dir, binary);
            if (Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        for (String dir : new String[] {"/usr/sbin", "/usr/bin", "/usr/local/bin"}) {
            Path candidate = Path.of(dir, binary);
            if (Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    public static OwnedClickHouseServer start(Path binary, Path dataDir, int requestedHttpPort, Duration timeout) {
        try {
            Path dir = dataDir.toAbsolutePath().normalize();
            Files.createDirectories(dir.resolve("log"));
            Files.createDirectories(dir.resolve("conf"));
            stopLeftover(dir);
            int httpPort = requestedHttpPort > 0 ? requestedHttpPort : freePort();
            int tcpPort = freePort();
            Path users = dir.resolve("conf/users.xml");
            Files.writeString(users, template("clickhouse/server/users.xml"));
            String config = template("clickhouse/server/config.xml")
                    .replace("${DATA_DIR}", dir.toString())
                    .replace("${HTTP_PORT}", Integer.toString(httpPort))
                    .replace("${TCP_PORT}", Integer.toString(tcpPort))
                    .replace("${USERS_FILE}", users.toString());
            Path configFile = dir.resolve("conf/config.xml");
            Files.writeString(configFile, config);
            Process process = launch(binary, dir);
            OwnedClickHouseServer server = new OwnedClickHouseServer(binary, process, dir, httpPort);
            server.awaitReady(timeout);
            log.info("Started ClickHouse (owned by this application): http://127.0.0.1:{} data in {} (pid {})",
                    httpPort, dir, process.pid());
            return server;
        } catch (IOException e) {
            throw new ClickHouseStartupException("Could not start " + binary + ": " + e.getMessage(),
                    "Check that " + dataDir + " is writable, or set gallery.clickhouse.url to a running server.", e);
        }
    }

    private static Process launch(Path binary, Path dir) throws IOException {
        Process process = new ProcessBuilder(binary.toString(), "--config-file=" + dir.resolve("conf/config.xml"))
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("log/stdout.log").toFile()))
                .start();
        Files.writeString(dir.resolve("server.pid"), Long.toString(process.pid()));
        return process;
    }

    /** Starts the server again after {@link #close()} (same ports, same data); for fault drills. */
    public synchronized void restart(Duration timeout) {
        if (process.isAlive()) {
            return;
        }
        try {
            process = launch(binary, dataDir);
        } catch (IOException e) {
            throw new ClickHouseStartupException("Could not restart " + binary + ": " + e.getMessage(),
                    "See " + dataDir.resolve("log"), e);
        }
        awaitReady(timeout);
    }

    /** Deletes the data folder when the server is closed for good (a test's temporary folder). */
    public void deleteDataOnClose() {
        this.deleteDataOnClose = true;
    }

    /** Stops the server and, when asked, deletes its data folder. */
    public synchronized void shutdown() {
        close();
        if (deleteDataOnClose) {
            try (java.util.stream.Stream<Path> files = Files.walk(dataDir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException e) {
                log.warn("Could not delete {}: {}", dataDir, e.getMessage());
            }
        }
    }

    public boolean isRunning() {
        return process.isAlive();
    }

    public int httpPort() {
        return httpPort;
    }

    public Path dataDir() {
        return dataDir;
    }

    private void awaitReady(Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new ClickHouseStartupException(
                        "clickhouse-server exited at start with code " + process.exitValue() + "; see "
                                + dataDir.resolve("log"),
                        "Read the server log named above; or set gallery.clickhouse.url to a running server.");
            }
            if (ping()) {
                return;
            }
            sleep(100);
        }
        close();
        throw new ClickHouseStartupException("clickhouse-server did not answer within " + timeout.toSeconds() + " s",
                "See " + dataDir.resolve("log") + ", or raise gallery.clickhouse.start-timeout-seconds.");
    }

    private boolean ping() {
        try {
            HttpURLConnection c = (HttpURLConnection) URI.create("http://127.0.0.1:" + httpPort + "/ping").toURL()
                    .openConnection();
            c.setConnectTimeout(500);
            c.setReadTimeout(500);
            try (InputStream in = c.getInputStream()) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8).startsWith("Ok");
            } finally {
                c.disconnect();
            }
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public synchronized void close() {
        if (process.isAlive()) {
            process.destroy();
            try {
                if (!process.waitFor(20, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
            }
            log.info("Stopped ClickHouse at http://127.0.0.1:{}", httpPort);
        }
        try {
            Files.deleteIfExists(dataDir.resolve("server.pid"));
        } catch (IOException ignored) {
            // the next start checks the pid anyway
        }
    }

    /** A server left running by a killed JVM holds the data folder's lock: stop it first. */
    private static void stopLeftover(Path dir) throws IOException {
        Path pidFile = dir.resolve("server.pid");
        if (!Files.exists(pidFile)) {
            return;
        }
        try {
            long pid = Long.parseLong(Files.readString(pidFile).trim());
            ProcessHandle.of(pid)
                    .filter(p -> p.info().command().map(c -> c.contains("clickhouse")).orElse(false))
                    .ifPresent(p -> {
                        log.warn("Stopping a ClickHouse server (pid {}) left running on {}", pid, dir);
                        p.destroy();
                        try {
                            p.onExit().get(20, TimeUnit.SECONDS);
                        } catch (Exception e) {
                            p.destroyForcibly();
                        }
                    });
        } catch (NumberFormatException ignored) {
            // not ours
        }
        Files.deleteIfExists(pidFile);
    }

    private static String template(String resource) throws IOException {
        try (InputStream in = new ClassPathResource(resource).getInputStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ClickHouseStartupException("Interrupted while waiting for ClickHouse", "Start again.");
        }
    }
}
