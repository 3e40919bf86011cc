package dev.tracevault.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import dev.tracevault.events.content.ContentField;
import dev.tracevault.events.content.DerivedContent;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The one definition of a log's content ({@link ContentField}) covers every field of every log
 * event: each record component is either content (sealed, erased) or named here as shape. A new
 * field fails this test until someone decides which it is.
 */
class ContentDefinitionTest {

    /** Not content: what a tombstone keeps (ids, kind, file, trace links, times, status, numbers). */
    static final Set<String> SHAPE = Set.of("logId", "flowId", "promptId", "toolId", "evaluatorId", "versionId",
            "parentId", "memberId", "runId", "trace", "traceId", "traceFlowId", "traceParentId", "clientLogId",
            "loggedAt", "status", "markedCompleted", "evaluationId", "judgedSequence", "evaluators", "fileId",
            "requestedAt", "completedAt", "spanId", "startTime", "endTime", "createdAt", "providerLatency", "source",
            "sourceDatapointId", "environment", "save", "erasureId", "requestedLogId", "erasedBy", "erasedAt",
            // containers: their members are checked by name (fields) or sealed by wire name (details)
            "fields", "details");
    /** Records that only ever sit inside a content field (sealed as a whole with it). */
    static final Set<String> INSIDE_CONTENT = Set.of("ChatMessage", "ToolCall", "FunctionCall");

    @Test
    void everyFieldOfALogEventIsEitherContentOrShape() throws ClassNotFoundException {
        Set<String> content = new TreeSet<>(ContentField.storedNames());
        content.add(DerivedContent.REQUEST_DIGEST.stored());
        List<String> undecided = new ArrayList<>();
        int checked = 0;
        for (JavaClass type : new ClassFileImporter().importPackages("dev.tracevault.events")) {
            Class<?> record = Class.forName(type.getName());
            // files', directories' and the workspace's events are no log's: they carry no log content
            if (!record.isRecord() || record.getPackageName().endsWith(".file")
                    || record.getPackageName().endsWith(".directory")
                    || record.getPackageName().endsWith(".environment")
                    || INSIDE_CONTENT.contains(record.getSimpleName())) {
                continue;
            }
            for (RecordComponent component : record.getRecordComponents()) {
                checked++;
                if (!content.contains(component.getName()) && !SHAPE.contains(component.getName())) {
                    undecided.add(record.getSimpleName() + "." + component.getName());
                }
            }
        }
        assertThat(checked).as("the log events were found").isGreaterThan(50);
        assertThat(undecided).as("neither content (ContentField) nor shape").isEmpty();
    }

    @Test
    void aContentFieldsWireNameIsItsStoredNameInSnakeCase() {
        for (ContentField field : ContentField.values()) {
            assertThat(field.wire()).isEqualTo(field.stored().replaceAll("([A-Z])", "_$1").toLowerCase(Locale.ROOT));
        }
        assertThat(ContentField.wireNames()).contains("inputs", "messages", "output", "output_message", "error",
                "user", "metadata", "provider_request", "provider_response", "stdout", "judgment");
        assertThat(ContentField.unsavedDetailNames()).containsExactlyInAnyOrder("provider_request",
                "provider_response", "stdout");
    }
}
