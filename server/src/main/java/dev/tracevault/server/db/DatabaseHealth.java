package dev.tracevault.server.db;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * Whether the database takes writes, beyond the connection check of Spring's {@code db} indicator
 * (which an embedded H2 that closed itself passes, since a new connection opens it again): DOWN
 * while a request or commit failed because of the database within the last {@link #RECENT} and
 * none committed since, and, on embedded H2, while the data directory's disk has less than
 * {@link #MIN_FREE_BYTES} free. Readiness includes it, so a front stops sending requests meanwhile.
 */
@Component("database")
class DatabaseHealth extends AbstractHealthIndicator {

    static final Duration RECENT = Duration.ofSeconds(15);
    static final long MIN_FREE_BYTES = 1024 * 1024;

    private final DatabaseFailures failures;
    private final Optional<Path> h2Directory;

    DatabaseHealth(DatabaseFailures failures, Environment environment) {
        this.failures = failures;
        this.h2Directory = DataFilePermissions.h2Base(environment.getProperty("spring.datasource.url"))
                .map(Path::getParent);
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        String reason = null;
        if (h2Directory.isPresent()) {
            try {
                long free = Files.getFileStore(h2Directory.get()).getUsableSpace();
                builder.withDetail("freeBytes", free);
                if (free < MIN_FREE_BYTES) {
                    reason = "the disk of the H2 data directory is full (" + free + " bytes free): writes fail"
                            + " until space is freed";
                }
            } catch (IOException e) {
                builder.withDetail("freeBytes", "unknown: " + e.getMessage());
            }
        }
        var failure = failures.recent(RECENT);
        if (failure.isPresent()) {
            var f = failure.get();
            builder.withDetail("lastFailure", f.kind().type()).withDetail("lastFailureAt", f.at().toString())
                    .withDetail("lastFailureReason", f.reason());
            if (reason == null) {
                reason = "a request failed because of the database (" + f.kind().type() + ") at " + f.at()
                        + ", and none committed since";
            }
        }
        if (reason == null) {
            builder.up();
        } else {
            builder.down().withDetail("reason", reason);
        }
    }
}
