package dev.tracevault.server.operations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import dev.tracevault.server.deadletters.ProcessorFailures;
import dev.tracevault.server.roles.Roles;
import dev.tracevault.server.roles.RolesEnvironment.Role;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.Health;

/** When the asynchronous processors are DOWN, and the reason health gives: not running, failing, stalled. */
class ProcessorsHealthTest {

    private final ProcessorLag lag = mock(ProcessorLag.class);
    private final Roles roles = mock(Roles.class);

    ProcessorsHealthTest() {
        when(roles.has(Role.PROCESSORS)).thenReturn(true);
    }

    private Health check(ProcessorsHealth health, ProcessorLag.Status status) {
        when(lag.statuses()).thenReturn(Map.of(status.name(), status));
        return health.health(true);
    }

    private ProcessorsHealth health(Duration stallAfter) {
        return new ProcessorsHealth(lag, roles, new ProcessorFailures(), stallAfter);
    }

    @Test
    void aRunningProcessorThatMovesIsUp() {
        var health = health(Duration.ZERO);
        assertThat(check(health, status(true, false, 5, 100, null)).getStatus().getCode()).isEqualTo("UP");
        assertThat(check(health, status(true, false, 5, 101, null)).getStatus().getCode()).isEqualTo("UP");
        assertThat(check(health, status(true, false, 0, 101, null)).getStatus().getCode())
                .as("nothing waits: not stalled").isEqualTo("UP");
    }

    @Test
    void aProcessorThatIsNotRunningIsDown() {
        Health result = check(health(Duration.ofMinutes(2)), status(false, false, 0, 10, null));
        assertThat(result.getStatus().getCode()).isEqualTo("DOWN");
        assertThat(result.getDetails().get("reason")).isEqualTo("analytics: not running");
    }

    @Test
    void aFailingProcessorIsDownWithItsError() {
        Health result = check(health(Duration.ofMinutes(2)), status(true, true, 3, 10, "boom"));
        assertThat(result.getStatus().getCode()).isEqualTo("DOWN");
        assertThat((String) result.getDetails().get("reason")).startsWith("analytics: failing (boom)");
    }

    @Test
    void aProcessorWhosePositionStaysWhileEventsWaitIsStalled() {
        var health = health(Duration.ofMillis(200));
        assertThat(check(health, status(true, false, 7, 100, null)).getStatus().getCode()).isEqualTo("UP");
        sleep(300);
        Health result = check(health, status(true, false, 9, 100, null));
        assertThat(result.getStatus().getCode()).isEqualTo("DOWN");
        assertThat((String) result.getDetails().get("reason")).startsWith("analytics: stalled at global index 100");
        assertThat(check(health, status(true, false, 9, 101, null)).getStatus().getCode())
                .as("moving again").isEqualTo("UP");
    }

    @Test
    void anInstanceWithoutTheProcessorsRoleIsUp() {
        when(roles.has(Role.PROCESSORS)).thenReturn(false);
        assertThat(check(health(Duration.ZERO), status(false, true, 9, 1, "x")).getStatus().getCode()).isEqualTo("UP");
    }

    private static ProcessorLag.Status status(boolean running, boolean error, long lagEvents, long position,
                                              String failure) {
        return new ProcessorLag.Status("analytics", running, error, 1, lagEvents, 0, position, failure);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
