package dev.tracevault.benchmark;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import org.HdrHistogram.Histogram;

/** The Markdown report of the yardstick mode: issue 16's table, the ratios, then each database in detail. */
final class YardstickReport {

    private static final double RATIO_TARGET = 0.8;
    private static final double OPEN_P99_TARGET_MS = 25;
    private static final double LAG_P99_TARGET_S = 1;
    private static final double HEAP_TARGET_MB = 512;

    private final StringBuilder md = new StringBuilder();

    private YardstickReport() {
    }

    static String markdown(YardstickOptions o, Machine m, String h2Settings, List<YardstickRun> runs, Instant started,
                           Instant finished) {
        YardstickReport r = new YardstickReport();
        r.header(o, m, h2Settings, runs, started, finished);
        r.summary(runs);
        for (YardstickRun run : runs) {
            r.database(o, run);
        }
        return r.md.toString();
    }

    private void header(YardstickOptions o, Machine m, String h2Settings, List<YardstickRun> runs, Instant started,
                        Instant finished) {
        line("## Tracevault against the yardstick: issue 16's PATCH workload ("
                + started.toString().substring(0, 16).replace('T', ' ') + " UTC, "
                + Duration.between(started, finished).toSeconds() + " s)");
        line("");
        line("Command: `java -jar benchmark/target/benchmark.jar yardstick" + (o.arguments().isEmpty() ? "" : " "
                + String.join(" ", o.arguments())) + "` (server jar `" + o.serverJar() + "`, yardstick jar `"
                + o.yardstickJar() + "`)");
        line("");
        line("| machine | |");
        line("|---|---|");
        line("| CPU | " + m.cpuModel() + ", " + m.cores() + " cores (nproc) |");
        line("| memory | " + m.memory() + " |");
        line("| OS | " + m.kernel() + " |");
        line("| JDK (servers and harness) | " + m.jdk() + " |");
        for (YardstickRun run : runs) {
            line("| " + run.database + " | " + (run.version == null ? "?" : run.version) + " |");
        }
        line("| servers | `java -Xmx512m -jar …`, one at a time, each on a fresh database; same machine as the harness"
                + (o.serverEnv().isEmpty() ? "" : "; Tracevault's extra environment " + o.serverEnv()) + " |");
        if (o.databases().contains("h2")) {
            line("| H2 URL settings (both servers) | `" + h2Settings + "` (read from the server jar's application.yml) |");
        }
        line("");
        line(fmt("Workload: %,d incomplete Flow Logs created first (`POST /v5/flows/log`), then `PATCH /v5/flows/logs/{id}` "
                        + "of a random one of them with `{\"output\": \"<12 random chars>\"}`. Closed loop: %d clients, one "
                        + "keep-alive connection each (the harness's own minimal HTTP/1.1 client); warm-up %d s, measured %d s. "
                        + "Open loop: %s for %d s on %d connections, latency from the intended send time. Raw insert "
                        + "limit: %d connections, "
                        + "%d s. An answer counts as an error unless it is a 2xx; a 2xx must show the output just "
                        + "written, or that of a concurrent PATCH of the same log (counted apart).",
                o.logs(), o.threads(), o.warmUp().toSeconds(), o.measured().toSeconds(),
                o.openRate() == null ? "half of each server's measured PATCH/s" : fmt("%.0f PATCH/s", o.openRate()),
                o.openLoop().toSeconds(), o.threads(), o.threads(), o.rawInsert().toSeconds()));
        line("");
    }

    private void summary(List<YardstickRun> runs) {
        StringBuilder head = new StringBuilder("| server |");
        StringBuilder rule = new StringBuilder("|---|");
        for (YardstickRun run : runs) {
            head.append(' ').append(run.database).append(" PATCH/s | p50 / p99 |");
            rule.append("---|---|");
        }
        line(head.toString());
        line(rule.toString());
        for (String name : List.of(YardstickBenchmark.YARDSTICK, YardstickBenchmark.TRACEVAULT)) {
            if (runs.stream().allMatch(run -> run.server(name) == null)) {
                continue;
            }
            StringBuilder row = new StringBuilder("| " + (name.equals(YardstickBenchmark.YARDSTICK)
                    ? "yardstick: plain Spring Boot + JdbcTemplate, `SELECT … FOR UPDATE` + `UPDATE` of one JSON row"
                    : "Tracevault") + " |");
            for (YardstickRun run : runs) {
                YardstickRun.Server s = run.server(name);
                if (s == null || s.measured == null) {
                    row.append(" n/a | |");
                } else {
                    Histogram h = s.measured.stats().patches();
                    row.append(' ').append(rate(s.measured.patchesPerSecond())).append(" | ")
                            .append(ms(h.getValueAtPercentile(50))).append(" / ").append(ms(h.getValueAtPercentile(99)))
                            .append(" ms |");
                }
            }
            line(row.toString());
        }
        StringBuilder raw = new StringBuilder("| raw insert limit (one event-shaped row per transaction) |");
        for (YardstickRun run : runs) {
            raw.append(run.raw == null ? " n/a | |" : " " + rate(run.raw.rowsPerSecond()) + " rows/s | commit "
                    + ms(run.raw.latency().getValueAtPercentile(50)) + " / " + ms(run.raw.latency().getValueAtPercentile(99))
                    + " ms |");
        }
        line(raw.toString());
        line("");

        line("| ratio of PATCH/s (measured closed loop) |" + joined(runs, run -> " " + run.database + " |") + " target |");
        line("|---|" + joined(runs, run -> "---|") + "---|");
        line("| Tracevault ÷ yardstick |" + joined(runs, run -> " " + verdict(ratio(run, YardstickBenchmark.TRACEVAULT, null),
                RATIO_TARGET, true) + " |") + " ≥ 0.8 |");
        line("| Tracevault ÷ raw insert limit |" + joined(runs, run -> " " + verdict(ratio(run, YardstickBenchmark.TRACEVAULT,
                run.raw), Double.NaN, true) + " |") + " — |");
        line("| yardstick ÷ raw insert limit |" + joined(runs, run -> " " + verdict(ratio(run, YardstickBenchmark.YARDSTICK,
                run.raw), Double.NaN, true) + " |") + " — |");
        line("");
    }

    /** PATCH/s of {@code name} over the yardstick's (raw == null) or over the raw insert limit. */
    private static Double ratio(YardstickRun run, String name, RawInsertLimit.Result raw) {
        YardstickRun.Server s = run.server(name);
        if (s == null || s.measured == null) {
            return null;
        }
        if (raw != null) {
            return s.measured.patchesPerSecond() / raw.rowsPerSecond();
        }
        YardstickRun.Server y = run.server(YardstickBenchmark.YARDSTICK);
        return y == null || y.measured == null || y.measured.patchesPerSecond() == 0 ? null
                : s.measured.patchesPerSecond() / y.measured.patchesPerSecond();
    }

    private static String verdict(Double value, double target, boolean atLeast) {
        if (value == null) {
            return "n/a";
        }
        String v = value >= 0.1 ? fmt("%.2f", value) : fmt("%.3f", value);
        if (Double.isNaN(target)) {
            return v;
        }
        return v + ((atLeast ? value >= target : value <= target) ? " (met)" : " (**not met**)");
    }

    private void database(YardstickOptions o, YardstickRun run) {
        line("### " + run.database);
        line("");
        line("Load average (1 / 5 / 15 min) at the start: " + run.loadBefore + ".");
        line("");
        List<YardstickRun.Server> servers = run.servers;
        StringBuilder head = new StringBuilder("| figure |");
        StringBuilder rule = new StringBuilder("|---|");
        for (YardstickRun.Server s : servers) {
            head.append(' ').append(s.name).append(" |");
            rule.append("---|");
        }
        line(head + " target (Tracevault) |");
        line(rule + "---|");
        if (servers.stream().anyMatch(s -> s.failure != null)) {
            row(servers, "**The run stopped early** (the figures below are those measured before)",
                    s -> s.failure == null ? "—" : Json.clip(s.failure), "");
        }
        row(servers, "Datasource", s -> s.datasource == null ? "?" : "`" + s.datasource + "`", "");
        row(servers, "Start to ready (launch to an authenticated 404)",
                s -> s.coldStartSeconds == null ? "n/a" : fmt("%.1f s", s.coldStartSeconds), "");
        row(servers, fmt("Creating the %,d logs", o.logs()),
                s -> s.seedSeconds == null ? "n/a" : fmt("%.1f s", s.seedSeconds), "");
        row(servers, fmt("Warm-up PATCH/s per %d s", o.window().toSeconds()),
                s -> s.warmUp == null || s.warmUp.windowRates().isEmpty() ? "n/a"
                        : String.join(", ", s.warmUp.windowRates().stream().map(YardstickReport::rate).toList()), "");
        row(servers, fmt("**PATCH/s**, closed loop, %d clients, %d s", o.threads(), o.measured().toSeconds()),
                s -> s.measured == null ? "n/a" : "**" + rate(s.measured.patchesPerSecond()) + "**"
                        + fmt(" (%,d PATCHes)", s.measured.stats().count(Stats.Op.PATCH)),
                "≥ 0.8 × yardstick" + verdictSuffix(ratio(run, YardstickBenchmark.TRACEVAULT, null), RATIO_TARGET, true));
        row(servers, "PATCH latency p50 / p95 / p99 / max", s -> s.measured == null ? "n/a" : latency(s.measured.stats().patches()), "");
        row(servers, "Errors (non-2xx or no answer)", s -> s.measured == null ? "n/a" : errors(s.measured), "");
        row(servers, "Stale answers (2xx showing an output acknowledged before the PATCH was sent, or none)",
                s -> s.measured == null ? "n/a" : String.valueOf(s.measured.staleAnswers()), "0");
        row(servers, "Answers showing a concurrent PATCH of the same log instead of this one's (not an error)",
                s -> s.measured == null ? "n/a" : String.valueOf(s.measured.concurrentAnswers()), "");
        row(servers, "Open loop: rate target → achieved",
                s -> s.open == null ? "n/a" : fmt("%s → %s PATCH/s (max %d sent or waiting for a connection, %d late dispatches%s)",
                        rate(s.open.targetRate()), rate(s.open.patchesPerSecond()), s.open.maxInFlight(),
                        s.open.lateDispatches(), s.open.drained() ? "" : ", NOT drained"), "half the measured maximum");
        YardstickRun.Server tv = run.server(YardstickBenchmark.TRACEVAULT);
        row(servers, "Open loop: PATCH latency p50 / p95 / p99 / max (from the intended send time)",
                s -> s.open == null ? "n/a" : latency(s.open.stats().patches()),
                "p99 ≤ 25 ms" + (tv == null || tv.open == null ? ""
                        : verdictSuffix(Stats.ms(tv.open.stats().patches().getValueAtPercentile(99)), OPEN_P99_TARGET_MS, false)));
        row(servers, "Open loop: errors / stale answers",
                s -> s.open == null ? "n/a" : errors(s.open) + " / " + s.open.staleAnswers(), "");
        row(servers, "Server CPU, measured closed loop: cores (per PATCH)",
                s -> s.serverCores == null ? "n/a" : fmt("%.2f (%.2f ms; GC %.1f s)", s.serverCores, s.cpuPerPatchMs(), s.gcSeconds), "");
        row(servers, "Harness (load generator) CPU, measured closed loop: cores (per PATCH; share of the busy machine)",
                s -> s.harnessCores == null ? "n/a" : fmt("%.2f (%.3f ms; %.0f %%)", s.harnessCores, s.harnessPerPatchMs(),
                        100 * s.harnessCores / Math.max(1e-9, s.machineCores)), "");
        row(servers, "Machine busy cores = server + harness + the rest (" + (run.database.equals("H2") ? "other processes"
                        : "PostgreSQL and other processes") + ")",
                s -> s.machineCores == null ? "n/a" : fmt("%.2f = %.2f + %.2f + %.2f", s.machineCores, s.serverCores,
                        s.harnessCores, Math.max(0, s.machineCores - s.serverCores - s.harnessCores)), "");
        row(servers, "Server CPU, open loop: cores (harness cores)",
                s -> s.openServerCores == null ? "n/a" : fmt("%.2f (%.2f)", s.openServerCores, s.openHarnessCores), "");
        if (servers.stream().anyMatch(s -> s.dbWork != null)) {
            row(servers, "PostgreSQL work per PATCH (pg_stat_database, approximate): commits, rows fetched / inserted / updated",
                    s -> s.dbWork == null || s.measured == null ? "n/a" : dbWork(s), "1 transaction per PATCH");
        }
        row(servers, "Heap, max used over the whole run (old gen max; committed max), jstat every 0.5 s",
                s -> s.heapMaxUsedMb == null ? "n/a" : fmt("%.0f MB (%.0f MB; %.0f MB)", s.heapMaxUsedMb, s.heapMaxOldMb,
                        s.heapMaxCommittedMb),
                "≤ 512 MB" + (tv == null || tv.heapMaxUsedMb == null ? "" : verdictSuffix(tv.heapMaxUsedMb, HEAP_TARGET_MB, false)));
        row(servers, "Server log", s -> s.log == null ? "n/a" : "`" + s.log.getFileName() + "`"
                + (s.errorLines >= 0 ? fmt(" (%d ERROR lines)", s.errorLines) : ""), "");
        line("");
        lag(run, tv);
        if (run.raw != null) {
            line(fmt("Raw insert limit: %s rows/s (commit p50 %s ms, p99 %s ms; %d errors), `domain_event_entry`-shaped "
                            + "rows with a %d-byte payload, one row per transaction, %d connections.",
                    rate(run.raw.rowsPerSecond()), ms(run.raw.latency().getValueAtPercentile(50)),
                    ms(run.raw.latency().getValueAtPercentile(99)), run.raw.errors(), run.raw.payloadBytes(), o.threads()));
        } else if (run.rawFailure != null) {
            line("Raw insert limit failed: " + Json.clip(run.rawFailure));
        }
        line("");
        for (YardstickRun.Server s : servers) {
            if (s.measured != null && !s.measured.stats().errorSamples().isEmpty()) {
                line("First errors (" + s.name + "): " + String.join("; ",
                        s.measured.stats().errorSamples().stream().map(Json::clip).toList()));
                line("");
            }
        }
    }

    /** The asynchronous processors' lag during the measured closed loop (issue 16: p99 ≤ 1 s at the maximum write rate). */
    private void lag(YardstickRun run, YardstickRun.Server tv) {
        if (tv == null) {
            return;
        }
        if (tv.lag == null || tv.lag.isEmpty()) {
            line("Tracevault processor lag during the measured closed loop: n/a"
                    + (tv.lagUnavailable == null ? "" : " (" + tv.lagUnavailable + ")") + ".");
            line("");
            return;
        }
        line("Tracevault's event processors during the measured closed loop (`tracevault_processor_lag_seconds` and "
                + "`_events` from `/actuator/prometheus`, one scrape a second; the server refreshes them once a second):");
        line("");
        line("| processor | samples | lag p50 / p99 / max (s) | events behind p50 / p99 / max | at the end of the loop | target |");
        line("|---|---|---|---|---|---|");
        for (Map.Entry<String, LagSampler.Series> e : tv.lag.entrySet()) {
            LagSampler.Series s = e.getValue();
            double p99 = s.secondsPercentile(99);
            line(fmt("| %s | %d | %.2f / %.2f / %.2f | %.0f / %.0f / %.0f | %.2f s, %.0f events | p99 ≤ 1 s%s |", e.getKey(),
                    s.seconds().size(), s.secondsPercentile(50), p99, s.secondsPercentile(100), s.eventsPercentile(50),
                    s.eventsPercentile(99), s.eventsPercentile(100), s.lastSeconds(), s.lastEvents(),
                    Double.isNaN(p99) ? "" : verdictSuffix(p99, LAG_P99_TARGET_S, false)));
        }
        line("");
        line(tv.lagCatchUpSeconds == null
                ? "After the loop the processors did not all report 0 events behind within 60 s."
                : fmt("After the loop every processor reported 0 events behind within %.1f s.", tv.lagCatchUpSeconds));
        line("");
    }

    private static String dbWork(YardstickRun.Server s) {
        double n = Math.max(1, s.measured.stats().count(Stats.Op.PATCH));
        DbCounters w = s.dbWork;
        return fmt("%.2f commits (%d rollbacks), %.1f / %.1f / %.1f rows", w.commits() / n, w.rollbacks(), w.rowsFetched() / n,
                w.rowsInserted() / n, w.rowsUpdated() / n);
    }

    private static String verdictSuffix(Double value, double target, boolean atLeast) {
        if (value == null || Double.isNaN(value)) {
            return "";
        }
        return (atLeast ? value >= target : value <= target) ? ": met" : ": **not met**";
    }

    private void row(List<YardstickRun.Server> servers, String figure, Function<YardstickRun.Server, String> value, String target) {
        List<String> cells = new ArrayList<>();
        for (YardstickRun.Server s : servers) {
            cells.add(value.apply(s));
        }
        line("| " + figure + " | " + String.join(" | ", cells) + " | " + target + " |");
    }

    private static String joined(List<YardstickRun> runs, Function<YardstickRun, String> cell) {
        StringBuilder s = new StringBuilder();
        runs.forEach(run -> s.append(cell.apply(run)));
        return s.toString();
    }

    private static String latency(Histogram h) {
        if (h.getTotalCount() == 0) {
            return "n/a";
        }
        return ms(h.getValueAtPercentile(50)) + " / " + ms(h.getValueAtPercentile(95)) + " / "
                + ms(h.getValueAtPercentile(99)) + " / " + ms(h.getMaxValue()) + " ms";
    }

    private static String errors(PatchLoad.Result r) {
        Stats s = r.stats();
        return fmt("%d of %d", s.totalErrors(), s.totalCount()) + (s.statusCounts().isEmpty() ? "" : " " + s.statusCounts());
    }

    private static String ms(long micros) {
        double ms = Stats.ms(micros);
        return ms < 10 ? fmt("%.2f", ms) : ms < 100 ? fmt("%.1f", ms) : fmt("%.0f", ms);
    }

    private static String rate(double perSecond) {
        return perSecond >= 100 ? fmt("%,.0f", perSecond) : fmt("%,.1f", perSecond);
    }

    private static String fmt(String format, Object... args) {
        return String.format(Locale.ROOT, format, args);
    }

    private void line(String text) {
        md.append(text).append('\n');
    }
}
