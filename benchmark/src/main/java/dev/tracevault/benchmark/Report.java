package dev.tracevault.benchmark;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import org.HdrHistogram.Histogram;

/** The Markdown report: machine, settings, then one table per database. */
final class Report {

    private static final double H2_PATCH_TARGET = 6_500;
    private static final double PG_PATCH_RATIO_TARGET = 0.40;
    private static final double OPEN_P99_TARGET_MS = 25;
    private static final double TTV_P99_TARGET_MS = 100;
    private static final double REPLAY_TARGET = 20_000;
    private static final double HEAP_TARGET_MB = 512;
    private static final double H2_COLD_START_TARGET_S = 10;
    private static final double TRACE_10K_TARGET_MS = 300;

    private final StringBuilder md = new StringBuilder();

    private Report() {
    }

    static String markdown(Options o, Machine m, List<RunResult> results, Instant started, Instant finished) {
        Report r = new Report();
        r.header(o, m, results, started, finished);
        for (RunResult result : results) {
            r.database(o, result);
        }
        return r.md.toString();
    }

    private void header(Options o, Machine m, List<RunResult> results, Instant started, Instant finished) {
        line("## Benchmark results (" + o.mode() + " run, " + started.toString().substring(0, 16).replace('T', ' ')
                + " UTC, " + Duration.between(started, finished).toSeconds() + " s)");
        line("");
        line("Command: `java -jar benchmark/target/benchmark.jar" + (o.arguments().isEmpty() ? "" : " " + String.join(" ", o.arguments()))
                + "` (from the repository root, server jar `" + o.serverJar() + "`)");
        line("");
        line("| machine | |");
        line("|---|---|");
        line("| CPU | " + m.cpuModel() + ", " + m.cores() + " cores (nproc) |");
        line("| memory | " + m.memory() + " |");
        line("| OS | " + m.kernel() + " |");
        line("| JDK (server and harness) | " + m.jdk() + " |");
        for (RunResult result : results) {
            line("| " + result.database + " | " + (result.version == null ? "?" : result.version) + " |");
        }
        line("| server | `java -Xmx512m -jar " + o.serverJar().getFileName() + "`, same machine as the harness (they share the cores)"
                + (o.serverEnv().isEmpty() ? "" : "; extra environment " + o.serverEnv()) + " |");
        line("");
        line(String.format(Locale.ROOT, "Workload: per trace 1 `POST /flows/log` (incomplete), %d children (Prompt/Tool logs with "
                        + "`trace_parent_id`, if the server has them), %d PATCHes, 1 completing PATCH; all logs in one Flow. "
                        + "Closed loop %d clients; warm-up %d s, closed loop %d s, open loop %d s, raw inserts %d s, "
                        + "%d time-to-visible samples, traces of %s children.",
                o.children(), o.patches(), o.threads(), o.warmUp().toSeconds(), o.closedLoop().toSeconds(),
                o.openLoop().toSeconds(), o.rawInsert().toSeconds(), o.ttvSamples(), o.traceSizes()));
        line("");
    }

    private void database(Options o, RunResult r) {
        boolean h2 = r.database.equals("H2");
        line("### " + r.database);
        line("");
        if (r.loadBefore != null) {
            line("Load average (1 / 5 / 15 min) when this database's run started: " + r.loadBefore
                    + " (it still counts an earlier run of this harness; the machine CPU row below shows what else ran"
                    + " during the closed loop).");
            line("");
        }
        if (r.failure != null) {
            line("**The run stopped early** (" + Json.clip(r.failure) + "); the figures below are those measured before.");
            line("");
        }
        if (r.features != null) {
            StringBuilder f = new StringBuilder("Server features found: ");
            r.features.notes().forEach((k, v) -> f.append('`').append(k).append("` ").append(v).append("; "));
            line(f.substring(0, f.length() - 2) + ".");
            line("");
        }
        Double limit = r.raw == null ? null : r.raw.rowsPerSecond();
        line("| figure | value | target | ratio to raw insert limit | met? |");
        line("|---|---|---|---|---|");

        row("Cold start to ready (`java -jar tracevault.jar`; launch to first answered authenticated GET)",
                r.coldStartSeconds == null ? "n/a" : fmt("%.1f s", r.coldStartSeconds),
                h2 ? "≤ 10 s" : "—", "",
                h2 && r.coldStartSeconds != null ? met(r.coldStartSeconds <= H2_COLD_START_TARGET_S) : "");
        row("Cold start to ready with the JVM AOT cache (`deploy/aot-cache.sh`: extracted jar, `-XX:AOTCache`; as the Docker image starts)",
                r.coldStartAotSeconds == null ? "n/a (" + r.coldStartAotUnavailable + ")" : fmt("%.1f s", r.coldStartAotSeconds),
                h2 ? "≤ 10 s" : "—", "",
                h2 && r.coldStartAotSeconds != null ? met(r.coldStartAotSeconds <= H2_COLD_START_TARGET_S) : "");

        if (r.raw != null) {
            row(fmt("Raw insert limit: `domain_event_entry`-shaped rows, 1 row per transaction, %d connections, %d-byte payload",
                            o.threads(), r.raw.payloadBytes()),
                    fmt("%s rows/s (commit p50 %.2f ms, p99 %.2f ms; %d errors)", rate(r.raw.rowsPerSecond()),
                            Stats.ms(r.raw.latency().getValueAtPercentile(50)),
                            Stats.ms(r.raw.latency().getValueAtPercentile(99)), r.raw.errors()),
                    "reference", "1.00", "");
        } else {
            row("Raw insert limit", "n/a", "reference", "", "");
        }

        if (r.closed != null) {
            Stats s = r.closed.stats();
            double patchRate = r.closed.patchesPerSecond();
            String target = h2 ? "≥ 6,500/s"
                    : limit == null ? "≥ 0.40 × limit" : fmt("≥ 0.40 × limit = %s/s", rate(PG_PATCH_RATIO_TARGET * limit));
            String ok = h2 ? met(patchRate >= H2_PATCH_TARGET)
                    : limit == null ? "?" : met(patchRate >= PG_PATCH_RATIO_TARGET * limit);
            row(fmt("Closed loop (%d clients): PATCH throughput", o.threads()), rate(patchRate) + "/s", target,
                    ratio(patchRate, limit), ok);
            row("Closed loop: all requests", fmt("%s/s (%d requests in %.1f s)", rate(r.closed.requestsPerSecond()),
                    s.totalCount(), r.closed.seconds()), "—", ratio(r.closed.requestsPerSecond(), limit), "");
            if (r.closedEvents != null) {
                double eventRate = r.closedEvents / r.closed.seconds();
                row("Closed loop: events appended to `domain_event_entry`", fmt("%s/s (%.1f per request)", rate(eventRate),
                        r.closedEvents / (double) Math.max(1, s.totalCount())), "—", ratio(eventRate, limit), "");
            }
            if (r.closedDbWork != null) {
                double n = Math.max(1, s.totalCount());
                DbCounters w = r.closedDbWork;
                row("Closed loop: PostgreSQL work per request (pg_stat_database, approximate)",
                        fmt("%.1f commits, %.1f rows fetched, %.1f inserted, %.1f updated, %.1f deleted; %d rollbacks",
                                w.commits() / n, w.rowsFetched() / n, w.rowsInserted() / n, w.rowsUpdated() / n,
                                w.rowsDeleted() / n, w.rollbacks()), "—", "", "");
            }
            row("Closed loop: PATCH latency p50 / p95 / p99 / max", latency(s.patches()), "—", "", "");
            row("Closed loop: all requests latency p50 / p95 / p99 / max", latency(s.all()), "—", "", "");
            row("Closed loop: errors (non-2xx or no answer)", errors(s), "—", "", "");
        }

        if (r.open != null) {
            Stats s = r.open.stats();
            double p99 = Stats.ms(s.patches().getValueAtPercentile(99));
            row("Open loop: PATCH rate (target → achieved)", fmt("%s → %s PATCH/s (%s requests/s; %d traces, max %d in flight%s)",
                            rate(r.open.targetPatchRate()), rate(r.open.patchesPerSecond()), rate(r.open.requestsPerSecond()),
                            r.open.traces(), r.open.maxInFlight(), r.open.drained() ? "" : "; NOT drained"),
                    "half the closed-loop max", ratio(r.open.patchesPerSecond(), limit), "");
            row("Open loop: PATCH latency from intended send time, p50 / p95 / p99 / max", latency(s.patches()),
                    "p99 ≤ 25 ms", "", met(p99 <= OPEN_P99_TARGET_MS));
            row("Open loop: all requests latency p50 / p95 / p99 / max", latency(s.all()), "—", "", "");
            row("Open loop: errors", errors(s), "—", "", "");
        }

        if (r.ttv != null) {
            Histogram v = r.ttv.visible();
            double p99 = Stats.ms(v.getValueAtPercentile(99));
            String background = r.ttvBackground == null ? "" : fmt(", background %s PATCH/s", rate(r.ttvBackground.patchesPerSecond()));
            row(fmt("Time to visible: PATCH sent → independent reader's GET shows it (%d samples%s), p50 / p95 / p99 / max",
                            r.ttv.samples(), background),
                    latency(v) + (r.ttv.timeouts() > 0 ? fmt(" (%d never seen in 10 s)", r.ttv.timeouts()) : ""),
                    "p99 ≤ 100 ms", "", met(p99 <= TTV_P99_TARGET_MS && r.ttv.timeouts() == 0));
            row("Time to visible: the writer's PATCH latency p50 / p95 / p99 / max (answered once readable)",
                    latency(r.ttv.writer()) + (r.ttv.writeErrors() > 0 ? fmt(" (%d errors)", r.ttv.writeErrors()) : ""),
                    "—", "", "");
        }

        if (r.closedServerCores != null) {
            row("Server CPU, closed loop (cores used of " + Runtime.getRuntime().availableProcessors() + ")",
                    fmt("%.2f (server GC %.1f s of %.1f s)", r.closedServerCores, r.closedGcSeconds, r.closed.seconds()),
                    "—", "", "");
            row("Machine CPU, closed loop (cores busy: server + harness + everything else)",
                    fmt("%.2f = %.2f + %.2f + %.2f (else: %s)", r.closedMachineCores, r.closedServerCores,
                            r.closedHarnessCores, Math.max(0, r.closedMachineCores - r.closedServerCores - r.closedHarnessCores),
                            h2 ? "other processes" : "PostgreSQL and other processes"), "—", "", "");
        }
        if (r.openServerCores != null) {
            row("Server CPU, open loop (cores used)", fmt("%.2f", r.openServerCores), "—", "", "");
        }
        if (r.heapMaxUsedMb != null) {
            row("Server heap, max used (jstat every 0.5 s, -Xmx512m)",
                    fmt("%.0f MB (old gen max %.0f MB; committed max %.0f MB; %d samples)", r.heapMaxUsedMb, r.heapMaxOldMb,
                            r.heapMaxCommittedMb, r.heapSamples),
                    "≤ 512 MB", "", met(r.heapMaxUsedMb <= HEAP_TARGET_MB));
        }

        if (r.replay != null) {
            Replay.Result p = r.replay;
            double eps = p.eventsPerSecond();
            row("Replay: rebuild `log_document`/`file_*` from the event store",
                    fmt("%s events/s (%d events in %.1f s; %.1f s from launch)", rate(eps), p.events(),
                            p.rebuildSeconds(), p.fromLaunchSeconds()),
                    "≥ 20,000 events/s", ratio(eps, limit), met(eps >= REPLAY_TARGET));
            row("Replay: last written log identical after the rebuild", p.sameDocument() ? "yes" : "no", "—", "", "");
        } else if (r.replayFailure != null) {
            row("Replay: rebuild `log_document`/`file_*` from the event store", "failed: " + Json.clip(r.replayFailure)
                    + (r.replayLog == null ? "" : " (server log: `" + r.replayLog + "`)"), "≥ 20,000 events/s", "", met(false));
        } else {
            row("Replay", "n/a", "≥ 20,000 events/s", "", "");
        }

        if (!r.traces.isEmpty()) {
            for (TraceRead.Result t : r.traces) {
                boolean tenK = t.size() == 10_000;
                double p50 = Stats.ms(t.latency().getValueAtPercentile(50));
                row(fmt("Trace GET of a %,d-child trace, p50 / max", t.size()),
                        fmt("%.1f / %.1f ms (%d children returned, %,d KB; %sbuilt at %s children/s%s%s)", p50,
                                Stats.ms(t.latency().getMaxValue()), t.childrenReturned(), t.bytes() / 1024,
                                t.built() < t.size() ? fmt("ONLY %,d of %,d built in %.0f s, ", t.built(), t.size(), t.buildSeconds()) : "",
                                rate(t.built() / t.buildSeconds()),
                                limit == null ? "" : " = " + ratio(t.built() / t.buildSeconds(), limit) + " × limit",
                                t.buildErrors() > 0 ? fmt(", %d errors", t.buildErrors()) : ""),
                        tenK ? "< 300 ms" : "—", "", tenK ? met(p50 < TRACE_10K_TARGET_MS && t.childrenReturned() == t.size()) : "");
            }
            if (r.traces.stream().noneMatch(t -> t.size() == 10_000)) {
                row("Trace GET of a 10,000-child trace", "not run (" + o.mode() + " mode)", "< 300 ms", "", "n/a");
            }
        } else {
            row("Trace GET of a 10,000-child trace", "n/a" + (r.tracesUnavailable != null ? " (" + r.tracesUnavailable + ")" : ""),
                    "< 300 ms", "", "n/a");
        }
        line("");

        if (r.closed != null) {
            line("Per request kind (closed loop | open loop), latency in ms p50 / p99 / max:");
            line("");
            line("| request | closed: count | closed: p50 / p99 / max | open: count | open: p50 / p99 / max | errors (closed + open) |");
            line("|---|---|---|---|---|---|");
            for (Stats.Op op : Stats.Op.values()) {
                Stats c = r.closed.stats();
                Stats p = r.open == null ? null : r.open.stats();
                if (c.count(op) == 0 && (p == null || p.count(op) == 0)) {
                    continue;
                }
                line("| " + op.label + " | " + c.count(op) + " | " + shortLatency(c.histogram(op)) + " | "
                        + (p == null ? "" : p.count(op)) + " | " + (p == null ? "" : shortLatency(p.histogram(op))) + " | "
                        + (c.errors(op) + (p == null ? 0 : p.errors(op))) + " |");
            }
            line("");
            List<String> samples = r.closed.stats().errorSamples();
            if (!samples.isEmpty()) {
                line("First errors: " + String.join("; ", samples.stream().map(Json::clip).toList()));
                line("");
            }
        }
        StringBuilder footer = new StringBuilder();
        if (r.averagePayloadBytes != null) {
            footer.append(fmt("Average event payload the server stored: %d bytes. ", r.averagePayloadBytes));
        }
        if (r.serverLog != null) {
            footer.append("Server log: `").append(r.serverLog).append("`");
            if (r.serverErrorLines >= 0) {
                footer.append(fmt(" (%d ERROR lines)", r.serverErrorLines));
            }
            footer.append('.');
        }
        if (!footer.isEmpty()) {
            line(footer.toString());
            line("");
        }
    }

    private static String latency(Histogram h) {
        if (h.getTotalCount() == 0) {
            return "n/a";
        }
        return fmt("%s / %s / %s / %s ms", ms(h.getValueAtPercentile(50)), ms(h.getValueAtPercentile(95)),
                ms(h.getValueAtPercentile(99)), ms(h.getMaxValue()));
    }

    private static String shortLatency(Histogram h) {
        if (h.getTotalCount() == 0) {
            return "—";
        }
        return ms(h.getValueAtPercentile(50)) + " / " + ms(h.getValueAtPercentile(99)) + " / " + ms(h.getMaxValue());
    }

    private static String ms(long micros) {
        double ms = Stats.ms(micros);
        return ms < 10 ? fmt("%.2f", ms) : ms < 100 ? fmt("%.1f", ms) : fmt("%.0f", ms);
    }

    private static String errors(Stats s) {
        return fmt("%d of %d", s.totalErrors(), s.totalCount()) + (s.statusCounts().isEmpty() ? "" : " " + s.statusCounts());
    }

    private static String rate(double perSecond) {
        return perSecond >= 100 ? fmt("%,.0f", perSecond) : fmt("%,.1f", perSecond);
    }

    private static String ratio(double value, Double limit) {
        if (limit == null || limit <= 0) {
            return "";
        }
        double ratio = value / limit;
        return ratio >= 0.1 ? fmt("%.2f", ratio) : fmt("%.3f", ratio);
    }

    private static String met(boolean ok) {
        return ok ? "yes" : "**no**";
    }

    private static String fmt(String format, Object... args) {
        return String.format(Locale.ROOT, format, args);
    }

    private void row(String figure, String value, String target, String ratio, String met) {
        line("| " + figure + " | " + value + " | " + target + " | " + ratio + " | " + met + " |");
    }

    private void line(String text) {
        md.append(text).append('\n');
    }
}
