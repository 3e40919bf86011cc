package dev.tracevault.query.logs;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

class OutlineColumnsTest {

    private final JsonMapper mapper = JsonMapper.builder().build();

    private Long tokens(Object prompt, Object output) {
        ObjectNode body = mapper.createObjectNode();
        body.set("prompt_tokens", mapper.valueToTree(prompt));
        body.set("output_tokens", mapper.valueToTree(output));
        return OutlineColumns.of(body).tokens();
    }

    @Test
    void tokensKeptAsDecimalsAreSummedWhenWhole() {
        // the requests keep every number as a BigDecimal: the column must still get the sum
        assertThat(tokens(new BigDecimal("60"), new BigDecimal("40"))).isEqualTo(100L);
        assertThat(tokens(60, 40L)).isEqualTo(100L);
        assertThat(tokens(new BigDecimal("6E+1"), null)).isEqualTo(60L);
        assertThat(tokens(null, null)).isNull();
    }

    @Test
    void tokensThatAreNoWholeLongLeaveTheColumnEmpty() {
        assertThat(tokens(new BigDecimal("1.5"), 1)).isNull();
        assertThat(tokens(new BigDecimal("1E+999999999"), 1)).isNull();
        assertThat(tokens(Long.MAX_VALUE, 1)).isNull();
    }
}
