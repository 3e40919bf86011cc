package dev.tracevault.events.file;

/**
 * What a monitor follows: a pinned evaluator version, or the version of its evaluator deployed to
 * an environment. Exactly one of the two is set.
 */
public record MonitorTarget(String evaluatorVersionId, String environment) {

    public MonitorTarget {
        if ((evaluatorVersionId == null) == (environment == null)) {
            throw new IllegalArgumentException("a monitor follows either an evaluator version or an environment");
        }
    }
}
