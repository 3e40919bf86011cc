package dev.tracevault.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tracevault.command.flowlog.UpdateFlowLog;
import dev.tracevault.command.log.LogUpdate;
import dev.tracevault.command.log.Patch;
import dev.tracevault.server.support.TestDatabases;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * An event whose transaction commits long after later events committed (its {@code global_index}
 * a gap meanwhile) is still projected by the asynchronous processors: they wait
 * {@code tracevault.events.gap-timeout} (10 minutes), not Axon's 60 s. Gaps are cleaned here past
 * one remembered gap (Axon cleans them only past 250 by default), so with Axon's 60 s this event
 * would be skipped for good by the analytics. (The log documents are projected in the event's own
 * transaction: they show it the moment it commits.)
 */
@TestPropertySource(properties = "tracevault.events.gap-cleaning-threshold=1")
class GapTimeoutTest extends ApiContractBase {

    private static final Duration HELD = Duration.ofSeconds(70);

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        TestDatabases.postgres(registry, "gaps");
    }

    @Autowired
    CommandGateway commands;

    @Autowired
    PlatformTransactionManager transactions;

    @Test
    void anEventCommittedAfterTheDefaultGapTimeoutIsStillProjected() throws Exception {
        String held = "gap-held-" + run;
        String other = "gap-other-" + run;
        String rolledBack = "gap-void-" + run;
        for (String id : new String[] {held, other, rolledBack}) {
            var created = api.post("/v5/flows/log", """
                    {"path":"gaps/Flow-%s","log_id":"%s","inputs":{"q":1},"log_status":"incomplete"}"""
                    .formatted(run, id));
            assertThat(created.status()).as(created.body()).isEqualTo(200);
        }

        var appended = new CountDownLatch(1);
        var release = new CountDownLatch(1);
        var heldIndex = new long[1];
        var holder = CompletableFuture.runAsync(() -> new TransactionTemplate(transactions).executeWithoutResult(tx -> {
            commands.sendAndWait(update(held, "held"));
            heldIndex[0] = jdbc.queryForObject("select max(global_index) from domain_event_entry"
                    + " where aggregate_identifier = ?", Long.class, held);
            appended.countDown();
            try {
                release.await(5, TimeUnit.MINUTES);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }));
        assertThat(appended.await(30, TimeUnit.SECONDS)).isTrue();
        // a second gap (a rolled-back append; its log is not used again), so that gaps are cleaned
        new TransactionTemplate(transactions).executeWithoutResult(tx -> {
            commands.sendAndWait(update(rolledBack, "void"));
            tx.setRollbackOnly();
        });

        // later events commit and are read while the held one is still a gap
        long until = System.nanoTime() + HELD.toNanos();
        int tick = 0;
        while (System.nanoTime() < until) {
            var patched = api.patch("/v5/flows/logs/" + other, "{\"output\":\"tick-" + tick++ + "\"}");
            assertThat(patched.status()).as(patched.body()).isEqualTo(200);
            Thread.sleep(2000);
        }
        Long committedAfter = jdbc.queryForObject("select max(global_index) from domain_event_entry", Long.class);
        assertThat(committedAfter).as("events after the held one committed first").isGreaterThan(heldIndex[0]);
        assertThat(api.get("/v5/logs/" + held).json().get("error").isNull()).as("not yet committed").isTrue();
        String flowId = api.get("/v5/logs/" + held).json().get("flow").get("id").stringValue();

        release.countDown();
        holder.get(30, TimeUnit.SECONDS);
        api.patch("/v5/flows/logs/" + other, "{\"output\":\"after\"}");

        assertThat(api.get("/v5/logs/" + held).json().get("error").stringValue()).as("visible at its commit")
                .isEqualTo("held");
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        long errors = 0;
        while (System.nanoTime() < deadline) {
            errors = api.get("/v5/flows/" + flowId + "/stats").json().get("totals").get("errors").asLong();
            if (errors == 1) {
                break;
            }
            Thread.sleep(200);
        }
        assertThat(errors).as("the event committed %s after its global_index was taken is counted by the analytics",
                HELD).isEqualTo(1);
    }

    /** Sets the log's error: the analytics count it. */
    private static UpdateFlowLog update(String logId, String error) {
        return new UpdateFlowLog(logId, new LogUpdate(Patch.absent(), Patch.absent(), Patch.absent(), Patch.absent(),
                Patch.of(error), Map.of()), null, Instant.now());
    }
}
