package dev.tracevault.command.evaluation;

import java.time.Duration;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * How evaluations run ({@code tracevault.evaluators.*}): how long one evaluator may run, how long
 * a whole evaluation may take before missing judgments become errors, and how many runs go on at
 * once.
 */
@Component
public class EvaluationSettings {

    private final Duration runTimeout;
    private final Duration deadline;
    private final int workers;
    private final Duration leaseMargin;

    EvaluationSettings(@Value("${tracevault.evaluators.run-timeout:PT30S}") Duration runTimeout,
                       @Value("${tracevault.evaluators.deadline:PT5M}") Duration deadline,
                       @Value("${tracevault.evaluators.workers:2}") int workers,
                       @Value("${tracevault.evaluators.lease-margin:PT30S}") Duration leaseMargin) {
        this.runTimeout = runTimeout;
        this.deadline = deadline;
        this.workers = workers;
        this.leaseMargin = leaseMargin;
    }

    public Duration runTimeout() {
        return runTimeout;
    }

    public Duration deadline() {
        return deadline;
    }

    public int workers() {
        return workers;
    }

    /**
     * A worker that claimed a run and died is presumed dead once this has passed: a run may first
     * wait for a sandbox that another run holds, then run for its own timeout.
     */
    Duration lease() {
        return runTimeout.multipliedBy(2).plus(leaseMargin);
    }
}
