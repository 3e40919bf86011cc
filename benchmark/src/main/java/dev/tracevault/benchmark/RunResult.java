package dev.tracevault.benchmark;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Everything measured on one database; a phase that did not run leaves its field null. */
final class RunResult {

    final String database;
    String version;
    Double coldStartSeconds;
    /** The second cold start, of the extracted jar with its JVM AOT cache, on a fresh database. */
    Double coldStartAotSeconds;
    String coldStartAotUnavailable;
    Features features;
    ClosedLoop.Result closed;
    Long closedEvents;
    Double closedServerCores;
    Double closedHarnessCores;
    Double closedMachineCores;
    Double closedGcSeconds;
    DbCounters closedDbWork;
    OpenLoop.Result open;
    Double openServerCores;
    TimeToVisible.Result ttv;
    OpenLoop.Result ttvBackground;
    final List<TraceRead.Result> traces = new ArrayList<>();
    String tracesUnavailable;
    RawInsertLimit.Result raw;
    Replay.Result replay;
    String replayFailure;
    Path replayLog;
    String loadBefore;
    Double heapMaxUsedMb;
    Double heapMaxOldMb;
    Double heapMaxCommittedMb;
    long heapSamples;
    Path serverLog;
    long serverErrorLines = -1;
    Long averagePayloadBytes;
    String failure;
    final List<String> notes = new ArrayList<>();

    RunResult(String database) {
        this.database = database;
    }
}
