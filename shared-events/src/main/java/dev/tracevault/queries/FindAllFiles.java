package dev.tracevault.queries;

import java.util.List;

/**
 * Asks for one page of the files of every kind in {@code kinds} (empty: all), optionally named like
 * {@code name}, sorted by {@code sortBy} ({@code created_at}, {@code updated_at} or {@code name}); with an
 * {@code environment} (a name), only the files deployed there, each at the version deployed there.
 */
public record FindAllFiles(List<String> kinds, int page, int size, String name, String sortBy, boolean ascending,
                           String environment) {
}
