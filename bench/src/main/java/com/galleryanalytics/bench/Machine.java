package com.galleryanalytics.bench;

import com.galleryanalytics.generator.ClickHouseHttp;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** What the benchmark ran on, and CPU time of processes (from /proc, Linux). */
final class Machine {
    private Machine() {
    }

    static String describe(ClickHouseHttp clickHouse) {
        String cpu = grep("/proc/cpuinfo", "model name");
        long cores = Runtime.getRuntime().availableProcessors();
        String mem = grep("/proc/meminfo", "MemTotal");
        String os = grep("/etc/os-release", "PRETTY_NAME").replace("\"", "");
        String kernel = read("/proc/sys/kernel/osrelease").strip();
        String version = clickHouse.query("SELECT version()").strip();
        long kib = mem.isEmpty() ? 0 : Long.parseLong(mem.replaceAll("[^0-9]", ""));
        return String.format(Locale.ROOT, "%d cores (%s), %.1f GiB RAM, %s (Linux %s), Java %s (%s), ClickHouse %s", cores, cpu,
                kib / 1024.0 / 1024.0, os, kernel, Runtime.version(), System.getProperty("java.vm.vendor"), version);
    }

    static String loadAverage() {
        String[] parts = read("/proc/loadavg").split(" ");
        return parts.length >= 3 ? parts[0] + " " + parts[1] + " " + parts[2] : "?";
    }

    /** User + system CPU seconds of a process so far; NaN when unknown. */
    static double cpuSeconds(long pid) {
        if (pid <= 0) {
            return Double.NaN;
        }
        String stat = read("/proc/" + pid + "/stat");
        int close = stat.lastIndexOf(')');
        if (close < 0) {
            return Double.NaN;
        }
        String[] f = stat.substring(close + 2).split(" ");
        // fields after the name: state(0) ... utime(11) stime(12)
        return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / 100.0;
    }

    private static String grep(String file, String key) {
        for (String line : read(file).split("\n")) {
            if (line.startsWith(key)) {
                int i = line.indexOf(line.contains(":") ? ':' : '=');
                return line.substring(i + 1).strip();
            }
        }
        return "";
    }

    private static String read(String file) {
        try {
            return Files.readString(Path.of(file));
        } catch (IOException e) {
            return "";
        }
    }
}
