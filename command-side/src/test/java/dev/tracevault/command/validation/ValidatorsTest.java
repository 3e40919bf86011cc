package dev.tracevault.command.validation;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Each value rule on its edges: what passes, and what each refuses. */
class ValidatorsTest {

    @Test
    void datetimesFromYearOneToYear9999() {
        assertThat(Datetimes.problem(Instant.parse("0001-01-01T00:00:00Z"))).isNull();
        assertThat(Datetimes.problem(Instant.parse("9999-12-31T23:59:59.999999999Z"))).isNull();
        assertThat(Datetimes.problem(Instant.parse("2025-06-01T12:00:00Z"))).isNull();
        assertThat(Datetimes.problem(Instant.parse("0000-12-31T23:59:59Z"))).contains("out of range");
        assertThat(Datetimes.problem(Instant.parse("+10000-01-01T00:00:00Z"))).contains("out of range");
        assertThat(Datetimes.problem(Instant.parse("+999999999-01-01T00:00:00Z"))).contains("out of range");
        assertThat(Datetimes.problem(Instant.parse("-999999999-01-01T00:00:00Z"))).contains("out of range");
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-0.0", "1", "-1", "1.10", "1e300", "-1.7976931348623157e308", "2.3e-308", "1e-300",
            "1234567890123456789012345678901234567890"})
    void numbersADoubleHolds(String number) {
        assertThat(Numbers.problem(new BigDecimal(number))).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"1e600", "-1e600", "1.8e308", "1e-600", "-1e-400", "1e-310",
            "12345678901234567890123456789012345678901"})
    void numbersADoubleCannotHoldAreRefused(String number) {
        assertThat(Numbers.problem(new BigDecimal(number))).isNotNull();
    }

    @Test
    void countsAreWholeAndNotNegative() {
        assertThat(Counts.problem(new BigDecimal("0"))).isNull();
        assertThat(Counts.problem(new BigDecimal("12"))).isNull();
        assertThat(Counts.problem(new BigDecimal("12.0"))).isNull();
        assertThat(Counts.problem(new BigDecimal("1e3"))).isNull();
        assertThat(Counts.problem(new BigDecimal("9007199254740991"))).isNull();
        assertThat(Counts.problem(new BigDecimal("9007199254740992"))).contains("at most");
        assertThat(Counts.problem(new BigDecimal("1.5"))).contains("whole");
        assertThat(Counts.problem(new BigDecimal("-1"))).contains("0 or more");
        assertThat(Counts.problem(new BigDecimal("-0.5"))).isNotNull();
    }

    @Test
    void amountsAreBoundedAndCostsAndLatenciesNotNegative() {
        assertThat(Amounts.problem(new BigDecimal("0"))).isNull();
        assertThat(Amounts.problem(new BigDecimal("0.000000150"))).isNull();
        assertThat(Amounts.problem(new BigDecimal("1e15"))).isNull();
        assertThat(Amounts.problem(new BigDecimal("0.123456789012345678"))).isNull();
        assertThat(Amounts.problem(new BigDecimal("-0.01"))).contains("0 or more");
        assertThat(Amounts.problem(new BigDecimal("1.1e15"))).contains("at most");
        assertThat(Amounts.problem(new BigDecimal("1e-19"))).contains("decimal places");
        assertThat(Amounts.signedProblem(new BigDecimal("-3.5"))).isNull();
        assertThat(Amounts.signedProblem(new BigDecimal("-2e15"))).contains("at most");
    }

    @Test
    void logNumbersFollowTheirFieldsRule() {
        assertThat(LogNumbers.problem("prompt_tokens", new BigDecimal("1.5"))).contains("whole");
        assertThat(LogNumbers.problem("reasoning_tokens", new BigDecimal("-2"))).contains("0 or more");
        assertThat(LogNumbers.problem("output_cost", new BigDecimal("-0.1"))).contains("0 or more");
        assertThat(LogNumbers.problem("provider_latency", new BigDecimal("-1"))).contains("0 or more");
        assertThat(LogNumbers.problem("provider_latency", (BigDecimal) null)).isNull();
        assertThat(LogNumbers.problem("temperature", new BigDecimal("-1"))).isNull();
        assertThat(LogNumbers.problem("output_tokens", (Object) 7)).isNull();
        assertThat(LogNumbers.problem("output_tokens", (Object) (-7))).contains("0 or more");
        assertThat(LogNumbers.problem("finish_reason", (Object) "stop")).isNull();
    }

    @Test
    void anEndIsNotBeforeItsStart() {
        Instant start = Instant.parse("2025-01-01T00:00:01Z");
        assertThat(Timespans.problem(start, start)).isNull();
        assertThat(Timespans.problem(start, start.plusMillis(1))).isNull();
        assertThat(Timespans.problem(start, null)).isNull();
        assertThat(Timespans.problem(null, start)).isNull();
        assertThat(Timespans.problem(start, start.minusNanos(1))).contains("before start_time");
    }

    @Test
    void strictUtf8() {
        assertThat(Utf8.problem("{\"a\":\"é €😀 /\"}".getBytes(StandardCharsets.UTF_8))).isNull();
        assertThat(Utf8.problem(new byte[0])).isNull();
        assertThat(Utf8.problem(new byte[] {'{', '"', (byte) 0xC0, (byte) 0xAF, '"', '}'})).contains("byte 2");
        assertThat(Utf8.problem(new byte[] {(byte) 0xE0, (byte) 0x80, (byte) 0xAF})).isNotNull(); // overlong, 3 bytes
        assertThat(Utf8.problem(new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80})).isNotNull(); // a surrogate
        assertThat(Utf8.problem(new byte[] {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80})).isNotNull();
        assertThat(Utf8.problem(new byte[] {'a', (byte) 0xE2, (byte) 0x82})).isNotNull(); // cut short
        assertThat(Utf8.problem(new byte[] {(byte) 0xFF})).isNotNull();
        byte[] large = ("x".repeat(20_000) + "é").getBytes(StandardCharsets.UTF_8);
        assertThat(Utf8.problem(large)).isNull();
        large[19_999] = (byte) 0x80;
        assertThat(Utf8.problem(large)).contains("byte 19999");
    }

    @Test
    void otlpIdsHaveTheirExactLengths() {
        assertThat(OtlpIds.problem("trace_id", 16)).isNull();
        assertThat(OtlpIds.problem("trace_id", 0)).isNull();
        assertThat(OtlpIds.problem("trace_id", 3)).contains("16 bytes");
        assertThat(OtlpIds.problem("span_id", 8)).isNull();
        assertThat(OtlpIds.problem("span_id", 16)).contains("8 bytes");
        assertThat(OtlpIds.problem("parent_span_id", 7)).contains("8 bytes");
    }

    @Test
    void spanParentsThatLeadRoundAreFoundWithWhatIsBelowThem() {
        Map<String, String> parents = new LinkedHashMap<>();
        parents.put("root", null);
        parents.put("child", "root");
        parents.put("outside", "elsewhere");
        parents.put("a", "b");
        parents.put("b", "c");
        parents.put("c", "a");
        parents.put("below", "b");
        parents.put("self", "self");
        var cyclic = SpanParents.cyclic(parents);
        assertThat(cyclic.keySet()).containsExactlyInAnyOrder("a", "b", "c", "below", "self");
        assertThat(SpanParents.describe(cyclic.get("self"))).isEqualTo("self → self");
        assertThat(cyclic.get("below")).hasSize(4).startsWith(cyclic.get("below").getLast());
        assertThat(SpanParents.cyclic(Map.of("x", "y", "y", "z"))).isEmpty();
        assertThat(cyclic.get("a")).containsAll(List.of("a", "b", "c"));
    }
}
