package dev.tracevault.command.validation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tracevault.problems.FieldProblem;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Kernel fields typed as the API document says. */
class KernelFieldsTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final List<Object> AT = List.of("body", "prompt");

    private static List<List<Object>> promptProblems(String kernel) {
        return KernelFields.prompt(JSON.readTree(kernel), AT, (node, loc) -> { })
                .stream().map(FieldProblem::loc).toList();
    }

    @Test
    void aFullPromptKernelPasses() {
        assertThat(promptProblems("{\"model\":\"gpt-4o\",\"endpoint\":\"chat\",\"provider\":\"openai\","
                + "\"template\":\"Hi\",\"template_language\":\"jinja\",\"max_tokens\":100,\"temperature\":0.2,"
                + "\"top_p\":1,\"stop\":[\"x\"],\"presence_penalty\":0,\"frequency_penalty\":0,\"seed\":3,"
                + "\"other\":{},\"response_format\":{\"type\":\"json_schema\",\"json_schema\":{}},"
                + "\"reasoning_effort\":\"low\",\"tools\":[{\"name\":\"f\",\"description\":\"d\",\"strict\":true,"
                + "\"parameters\":{}}],\"linked_tools\":[\"t\"],\"attributes\":{},\"unknown\":[1],"
                + "\"reasoning\":null}")).isEmpty();
    }

    @Test
    void eachMistypedPromptFieldIsNamed() {
        assertThat(promptProblems("{\"model\":3,\"temperature\":\"hot\",\"endpoint\":\"teleport\","
                + "\"provider\":\"acme\",\"template_language\":1,\"reasoning_effort\":\"max\",\"stop\":[1],"
                + "\"other\":[],\"attributes\":\"a\",\"response_format\":{\"type\":\"xml\"},\"tools\":[{\"name\":\"f\"}],"
                + "\"linked_tools\":\"t\",\"template\":5,\"seed\":true}")).containsExactlyInAnyOrder(
                List.of("body", "prompt", "model"), List.of("body", "prompt", "temperature"),
                List.of("body", "prompt", "endpoint"), List.of("body", "prompt", "provider"),
                List.of("body", "prompt", "template_language"), List.of("body", "prompt", "reasoning_effort"),
                List.of("body", "prompt", "stop"), List.of("body", "prompt", "other"),
                List.of("body", "prompt", "attributes"), List.of("body", "prompt", "response_format", "type"),
                List.of("body", "prompt", "tools", 0, "description"), List.of("body", "prompt", "linked_tools"),
                List.of("body", "prompt", "template"), List.of("body", "prompt", "seed"));
    }

    @Test
    void aTemplateListGoesToTheMessagesCheck() {
        List<List<Object>> seen = new ArrayList<>();
        KernelFields.prompt(JSON.readTree("{\"template\":[{\"role\":\"user\"}]}"), AT, (node, loc) -> seen.add(loc));
        assertThat(seen).containsExactly(List.of("body", "prompt", "template"));
    }

    @Test
    void toolKernels() {
        JsonNode good = JSON.readTree("{\"function\":{\"name\":\"f\",\"description\":\"d\"},\"source_code\":\"x\","
                + "\"setup_values\":{},\"attributes\":{}}");
        assertThat(KernelFields.tool(good, List.of("body"))).isEmpty();
        JsonNode bad = JSON.readTree("{\"function\":{\"name\":1,\"description\":\"d\",\"strict\":\"yes\","
                + "\"parameters\":[]},\"source_code\":2,\"setup_values\":[]}");
        assertThat(KernelFields.tool(bad, List.of("body"))).extracting(FieldProblem::loc).containsExactlyInAnyOrder(
                List.of("body", "function", "name"), List.of("body", "function", "strict"),
                List.of("body", "function", "parameters"), List.of("body", "source_code"),
                List.of("body", "setup_values"));
    }
}
