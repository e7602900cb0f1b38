package com.galleryanalytics.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU time of the machine and of the benchmark's own processes (service, ClickHouse, this
 * harness), from /proc, so a run can tell how much CPU other processes took while it measured:
 * the machine is shared, and their load shows up as latency.
 */
final class CpuMeter {
    /** CPU seconds at one moment: all cores busy, and each of our processes. */
    record Snapshot(long nanos, double machineBusy, double service, double clickHouse, double harness) {
        /** Between two snapshots: our processes' CPU and everyone else's, as shares of the machine's capacity. */
        Usage until(Snapshot later) {
            double wall = (later.nanos - nanos) / 1e9;
            double capacity = wall * Runtime.getRuntime().availableProcessors();
            double ours = d(later.service, service) + d(later.clickHouse, clickHouse) + d(later.harness, harness);
            double busy = later.machineBusy - machineBusy;
            return new Usage(wall, d(later.service, service), d(later.clickHouse, clickHouse), d(later.harness, harness),
                    Math.max(0, busy - ours) / capacity);
        }

        private static double d(double a, double b) {
            return Double.isNaN(a) || Double.isNaN(b) ? 0 : a - b;
        }
    }

    /** CPU seconds used between two snapshots, and the share of the machine other processes took. */
    record Usage(double wallSeconds, double service, double clickHouse, double harness, double foreignShare) {}

    private final long servicePid;
    private final long clickHousePid;

    CpuMeter(long servicePid, long clickHousePid) {
        this.servicePid = servicePid;
        this.clickHousePid = clickHousePid;
    }

    Snapshot now() {
        return new Snapshot(System.nanoTime(), machineBusySeconds(), Machine.cpuSeconds(servicePid), Machine.cpuSeconds(clickHousePid),
                Machine.cpuSeconds(ProcessHandle.current().pid()));
    }

    /**
     * Waits until other processes leave the machine mostly idle (their share of the CPU below
     * {@code maxForeign} over 5 seconds), at most {@code maxWaitSeconds}; returns the share seen last.
     */
    double awaitQuiet(double maxForeign, long maxWaitSeconds) throws InterruptedException {
        long deadline = System.currentTimeMillis() + maxWaitSeconds * 1000;
        double share;
        boolean said = false;
        while (true) {
            Snapshot a = now();
            Thread.sleep(5000);
            share = a.until(now()).foreignShare();
            if (share <= maxForeign || System.currentTimeMillis() > deadline) {
                return share;
            }
            if (!said) {
                System.err.printf("Other processes use %.0f %% of the CPU; waiting (up to %d s) for a quieter machine%n", 100 * share,
                        maxWaitSeconds);
                said = true;
            }
        }
    }

    /** user + nice + system + irq + softirq + steal of all cores, in seconds. */
    private static double machineBusySeconds() {
        try {
            String cpu = Files.readAllLines(Path.of("/proc/stat")).get(0);
            String[] f = cpu.trim().split("\\s+");
            long busy = 0;
            int[] fields = {1, 2, 3, 6, 7, 8};
            for (int i : fields) {
                if (i < f.length) {
                    busy += Long.parseLong(f[i]);
                }
            }
            return busy / 100.0;
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }
}
