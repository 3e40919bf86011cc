package dev.tracevault.server.admission;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

/** The in-flight memory budget: shares wait in line, a share larger than the budget is served alone, waiting is bounded. */
class InFlightMemoryTest {

    private static InFlightMemory budget(long bytes, Duration wait) {
        return new InFlightMemory(DataSize.ofBytes(bytes), wait);
    }

    @Test
    void sharesThatFitAreTakenAtOnceAndGivenBack() throws Exception {
        InFlightMemory memory = budget(100, Duration.ofMillis(50));
        assertThat(memory.take(60)).isTrue();
        assertThat(memory.take(40)).isTrue();
        assertThat(memory.used()).isEqualTo(100);
        assertThat(memory.take(1)).as("full: refused after the wait").isFalse();
        memory.give(60);
        assertThat(memory.take(50)).isTrue();
        assertThat(memory.used()).isEqualTo(90);
    }

    @Test
    void aShareLargerThanTheBudgetIsServedWhenNothingElseIsInFlight() throws Exception {
        InFlightMemory memory = budget(100, Duration.ofMillis(50));
        assertThat(memory.take(500)).isTrue();
        assertThat(memory.take(1)).isFalse();
        memory.give(500);
        assertThat(memory.used()).isZero();
    }

    @Test
    void aWaitingShareIsServedWhenRoomIsGivenBackAndLaterSharesWaitBehindIt() throws Exception {
        InFlightMemory memory = budget(100, Duration.ofSeconds(5));
        assertThat(memory.take(80)).isTrue();
        CompletableFuture<Boolean> large = CompletableFuture.supplyAsync(() -> take(memory, 50));
        Thread.sleep(200);
        // a small share that would fit waits behind the large one that came first
        CompletableFuture<Boolean> small = CompletableFuture.supplyAsync(() -> take(memory, 10));
        Thread.sleep(200);
        assertThat(large).isNotDone();
        assertThat(small).isNotDone();
        memory.give(80);
        assertThat(large.get(2, TimeUnit.SECONDS)).isTrue();
        assertThat(small.get(2, TimeUnit.SECONDS)).isTrue();
        assertThat(memory.used()).isEqualTo(60);
    }

    @Test
    void withoutASettingTheBudgetIsAShareOfTheHeap() {
        InFlightMemory memory = new InFlightMemory(null, Duration.ofSeconds(1));
        assertThat(memory.capacity()).isEqualTo((long) (Runtime.getRuntime().maxMemory() * InFlightMemory.DEFAULT_SHARE));
    }

    private static boolean take(InFlightMemory memory, long bytes) {
        try {
            return memory.take(bytes);
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }
}
