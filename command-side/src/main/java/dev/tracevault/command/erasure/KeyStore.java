package dev.tracevault.command.erasure;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Where the per-log keys ({@code log_key}) are kept: in the main database, written in the
 * transactions of the events they seal (the default), or in a database of their own
 * ({@code tracevault.keys.url}), which a backup of the main database does not carry.
 *
 * @param separate whether the keys are in a database of their own: then a key is committed there
 *                 before the events it seals, and destroyed there after the erasure has committed
 *                 in the main database; and the read models seal their copy of the content too
 */
public record KeyStore(JdbcTemplate jdbc, boolean separate) {
}
