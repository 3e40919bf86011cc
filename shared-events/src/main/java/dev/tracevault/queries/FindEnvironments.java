package dev.tracevault.queries;

/** Asks for the workspace's environments, the default one first: {@code {"records": [EnvironmentResponse]}}. */
public record FindEnvironments() {
}
