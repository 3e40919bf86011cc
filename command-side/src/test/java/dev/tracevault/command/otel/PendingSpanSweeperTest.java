package dev.tracevault.command.otel;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class PendingSpanSweeperTest {

    /**
     * The sweeper's thread used to start before the sweeper knew it as its own: when it ran first,
     * its loop ended at once and no waiting span was ever swept (seen in CI under load).
     */
    @Test
    void everyStartSweeps() throws InterruptedException {
        for (int start = 0; start < 200; start++) {
            CountDownLatch swept = new CountDownLatch(1);
            var sweeper = new PendingSpanSweeper(swept::countDown, Duration.ofMillis(1), true);
            sweeper.start();
            try {
                assertThat(swept.await(10, TimeUnit.SECONDS)).as("start %d swept", start).isTrue();
            } finally {
                sweeper.stop();
            }
            assertThat(sweeper.isRunning()).isFalse();
        }
    }

    @Test
    void aFailingSweepDoesNotStopTheNext() throws InterruptedException {
        AtomicInteger calls = new AtomicInteger();
        CountDownLatch third = new CountDownLatch(3);
        var sweeper = new PendingSpanSweeper(() -> {
            calls.incrementAndGet();
            third.countDown();
            throw new IllegalStateException("the database is away");
        }, Duration.ofMillis(1), true);
        sweeper.start();
        try {
            assertThat(third.await(10, TimeUnit.SECONDS)).isTrue();
        } finally {
            sweeper.stop();
        }
        assertThat(calls.get()).isGreaterThanOrEqualTo(3);
    }

    @Test
    void anInstanceWithoutProcessorsDoesNotStartIt() {
        assertThat(new PendingSpanSweeper(() -> { }, Duration.ofMillis(1), false).isAutoStartup()).isFalse();
    }
}
