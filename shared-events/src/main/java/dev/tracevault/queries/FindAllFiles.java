package dev.tracevault.queries;

import java.util.List;

/**
 * Asks for one page of the files of every kind in {@code kinds} (empty: all), optionally named like
 * {@code name}, sorted by {@code sortBy} ({@code created_at}, {@code updated_at} or {@code name}).
 */
public record FindAllFiles(List<String> kinds, int page, int size, String name, String sortBy, boolean ascending) {
}
