package dev.tracevault.query.files;

import dev.tracevault.events.file.FileCreated;
import dev.tracevault.events.file.FileDeleted;
import dev.tracevault.events.file.FileMoved;
import dev.tracevault.events.file.FileVersionCreated;
import dev.tracevault.events.file.FileVersionUpdated;
import dev.tracevault.events.environment.EnvironmentCreated;
import dev.tracevault.events.environment.EnvironmentRemoved;
import dev.tracevault.events.environment.EnvironmentRenamed;
import dev.tracevault.events.environment.WorkspaceEnvironments;
import dev.tracevault.events.file.DeploymentRemoved;
import dev.tracevault.events.file.MonitoringEvaluatorActivated;
import dev.tracevault.problems.NotFound;
import dev.tracevault.events.file.MonitoringEvaluatorDeactivated;
import dev.tracevault.events.file.VersionDeployed;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * File objects as they were at an earlier moment, for a log shown as of then. A version's usage
 * ({@code version_logs_count}, {@code total_logs_count}, {@code last_used_at}) leaves out the logs
 * logged since, known from the log documents' columns (a log erased since, which has none, is still
 * counted); the monitors, the deployments and the environments are the file's and the workspace's
 * events folded up to then, so a file's {@code environments} are where its version was deployed then.
 */
@Component
public class FilesAsOf {

    private final FileDocuments files;
    private final DeploymentDocuments deployments;
    private final JdbcTemplate jdbc;
    private final EventStore events;
    private final JsonMapper mapper;

    FilesAsOf(FileDocuments files, DeploymentDocuments deployments, JdbcTemplate jdbc, EventStore events,
              JsonMapper mapper) {
        this.files = files;
        this.deployments = deployments;
        this.jdbc = jdbc;
        this.events = events;
        this.mapper = mapper;
    }

    /** A renderer of file objects as they were at {@code at}. */
    public FileRenderer renderer(Instant at) {
        At reads = new At(at);
        return new FileRenderer(reads, reads, mapper);
    }

    /**
     * The file as {@code GET} answered it at {@code at}: its path, name and versions then; a 404 if
     * it did not exist yet or was deleted by then.
     */
    public String file(String fileId, String kind, String versionId, Instant at) {
        var then = new At(at);
        var latest = then.latestVersion(fileId).filter(v -> v.kind().equals(kind));
        if (latest.isEmpty() || then.life(latest.get()).deletedAt() != null) {
            throw new NotFound(FileRenderer.label(kind) + " '" + fileId + "' not found at " + at);
        }
        return new FileRenderer(then, then, mapper).renderFile(fileId, kind, versionId);
    }

    private final class At implements FileReads, DeploymentReads {

        private final Instant at;
        private final OffsetDateTime atUtc;
        private List<Environment> environments;
        private final Map<String, Map<String, String>> deployed = new java.util.HashMap<>();
        private final Map<String, FileDocuments.Life> lives = new java.util.HashMap<>();

        At(Instant at) {
            this.at = at;
            this.atUtc = at.atOffset(ZoneOffset.UTC);
        }

        @Override
        public Optional<FileDocuments.Version> version(String versionId) {
            return files.version(versionId).map(this::usedUntilThen);
        }

        @Override
        public Optional<FileDocuments.Version> latestVersion(String fileId) {
            return jdbc.queryForList("select version_id from file_version where file_id = ? and created_at <= ?"
                    + " order by created_at desc, version_id desc", String.class, fileId, atUtc).stream().findFirst()
                    .flatMap(this::version);
        }

        /** The file's path, name and deletion, and the version's name and description, folded from its events up to then. */
        @Override
        public FileDocuments.Life life(FileDocuments.Version v) {
            return lives.computeIfAbsent(v.versionId(), id -> fold(v));
        }

        private FileDocuments.Life fold(FileDocuments.Version v) {
            String path = v.path();
            String name = v.name();
            Instant deletedAt = null;
            String versionName = v.described().versionName();
            String versionDescription = v.described().versionDescription();
            var then = events.readEvents(v.fileId(), 0).asStream().filter(e -> !e.getTimestamp().isAfter(at))
                    .map(DomainEventMessage::getPayload).toList();
            for (Object payload : then) {
                if (payload instanceof FileCreated created) {
                    path = created.path();
                    name = created.name();
                } else if (payload instanceof FileMoved moved) {
                    path = moved.path();
                    name = moved.name();
                } else if (payload instanceof FileDeleted deleted) {
                    deletedAt = deleted.at();
                } else if (payload instanceof FileVersionCreated created && created.versionId().equals(v.versionId())) {
                    versionName = created.versionName();
                    versionDescription = created.versionDescription();
                } else if (payload instanceof FileVersionUpdated updated
                        && updated.versionId().equals(v.versionId())) {
                    versionName = updated.versionName();
                    versionDescription = updated.versionDescription();
                }
            }
            return new FileDocuments.Life(path, name, files.directoryOf(path), deletedAt, versionName,
                    versionDescription);
        }

        /** The monitors of the file, its monitoring events folded as the files projection folds them. */
        @Override
        public List<FileDocuments.Monitor> monitors(String fileId) {
            Map<List<String>, FileDocuments.Monitor> monitors = new LinkedHashMap<>();
            events.readEvents(fileId, 0).asStream().filter(e -> !e.getTimestamp().isAfter(at))
                    .map(DomainEventMessage::getPayload).forEach(payload -> {
                        if (payload instanceof MonitoringEvaluatorActivated on) {
                            change(monitors, on.evaluatorId(), on.target().evaluatorVersionId(),
                                    on.target().environment(), "active", on.at());
                        } else if (payload instanceof MonitoringEvaluatorDeactivated off) {
                            change(monitors, off.evaluatorId(), off.target().evaluatorVersionId(),
                                    off.target().environment(), "inactive", off.at());
                        }
                    });
            return monitors.values().stream().sorted(Comparator.comparing(FileDocuments.Monitor::createdAt)
                    .thenComparing(FileDocuments.Monitor::evaluatorId)).toList();
        }

        private static void change(Map<List<String>, FileDocuments.Monitor> monitors, String evaluatorId,
                                   String versionId, String environment, String state, Instant when) {
            var key = List.of(evaluatorId, versionId == null ? "" : versionId, environment == null ? "" : environment);
            var before = monitors.get(key);
            monitors.put(key, new FileDocuments.Monitor(evaluatorId, versionId, environment, state,
                    before == null ? when : before.createdAt(), when));
        }

        /** The environments then: the default one, and the workspace's environment events folded up to then. */
        @Override
        public List<Environment> environments() {
            if (environments == null) {
                Map<String, Environment> then = new LinkedHashMap<>();
                var first = deployments.environment(WorkspaceEnvironments.DEFAULT_ID).orElseThrow();
                then.put(first.id(), new Environment(first.id(), WorkspaceEnvironments.DEFAULT_NAME,
                        WorkspaceEnvironments.DEFAULT_TAG, first.createdAt()));
                events.readEvents(WorkspaceEnvironments.WORKSPACE_ID, 0).asStream()
                        .filter(e -> !e.getTimestamp().isAfter(at)).map(DomainEventMessage::getPayload)
                        .forEach(payload -> {
                            switch (payload) {
                                case EnvironmentCreated e -> then.put(e.environmentId(),
                                        new Environment(e.environmentId(), e.name(), e.tag(), e.at()));
                                case EnvironmentRenamed e -> then.computeIfPresent(e.environmentId(),
                                        (id, was) -> new Environment(id, e.name(), was.tag(), was.createdAt()));
                                case EnvironmentRemoved e -> then.remove(e.environmentId());
                                default -> {
                                    // not about environments
                                }
                            }
                        });
                environments = List.copyOf(then.values());
            }
            return environments;
        }

        @Override
        public Optional<Environment> environment(String environmentId) {
            return environments().stream().filter(e -> e.id().equals(environmentId)).findFirst();
        }

        @Override
        public Optional<Environment> environmentNamed(String name) {
            return environments().stream().filter(e -> e.name().equals(name)).findFirst();
        }

        /** The file's deployments then: its deployment events folded up to then. */
        @Override
        public Map<String, String> deployments(String fileId) {
            return deployed.computeIfAbsent(fileId, id -> {
                Map<String, String> then = new LinkedHashMap<>();
                events.readEvents(id, 0).asStream().filter(e -> !e.getTimestamp().isAfter(at))
                        .map(DomainEventMessage::getPayload).forEach(payload -> {
                            if (payload instanceof VersionDeployed on) {
                                then.put(on.environmentId(), on.versionId());
                            } else if (payload instanceof DeploymentRemoved off) {
                                then.remove(off.environmentId());
                            }
                        });
                return then;
            });
        }

        /**
         * The version's usage then: today's counts (which keep counting erased logs) less the logs
         * logged since; its last use today's, unless that came later.
         */
        private FileDocuments.Version usedUntilThen(FileDocuments.Version v) {
            long versionSince = jdbc.queryForObject("select count(*) from log_document where version_id = ?"
                    + " and logged_at > ?", Long.class, v.versionId(), atUtc);
            long fileSince = jdbc.queryForObject("select count(*) from log_document where file_id = ? and logged_at > ?",
                    Long.class, v.fileId(), atUtc);
            Instant lastUsed = v.lastUsedAt();
            if (lastUsed.isAfter(at)) {
                OffsetDateTime lastLogged = jdbc.queryForObject("select max(logged_at) from log_document"
                        + " where version_id = ? and logged_at <= ?", OffsetDateTime.class, v.versionId(), atUtc);
                lastUsed = lastLogged != null && lastLogged.toInstant().isAfter(v.createdAt())
                        ? lastLogged.toInstant() : v.createdAt();
            }
            return v.used(lastUsed, Math.max(0, v.logsCount() - versionSince),
                    Math.max(0, v.totalLogsCount() - fileSince));
        }
    }
}
