package com.galleryanalytics.clickhouse.embedded;

import com.galleryanalytics.clickhouse.ClickHouseStartupException;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * chDB's shared library ({@code libchdb.so}: the whole ClickHouse engine) of the pinned release,
 * from the npm registry. Fetched once, with {@code npm pack}, into a cache folder outside the
 * repository ({@code ~/.cache/gallery-analytics/chdb/<package>-<version>/}); the archive's SHA-512 is
 * checked against the pinned one (or, for platforms without one pinned, against the registry's),
 * then the library is unpacked and marked verified, and later starts reuse it. Several processes
 * fetching at once wait for one another (a file lock).
 */
public final class ChdbLibrary {
    private static final String VERIFIED = "VERIFIED";
    private static final Duration NPM_TIMEOUT = Duration.ofMinutes(20);

    private final ClickHouseVersion version;
    private final Path cacheDir;
    private final Consumer<String> progress;
    private final List<Path> searchPath;

    /**
     * @param cacheDir where fetched libraries are kept, one folder per package and version
     * @param progress where progress lines go (the log)
     */
    public ChdbLibrary(ClickHouseVersion version, Path cacheDir, Consumer<String> progress) {
        this(version, cacheDir, progress, defaultSearchPath());
    }

    /** @param searchPath the folders {@code npm} is looked for in */
    ChdbLibrary(ClickHouseVersion version, Path cacheDir, Consumer<String> progress, List<Path> searchPath) {
        this.version = version;
        this.cacheDir = cacheDir.toAbsolutePath().normalize();
        this.progress = progress;
        this.searchPath = searchPath;
    }

    /** {@code $XDG_CACHE_HOME/gallery-analytics}, else {@code ~/.cache/gallery-analytics}. */
    public static Path defaultCacheDir() {
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        return base.resolve("gallery-analytics");
    }

    /** The npm package of this machine's platform, e.g. {@code @chdb/lib-linux-x64-gnu}. */
    public static String platform() {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
        String cpu = switch (arch) {
            case "amd64", "x86_64" -> "x64";
            case "aarch64", "arm64" -> "arm64";
            default -> throw unsupported(os, arch);
        };
        if (os.contains("linux")) {
            return "linux-" + cpu + "-gnu";
        }
        if (os.contains("mac") || os.contains("darwin")) {
            return "darwin-" + cpu;
        }
        throw unsupported(os, arch);
    }

    public String packageName() {
        return "@chdb/lib-" + platform();
    }

    /** The library, fetched and verified first if this cache does not have it yet. */
    public Path resolve() {
        Path dir = cacheDir.resolve("chdb").resolve(packageName().replace("@chdb/", "") + "-" + version.chdb());
        Optional<Path> ready = verifiedLibrary(dir);
        if (ready.isPresent()) {
            return ready.get();
        }
        try {
            Files.createDirectories(dir);
            try (FileChannel lockFile = FileChannel.open(dir.resolve(".lock"), StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE); FileLock lock = lockFile.lock()) {
                ready = verifiedLibrary(dir); // another process may have fetched it while we waited
                return ready.isPresent() ? ready.get() : fetch(dir);
            }
        } catch (IOException e) {
            throw new ClickHouseStartupException("Could not fetch the embedded ClickHouse into " + dir + ": " + e.getMessage(),
                    "Check that " + cacheDir + " is writable (or set gallery.clickhouse.cache-dir), or set CLICKHOUSE_URL"
                            + " to a running ClickHouse " + version.clickHouse() + ".", e);
        }
    }

    private static Optional<Path> verifiedLibrary(Path dir) {
        Path marker = dir.resolve(VERIFIED);
        if (!Files.isRegularFile(marker)) {
            return Optional.empty();
        }
        try {
            String[] recorded = Files.readString(marker).trim().split("\\s+");
            Path library = dir.resolve(recorded[0]);
            // the archive was checked when unpacked; a library of another size was changed since
            if (Files.isRegularFile(library) && Files.size(library) == Long.parseLong(recorded[1])) {
                return Optional.of(library);
            }
        } catch (IOException | RuntimeException e) {
            // not usable: fetch again
        }
        return Optional.empty();
    }

    private Path fetch(Path dir) throws IOException {
        String spec = packageName() + "@" + version.chdb();
        String npm = findNpm().orElseThrow(() -> new ClickHouseStartupException(
                "The embedded ClickHouse " + version.clickHouse() + " comes from the npm registry (" + spec
                        + "), and npm is not on the PATH.",
                "Install Node.js with npm (Debian/Ubuntu: apt-get install npm) and start again; or set CLICKHOUSE_URL to a"
                        + " running ClickHouse " + version.clickHouse() + " (docker compose up clickhouse starts one); or set"
                        + " gallery.clickhouse.library to a libchdb.so of chDB " + version.chdb() + "."));
        Path work = Files.createTempDirectory(dir, "fetch-");
        try {
            progress.accept("Fetching ClickHouse " + version.clickHouse() + " for the embedded server: npm pack " + spec
                    + " (about 180 MB, once) into " + dir);
            String json = runNpm(npm, spec, work);
            Path archive;
            try (var files = Files.list(work)) {
                archive = files.filter(p -> p.getFileName().toString().endsWith(".tgz")).findFirst()
                        .orElseThrow(() -> new IOException("npm pack left no archive in " + work));
            }
            String expected = version.integrity(platform()).orElseGet(() -> registryIntegrity(json));
            String actual = "sha512-" + Base64.getEncoder().encodeToString(digest(archive));
            if (!actual.equals(expected)) {
                throw new ClickHouseStartupException("The archive of " + spec + " does not match its checksum (expected "
                        + expected + ", got " + actual + "); it was not used.",
                        "Start again to fetch it anew; if it persists, the registry or a proxy serves another file.");
            }
            progress.accept("Checked " + archive.getFileName() + " (" + Files.size(archive) / 1_000_000 + " MB, " + expected
                    .substring(0, 20) + "...); unpacking the library");
            Path library = unpack(archive, dir);
            Files.writeString(dir.resolve(VERIFIED), library.getFileName() + " " + Files.size(library) + " " + expected + "\n",
                    StandardCharsets.UTF_8);
            progress.accept("Embedded ClickHouse library ready: " + library + " (" + Files.size(library) / 1_000_000 + " MB)");
            return library;
        } finally {
            deleteTree(work);
        }
    }

    private String runNpm(String npm, String spec, Path work) throws IOException {
        Process p = new ProcessBuilder(npm, "pack", spec, "--json", "--pack-destination", work.toString())
                .directory(work.toFile()).redirectErrorStream(false).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        p.getOutputStream().close();
        byte[][] out = new byte[1][];
        Thread reader = Thread.ofVirtual().start(() -> {
            try (InputStream in = p.getInputStream()) {
                out[0] = in.readAllBytes();
            } catch (IOException e) {
                out[0] = new byte[0];
            }
        });
        long started = System.nanoTime();
        try {
            while (!p.waitFor(5, TimeUnit.SECONDS)) {
                long seconds = Duration.ofNanos(System.nanoTime() - started).toSeconds();
                if (seconds > NPM_TIMEOUT.toSeconds()) {
                    p.destroyForcibly();
                    throw new IOException("npm pack " + spec + " took longer than " + NPM_TIMEOUT.toMinutes() + " minutes");
                }
                progress.accept("... still fetching " + spec + " (" + seconds + " s, " + bytesIn(work) / 1_000_000 + " MB so far)");
            }
            reader.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
            throw new IOException("interrupted while fetching " + spec);
        }
        String json = new String(out[0], StandardCharsets.UTF_8);
        if (p.exitValue() != 0) {
            throw new ClickHouseStartupException("npm pack " + spec + " failed (exit " + p.exitValue() + ").",
                    "Check that the npm registry is reachable (npm view " + spec + " version), or set CLICKHOUSE_URL to a"
                            + " running ClickHouse " + version.clickHouse() + ".");
        }
        return json;
    }

    private static long bytesIn(Path dir) {
        try (var files = Files.list(dir)) {
            return files.mapToLong(p -> p.toFile().length()).sum();
        } catch (IOException e) {
            return 0;
        }
    }

    /** The integrity npm reported for the archive it fetched (it checks it against the registry). */
    private static String registryIntegrity(String json) {
        Matcher m = Pattern.compile("\"integrity\"\\s*:\\s*\"(sha512-[^\"]+)\"").matcher(json);
        if (!m.find()) {
            throw new ClickHouseStartupException("npm pack did not report the archive's integrity: " + json,
                    "Use an npm that reports it (npm 7 or later), or set CLICKHOUSE_URL to a running ClickHouse.");
        }
        return m.group(1);
    }

    private static Path unpack(Path archive, Path dir) throws IOException {
        try (TarArchiveInputStream tar = new TarArchiveInputStream(
                new GZIPInputStream(new BufferedInputStream(Files.newInputStream(archive), 1 << 16)))) {
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                String name = Path.of(entry.getName()).getFileName().toString();
                if (entry.isFile() && (name.equals("libchdb.so") || name.equals("libchdb.dylib"))) {
                    Path tmp = dir.resolve(name + ".part");
                    try (OutputStream out = Files.newOutputStream(tmp)) {
                        tar.transferTo(out);
                    }
                    Path library = dir.resolve(name);
                    Files.move(tmp, library, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                    return library;
                }
            }
        }
        throw new IOException(archive + " holds no libchdb.so");
    }

    private static byte[] digest(Path file) throws IOException {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-512");
            try (InputStream in = new DigestInputStream(Files.newInputStream(file), sha)) {
                in.transferTo(OutputStream.nullOutputStream());
            }
            return sha.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The PATH, then the usual places of a system's npm (a service started by init may have a short PATH). */
    private static List<Path> defaultSearchPath() {
        String path = System.getenv("PATH");
        List<Path> dirs = new ArrayList<>();
        for (String d : path == null ? new String[0] : path.split(java.io.File.pathSeparator)) {
            if (!d.isBlank()) {
                dirs.add(Path.of(d));
            }
        }
        for (String d : new String[] {"/usr/bin", "/usr/local/bin", "/opt/homebrew/bin"}) {
            dirs.add(Path.of(d));
        }
        return dirs;
    }

    private Optional<String> findNpm() {
        for (Path d : searchPath) {
            Path candidate = d.resolve("npm");
            if (Files.isExecutable(candidate)) {
                return Optional.of(candidate.toString());
            }
        }
        return Optional.empty();
    }

    private static void deleteTree(Path dir) {
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temporary folder left behind is harmless
        }
    }

    private static ClickHouseStartupException unsupported(String os, String arch) {
        return new ClickHouseStartupException("No embedded ClickHouse for " + os + "/" + arch
                + ": chDB publishes linux-x64-gnu, linux-arm64-gnu, darwin-x64 and darwin-arm64.",
                "Set CLICKHOUSE_URL to a running ClickHouse server (docker compose up clickhouse starts one).");
    }
}
