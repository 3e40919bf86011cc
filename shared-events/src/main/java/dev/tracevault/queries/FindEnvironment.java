package dev.tracevault.queries;

/** Asks for one environment as {@code EnvironmentResponse}: {@code id}, {@code created_at}, {@code name}, {@code tag}. */
public record FindEnvironment(String environmentId) {
}
