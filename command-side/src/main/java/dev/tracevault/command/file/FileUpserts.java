package dev.tracevault.command.file;

import dev.tracevault.command.ServerTime;
import dev.tracevault.command.file.Files;
import dev.tracevault.command.file.VersionDetails;
import dev.tracevault.command.log.LogRequests;
import dev.tracevault.command.validation.JsonBody;
import dev.tracevault.command.write.Answers;
import dev.tracevault.command.write.LogWrites;
import dev.tracevault.command.write.WriteTransaction;
import dev.tracevault.problems.InvalidInput;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What the upserts of every kind share ({@code POST /v5/flows}, {@code /prompts}, {@code /tools},
 * {@code /evaluators}; spec §3.11, §3.15, §3.16): the file named by {@code path} or {@code id}
 * (an unknown path creates it), the version named by the kernel (an identical kernel is the same
 * version), {@code version_name} unique within the file (else 409), and the answer: the file at
 * that version, exactly as {@code GET} renders it, once it is readable.
 */
@Component
public class FileUpserts {

    private final Files files;
    private final WriteTransaction writes;
    private final Answers answers;
    private final LogWrites logWrites;
    private final JsonMapper mapper;

    public FileUpserts(Files files, WriteTransaction writes, Answers answers, LogWrites logWrites, JsonMapper mapper) {
        this.files = files;
        this.writes = writes;
        this.answers = answers;
        this.logWrites = logWrites;
        this.mapper = mapper;
    }

    /**
     * Reads the request and upserts. {@code kernel} reads the kind's kernel from the body (recording
     * its problems there), or answers null when it is missing and the kind needs one.
     */
    public ResponseEntity<byte[]> upsert(byte[] bytes, String kind, Function<JsonBody, Map<String, Object>> kernel,
                                  InvalidInput kernelRequired) {
        JsonBody body = JsonBody.parse(bytes, mapper);
        String id = body.identifier("id");
        String path = LogRequests.path(body);
        var details = new VersionDetails(body.string("version_name"), body.string("version_description"),
                body.string("description"), tags(body), body.string("readme"));
        if (details.name() != null && details.name().isBlank()) {
            body.reject("version_name", "version_name must not be empty", "value_error.version_name");
        }
        Map<String, Object> versionKernel = kernel.apply(body);
        if (id == null && path == null) {
            body.reject("path", "path or id is required to identify the " + label(kind), "value_error.missing");
        }
        body.check();
        var target = new Files.Target(kind, id, path, versionKernel, null, null, null, kernelRequired, details);
        var now = ServerTime.now();
        List<String> locks = files.mayCreate(target) ? List.of("path:" + path) : List.of(id != null ? id : path);
        var version = writes.run(locks, () -> files.resolve(target, now));
        return logWrites.jsonText(answers.file(version.fileId(), kind, version.versionId()));
    }

    /** The body without the fields that are not the kernel, and without {@code null} members. */
    public static Map<String, Object> kernelFields(JsonBody body, List<String> notKernel) {
        Map<String, Object> kernel = new java.util.LinkedHashMap<>();
        body.root().properties().forEach(e -> {
            if (!notKernel.contains(e.getKey()) && !e.getValue().isNull()) {
                kernel.put(e.getKey(), body.mapper().convertValue(e.getValue(), Object.class));
            }
        });
        return kernel;
    }

    private static List<String> tags(JsonBody body) {
        JsonNode node = body.root().get("tags");
        if (node == null || node.isNull()) {
            return null;
        }
        List<String> tags = new ArrayList<>();
        if (node.isArray()) {
            for (JsonNode tag : node.values()) {
                if (!tag.isString()) {
                    body.reject("tags", "tags must be a list of strings", "type_error.str");
                    return null;
                }
                tags.add(tag.stringValue());
            }
            return tags;
        }
        body.reject("tags", "value is not a valid list", "type_error.list");
        return null;
    }

    private static String label(String kind) {
        return Character.toUpperCase(kind.charAt(0)) + kind.substring(1);
    }
}
