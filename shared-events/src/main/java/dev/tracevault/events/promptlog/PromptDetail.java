package dev.tracevault.events.promptlog;

import java.util.Arrays;
import java.util.List;

/**
 * The fields only a Prompt Log has beyond its messages (spec §3.4): the usage its provider reported
 * and how the call ended. They travel in the {@code details} map of {@link PromptLogCreated} and of
 * detail updates under these wire names, in this order (the order the API's answers show them in).
 * One list for every part that reads or writes them: requests, the log documents, the trace outline
 * and the analytics.
 */
public enum PromptDetail {
    PROMPT_TOKENS("prompt_tokens", Usage.TOKENS),
    REASONING_TOKENS("reasoning_tokens", Usage.TOKENS),
    OUTPUT_TOKENS("output_tokens", Usage.TOKENS),
    PROMPT_COST("prompt_cost", Usage.COST),
    OUTPUT_COST("output_cost", Usage.COST),
    FINISH_REASON("finish_reason", Usage.NONE),
    TOOL_CHOICE("tool_choice", Usage.NONE);

    /** What a field counts: tokens and costs add up over a trace and in the stats. */
    public enum Usage { TOKENS, COST, NONE }

    private static final List<String> ALL = Arrays.stream(values()).map(PromptDetail::wire).toList();
    private static final List<String> TOKENS = names(Usage.TOKENS);
    private static final List<String> COSTS = names(Usage.COST);

    private final String wire;
    private final Usage usage;

    PromptDetail(String wire, Usage usage) {
        this.wire = wire;
        this.usage = usage;
    }

    public String wire() {
        return wire;
    }

    public Usage usage() {
        return usage;
    }

    /** Every wire name, in the answers' order. */
    public static List<String> wireNames() {
        return ALL;
    }

    /** The token counts' wire names. */
    public static List<String> tokens() {
        return TOKENS;
    }

    /** The costs' wire names. */
    public static List<String> costs() {
        return COSTS;
    }

    private static List<String> names(Usage usage) {
        return Arrays.stream(values()).filter(d -> d.usage == usage).map(PromptDetail::wire).toList();
    }
}
