package com.galleryanalytics.clickhouse.embedded;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * The main class of the embedded ClickHouse's process: loads chDB's {@code libchdb.so} and runs
 * {@code clickhouse-local} with the arguments given, which open the HTTP and native TCP listeners
 * and then block. The process ends when its standard input closes: the service holds the other end
 * of that pipe, so the server stops when the service stops <em>or dies</em>, even by SIGKILL.
 *
 * <p>Run as {@code java --enable-native-access=ALL-UNNAMED -cp DIR ChdbLauncher LIBRARY ARGS...};
 * {@link EmbeddedClickHouse} copies this one class file to DIR, so the child needs nothing else of
 * the service. It must stay one class with no dependencies.
 */
public final class ChdbLauncher {
    /** Offset of {@code char *error_message} in chDB's {@code struct local_result_v2}. */
    private static final long ERROR_MESSAGE_OFFSET = 48;

    private ChdbLauncher() {
    }

    public static void main(String[] args) throws Throwable {
        if (args.length < 2) {
            System.err.println("usage: ChdbLauncher LIBCHDB clickhouse-local-arguments...");
            System.exit(2);
        }
        Thread watcher = new Thread(ChdbLauncher::exitWhenStdinCloses, "stdin-watch");
        watcher.setDaemon(true);
        watcher.start();

        Arena arena = Arena.global();
        SymbolLookup library = SymbolLookup.libraryLookup(Path.of(args[0]), arena);
        MethodHandle query = Linker.nativeLinker().downcallHandle(
                library.find("query_stable_v2").orElseThrow(() -> new IllegalStateException("no query_stable_v2 in " + args[0])),
                FunctionDescriptor.of(ValueLayout.ADDRESS, ValueLayout.JAVA_INT, ValueLayout.ADDRESS));
        String[] argv = Arrays.copyOfRange(args, 1, args.length);
        MemorySegment nativeArgv = arena.allocate(ValueLayout.ADDRESS, argv.length + 1L);
        for (int i = 0; i < argv.length; i++) {
            nativeArgv.setAtIndex(ValueLayout.ADDRESS, i, arena.allocateFrom(argv[i]));
        }
        MemorySegment result = (MemorySegment) query.invoke(argv.length, nativeArgv);
        // The serving statement never ends on its own: returning means clickhouse-local failed.
        String error = "clickhouse-local returned";
        if (!result.equals(MemorySegment.NULL)) {
            MemorySegment message = result.reinterpret(ERROR_MESSAGE_OFFSET + ValueLayout.ADDRESS.byteSize())
                    .get(ValueLayout.ADDRESS, ERROR_MESSAGE_OFFSET);
            if (!message.equals(MemorySegment.NULL)) {
                error = message.reinterpret(Integer.MAX_VALUE).getString(0);
            }
        }
        System.err.println("ClickHouse stopped: " + error);
        System.err.flush();
        Runtime.getRuntime().halt(1);
    }

    /**
     * Waits for the end of standard input, then ends the process at once. Halting is safe for the
     * data: ClickHouse writes each part to a temporary folder and renames it when complete, and
     * removes leftovers at the next start, as after any crash.
     */
    private static void exitWhenStdinCloses() {
        byte[] buffer = new byte[256];
        try {
            while (System.in.read(buffer) >= 0) {
                // nothing is sent on the pipe; its end is the signal
            }
        } catch (IOException e) {
            // a broken pipe ends it the same way
        }
        Runtime.getRuntime().halt(0);
    }
}
