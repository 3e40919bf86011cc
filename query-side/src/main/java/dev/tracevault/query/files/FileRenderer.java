package dev.tracevault.query.files;

import dev.tracevault.events.environment.VersionResolution;
import dev.tracevault.events.environment.WorkspaceEnvironments;
import dev.tracevault.problems.NotFound;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Renders file versions as the API's file objects (spec §2.5), with every field the SDK's strict
 * parser requires and {@code type} always set: a Flow shows its {@code attributes}; a Prompt or
 * Tool its kernel fields, its {@code inputs} and {@code total_logs_count}; an Evaluator its
 * {@code spec}. Every file lists the evaluators that monitor it, and the environments its version
 * is deployed to.
 */
@Component
public class FileRenderer {

    private static final Pattern TEMPLATE_VARIABLE = Pattern.compile("\\{\\{\\s*([A-Za-z_][\\w.]*)\\s*}}");
    private static final Set<String> STANDARD = Set.of("path", "id", "name", "version_id", "type", "created_at",
            "updated_at", "last_used_at", "version_logs_count", "total_logs_count", "inputs", "environments",
            "evaluators");

    private final FileReads files;
    private final DeploymentReads deployments;
    private final JsonMapper mapper;
    private final FileObjectCache cache;

    /** The live renderer: file objects embedded in logs are kept in {@code cache} for a moment. */
    @org.springframework.beans.factory.annotation.Autowired
    public FileRenderer(FileReads files, DeploymentReads deployments, JsonMapper mapper, FileObjectCache cache) {
        this.files = files;
        this.deployments = deployments;
        this.mapper = mapper;
        this.cache = cache;
    }

    /** A renderer that keeps nothing (of files as they were at an earlier moment). */
    public FileRenderer(FileReads files, DeploymentReads deployments, JsonMapper mapper) {
        this(files, deployments, mapper, null);
    }

    /** The version as a file object (as a log embeds it), or empty if the read model does not have it. */
    public Optional<String> render(String versionId) {
        if (cache == null) {
            return files.version(versionId).map(this::render);
        }
        String kept = cache.get(versionId);
        if (kept != null) {
            return Optional.of(kept);
        }
        long generation = cache.generation();
        return files.version(versionId).map(version -> {
            Set<String> sources = new java.util.HashSet<>(Set.of(version.fileId()));
            String json = mapper.writeValueAsString(node(version, true, sources));
            cache.put(versionId, json, sources, generation);
            return json;
        });
    }

    /** The path of the file that {@code versionId} is a version of, or empty if the read model does not have it. */
    public Optional<String> path(String versionId) {
        return files.version(versionId).map(FileDocuments.Version::path);
    }

    /** The file of {@code kind} at {@code versionId}, or (null) at its default version. */
    public String renderFile(String fileId, String kind, String versionId) {
        return renderFile(fileId, kind, versionId, null);
    }

    /**
     * The file of {@code kind} at the version a request means by {@code versionId} and
     * {@code environment} (a name), as {@link VersionResolution} chooses it.
     */
    public String renderFile(String fileId, String kind, String versionId, String environment) {
        var latest = files.latestVersion(fileId).filter(v -> v.kind().equals(kind));
        if (latest.isEmpty()) {
            throw new NotFound(label(kind) + " '" + fileId + "' not found");
        }
        String chosen = VersionResolution.version(versionId, environment, false, label(kind) + " '" + fileId + "'",
                new VersionResolution.Facts() {
                    @Override
                    public boolean hasVersion(String id) {
                        return files.version(id).filter(v -> v.fileId().equals(fileId)).isPresent();
                    }

                    @Override
                    public Optional<String> environmentNamed(String name) {
                        return deployments.environmentNamed(name).map(DeploymentReads.Environment::id);
                    }

                    @Override
                    public Optional<String> deployedTo(String environmentId) {
                        return Optional.ofNullable(deployments.deployments(fileId).get(environmentId));
                    }

                    @Override
                    public Optional<String> newest() {
                        return Optional.of(latest.get().versionId());
                    }
                }).orElseThrow();
        if (chosen.equals(latest.get().versionId())) {
            return render(latest.get());
        }
        return files.version(chosen).map(this::render).orElseThrow(() -> new NotFound("version '" + chosen + "' of "
                + label(kind) + " '" + fileId + "' not found"));
    }

    /** An environment as {@code EnvironmentResponse}. */
    public ObjectNode environment(DeploymentReads.Environment environment) {
        ObjectNode node = mapper.createObjectNode();
        node.put("id", environment.id());
        node.put("created_at", environment.createdAt().toString());
        node.put("name", environment.name());
        node.put("tag", environment.tag());
        return node;
    }

    String render(FileDocuments.Version v) {
        return mapper.writeValueAsString(node(v, true, new java.util.HashSet<>()));
    }

    /**
     * The file object. {@code withMonitors}: with its monitoring {@code evaluators}; the evaluator
     * objects inside those are shown without theirs, so no chain of monitors can recurse.
     * {@code sources} collects the files it is rendered from.
     */
    private ObjectNode node(FileDocuments.Version v, boolean withMonitors, Set<String> sources) {
        ObjectNode node = mapper.createObjectNode();
        var life = files.life(v);
        node.put("path", life.path());
        node.put("id", v.fileId());
        node.put("directory_id", life.directoryId());
        JsonNode kernel = mapper.readTree(v.kernel());
        if (v.kind().equals("flow")) {
            node.set("attributes", kernel);
        } else if (v.kind().equals("evaluator")) {
            node.set("spec", kernel);
        } else {
            kernel.properties().forEach(e -> {
                if (!STANDARD.contains(e.getKey())) {
                    node.set(e.getKey(), e.getValue());
                }
            });
        }
        var described = v.described();
        node.put("version_name", life.versionName());
        node.put("version_description", life.versionDescription());
        node.put("name", life.name());
        node.put("description", described.description());
        node.put("readme", described.readme());
        if (described.tags() == null) {
            node.putArray("tags");
        } else {
            node.set("tags", mapper.readTree(described.tags()));
        }
        node.put("version_id", v.versionId());
        node.put("type", v.kind());
        var environments = node.putArray("environments");
        sources.add(WorkspaceEnvironments.WORKSPACE_ID);
        var deployed = deployments.deployments(v.fileId());
        if (deployed.containsValue(v.versionId())) {
            deployments.environments().stream().filter(e -> v.versionId().equals(deployed.get(e.id())))
                    .forEach(e -> environments.add(environment(e)));
        }
        node.put("created_at", v.createdAt().toString());
        node.put("updated_at", v.createdAt().toString());
        node.putNull("created_by");
        node.put("last_used_at", v.lastUsedAt().toString());
        node.put("version_logs_count", v.logsCount());
        if (!v.kind().equals("flow")) {
            node.put("total_logs_count", v.totalLogsCount());
            var inputs = node.putArray("inputs");
            inputNames(v.kind(), kernel).forEach(name -> inputs.addObject().put("name", name));
        }
        if (life.deletedAt() != null) {
            // only a deleted file's object (as its logs embed it) has this field
            node.put("deleted_at", life.deletedAt().toString());
        }
        var evaluators = node.putArray("evaluators");
        if (withMonitors) {
            files.monitors(v.fileId()).forEach(m -> {
                sources.add(m.evaluatorId());
                monitor(m).ifPresent(evaluators::add);
            });
        }
        return node;
    }

    /**
     * A monitoring evaluator as {@code MonitoringEvaluatorResponse}: its {@code version_reference}
     * names the pinned version, or the evaluator and environment it follows, with the version of
     * the evaluator it judges with there.
     */
    private Optional<ObjectNode> monitor(FileDocuments.Monitor m) {
        // an environment monitor shows the version it judges with (VersionResolution.followed);
        // where it judges with none, the evaluator's newest, as the reference needs a file
        Optional<String> followed = Optional.empty();
        if (m.environment() != null) {
            var deployed = deployments.deployments(m.evaluatorId());
            var latestOfEvaluator = files.latestVersion(m.evaluatorId());
            followed = VersionResolution.followed(m.environment(), !deployed.isEmpty(), new VersionResolution.Facts() {
                @Override
                public boolean hasVersion(String id) {
                    return deployed.containsValue(id);
                }

                @Override
                public Optional<String> environmentNamed(String name) {
                    return Optional.empty();
                }

                @Override
                public Optional<String> deployedTo(String environmentId) {
                    return Optional.ofNullable(deployed.get(environmentId));
                }

                @Override
                public Optional<String> newest() {
                    return latestOfEvaluator.map(FileDocuments.Version::versionId);
                }
            });
        }
        var version = m.evaluatorVersionId() != null ? files.version(m.evaluatorVersionId())
                : followed.isPresent() ? files.version(followed.get()) : files.latestVersion(m.evaluatorId());
        if (version.isEmpty()) {
            return Optional.empty();
        }
        ObjectNode node = mapper.createObjectNode();
        ObjectNode reference = node.putObject("version_reference");
        ObjectNode evaluator = node(version.get(), false, new java.util.HashSet<>());
        if (m.evaluatorVersionId() != null) {
            reference.put("type", "version");
            reference.set("version", evaluator);
        } else {
            reference.put("type", "environment");
            reference.set("file", evaluator);
            var known = deployments.environment(m.environment());
            if (known.isPresent()) {
                reference.set("environment", environment(known.get()));
            } else {
                // an environment removed since, or named before environments existed
                ObjectNode environment = reference.putObject("environment");
                environment.put("id", m.environment());
                environment.put("created_at", m.createdAt().toString());
                environment.put("name", m.environment());
                environment.put("tag", "other");
            }
        }
        if (m.evaluatorVersionId() != null || followed.isPresent()) {
            node.set("version", evaluator);
        }
        node.put("state", m.state());
        node.put("created_at", m.createdAt().toString());
        node.put("updated_at", m.updatedAt().toString());
        return Optional.of(node);
    }

    /** A Prompt's inputs are its template's {@code {{variables}}}; a Tool's, its function's parameters. */
    private static Set<String> inputNames(String kind, JsonNode kernel) {
        Set<String> names = new LinkedHashSet<>();
        if (kind.equals("prompt")) {
            collectVariables(kernel.get("template"), names);
        } else if (kind.equals("tool")) {
            JsonNode properties = kernel.path("function").path("parameters").path("properties");
            if (properties.isObject()) {
                names.addAll(properties.propertyNames());
            }
        }
        return names;
    }

    private static void collectVariables(JsonNode template, Set<String> names) {
        if (template == null) {
            return;
        }
        if (template.isString()) {
            Matcher m = TEMPLATE_VARIABLE.matcher(template.stringValue());
            while (m.find()) {
                names.add(m.group(1));
            }
        } else if (template.isArray()) {
            for (JsonNode message : template.values()) {
                JsonNode content = message.get("content");
                if (content != null && content.isString()) {
                    collectVariables(content, names);
                } else if (content != null && content.isArray()) {
                    for (JsonNode item : content.values()) {
                        collectVariables(item.get("text"), names);
                    }
                }
            }
        }
    }

    static String label(String kind) {
        return Character.toUpperCase(kind.charAt(0)) + kind.substring(1);
    }
}
