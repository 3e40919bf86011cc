package dev.tracevault.server.deadletters;

import dev.tracevault.command.erasure.ErasureCommitted;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * A dead letter keeps no copy of its event, but its cause is an exception's message, which may
 * quote a value of the log (a number that is none, a date out of range): when the log is erased,
 * so is that message (before the database's clean-up after the erasure runs).
 */
@Component
class ErasedCauses {

    static final String ERASED = "(the message was erased with its log)";

    private final JdbcTemplate jdbc;

    ErasedCauses(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @EventListener
    @Order(Ordered.HIGHEST_PRECEDENCE)
    void on(ErasureCommitted erasure) {
        for (String logId : erasure.logIds()) {
            jdbc.update("update dead_letter set cause_message = ? where aggregate_id = ? and cause_message is not null",
                    ERASED, logId);
        }
    }
}
