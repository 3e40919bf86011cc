package dev.tracevault.benchmark;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** What the yardstick mode measured on one database: each server's run and the raw insert limit. */
final class YardstickRun {

    /** One server (Tracevault or the yardstick) on a fresh database of this kind; a phase not run leaves null. */
    static final class Server {
        final String name;
        String datasource;
        Double coldStartSeconds;
        Double seedSeconds;
        PatchLoad.Result warmUp;
        PatchLoad.Result measured;
        Double serverCores;
        Double harnessCores;
        Double machineCores;
        Double gcSeconds;
        DbCounters dbWork;
        Map<String, LagSampler.Series> lag;
        String lagUnavailable;
        Double lagCatchUpSeconds;
        PatchLoad.Result open;
        Double openServerCores;
        Double openHarnessCores;
        Double heapMaxUsedMb;
        Double heapMaxOldMb;
        Double heapMaxCommittedMb;
        long heapSamples;
        Path log;
        long errorLines = -1;
        String failure;

        Server(String name) {
            this.name = name;
        }

        /** Server CPU per PATCH in the measured closed loop, ms. */
        Double cpuPerPatchMs() {
            return serverCores == null || measured == null || measured.stats().count(Stats.Op.PATCH) == 0 ? null
                    : serverCores * measured.seconds() * 1000 / measured.stats().count(Stats.Op.PATCH);
        }

        /** The harness's (load generator's) CPU per PATCH in the measured closed loop, ms. */
        Double harnessPerPatchMs() {
            return harnessCores == null || measured == null || measured.stats().count(Stats.Op.PATCH) == 0 ? null
                    : harnessCores * measured.seconds() * 1000 / measured.stats().count(Stats.Op.PATCH);
        }
    }

    final String database;
    String version;
    String loadBefore;
    final List<Server> servers = new ArrayList<>();
    RawInsertLimit.Result raw;
    String rawFailure;

    YardstickRun(String database) {
        this.database = database;
    }

    Server server(String name) {
        return servers.stream().filter(s -> s.name.equals(name)).findFirst().orElse(null);
    }
}
