package dev.tracevault.queries;

/**
 * Asks for every environment with the version of the file deployed there
 * ({@code FileEnvironmentResponse[]}: {@code file} is the file object, or null where none is).
 */
public record FindFileEnvironments(String fileId, String kind) {
}
