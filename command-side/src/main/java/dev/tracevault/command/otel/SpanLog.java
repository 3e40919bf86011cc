package dev.tracevault.command.otel;

import dev.tracevault.command.log.SpanRef;
import tools.jackson.databind.node.ObjectNode;

/**
 * What one span asks of the log store, in the shapes of the REST API: create the log
 * {@code logId} of {@code kind} from the body {@code create} (a {@code POST /v5/<kind>s/log} body),
 * or, for a span naming an existing log ({@code update}), change it. A Flow Log is created open and
 * then {@code completion} (a {@code PATCH /v5/flows/logs/{id}} body) closes it, after the members
 * that wait for it have joined its trace.
 *
 * @param where          where the span was in its request, for messages
 * @param parentLogId    the log this one joins below, or null
 * @param explicitParent whether the parent was named by log id ({@code humanloop.log.trace_parent_id}),
 *                       as a REST request names it; else it is the parent span's log
 * @param completion     the changes the end of the span makes (null: none)
 * @param span           the span itself: its ids and window
 */
public record SpanLog(String where, String kind, String logId, boolean update, String parentLogId,
                      boolean explicitParent, ObjectNode create, ObjectNode completion, SpanRef span) {

    /** This span as a log of its own, its parent never having arrived (or being no trace member). */
    public SpanLog withoutParent(String why) {
        ObjectNode body = create.deepCopy();
        body.remove("trace_parent_id");
        ObjectNode metadata = body.get("metadata") instanceof ObjectNode m ? m : body.putObject("metadata");
        ObjectNode otel = metadata.get("otel") instanceof ObjectNode o ? o : metadata.putObject("otel");
        otel.put("unlinked_parent_log_id", parentLogId);
        otel.put("unlinked_because", why);
        return new SpanLog(where, kind, logId, update, null, explicitParent, body, completion, span);
    }
}
