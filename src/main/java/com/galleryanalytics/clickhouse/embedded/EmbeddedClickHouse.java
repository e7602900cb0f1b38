package com.galleryanalytics.clickhouse.embedded;

import com.galleryanalytics.clickhouse.ClickHouseStartupException;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.io.ClassPathResource;

/**
 * A ClickHouse server this service runs for itself: clickhouse-local from chDB's library, serving
 * HTTP and native TCP on loopback, in a child JVM ({@link ChdbLauncher}) whose standard input is
 * this process's pipe, so the server ends with the service even when the service is killed. Data
 * is kept in {@code dataDir/data} across restarts; the config and the users (see
 * {@code clickhouse/server/users.xml}) are written before every start, with new passwords for the
 * service's own users.
 *
 * <p>Supervised: when the server dies, it is started again on the same ports and data (at once,
 * then after growing pauses while it keeps failing); meanwhile writes fail fast and ingest spools.
 */
public final class EmbeddedClickHouse implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(EmbeddedClickHouse.class);
    public static final String WRITER = "gallery";
    public static final String ANALYTICS = "analytics";
    /**
     * What the bootstrap session runs: open the listeners, then a statement that never ends
     * (one row a second of nothing), so the server serves until {@link ChdbLauncher} halts.
     */
    static final String SERVE = "SYSTEM START LISTEN HTTP; SYSTEM START LISTEN TCP;"
            + " SELECT sum(sleepEachRow(1)) FROM system.numbers SETTINGS max_block_size = 1";
    /** Pauses before each attempt to start a dead server again (the last one repeats). */
    private static final Duration[] BACKOFF = {Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(5),
            Duration.ofSeconds(10), Duration.ofSeconds(30)};

    /**
     * How to run it.
     *
     * @param library             libchdb.so ({@link ChdbLibrary#resolve()})
     * @param dataDir             folder of data, config and logs
     * @param httpPort            HTTP port; 0 picks a free one (kept across restarts)
     * @param tcpPort             native TCP port; 0 picks a free one
     * @param startTimeout        how long a start may take
     * @param maxExecutionSeconds the analytics user's time limit per statement
     * @param maxMemoryBytes      the analytics user's memory limit per statement
     * @param writerPassword      password of the writer user {@value #WRITER}; null: a new random one
     *                            at every start (only this process knows it)
     * @param analyticsPassword   password of the read-only user {@value #ANALYTICS}; null: random
     */
    public record Options(Path library, Path dataDir, int httpPort, int tcpPort, Duration startTimeout,
            long maxExecutionSeconds, long maxMemoryBytes, String writerPassword, String analyticsPassword) {
        /** With random passwords for the service's own users. */
        public Options(Path library, Path dataDir, int httpPort, int tcpPort, Duration startTimeout,
                long maxExecutionSeconds, long maxMemoryBytes) {
            this(library, dataDir, httpPort, tcpPort, startTimeout, maxExecutionSeconds, maxMemoryBytes, null, null);
        }
    }

    private final Options options;
    private final Path dataDir;
    private final int httpPort;
    private final int tcpPort;
    private final String writerPassword;
    private final String analyticsPassword;
    private final AtomicInteger restarts = new AtomicInteger();
    private volatile Process process;
    private volatile boolean closing;
    /** Stopped on purpose ({@link #stop(boolean)}): not restarted until {@link #resume()}. */
    private volatile boolean held;
    private volatile boolean deleteDataOnClose;
    private volatile Instant lastExit;

    private EmbeddedClickHouse(Options options, Path dataDir, int httpPort, int tcpPort) {
        this.options = options;
        this.writerPassword = options.writerPassword() != null ? options.writerPassword() : randomPassword();
        this.analyticsPassword = options.analyticsPassword() != null ? options.analyticsPassword() : randomPassword();
        this.dataDir = dataDir;
        this.httpPort = httpPort;
        this.tcpPort = tcpPort;
    }

    /** Starts the server and waits until it answers; supervised from then on. */
    public static EmbeddedClickHouse start(Options options) {
        Path dir = options.dataDir().toAbsolutePath().normalize();
        try {
            Files.createDirectories(dir.resolve("log"));
            stopLeftover(dir);
            EmbeddedClickHouse server = new EmbeddedClickHouse(options, dir,
                    options.httpPort() > 0 ? options.httpPort() : freePort(),
                    options.tcpPort() > 0 ? options.tcpPort() : freePort());
            long started = System.nanoTime();
            server.launch();
            log.info("Started ClickHouse {} (embedded, chDB) in {} ms: http://127.0.0.1:{}, native TCP 127.0.0.1:{},"
                            + " data in {} (pid {})", server.version(), (System.nanoTime() - started) / 1_000_000,
                    server.httpPort, server.tcpPort, dir, server.process.pid());
            server.supervise(server.process);
            return server;
        } catch (IOException e) {
            throw new ClickHouseStartupException("Could not start the embedded ClickHouse: " + e.getMessage(),
                    "Check that " + dir + " is writable, or set CLICKHOUSE_URL to a running server.", e);
        }
    }

    private synchronized void launch() throws IOException {
        writeConfig();
        // clickhouse-local keeps the system database in memory but its logs' data on disk, and
        // will not create system.query_log over the folder of the last run's: start them afresh
        deleteTree(dataDir.resolve("data/data/system"));
        Path launcherDir = copyLauncher();
        List<String> command = new ArrayList<>(List.of(javaExecutable(), "--enable-native-access=ALL-UNNAMED",
                "-Xmx64m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-cp", launcherDir.toString(),
                ChdbLauncher.class.getName(), options.library().toString(), "clickhouse",
                "--config-file=" + dataDir.resolve("conf/config.xml"), "--path=" + dataDir.resolve("data"),
                "--http_port=" + httpPort, "--tcp_port=" + tcpPort, "--listen_host=127.0.0.1", "--log-level=warning", "--multiquery",
                "--query=" + SERVE));
        Process p = new ProcessBuilder(command).directory(dataDir.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dataDir.resolve("log/launcher.log").toFile()))
                .start(); // stdin stays a pipe held by this process: its end stops the server
        process = p;
        Files.writeString(dataDir.resolve("server.pid"), Long.toString(p.pid()));
        awaitReady(p);
    }

    /**
     * Watches the process: an exit that {@link #close()} did not ask for is a crash, and the server
     * is started again.
     */
    private void supervise(Process watched) {
        watched.onExit().thenRunAsync(() -> {
            if (closing || held || watched != process) {
                return;
            }
            lastExit = Instant.now();
            log.error("The embedded ClickHouse (pid {}) died with exit code {}; starting it again. Last lines of {}:\n{}",
                    watched.pid(), watched.exitValue(), dataDir.resolve("log"), tail());
            restartUntilUp();
        }, task -> Thread.ofPlatform().daemon().name("clickhouse-supervisor").start(task));
    }

    private void restartUntilUp() {
        for (int attempt = 0; !closing && !held; attempt++) {
            sleep(BACKOFF[Math.min(attempt, BACKOFF.length - 1)]);
            if (closing || held) {
                return;
            }
            try {
                launch();
                restarts.incrementAndGet();
                log.warn("The embedded ClickHouse is back (pid {}, restart {})", process.pid(), restarts.get());
                supervise(process);
                return;
            } catch (IOException | RuntimeException e) {
                log.error("Could not restart the embedded ClickHouse (attempt {}): {}", attempt + 1, e.getMessage());
                Process p = process;
                if (p != null && p.isAlive()) {
                    p.destroyForcibly();
                }
            }
        }
    }

    private void writeConfig() throws IOException {
        Path conf = Files.createDirectories(dataDir.resolve("conf"));
        Path users = conf.resolve("users.xml");
        writePrivate(users, template("clickhouse/server/users.xml")
                .replace("${WRITER_PASSWORD_SHA256}", sha256(writerPassword))
                .replace("${ANALYTICS_PASSWORD_SHA256}", sha256(analyticsPassword))
                .replace("${ANALYTICS_MAX_EXECUTION_SECONDS}", Long.toString(options.maxExecutionSeconds()))
                .replace("${ANALYTICS_MAX_MEMORY_BYTES}", Long.toString(options.maxMemoryBytes()))
                .replace("${BI_USERS}", Files.exists(biUsersFile()) ? Files.readString(biUsersFile()) : ""));
        writePrivate(conf.resolve("config.xml"), template("clickhouse/server/config.xml")
                .replace("${DATA_DIR}", dataDir.toString())
                .replace("${USERS_FILE}", users.toString()));
    }

    /** The launcher's class file, copied out of wherever the service's classes are (a jar or a folder). */
    private Path copyLauncher() throws IOException {
        String resource = ChdbLauncher.class.getName().replace('.', '/') + ".class";
        Path dir = dataDir.resolve("launcher");
        Path target = dir.resolve(resource);
        Files.createDirectories(target.getParent());
        try (InputStream in = ChdbLauncher.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IOException("class file " + resource + " not found");
            }
            Files.write(target, in.readAllBytes());
        }
        return dir;
    }

    private void awaitReady(Process p) {
        Instant deadline = Instant.now().plus(options.startTimeout());
        while (Instant.now().isBefore(deadline)) {
            if (!p.isAlive()) {
                throw new ClickHouseStartupException("The embedded ClickHouse exited at start (code " + p.exitValue()
                        + "). Last lines of " + dataDir.resolve("log") + ":\n" + tail(),
                        "Read the log named above; or set CLICKHOUSE_URL to a running server.");
            }
            if (ping()) {
                return;
            }
            sleep(Duration.ofMillis(50));
        }
        p.destroyForcibly();
        throw new ClickHouseStartupException("The embedded ClickHouse did not answer within "
                + options.startTimeout().toSeconds() + " s; last lines of its log:\n" + tail(),
                "See " + dataDir.resolve("log") + ", or raise gallery.clickhouse.start-timeout-seconds.");
    }

    private boolean ping() {
        try {
            HttpURLConnection c = (HttpURLConnection) URI.create(httpUrl() + "/ping").toURL().openConnection();
            c.setConnectTimeout(500);
            c.setReadTimeout(1000);
            try (InputStream in = c.getInputStream()) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8).startsWith("Ok");
            } finally {
                c.disconnect();
            }
        } catch (IOException e) {
            return false;
        }
    }

    /** The server's version, asked over HTTP as the service's writer. */
    public String version() {
        try {
            HttpURLConnection c = (HttpURLConnection) URI.create(httpUrl() + "/?query=SELECT%20version()").toURL()
                    .openConnection();
            c.setRequestProperty("X-ClickHouse-User", WRITER);
            c.setRequestProperty("X-ClickHouse-Key", writerPassword);
            try (InputStream in = c.getInputStream()) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
            } finally {
                c.disconnect();
            }
        } catch (IOException e) {
            return "unknown (" + e.getMessage() + ")";
        }
    }

    public String httpUrl() {
        return "http://127.0.0.1:" + httpPort;
    }

    public int httpPort() {
        return httpPort;
    }

    public int tcpPort() {
        return tcpPort;
    }

    public Path dataDir() {
        return dataDir;
    }

    public String writerPassword() {
        return writerPassword;
    }

    public String analyticsPassword() {
        return analyticsPassword;
    }

    /** The server's process id now (it changes when the server is restarted). */
    public long pid() {
        return process.pid();
    }

    public boolean isRunning() {
        Process p = process;
        return p != null && p.isAlive();
    }

    /** How many times the server was started again after it died. */
    public int restarts() {
        return restarts.get();
    }

    /** When the server last died unasked, or null. */
    public Instant lastExit() {
        return lastExit;
    }

    /**
     * Stops the server and keeps it stopped (no restart) until {@link #resume()}: for maintenance
     * and fault drills.
     *
     * @param crash kill it outright (SIGKILL), as a crash would, instead of ending it by its pipe
     */
    public synchronized void stop(boolean crash) {
        held = true;
        Process p = process;
        if (p == null || !p.isAlive()) {
            return;
        }
        end(p, crash);
        log.warn("The embedded ClickHouse was stopped{} and stays down until resumed", crash ? " (killed)" : "");
    }

    /**
     * Ends the process: by closing its stdin (the launcher halts), or at once when {@code kill};
     * killed anyway if it is not gone within 10 s.
     */
    private static void end(Process p, boolean kill) {
        try {
            if (kill) {
                p.destroyForcibly();
            } else {
                p.getOutputStream().close();
            }
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (IOException e) {
            p.destroyForcibly();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
        }
    }

    /** Starts a server stopped by {@link #stop(boolean)} again, on the same ports and data, and supervises it. */
    public synchronized void resume() {
        if (isRunning()) {
            held = false;
            return;
        }
        try {
            launch();
        } catch (IOException e) {
            throw new ClickHouseStartupException("Could not start the embedded ClickHouse again: " + e.getMessage(),
                    "See " + dataDir.resolve("log"), e);
        }
        held = false;
        supervise(process);
    }

    /**
     * The partners' BI users: {@code <user>} elements of users.xml, kept in the data folder (their
     * passwords as SHA-256) and spliced into users.xml at every start. clickhouse-local keeps its
     * users in that file only (no SQL access storage) and reads it at start.
     */
    public Path biUsersFile() {
        return dataDir.resolve("conf/bi-users.xml");
    }

    /**
     * Writes the BI users and starts the server again with them (about a second; ingest spools
     * meanwhile and reads wait for the pool): the only way clickhouse-local takes new users.
     */
    public synchronized void replaceBiUsers(String usersXml) throws IOException {
        Files.createDirectories(biUsersFile().getParent());
        Path next = biUsersFile().resolveSibling("bi-users.xml.next");
        Files.writeString(next, usersXml);
        Files.move(next, biUsersFile(), java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        stop(false);
        resume();
        log.info("The embedded ClickHouse restarted with the BI users changed");
    }

    /** Deletes the data folder when the server is closed (a test's temporary folder). */
    public void deleteDataOnClose() {
        deleteDataOnClose = true;
    }

    /** Stops the server (closing its stdin ends it) and, when asked, deletes its data folder. */
    @Override
    public synchronized void close() {
        closing = true;
        Process p = process;
        if (p != null && p.isAlive()) {
            end(p, false);
            log.info("Stopped the embedded ClickHouse at {}", httpUrl());
        }
        try {
            Files.deleteIfExists(dataDir.resolve("server.pid"));
        } catch (IOException ignored) {
            // the next start checks the pid anyway
        }
        if (deleteDataOnClose) {
            deleteTree(dataDir);
        }
    }

    private static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException e) {
            log.warn("Could not delete {}: {}", dir, e.getMessage());
        }
    }

    /** A server left by a service that could not stop it (its pid file remains): stopped before this one starts. */
    private static void stopLeftover(Path dir) throws IOException {
        Path pidFile = dir.resolve("server.pid");
        if (!Files.exists(pidFile)) {
            return;
        }
        try {
            long pid = Long.parseLong(Files.readString(pidFile).trim());
            ProcessHandle.of(pid)
                    .filter(p -> p.info().commandLine().map(c -> c.contains(ChdbLauncher.class.getSimpleName())).orElse(false))
                    .ifPresent(p -> {
                        log.warn("Stopping an embedded ClickHouse (pid {}) left running on {}", pid, dir);
                        p.destroyForcibly();
                        try {
                            p.onExit().get(10, TimeUnit.SECONDS);
                        } catch (Exception e) {
                            log.warn("It did not stop: {}", e.getMessage());
                        }
                    });
        } catch (NumberFormatException ignored) {
            // not ours
        }
        Files.deleteIfExists(pidFile);
    }

    /** The last lines of the launcher's and the server's error logs. */
    private String tail() {
        StringBuilder out = new StringBuilder();
        for (String name : new String[] {"launcher.log", "clickhouse.err.log"}) {
            Path file = dataDir.resolve("log").resolve(name);
            try {
                if (Files.exists(file)) {
                    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
                    lines.subList(Math.max(0, lines.size() - 8), lines.size()).forEach(l -> out.append("  ").append(l).append('\n'));
                }
            } catch (IOException | RuntimeException e) {
                out.append("  (").append(name).append(": ").append(e.getMessage()).append(")\n");
            }
        }
        return out.toString();
    }

    private static String javaExecutable() {
        return ProcessHandle.current().info().command()
                .filter(c -> c.endsWith("java"))
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }

    private static void writePrivate(Path file, String text) throws IOException {
        Files.writeString(file, text, StandardCharsets.UTF_8);
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException ignored) {
            // not a POSIX file system
        }
    }

    private static String template(String resource) throws IOException {
        try (InputStream in = new ClassPathResource(resource).getInputStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static String randomPassword() {
        byte[] bytes = new byte[24];
        new SecureRandom().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static void sleep(Duration d) {
        if (d.isZero()) {
            return;
        }
        try {
            Thread.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
