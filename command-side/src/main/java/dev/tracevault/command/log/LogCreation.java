package dev.tracevault.command.log;

import dev.tracevault.command.file.Files;
import dev.tracevault.command.log.AdmitTraceMember;
import dev.tracevault.command.write.WriteTransaction;
import dev.tracevault.events.log.TraceRef;
import dev.tracevault.problems.Conflict;
import dev.tracevault.problems.InvalidInput;
import dev.tracevault.problems.NotFound;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.eventsourcing.IncompatibleAggregateException;
import org.springframework.stereotype.Component;

/**
 * Creating a log of any kind, in one write transaction: resolve (or create) its file and version,
 * find the trace it joins through {@code trace_parent_id}, create it, register its id, and have
 * the trace root admit it. The root refuses once it is complete, and since the admission is an
 * event on the root, a child racing the root's completion is either admitted before it or
 * refused after it (the event table's unique sequence decides, across instances too).
 */
@Component
public class LogCreation {

    private final CommandGateway commands;
    private final WriteTransaction writes;
    private final Files files;
    private final LogRegistry registry;

    LogCreation(CommandGateway commands, WriteTransaction writes, Files files, LogRegistry registry) {
        this.commands = commands;
        this.writes = writes;
        this.files = files;
        this.registry = registry;
    }

    /**
     * @param create builds the aggregate's create command from the resolved file version and the
     *               trace the log joins (null for a log outside any trace; a root Flow Log gets its
     *               own trace)
     */
    public LogWritten create(String kind, String logId, Files.Target target, String traceParentId, Instant now,
                             BiFunction<Files.FileVersion, TraceRef, Object> create) {
        return create(kind, logId, target, traceParentId, null, null, now, create);
    }

    /** @param judgedLogId for an Evaluator Log: the log it judges */
    public LogWritten create(String kind, String logId, Files.Target target, String traceParentId,
                             String judgedLogId, Instant now, BiFunction<Files.FileVersion, TraceRef, Object> create) {
        return create(kind, logId, target, traceParentId, judgedLogId, null, now, create);
    }

    /**
     * @param span the OpenTelemetry span the log comes from (null for REST writes): a span that
     *             started within the span of a complete trace root still joins it (late delivery)
     */
    public LogWritten create(String kind, String logId, Files.Target target, String traceParentId, SpanRef span,
                             Instant now, BiFunction<Files.FileVersion, TraceRef, Object> create) {
        return create(kind, logId, target, traceParentId, null, span, now, create);
    }

    private LogWritten create(String kind, String logId, Files.Target target, String traceParentId,
                              String judgedLogId, SpanRef span, Instant now,
                              BiFunction<Files.FileVersion, TraceRef, Object> create) {
        var parent = traceParentId == null ? null : parent(traceParentId);
        List<String> locks = new ArrayList<>(List.of(logId));
        if (files.mayCreate(target)) {
            locks.add("path:" + target.path());
        }
        if (parent != null) {
            // children of one trace queue up here instead of colliding on the root's event stream
            locks.add(parent.trace().traceId());
        }
        return writes.run(locks, () -> {
            var existing = registry.find(logId);
            if (existing.isPresent() && !existing.get().kind().equals(kind)) {
                throw new Conflict("log_id '" + logId + "' is already used by a " + existing.get().kind() + " log");
            }
            var joined = traceParentId == null ? null : parent(traceParentId);
            var file = files.resolve(target, now);
            TraceRef trace = joined != null ? joined.trace()
                    : kind.equals("flow") ? new TraceRef(logId, file.fileId()) : null;
            LogWritten written;
            try {
                written = commands.sendAndWait(create.apply(file, trace));
            } catch (IncompatibleAggregateException e) {
                throw new Conflict("log_id '" + logId + "' is already used by another record");
            }
            if (existing.isEmpty()) {
                registry.register(logId, kind, trace, traceParentId, judgedLogId);
                if (joined != null) {
                    admit(joined, logId, span, now);
                }
            }
            return written;
        });
    }

    private void admit(LogRegistry.Entry parent, String memberId, SpanRef span, Instant now) {
        String root = parent.trace().traceId();
        commands.sendAndWait(new AdmitTraceMember(root, memberId, parent.logId(), span, now));
        if (parent.kind().equals("flow") && !parent.logId().equals(root)) {
            // a nested Flow Log closes its own sub-trace when it completes
            commands.sendAndWait(new AdmitTraceMember(parent.logId(), memberId, parent.logId(), span, now));
        }
    }

    private LogRegistry.Entry parent(String traceParentId) {
        var parent = registry.find(traceParentId)
                .orElseThrow(() -> new NotFound("trace parent '" + traceParentId + "' not found"));
        if (parent.trace() == null) {
            throw InvalidInput.of(List.of("body", "trace_parent_id"), "log '" + traceParentId
                    + "' belongs to no trace: a parent must be a Flow Log or a log inside a trace",
                    "value_error.trace_parent");
        }
        return parent;
    }
}
