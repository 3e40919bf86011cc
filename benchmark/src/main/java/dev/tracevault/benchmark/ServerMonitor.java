package dev.tracevault.benchmark;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * CPU and heap of a process: CPU from {@code /proc/<pid>/stat} (utime + stime), heap from
 * {@code jstat -gc <pid> 500} of the JDK that runs the server, sampled twice a second.
 */
final class ServerMonitor implements AutoCloseable {

    /** CPU ticks and GC counters at one instant. */
    record Snapshot(long nanos, long cpuTicks, double gcSeconds, long youngGcs, long fullGcs) {
    }

    private static final long CLK_TCK = clockTicks();

    private final long pid;
    private final Process jstat;
    private final Thread reader;
    private volatile double maxUsedMb;
    private volatile double maxOldUsedMb;
    private volatile double maxCommittedMb;
    private volatile double gcSeconds;
    private volatile long youngGcs;
    private volatile long fullGcs;
    private volatile long samples;

    ServerMonitor(long pid, Path javaHome) throws IOException {
        this.pid = pid;
        this.jstat = new ProcessBuilder(javaHome.resolve("bin/jstat").toString(), "-gc", String.valueOf(pid), "500")
                .redirectErrorStream(true).start();
        this.reader = Thread.ofPlatform().daemon().name("jstat-reader").start(this::read);
    }

    private void read() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(jstat.getInputStream(), StandardCharsets.UTF_8))) {
            String[] header = null;
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                String[] cells = line.trim().split("\\s+");
                if (cells.length > 3 && cells[0].equals("S0C")) {
                    header = cells;
                    continue;
                }
                if (header == null || cells.length != header.length) {
                    continue;
                }
                Map<String, Double> v = new HashMap<>();
                for (int i = 0; i < cells.length; i++) {
                    try {
                        v.put(header[i], Double.parseDouble(cells[i]));
                    } catch (NumberFormatException ignored) {
                        v.put(header[i], 0.0);
                    }
                }
                double used = (v.getOrDefault("S0U", 0.0) + v.getOrDefault("S1U", 0.0) + v.getOrDefault("EU", 0.0)
                        + v.getOrDefault("OU", 0.0)) / 1024;
                double committed = (v.getOrDefault("S0C", 0.0) + v.getOrDefault("S1C", 0.0) + v.getOrDefault("EC", 0.0)
                        + v.getOrDefault("OC", 0.0)) / 1024;
                maxUsedMb = Math.max(maxUsedMb, used);
                maxOldUsedMb = Math.max(maxOldUsedMb, v.getOrDefault("OU", 0.0) / 1024);
                maxCommittedMb = Math.max(maxCommittedMb, committed);
                gcSeconds = v.getOrDefault("GCT", 0.0);
                youngGcs = v.getOrDefault("YGC", 0.0).longValue();
                fullGcs = v.getOrDefault("FGC", 0.0).longValue();
                samples++;
            }
        } catch (IOException ignored) {
            // jstat ended
        }
    }

    Snapshot snapshot() {
        return new Snapshot(System.nanoTime(), cpuTicks(pid), gcSeconds, youngGcs, fullGcs);
    }

    /** Cores used between two snapshots (1.0 = one core busy all the time). */
    static double cores(Snapshot from, Snapshot to) {
        double cpuSeconds = (to.cpuTicks() - from.cpuTicks()) / (double) CLK_TCK;
        return cpuSeconds / ((to.nanos() - from.nanos()) / 1e9);
    }

    double maxUsedMb() {
        return maxUsedMb;
    }

    double maxOldUsedMb() {
        return maxOldUsedMb;
    }

    double maxCommittedMb() {
        return maxCommittedMb;
    }

    long samples() {
        return samples;
    }

    /** utime + stime of a process (or of this one for "self"), in clock ticks. */
    static long cpuTicks(Object pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            // fields[0] is field 3 (state): utime is field 14, stime field 15
            return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    /** Busy ticks of the whole machine (all CPUs, everything but idle and iowait) from /proc/stat. */
    static long machineBusyTicks() {
        try {
            String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            long busy = 0;
            for (int i = 1; i < f.length; i++) {
                if (i != 4 && i != 5 && i <= 8) {
                    busy += Long.parseLong(f[i]); // user nice system (idle) (iowait) irq softirq steal
                }
            }
            return busy;
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    /** Cores busy over an interval, from tick counts. */
    static double cores(long fromTicks, long toTicks, long nanos) {
        return (toTicks - fromTicks) / (double) CLK_TCK / (nanos / 1e9);
    }

    private static long clockTicks() {
        try {
            Process p = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            p.waitFor();
            return Long.parseLong(out);
        } catch (Exception e) {
            return 100;
        }
    }

    @Override
    public void close() throws InterruptedException {
        jstat.destroy();
        jstat.waitFor();
        reader.join(2_000);
    }
}
