package dev.tracevault.query.web;

import dev.tracevault.problems.InvalidInput;
import dev.tracevault.problems.NotFound;
import dev.tracevault.queries.ApiDocument;
import dev.tracevault.queries.FindEnvironment;
import dev.tracevault.queries.FindEnvironments;
import dev.tracevault.queries.FindFile;
import dev.tracevault.queries.FindFileByPath;
import dev.tracevault.queries.FindFileEnvironments;
import dev.tracevault.queries.FindFileVersions;
import dev.tracevault.queries.FindFiles;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code GET /v5/{prompts|tools|evaluators}/{id}} (spec §3.15) and the file lists
 * {@code GET /v5/{flows|prompts|tools|evaluators}} (spec §3.13), a file's versions (§3.12) and a file by
 * its path (§3.17). A file shows the version {@code version_id} or {@code environment} means, by
 * default the one deployed to the default environment, else its newest
 * ({@code VersionResolution}).
 */
@RestController
class FileReadController {

    private static final Map<String, String> KINDS = Map.of("flows", "flow", "prompts", "prompt", "tools", "tool",
            "evaluators", "evaluator");
    private static final Set<String> SORTS = Set.of("created_at", "updated_at", "name");
    private static final int MAX_PAGE_SIZE = 100;

    private final QueryGateway queries;
    private final JsonMapper mapper;

    FileReadController(QueryGateway queries, JsonMapper mapper) {
        this.queries = queries;
        this.mapper = mapper;
    }

    @GetMapping({"/v5/prompts/{id}", "/v5/tools/{id}", "/v5/evaluators/{id}"})
    ResponseEntity<byte[]> file(@PathVariable("id") String id,
                                @RequestParam(name = "version_id", required = false) String versionId,
                                @RequestParam(name = "environment", required = false) String environment,
                                jakarta.servlet.http.HttpServletRequest request) {
        String kind = KINDS.get(request.getRequestURI().split("/")[2]);
        return json(ask(new FindFile(id, kind, versionId, environment)));
    }

    @GetMapping("/v5/{files:flows|prompts|tools|evaluators}")
    ResponseEntity<byte[]> list(@PathVariable("files") String files,
                                @RequestParam(name = "page", defaultValue = "1") String page,
                                @RequestParam(name = "size", defaultValue = "10") String size,
                                @RequestParam(name = "name", required = false) String name,
                                @RequestParam(name = "sort_by", defaultValue = "created_at") String sortBy,
                                @RequestParam(name = "order", defaultValue = "desc") String order,
                                @RequestParam(name = "user_filter", required = false) String userFilter) {
        String kind = KINDS.get(files);
        if (kind == null) {
            throw new NotFound("no such endpoint: /v5/" + files);
        }
        if (userFilter != null) {
            // files record no user (created_by is null): the filter could only ever be ignored
            throw InvalidInput.of(List.of("query", "user_filter"), "user_filter is not supported: files record"
                    + " no user", "value_error.unsupported");
        }
        int pageNumber = QueryAnswers.positive("page", page, Integer.MAX_VALUE);
        int pageSize = QueryAnswers.positive("size", size, MAX_PAGE_SIZE);
        if (!SORTS.contains(sortBy)) {
            throw InvalidInput.of(List.of("query", "sort_by"), "sort_by must be created_at, updated_at or name",
                    "type_error.enum");
        }
        if (!order.equals("asc") && !order.equals("desc")) {
            throw InvalidInput.of(List.of("query", "order"), "order must be asc or desc", "type_error.enum");
        }
        return json(ask(new FindFiles(kind, pageNumber, pageSize, name == null || name.isEmpty() ? null : name,
                sortBy, order.equals("asc"))));
    }

    @GetMapping("/v5/{files:flows|prompts|tools|evaluators}/{id}/versions")
    ResponseEntity<byte[]> versions(@PathVariable("files") String files, @PathVariable("id") String id,
                                    @RequestParam(name = "evaluator_aggregates", required = false)
                                    String evaluatorAggregates) {
        if (evaluatorAggregates != null && !evaluatorAggregates.equals("false")) {
            // no aggregates are computed per version: only asking for none is answered
            throw InvalidInput.of(List.of("query", "evaluator_aggregates"), "evaluator_aggregates=true is not"
                    + " supported: versions are listed without evaluator aggregates", "value_error.unsupported");
        }
        return json(ask(new FindFileVersions(id, KINDS.get(files))));
    }

    /** {@code listEnvironments} (spec §3.12): every environment with the file's version deployed there, or null. */
    @GetMapping("/v5/{files:flows|prompts|tools|evaluators}/{id}/environments")
    ResponseEntity<byte[]> environments(@PathVariable("files") String files, @PathVariable("id") String id) {
        return json(ask(new FindFileEnvironments(id, KINDS.get(files))));
    }

    /** The workspace's environments (ours: the Humanloop SDK has no call for them). */
    @GetMapping("/v5/environments")
    ResponseEntity<byte[]> workspaceEnvironments() {
        return json(ask(new FindEnvironments()));
    }

    @GetMapping("/v5/environments/{id}")
    ResponseEntity<byte[]> workspaceEnvironment(@PathVariable("id") String id) {
        return json(ask(new FindEnvironment(id)));
    }

    /** {@code POST /v5/files/retrieve-by-path} (spec §3.17): a read, though a POST. */
    @PostMapping("/v5/files/retrieve-by-path")
    ResponseEntity<byte[]> byPath(@RequestBody(required = false) byte[] body,
                                  @RequestParam(name = "environment", required = false) String environment) {
        JsonNode root;
        try {
            root = body == null || body.length == 0 ? null : mapper.readTree(body);
        } catch (JacksonException e) {
            throw InvalidInput.of(List.of("body"), "invalid JSON: " + e.getOriginalMessage(), "value_error.jsondecode");
        }
        if (root == null || !root.isObject()) {
            throw InvalidInput.of(List.of("body"), "the body must be a JSON object", "type_error.dict");
        }
        JsonNode path = root.get("path");
        if (path == null || path.isNull()) {
            throw InvalidInput.of(List.of("body", "path"), "field required", "value_error.missing");
        }
        if (!path.isString()) {
            throw InvalidInput.of(List.of("body", "path"), "str type expected", "type_error.str");
        }
        return json(ask(new FindFileByPath(path.stringValue(), environment)));
    }

    private ApiDocument ask(Object query) {
        return QueryAnswers.ask(queries, query);
    }

    private static ResponseEntity<byte[]> json(ApiDocument document) {
        return QueryAnswers.json(document);
    }
}
