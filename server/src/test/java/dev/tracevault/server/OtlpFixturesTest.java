package dev.tracevault.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tracevault.command.otel.OtlpRequests;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/**
 * The protobuf fixtures ({@code otlp/agent-trace-part*.binpb}) are the JSON parts under another trace
 * id, encoded with the official OpenTelemetry classes. {@link #main} writes them again after a change
 * to the JSON parts (run it from the repository root with the server's test classpath).
 */
class OtlpFixturesTest {

    private static final Path DIR = Path.of("src/test/resources/otlp");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    static ExportTraceServiceRequest fromJson(int part) throws IOException {
        String json = new String(OtelApiContract.resource("agent-trace-part" + part + ".json"), StandardCharsets.UTF_8)
                .replace(OtelApiContract.AGENT_TRACE_JSON_PARTS, OtelApiContract.AGENT_TRACE_PROTOBUF_PARTS);
        return OtlpRequests.decode(json.getBytes(StandardCharsets.UTF_8), OtlpRequests.Encoding.JSON, JSON);
    }

    @Test
    void protobufFixturesAreTheJsonPartsUnderAnotherTrace() throws IOException {
        for (int part = 1; part <= 3; part++) {
            var protobuf = ExportTraceServiceRequest.parseFrom(OtelApiContract.resource("agent-trace-part" + part + ".binpb"));
            assertThat(protobuf).as("part %d", part).isEqualTo(fromJson(part));
            assertThat(OtlpRequests.count(protobuf)).isPositive();
        }
    }

    public static void main(String[] args) throws IOException {
        Path dir = args.length > 0 ? Path.of(args[0]) : DIR;
        for (int part = 1; part <= 3; part++) {
            Files.write(dir.resolve("agent-trace-part" + part + ".binpb"), fromJson(part).toByteArray());
        }
    }
}
