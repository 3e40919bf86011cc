package dev.tracevault.query.logs;

import dev.tracevault.events.promptlog.PromptDetail;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * Derives a log's outline columns ({@link LogDocuments.Outline}) from its document, every time the
 * document is written: what the viewer's outline of a trace shows of each log beside its ids and
 * times, and what the viewer's listing filters by.
 *
 * <ul>
 *   <li>{@code log_status}: its {@code log_status}, or null;</li>
 *   <li>{@code has_error}: whether its {@code error} is set;</li>
 *   <li>{@code erased}: whether it is a {@link Tombstone};</li>
 *   <li>{@code tokens}: the sum of {@link PromptDetail#tokens()} ({@code prompt_tokens + output_tokens + reasoning_tokens}), null if none is
 *       given (or if the sum does not fit 64 bits);</li>
 *   <li>{@code cost}: {@code prompt_cost + output_cost}, null if none is given (or if it is not a
 *       finite double).</li>
 * </ul>
 */
final class OutlineColumns {

    /** The {@code log_status} column's width (a status is an enum of the API; a longer one is not kept). */
    static final int STATUS_LENGTH = 32;

    private OutlineColumns() {
    }

    static LogDocuments.Outline of(JsonNode body) {
        JsonNode status = body.get("log_status");
        JsonNode error = body.get("error");
        return new LogDocuments.Outline(status != null && status.isString() && status.stringValue().length() <= STATUS_LENGTH
                ? status.stringValue() : null,
                error != null && !error.isNull(), Tombstone.is(body),
                tokens(body, PromptDetail.tokens()), cost(body, PromptDetail.costs()));
    }

    /** Summed as longs, never as big numbers: a 1e999999999 must not become a billion-digit integer. */
    private static Long tokens(JsonNode body, List<String> fields) {
        Long total = null;
        for (String field : fields) {
            JsonNode value = body.get(field);
            if (value != null && value.isNumber()) {
                try {
                    // the requests keep numbers as decimals (60 arrives as a decimal node): any whole
                    // number counts; longValueExact refuses more than 19 integer digits before it rounds
                    long count = value.isIntegralNumber() && value.canConvertToLong() ? value.longValue()
                            : value.decimalValue().longValueExact();
                    total = Math.addExact(total == null ? 0L : total, count);
                } catch (ArithmeticException notAWholeLong) {
                    return null;
                }
            }
        }
        return total;
    }

    private static Double cost(JsonNode body, List<String> fields) {
        Double total = null;
        for (String field : fields) {
            JsonNode value = body.get(field);
            if (value != null && value.isNumber()) {
                total = (total == null ? 0.0 : total) + value.doubleValue();
            }
        }
        return total == null || Double.isFinite(total) ? total : null;
    }
}
