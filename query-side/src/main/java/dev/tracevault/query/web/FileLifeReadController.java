package dev.tracevault.query.web;

import dev.tracevault.problems.InvalidInput;
import dev.tracevault.queries.ApiDocument;
import dev.tracevault.queries.FindAllFiles;
import dev.tracevault.queries.FindDirectories;
import dev.tracevault.queries.FindDirectory;
import dev.tracevault.queries.FindFileAsOf;
import dev.tracevault.queries.FindFileHistory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The reads of a file's life: a file's history ({@code GET /v5/{flows|prompts|tools|evaluators}/{id}/history})
 * and the file as it was ({@code GET …/{id}?as_of=}); the files of every kind ({@code GET /v5/files},
 * the SDK's {@code files.listFiles}); the directories ({@code GET /v5/directories}, {@code GET
 * /v5/directories/{id}} with its parents, subdirectories and files).
 */
@RestController
class FileLifeReadController {

    private static final Map<String, String> KINDS = Map.of("flows", "flow", "prompts", "prompt", "tools", "tool",
            "evaluators", "evaluator");
    private static final Set<String> TYPES = Set.of("prompt", "tool", "dataset", "evaluator", "flow");
    private static final Set<String> SORTS = Set.of("created_at", "updated_at", "name");
    private static final int MAX_PAGE_SIZE = 100;

    private final QueryGateway queries;

    FileLifeReadController(QueryGateway queries) {
        this.queries = queries;
    }

    @GetMapping("/v5/{files:flows|prompts|tools|evaluators}/{id}/history")
    ResponseEntity<byte[]> history(@PathVariable("files") String files, @PathVariable("id") String id) {
        return json(ask(new FindFileHistory(id, KINDS.get(files))));
    }

    // one mapping per kind: GET /v5/flows/{id} has its own, more specific than a {files} pattern
    @GetMapping(value = {"/v5/flows/{id}", "/v5/prompts/{id}", "/v5/tools/{id}", "/v5/evaluators/{id}"},
            params = "as_of")
    ResponseEntity<byte[]> asOf(@PathVariable("id") String id, @RequestParam("as_of") String asOf,
                                @RequestParam(name = "version_id", required = false) String versionId,
                                @RequestParam(name = "environment", required = false) String environment,
                                jakarta.servlet.http.HttpServletRequest request) {
        String kind = KINDS.get(request.getRequestURI().split("/")[2]);
        return json(ask(new FindFileAsOf(id, kind, versionId, environment, QueryAnswers.instant(asOf, "as_of"))));
    }

    @GetMapping("/v5/files")
    ResponseEntity<byte[]> files(@RequestParam(name = "page", defaultValue = "1") String page,
                                 @RequestParam(name = "size", defaultValue = "10") String size,
                                 @RequestParam(name = "name", required = false) String name,
                                 @RequestParam(name = "template", required = false) String template,
                                 @RequestParam(name = "type", required = false) List<String> types,
                                 @RequestParam(name = "environment", required = false) String environment,
                                 @RequestParam(name = "sort_by", defaultValue = "created_at") String sortBy,
                                 @RequestParam(name = "order", defaultValue = "desc") String order) {
        int pageNumber = QueryAnswers.positive("page", page, Integer.MAX_VALUE);
        int pageSize = QueryAnswers.positive("size", size, MAX_PAGE_SIZE);
        if (template != null && !template.equals("true") && !template.equals("false")) {
            throw InvalidInput.of(List.of("query", "template"), "template must be true or false", "type_error.bool");
        }
        List<String> kinds = new ArrayList<>();
        for (String type : types == null ? List.<String>of() : types) {
            if (!TYPES.contains(type)) {
                throw InvalidInput.of(List.of("query", "type"), "type must be prompt, tool, dataset, evaluator or"
                        + " flow", "type_error.enum");
            }
            kinds.add(type);
        }
        if (!SORTS.contains(sortBy)) {
            throw InvalidInput.of(List.of("query", "sort_by"), "sort_by must be created_at, updated_at or name",
                    "type_error.enum");
        }
        if (!order.equals("asc") && !order.equals("desc")) {
            throw InvalidInput.of(List.of("query", "order"), "order must be asc or desc", "type_error.enum");
        }
        // no file is a template, and there are no datasets: such a filter leaves nothing
        if ("true".equals(template) || (!kinds.isEmpty() && kinds.stream().allMatch("dataset"::equals))) {
            return QueryAnswers.json(new ApiDocument("{\"records\":[],\"page\":" + pageNumber + ",\"size\":"
                    + pageSize + ",\"total\":0}"));
        }
        kinds.remove("dataset");
        return json(ask(new FindAllFiles(kinds, pageNumber, pageSize, name == null || name.isEmpty() ? null : name,
                sortBy, order.equals("asc"), environment == null || environment.isEmpty() ? null : environment)));
    }

    @GetMapping("/v5/directories")
    ResponseEntity<byte[]> directories() {
        return json(ask(new FindDirectories()));
    }

    @GetMapping("/v5/directories/{id}")
    ResponseEntity<byte[]> directory(@PathVariable("id") String id) {
        return json(ask(new FindDirectory(id, true)));
    }

    private ApiDocument ask(Object query) {
        return QueryAnswers.ask(queries, query);
    }

    private static ResponseEntity<byte[]> json(ApiDocument document) {
        return QueryAnswers.json(document);
    }
}
