package dev.tracevault.server.deadletters;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import dev.tracevault.server.roles.Roles;
import dev.tracevault.server.roles.RolesEnvironment.Role;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Parked events make an instance with the processors role OUT_OF_SERVICE, with the reason; others stay UP. */
class DeadLettersHealthTest {

    private final DeadLetterQueue queue = mock(DeadLetterQueue.class);
    private final Roles roles = mock(Roles.class);

    @Test
    void noDeadLettersIsUp() {
        when(roles.has(Role.PROCESSORS)).thenReturn(true);
        when(queue.counts()).thenReturn(List.of());
        assertThat(new DeadLettersHealth(queue, roles).health(true).getStatus().getCode()).isEqualTo("UP");
    }

    @Test
    void parkedEventsAreOutOfServiceWithTheReason() {
        when(roles.has(Role.PROCESSORS)).thenReturn(true);
        parked();
        var health = new DeadLettersHealth(queue, roles).health(true);
        assertThat(health.getStatus().getCode()).isEqualTo("OUT_OF_SERVICE");
        assertThat(health.getDetails().get("reason")).isEqualTo("analytics: 3 events of 1 trace parked"
                + " (NumberFormatException); GET /v5/admin/dead-letters lists them");
    }

    @Test
    void anInstanceWithoutTheProcessorsRoleStaysUpAndShowsThem() {
        when(roles.has(Role.PROCESSORS)).thenReturn(false);
        parked();
        var health = new DeadLettersHealth(queue, roles).health(true);
        assertThat(health.getStatus().getCode()).isEqualTo("UP");
        assertThat((String) health.getDetails().get("reason")).startsWith("analytics: 3 events");
    }

    private void parked() {
        when(queue.counts()).thenReturn(List.of(new DeadLetterQueue.Count("analytics", 3, 1)));
        when(queue.oldestFailure("analytics")).thenReturn(Optional.of(new DeadLetterQueue.Letter("l1", "analytics",
                "log_root", 7, "dev.tracevault.events.log.DetailsSet", "log_child",
                "java.lang.NumberFormatException", "no digit", Instant.now(), null, 0)));
    }
}
