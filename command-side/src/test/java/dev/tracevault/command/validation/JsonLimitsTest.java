package dev.tracevault.command.validation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tracevault.problems.FieldProblem;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A field's value may nest 200 levels; deeper is refused once, naming the field; every number is finite. */
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

    @Test
    void everyNumberAnywhereMustBeFiniteAndNotVanishToZero() {
        JsonMapper decimals = JsonMapper.builder()
                .enable(tools.jackson.databind.DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS).build();
        JsonNode body = decimals.readTree("{\"inputs\":{\"a\":[1, 1e300, 1e600]},\"metadata\":{\"b\":1e-600},"
                + "\"n\":12345678901234567890123456789012345678901,\"ok\":[0, 0.0, -5, 1e-300, 1.10]}");
        assertThat(JsonLimits.bodyProblems(body)).extracting(FieldProblem::loc).containsExactly(
                List.of("body", "inputs", "a", 2), List.of("body", "metadata", "b"), List.of("body", "n"));
        assertThat(JsonLimits.bodyProblems(body)).extracting(FieldProblem::type).containsOnly("value_error.number.range");
    }

    private static JsonNode body(String field, String value) {
        return JSON.readTree("{\"" + field + "\":" + value + "}");
    }

    /** {@code {"a":{"a":…{}}}}, {@code levels} objects deep. */
    private static String objects(int levels) {
        return "{\"a\":".repeat(levels - 1) + "{}" + "}".repeat(levels - 1);
    }
}
