package com.galleryanalytics.generator;

import java.io.PrintStream;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A progress bar on stderr: done/total, rate and time left. On a terminal it redraws one line;
 * otherwise (a log file) it prints a line every 10 %.
 */
public final class Progress implements AutoCloseable {
    private static final int WIDTH = 30;
    private final String label;
    private final long total;
    private final AtomicLong done = new AtomicLong();
    private final long started = System.nanoTime();
    private final boolean terminal = System.console() != null;
    private final PrintStream err = System.err;
    private final Thread printer;
    private volatile boolean closed;
    private int lastDecile = -1;

    public Progress(String label, long total) {
        this.label = label;
        this.total = Math.max(1, total);
        printer = Thread.ofPlatform().daemon().name("progress").start(() -> {
            while (!closed) {
                print(false);
                try {
                    Thread.sleep(terminal ? 250 : 1000);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
    }

    public void add(long n) {
        done.addAndGet(n);
    }

    public long done() {
        return done.get();
    }

    public double seconds() {
        return (System.nanoTime() - started) / 1e9;
    }

    private synchronized void print(boolean last) {
        long d = done.get();
        double fraction = Math.min(1.0, (double) d / total);
        double secs = seconds();
        double rate = secs > 0 ? d / secs : 0;
        String eta = rate > 0 && d < total ? String.format(Locale.ROOT, "%ds left", Math.round((total - d) / rate)) : "";
        int filled = (int) Math.round(fraction * WIDTH);
        String line = String.format(Locale.ROOT, "%s [%s%s] %3.0f%% %,d/%,d  %,.0f/s  %.1fs %s", label, "#".repeat(filled),
                ".".repeat(WIDTH - filled), fraction * 100, d, total, rate, secs, eta);
        if (terminal) {
            err.print("\r" + line + "   " + (last ? "\n" : ""));
            err.flush();
        } else {
            int decile = (int) (fraction * 10);
            if (last || decile > lastDecile) {
                lastDecile = decile;
                err.println(line);
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        printer.interrupt();
        print(true);
    }
}
