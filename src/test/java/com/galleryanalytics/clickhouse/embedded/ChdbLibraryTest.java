package com.galleryanalytics.clickhouse.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.galleryanalytics.clickhouse.ClickHouseStartupException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Properties;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How the embedded server's library is fetched, checked and reused, with a stand-in for npm (a
 * script that "packs" an archive made here and counts its calls): an archive whose SHA-512 matches
 * the pinned one is unpacked once and then reused without npm; one that does not match is refused
 * and nothing is kept; no npm at all gets a message that says what to do.
 */
class ChdbLibraryTest {
    static final String LIBRARY = "not a real library, only its bytes";

    @TempDir
    Path dir;
    Path archive;
    Path calls;
    List<String> lines = new ArrayList<>();

    @BeforeEach
    void fakeNpm() throws Exception {
        archive = dir.resolve("chdb-lib.tgz");
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(new GZIPOutputStream(Files.newOutputStream(archive)))) {
            byte[] bytes = LIBRARY.getBytes(StandardCharsets.UTF_8);
            TarArchiveEntry entry = new TarArchiveEntry("package/libchdb.so");
            entry.setSize(bytes.length);
            tar.putArchiveEntry(entry);
            tar.write(bytes);
            tar.closeArchiveEntry();
        }
        calls = dir.resolve("npm-calls");
        Path bin = Files.createDirectories(dir.resolve("bin"));
        // npm pack SPEC --json --pack-destination DIR: copies the archive into DIR, as npm would
        Files.writeString(bin.resolve("npm"), "#!/bin/sh\necho \"$@\" >> " + calls + "\ncp " + archive + " \"$5/packed.tgz\"\n"
                + "echo '[{\"integrity\":\"sha512-registry\"}]'\n");
        Files.setPosixFilePermissions(bin.resolve("npm"), PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    ChdbLibrary library(String pinnedIntegrity, List<Path> searchPath) {
        Properties entries = new Properties();
        entries.setProperty("CHDB_INTEGRITY_" + ChdbLibrary.platform().toUpperCase().replace('-', '_'), pinnedIntegrity);
        return new ChdbLibrary(new ClickHouseVersion("26.7", "26.7.3-stable.1", entries), dir.resolve("cache"), lines::add,
                searchPath);
    }

    String integrity(Path file) throws Exception {
        return "sha512-" + Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-512").digest(Files.readAllBytes(file)));
    }

    long npmCalls() throws IOException {
        return Files.exists(calls) ? Files.readAllLines(calls).size() : 0;
    }

    @Test
    void aMatchingArchiveIsUnpackedOnceAndThenReusedWithoutNpm() throws Exception {
        ChdbLibrary library = library(integrity(archive), List.of(dir.resolve("bin")));
        Path first = library.resolve();
        assertThat(Files.readString(first)).isEqualTo(LIBRARY);
        assertThat(first.getFileName().toString()).isEqualTo("libchdb.so");
        assertThat(first.getParent().getFileName().toString()).isEqualTo("lib-" + ChdbLibrary.platform() + "-26.7.3-stable.1");
        assertThat(Files.readAllLines(calls)).singleElement().asString()
                .startsWith("pack @chdb/lib-" + ChdbLibrary.platform() + "@26.7.3-stable.1 --json --pack-destination " + first.getParent());
        assertThat(lines.get(0)).startsWith("Fetching ClickHouse 26.7 for the embedded server: npm pack @chdb/lib-");
        assertThat(lines).anyMatch(l -> l.startsWith("Embedded ClickHouse library ready: " + first));

        assertThat(library.resolve()).isEqualTo(first);
        assertThat(npmCalls()).isEqualTo(1);
    }

    @Test
    void anArchiveThatDoesNotMatchThePinnedChecksumIsRefused() throws Exception {
        ChdbLibrary library = library("sha512-AAAA", List.of(dir.resolve("bin")));
        assertThatThrownBy(library::resolve).isInstanceOf(ClickHouseStartupException.class)
                .hasMessageContaining("does not match its checksum (expected sha512-AAAA, got " + integrity(archive) + ")");
        try (var left = Files.walk(dir.resolve("cache"))) {
            assertThat(left.filter(p -> p.getFileName().toString().startsWith("libchdb") || p.toString().endsWith(".tgz")))
                    .isEmpty();
        }
    }

    @Test
    void withoutNpmTheMessageSaysWhatToDo() {
        ChdbLibrary library = library("sha512-AAAA", List.of(dir.resolve("nothing-here")));
        assertThatThrownBy(library::resolve).isInstanceOf(ClickHouseStartupException.class)
                .hasMessageContaining("comes from the npm registry (@chdb/lib-" + ChdbLibrary.platform() + "@26.7.3-stable.1),"
                        + " and npm is not on the PATH")
                .satisfies(e -> assertThat(((ClickHouseStartupException) e).action())
                        .contains("apt-get install npm").contains("CLICKHOUSE_URL").contains("gallery.clickhouse.library"));
        assertThat(Files.exists(calls)).isFalse();
    }
}
