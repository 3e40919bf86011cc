package dev.tracevault.command.evaluation;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The runs the evaluation saga asked for and no one has recorded yet ({@code evaluation_job}).
 * Stored in the saga's transaction, so a run is never lost; claimed by a worker with a lease, so a
 * run whose worker died is claimed again once the lease has passed, by any instance.
 */
@Component
class EvaluationJobs {

    private final JdbcTemplate jdbc;
    private final Semaphore work = new Semaphore(0);

    EvaluationJobs(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** A claimed run and how often it was claimed (this claim included). */
    record Claimed(RunEvaluator run, int attempts) {
    }

    @CommandHandler
    void handle(RunEvaluator run) {
        Integer known = jdbc.queryForObject("select count(*) from evaluation_job where evaluation_id = ?"
                + " and evaluator_version_id = ?", Integer.class, run.evaluationId(), run.versionId());
        if (known != null && known == 0) {
            jdbc.update("insert into evaluation_job (evaluation_id, evaluator_version_id, evaluator_id, log_id,"
                    + " judged_sequence, evaluator_log_id, created_at) values (?, ?, ?, ?, ?, ?, ?)",
                    run.evaluationId(), run.versionId(), run.evaluatorId(), run.logId(), run.judgedSequence(),
                    run.evaluatorLogId(), Instant.now().atOffset(ZoneOffset.UTC));
        }
        if (CurrentUnitOfWork.isStarted()) {
            CurrentUnitOfWork.get().afterCommit(u -> work.release());
        } else {
            work.release();
        }
    }

    /** Claims the oldest run nobody holds, for {@code lease}; empty if there is none. */
    Optional<Claimed> claim(java.time.Duration lease) {
        for (int tries = 0; tries < 5; tries++) {
            Instant now = Instant.now();
            var candidate = jdbc.query("select evaluation_id, evaluator_id, evaluator_version_id, log_id,"
                    + " judged_sequence, evaluator_log_id, attempts from evaluation_job"
                    + " where lease_until is null or lease_until < ? order by created_at fetch first 1 rows only",
                    EvaluationJobs::claimed, now.atOffset(ZoneOffset.UTC)).stream().findFirst();
            if (candidate.isEmpty()) {
                return Optional.empty();
            }
            var run = candidate.get().run();
            int updated = jdbc.update("update evaluation_job set lease_until = ?, attempts = attempts + 1"
                    + " where evaluation_id = ? and evaluator_version_id = ? and (lease_until is null or lease_until < ?)",
                    now.plus(lease).atOffset(ZoneOffset.UTC), run.evaluationId(), run.versionId(),
                    now.atOffset(ZoneOffset.UTC));
            if (updated == 1) {
                return Optional.of(new Claimed(run, candidate.get().attempts() + 1));
            }
        }
        return Optional.empty();
    }

    /** Gives a claimed run back, to be claimed again after {@code delay}. */
    void release(RunEvaluator run, java.time.Duration delay) {
        jdbc.update("update evaluation_job set lease_until = ? where evaluation_id = ? and evaluator_version_id = ?",
                Instant.now().plus(delay).atOffset(ZoneOffset.UTC), run.evaluationId(), run.versionId());
    }

    /** Whether the run is still wanted: done runs, and runs of erased logs, are gone. */
    boolean exists(RunEvaluator run) {
        Integer count = jdbc.queryForObject("select count(*) from evaluation_job where evaluation_id = ?"
                + " and evaluator_version_id = ?", Integer.class, run.evaluationId(), run.versionId());
        return count != null && count > 0;
    }

    void delete(RunEvaluator run) {
        jdbc.update("delete from evaluation_job where evaluation_id = ? and evaluator_version_id = ?",
                run.evaluationId(), run.versionId());
    }

    /** Waits until a run may have been added, or {@code millis} passed. */
    void awaitWork(long millis) throws InterruptedException {
        if (work.tryAcquire(millis, TimeUnit.MILLISECONDS)) {
            work.drainPermits();
        }
    }

    private static Claimed claimed(ResultSet rs, int row) throws SQLException {
        return new Claimed(new RunEvaluator(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                rs.getLong(5), rs.getString(6)), rs.getInt(7));
    }
}
