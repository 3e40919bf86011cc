package dev.tracevault.command.log;

/**
 * Where a log aggregate takes the id of a new evaluation from: passed to its command handlers, so
 * that the aggregate itself draws nothing at random and a test can name the ids it expects.
 */
@FunctionalInterface
public interface EvaluationIds {

    String next();
}
