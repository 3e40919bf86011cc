package dev.tracevault.query.replay;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Rebuilds of the log documents, as the instances sharing a database see them
 * ({@code read_model_rebuild}): one is requested (by an import, a replay, or an upgrade from the
 * tracking processor), claimed by the instance that runs it, its claim renewed while it runs, and
 * removed when it is done. A request left behind by a crash is claimed again at the next start,
 * or by another instance once the claim is older than {@code lease}.
 */
@Component
public class RebuildClaims {

    /** How long a claim lasts without being renewed. */
    static final Duration LEASE = Duration.ofSeconds(30);

    private final JdbcTemplate jdbc;

    RebuildClaims(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Records that {@code name} must be rebuilt (an import does, before the server starts). */
    public void request(String name) {
        try {
            jdbc.update("insert into read_model_rebuild (name, requested_at) values (?, ?)", name, now());
        } catch (DuplicateKeyException e) {
            // requested already
        }
    }

    /**
     * Requests the rebuild of {@code name} and claims it for {@code instance} in one statement, or
     * claims one already requested that nobody else holds; false if another instance runs it.
     */
    boolean claim(String name, String instance) {
        try {
            jdbc.update("insert into read_model_rebuild (name, requested_at, claimed_by, claimed_at) values (?, ?, ?, ?)",
                    name, now(), instance, now());
            return true;
        } catch (DuplicateKeyException e) {
            return jdbc.update("update read_model_rebuild set claimed_by = ?, claimed_at = ? where name = ?"
                    + " and (claimed_by is null or claimed_by = ? or claimed_at < ?)", instance, now(), name, instance,
                    now().minus(LEASE)) == 1;
        }
    }

    /** Keeps the claim alive while the rebuild runs. */
    void renew(String name, String instance) {
        jdbc.update("update read_model_rebuild set claimed_at = ? where name = ? and claimed_by = ?", now(), name,
                instance);
    }

    /** The rebuild is done. */
    void finish(String name, String instance) {
        jdbc.update("delete from read_model_rebuild where name = ? and claimed_by = ?", name, instance);
    }

    /** Releases a claim without finishing (the rebuild failed): it stays requested. */
    void release(String name, String instance) {
        jdbc.update("update read_model_rebuild set claimed_by = null, claimed_at = null where name = ?"
                + " and claimed_by = ?", name, instance);
    }

    /** Where a requested rebuild stands: who runs it (null: nobody) and since when they last said so. */
    record State(String claimedBy, Instant claimedAt) {

        /** Requested, and nobody runs it (unclaimed, or the claim ran out). */
        boolean waiting() {
            return claimedBy == null || claimedAt.isBefore(Instant.now().minus(LEASE));
        }

        /** Run now by another instance than {@code instance}. */
        boolean runningElsewhere(String instance) {
            return !waiting() && !claimedBy.equals(instance);
        }
    }

    /** The requested rebuild of {@code name}, if there is one. */
    Optional<State> state(String name) {
        return jdbc.query("select claimed_by, claimed_at from read_model_rebuild where name = ?", (rs, i) -> {
            OffsetDateTime at = rs.getObject(2, OffsetDateTime.class);
            return new State(rs.getString(1), at == null ? null : at.toInstant());
        }, name).stream().findFirst();
    }

    private static OffsetDateTime now() {
        return Instant.now().atOffset(ZoneOffset.UTC);
    }
}
