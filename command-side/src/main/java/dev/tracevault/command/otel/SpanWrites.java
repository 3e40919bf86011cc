package dev.tracevault.command.otel;

import dev.tracevault.command.ServerTime;
import dev.tracevault.command.flowlog.RecordSpan;
import dev.tracevault.command.flowlog.UpdateFlowLog;
import dev.tracevault.command.log.CreateRequests;
import dev.tracevault.command.log.LogRegistry;
import dev.tracevault.command.log.LogRequests;
import dev.tracevault.command.log.LogStatus;
import dev.tracevault.command.log.LogUpdate;
import dev.tracevault.command.log.LogWritten;
import dev.tracevault.command.otel.OtelSettings;
import dev.tracevault.command.otel.PendingSpans;
import dev.tracevault.command.otel.SpanLog;
import dev.tracevault.command.validation.JsonBody;
import dev.tracevault.command.validation.SpanParents;
import dev.tracevault.command.write.WriteTransaction;
import dev.tracevault.problems.Conflict;
import dev.tracevault.problems.InvalidInput;
import dev.tracevault.problems.NotFound;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.eventsourcing.IncompatibleAggregateException;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes the logs spans stand for, through the same create requests and update commands as the
 * REST API, so the event history of a log does not tell how it arrived.
 *
 * <p>Order does not matter: a span is written after its parent (parents first within a request), a
 * span whose parent log does not exist yet waits in {@link PendingSpans} and is written when the
 * parent is, and a Flow Log is completed only after the spans waiting for it have joined its trace,
 * as a REST client completes a Flow Log after logging its children. A span delivered after its trace
 * root completed still joins it if it started within the root's span (see the Flow Log's rules).
 * Every span is written in its own transactions: one refused span does not refuse the others.
 */
@Component
public class SpanWrites {

    private static final Logger log = LoggerFactory.getLogger(SpanWrites.class);
    /**
     * What a Flow Log's span may change beyond a PATCH's fields: when it started (a decorated flow
     * is opened before its span says so), and the datapoint and run of an evaluation the SDK ran it in.
     */
    private static final Map<String, LogRequests.DetailType> SPAN_DETAILS = Map.of(
            "start_time", LogRequests.DetailType.DATETIME, "source_datapoint_id", LogRequests.DetailType.STRING,
            "run_id", LogRequests.DetailType.STRING);
    private static final int SWEEP_BATCH = 200;
    /** The room left for waiting spans, before anyone counted them. */
    private static final int UNCOUNTED = Integer.MIN_VALUE;

    private final CreateRequests creates;
    private final CommandGateway commands;
    private final WriteTransaction writes;
    private final LogRegistry registry;
    private final PendingSpans pending;
    private final OtelSettings settings;
    private final JsonMapper mapper;

    public SpanWrites(CreateRequests creates, CommandGateway commands, WriteTransaction writes, LogRegistry registry,
               PendingSpans pending, OtelSettings settings, JsonMapper mapper) {
        this.creates = creates;
        this.commands = commands;
        this.writes = writes;
        this.registry = registry;
        this.pending = pending;
        this.settings = settings;
        this.mapper = mapper;
    }

    /** A span that passed every check: its create request (none for a span that changes a log) and its completion. */
    public record Ready(SpanLog log, CreateRequests.Checked create, Completion completion) {
    }

    /** The changes the end of a Flow Log's span makes. */
    public record Completion(LogUpdate update, LogStatus status) {
    }

    /** What became of the spans of one request: refused ones by their place, and the writes to wait for. */
    public static final class Result {
        public final Map<String, RuntimeException> refused = new LinkedHashMap<>();
        final Map<String, LogWritten> written = new LinkedHashMap<>();
        int parked;

        private void wrote(LogWritten write) {
            written.merge(write.logId(), write, (a, b) -> a.sequence() >= b.sequence() ? a : b);
        }
    }

    /**
     * Checks a span's requests without writing anything.
     *
     * @throws InvalidInput what is wrong with them, located in the request bodies ({@code body, ...})
     */
    public Ready check(SpanLog log) {
        CreateRequests.Checked create = log.update() ? null
                : creates.check(log.kind(), JsonBody.of(log.create().deepCopy(), mapper), null, null);
        Completion completion = null;
        if (log.completion() != null) {
            JsonBody body = JsonBody.of(log.completion().deepCopy(), mapper);
            completion = new Completion(LogRequests.update(body, true, SPAN_DETAILS), LogRequests.status(body));
            body.check();
        }
        return new Ready(log, create, completion);
    }

    /**
     * The spans of one request whose parents lead round in a circle (and those below them), by their
     * place in the request: they could never be written, so they are refused (422) instead of waiting.
     */
    public static Map<String, InvalidInput> cycles(List<Ready> spans) {
        Map<String, String> parentOf = new LinkedHashMap<>();
        Map<String, String> where = new LinkedHashMap<>();
        for (Ready span : spans) {
            if (!span.log().update()) {
                parentOf.put(span.log().logId(), span.log().parentLogId());
                where.put(span.log().logId(), span.log().where());
            }
        }
        Map<String, InvalidInput> refused = new LinkedHashMap<>();
        SpanParents.cyclic(parentOf).forEach((logId, circle) -> refused.put(where.get(logId), InvalidInput.of(
                List.of("parentSpanId"), "the span's parents lead round in a circle (" + SpanParents.describe(circle)
                        + "): it can never join a trace", "value_error.span_parent_cycle")));
        return refused;
    }

    /** Writes the checked spans of one request. */
    public Result write(List<Ready> spans) {
        Result result = new Result();
        Set<String> created = new HashSet<>();
        for (Ready span : spans) {
            if (!span.log().update()) {
                created.add(span.log().logId());
            }
        }
        Map<String, List<Next>> children = new LinkedHashMap<>();
        List<Ready> tops = new ArrayList<>();
        for (Ready span : spans) {
            String parent = span.log().parentLogId();
            if (!span.log().update() && parent != null && created.contains(parent)
                    && !parent.equals(span.log().logId())) {
                children.computeIfAbsent(parent, k -> new ArrayList<>()).add(new Next(span, null));
            } else {
                tops.add(span);
            }
        }
        int[] room = {UNCOUNTED};
        for (Ready top : tops) {
            writeTree(new Frame(top, top.log(), false), children, result, room);
        }
        return result;
    }

    /**
     * Writes what waits in {@link PendingSpans} and can be written now: spans whose parent arrived
     * another way (a REST request, another instance), and spans too old to wait any longer (as
     * logs of their own). Called periodically.
     */
    public void sweep() {
        Result result = new Result();
        int[] room = {Integer.MAX_VALUE};
        for (var waiting : pending.parentArrived(SWEEP_BATCH)) {
            writeWaiting(waiting.log(), result, room);
        }
        Instant limit = ServerTime.now().minus(settings.pendingMaxAge());
        for (var old : pending.olderThan(limit, SWEEP_BATCH)) {
            log.warn("span {} ({}) waited {} for its parent log '{}', which did not arrive: it is stored as a log"
                    + " of its own", old.log().logId(), old.log().kind(), settings.pendingMaxAge(),
                    old.log().parentLogId());
            writeWaiting(old.log().withoutParent("the parent did not arrive within " + settings.pendingMaxAge()),
                    result, room);
        }
        pending.purgeRejected(limit);
    }

    /**
     * Writes one waiting span and what waits below it. A failure that says nothing about the span
     * (the database, a lost race) leaves it waiting for the next sweep, and does not hold up the
     * spans after it: the oldest span failing every time must not stop the others for good.
     */
    private void writeWaiting(SpanLog waiting, Result result, int[] room) {
        try {
            writeTree(new Frame(null, waiting, true), Map.of(), result, room);
        } catch (RuntimeException e) {
            log.warn("span {} ({}) waiting for its parent log '{}' is left for the next sweep: {}", waiting.logId(),
                    waiting.kind(), waiting.parentLogId(), e.toString());
        }
    }

    /** A span below another: one of the same request (checked), or one that waited (checked when its turn comes). */
    private record Next(Ready ready, SpanLog waiting) {
    }

    /** One frame of the walk down a tree of spans: a span, and the spans below it still to write. */
    private static final class Frame {
        Ready span;
        final SpanLog log;
        final boolean fromPending;
        Iterator<Next> below;
        boolean written;

        Frame(Ready span, SpanLog log, boolean fromPending) {
            this.span = span;
            this.log = log;
            this.fromPending = fromPending;
        }
    }

    /**
     * Writes a span and, below it, the spans of the request and the waiting spans that name it as
     * their parent, depth first without recursion; completes each Flow Log once what is below it is
     * written.
     */
    private void writeTree(Frame top, Map<String, List<Next>> children, Result result, int[] room) {
        Deque<Frame> stack = new ArrayDeque<>();
        stack.push(top);
        while (!stack.isEmpty()) {
            Frame frame = stack.peek();
            if (frame.below == null) {
                start(frame, children, result, room);
            } else if (frame.below.hasNext()) {
                Next next = frame.below.next();
                stack.push(next.ready() != null ? new Frame(next.ready(), next.ready().log(), false)
                        : new Frame(null, next.waiting(), true));
            } else {
                stack.pop();
                if (frame.written) {
                    finish(frame, result);
                }
            }
        }
    }

    /** Creates the frame's log (or parks it) and lists what comes below it. */
    private void start(Frame frame, Map<String, List<Next>> children, Result result, int[] room) {
        List<Next> below = new ArrayList<>(children.getOrDefault(frame.log.logId(), List.of()));
        frame.below = below.iterator();
        if (frame.span == null) {
            frame.span = checkOrRefuse(frame.log, frame, result);
            if (frame.span == null) {
                return;
            }
        }
        SpanLog span = frame.log;
        if (span.update()) {
            frame.written = true;
            return;
        }
        Ready ready = frame.span;
        if (span.parentLogId() != null) {
            var parent = registry.find(span.parentLogId());
            if (parent.isEmpty()) {
                park(frame, result, room);
                return;
            }
            if (parent.get().trace() == null && !span.explicitParent()) {
                // an OpenTelemetry child of a log outside any trace (a lone LLM call's own HTTP span):
                // Humanloop has no place for it below that log, so it is a log of its own
                ready = checkOrRefuse(span.withoutParent("the parent log '" + span.parentLogId()
                        + "' belongs to no trace"), frame, result);
                if (ready == null) {
                    return;
                }
            }
        }
        try {
            result.wrote(ready.create().write(span.span()));
            frame.written = true;
        } catch (InvalidInput | Conflict | NotFound e) {
            refuse(frame, e, result);
            return;
        }
        for (var waiting : pending.waitingFor(span.logId())) {
            below.add(new Next(null, waiting.log()));
        }
        frame.below = below.iterator();
    }

    private Ready checkOrRefuse(SpanLog span, Frame frame, Result result) {
        try {
            return check(span);
        } catch (InvalidInput e) {
            refuse(frame, e, result);
            return null;
        }
    }

    private void park(Frame frame, Result result, int[] room) {
        SpanLog span = frame.log;
        if (frame.fromPending) {
            return; // it keeps waiting where it is
        }
        if (room[0] == UNCOUNTED) {
            room[0] = settings.pendingMaxSpans() - pending.waiting(); // counted once a request parks a span
        }
        if (pending.waitsBelow(span.logId(), span.parentLogId())) {
            refuse(frame, InvalidInput.of(List.of("parentSpanId"), "the span's parent log '" + span.parentLogId()
                    + "' waits for this span itself (its parents lead round in a circle): it can never join a"
                    + " trace", "value_error.span_parent_cycle"), result);
            return;
        }
        if (room[0] <= 0) {
            refuse(frame, new Conflict("too many spans wait for their parent (tracevault.otel.pending.max-spans = "
                    + settings.pendingMaxSpans() + "): the parent log '" + span.parentLogId()
                    + "' of this span does not exist"), result);
            return;
        }
        pending.park(span, ServerTime.now());
        room[0]--;
        result.parked++;
    }

    /** After what is below it: the end of a Flow Log's span (its window, and its completion). */
    private void finish(Frame frame, Result result) {
        Ready span = frame.span;
        if (span.log().kind().equals("flow")) {
            try {
                result.wrote(complete(span));
            } catch (InvalidInput | Conflict | NotFound e) {
                refuse(frame, e, result);
                return;
            }
        }
        if (frame.fromPending) {
            pending.remove(span.log().logId());
        }
    }

    private LogWritten complete(Ready span) {
        SpanLog log = span.log();
        String logId = log.logId();
        return writes.run(List.of(logId), () -> {
            try {
                LogWritten written = commands.sendAndWait(new RecordSpan(logId, log.span()));
                if (span.completion() == null) {
                    return written;
                }
                LogStatus status = span.completion().status();
                return commands.sendAndWait(new UpdateFlowLog(logId, span.completion().update(), status,
                        ServerTime.now(), status == LogStatus.COMPLETE ? log.span().end() : null));
            } catch (AggregateNotFoundException | IncompatibleAggregateException e) {
                throw new NotFound("Flow Log '" + logId + "' not found");
            }
        });
    }

    private void refuse(Frame frame, RuntimeException e, Result result) {
        frame.written = false;
        if (frame.fromPending) {
            log.warn("span {} ({}) waited for its parent log '{}' but could not be stored: {}", frame.log.logId(),
                    frame.log.kind(), frame.log.parentLogId(), e.getMessage());
            pending.reject(frame.log.logId(), e.getClass().getSimpleName() + ": " + e.getMessage());
        } else {
            result.refused.put(frame.log.where(), e);
        }
    }

}
