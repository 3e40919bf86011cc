package dev.tracevault.query;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tracevault.events.evaluatorlog.EvaluatorLogCreated;
import dev.tracevault.events.flowlog.FlowLogCreated;
import dev.tracevault.events.log.EvaluationRequested;
import dev.tracevault.events.log.InputsCleared;
import dev.tracevault.events.log.InputsSet;
import dev.tracevault.events.log.LogChange;
import dev.tracevault.events.log.MessagesCleared;
import dev.tracevault.events.log.MessagesSet;
import dev.tracevault.events.log.OutputCleared;
import dev.tracevault.events.log.OutputMessageCleared;
import dev.tracevault.events.log.OutputMessageSet;
import dev.tracevault.events.log.OutputSet;
import dev.tracevault.events.log.SpanRecorded;
import dev.tracevault.events.log.TraceMemberAdmitted;
import dev.tracevault.events.promptlog.PromptLogCreated;
import dev.tracevault.events.toollog.ToolLogCreated;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.serialization.Revision;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.AnnotatedBeanDefinition;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.type.filter.AnnotationTypeFilter;

/**
 * Adding an event to a log without deciding what each projection does with it fails here, not in
 * a request. Every event of a log is a {@code @Revision} record in shared-events' log packages:
 * the creation events of the four kinds, and the {@link LogChange}s (sealed: the aggregates'
 * switch over them must name each). Each projection that follows logs either handles an event or
 * names it below with the reason it does not need it.
 */
class LogEventCoverageTest {

    private static final Set<String> LOG_PACKAGES = Set.of("dev.tracevault.events.log",
            "dev.tracevault.events.flowlog", "dev.tracevault.events.promptlog", "dev.tracevault.events.toollog",
            "dev.tracevault.events.evaluatorlog");

    private static final Set<Class<?>> CREATIONS = Set.of(FlowLogCreated.class, PromptLogCreated.class,
            ToolLogCreated.class, EvaluatorLogCreated.class);

    /** What the log documents do not show, and why. */
    private static final Map<Class<?>, String> NOT_IN_DOCUMENTS = Map.of(
            EvaluationRequested.class, "starts the evaluation saga; the judgments arrive as Evaluator Logs",
            TraceMemberAdmitted.class, "the trace tree is composed at read time from the members' trace_parent_id",
            SpanRecorded.class, "the span a log came from is the OpenTelemetry write path's, not the API's");

    /** What the analytics do not count, and why: they count status, errors, times, tokens and costs. */
    private static final Map<Class<?>, String> NOT_IN_ANALYTICS = Map.ofEntries(
            Map.entry(InputsSet.class, "payload"), Map.entry(InputsCleared.class, "payload"),
            Map.entry(MessagesSet.class, "payload"), Map.entry(MessagesCleared.class, "payload"),
            Map.entry(OutputSet.class, "payload"), Map.entry(OutputCleared.class, "payload"),
            Map.entry(OutputMessageSet.class, "payload"), Map.entry(OutputMessageCleared.class, "payload"),
            Map.entry(EvaluationRequested.class, "a judgment counts when its Evaluator Log is created"),
            Map.entry(TraceMemberAdmitted.class, "a member counts through its own creation"),
            Map.entry(SpanRecorded.class, "a span's times arrive as the log's fields"));

    @Test
    void everyLogEventIsACreationOrASealedLogChange() {
        Set<Class<?>> changes = Set.of(LogChange.class.getPermittedSubclasses());
        for (Class<?> event : logEvents()) {
            assertThat(CREATIONS.contains(event) || changes.contains(event))
                    .as("%s is an event of a log: make it a LogChange (or a creation event)", event.getName())
                    .isTrue();
        }
        assertThat(logEvents()).containsAll(changes).containsAll(CREATIONS);
    }

    @Test
    void theLogDocumentsHandleEveryLogEventTheyShow() throws Exception {
        assertCovers(Class.forName("dev.tracevault.query.logs.LogDocumentProjection"), NOT_IN_DOCUMENTS);
    }

    @Test
    void theAnalyticsHandleEveryLogEventTheyCount() throws Exception {
        assertCovers(Class.forName("dev.tracevault.query.analytics.AnalyticsProjection"), NOT_IN_ANALYTICS);
    }

    /** {@code projection} handles every log event except {@code ignored}, and none of those. */
    private static void assertCovers(Class<?> projection, Map<Class<?>, String> ignored) {
        Set<Class<?>> handled = Arrays.stream(projection.getDeclaredMethods())
                .filter(m -> m.isAnnotationPresent(EventHandler.class))
                .map(LogEventCoverageTest::payloadType)
                .collect(Collectors.toSet());
        Set<String> missing = new TreeSet<>();
        Set<String> handledButIgnored = new TreeSet<>();
        for (Class<?> event : logEvents()) {
            boolean handles = handled.stream().anyMatch(type -> type.isAssignableFrom(event));
            if (!handles && !ignored.containsKey(event)) {
                missing.add(event.getSimpleName());
            }
            if (handles && ignored.containsKey(event)) {
                handledButIgnored.add(event.getSimpleName());
            }
        }
        assertThat(missing).as("log events %s has no handler for (handle them, or say why not)",
                projection.getSimpleName()).isEmpty();
        assertThat(handledButIgnored).as("log events %s handles but lists as ignored", projection.getSimpleName())
                .isEmpty();
    }

    private static Class<?> payloadType(Method handler) {
        return handler.getParameterTypes()[0];
    }

    /** The {@code @Revision} records of shared-events' log packages. */
    private static Set<Class<?>> logEvents() {
        var scanner = new ClassPathScanningCandidateComponentProvider(false) {
            @Override
            protected boolean isCandidateComponent(AnnotatedBeanDefinition definition) {
                return true;
            }
        };
        scanner.addIncludeFilter(new AnnotationTypeFilter(Revision.class));
        Set<Class<?>> events = new java.util.HashSet<>();
        for (String pkg : LOG_PACKAGES) {
            for (var definition : scanner.findCandidateComponents(pkg)) {
                try {
                    Class<?> type = Class.forName(definition.getBeanClassName());
                    if (type.isRecord() && type.getPackageName().equals(pkg)) {
                        events.add(type);
                    }
                } catch (ClassNotFoundException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        assertThat(events).as("the log events found on the class path").hasSizeGreaterThan(CREATIONS.size());
        return events;
    }
}
