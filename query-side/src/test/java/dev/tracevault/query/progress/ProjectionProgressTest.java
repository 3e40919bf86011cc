package dev.tracevault.query.progress;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** How long a wait for the projections lasts: a fixed time, or while a rebuild runs, as long as it progresses. */
class ProjectionProgressTest {

    private final ProjectionProgress progress = new ProjectionProgress();

    @Test
    void aWaitGivesUpAfterItsMaximum() throws InterruptedException {
        var deadline = progress.deadline(Duration.ofMillis(50));
        assertThat(deadline.passed()).isFalse();
        Thread.sleep(80);
        progress.signalAfterCommit(); // progress does not matter without a rebuild
        assertThat(deadline.passed()).isTrue();
    }

    @Test
    void duringARebuildAWaitLastsAsLongAsTheProjectionsProgress() throws InterruptedException {
        progress.rebuilding(true);
        var deadline = progress.deadline(Duration.ofMillis(50));
        for (int i = 0; i < 5; i++) {
            Thread.sleep(30);
            progress.signalAfterCommit();
            Thread.sleep(30);
            assertThat(deadline.passed()).as("still progressing after %d ms", (i + 1) * 60).isFalse();
        }
        Thread.sleep(80);
        assertThat(deadline.passed()).as("stalled for longer than the maximum").isTrue();
    }

    @Test
    void remembersTheHighestSequenceWrittenPerLogAndWakesWaiters() throws InterruptedException {
        assertThat(progress.reached("log_a")).isEqualTo(-1);
        long generation = progress.generationNow();
        var waiter = new Thread(() -> {
            try {
                Thread.sleep(30);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            progress.documentWrittenAfterCommit("log_a", 4); // outside a unit of work: at once
            progress.documentWrittenAfterCommit("log_a", 2);
        });
        waiter.start();
        long after = progress.awaitChange(generation, 5_000);
        waiter.join();
        assertThat(after).isGreaterThan(generation);
        assertThat(progress.reached("log_a")).isEqualTo(4);
        assertThat(progress.reached("log_b")).isEqualTo(-1);
        progress.forgetReached();
        assertThat(progress.reached("log_a")).isEqualTo(-1);
    }

    @Test
    void aWaitWithoutCommitsEndsAfterItsMaximum() throws InterruptedException {
        long generation = progress.generationNow();
        long start = System.nanoTime();
        assertThat(progress.awaitChange(generation, 40)).isEqualTo(generation);
        assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(35_000_000L);
    }
}
