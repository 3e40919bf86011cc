package dev.tracevault.queries;

/**
 * Asks for one page of the files of {@code kind} (spec §3.13): {@code name} filters
 * case-insensitively, {@code sortBy} is {@code created_at}, {@code updated_at} or {@code name}.
 */
public record FindFiles(String kind, int page, int size, String name, String sortBy, boolean ascending) {
}
