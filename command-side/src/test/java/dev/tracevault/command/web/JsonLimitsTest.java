package dev.tracevault.command.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tracevault.problems.FieldProblem;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A field's value may nest 200 levels; deeper is refused once, naming the field. */
class JsonLimitsTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void aFieldMayNestTwoHundredLevelsAndNoMore() {
        assertThat(JsonLimits.bodyProblems(body("inputs", objects(200)))).isEmpty();
        assertThat(JsonLimits.bodyProblems(body("inputs", objects(201)))).containsExactly(new FieldProblem(
                List.of("body", "inputs"), "nested deeper than 200 levels", "value_error.json.depth"));
        assertThat(JsonLimits.bodyProblems(body("metadata", "[" + objects(200) + "]")))
                .extracting(FieldProblem::loc).containsExactly(List.of("body", "metadata"));
    }

    @Test
    void everyFieldTooDeepIsNamedAndOtherProblemsStillFound() {
        JsonNode body = JSON.readTree("{\"inputs\":" + objects(300) + ",\"output\":\"\\ud800\",\"metadata\":"
                + objects(250) + "}");
        assertThat(JsonLimits.bodyProblems(body)).extracting(FieldProblem::loc).containsExactly(
                List.of("body", "inputs"), List.of("body", "output"), List.of("body", "metadata"));
    }

    private static JsonNode body(String field, String value) {
        return JSON.readTree("{\"" + field + "\":" + value + "}");
    }

    /** {@code {"a":{"a":…{}}}}, {@code levels} objects deep. */
    private static String objects(int levels) {
        return "{\"a\":".repeat(levels - 1) + "{}" + "}".repeat(levels - 1);
    }
}
