package dev.tracevault.server.transfer;

import dev.tracevault.events.directory.DirectoryCreated;
import dev.tracevault.events.environment.EnvironmentCreated;
import dev.tracevault.events.environment.EnvironmentRemoved;
import dev.tracevault.events.environment.EnvironmentRenamed;
import dev.tracevault.events.evaluatorlog.EvaluatorLogCreated;
import dev.tracevault.events.file.FileCreated;
import dev.tracevault.events.flowlog.FlowLogCreated;
import dev.tracevault.events.promptlog.PromptLogCreated;
import dev.tracevault.events.toollog.ToolLogCreated;
import dev.tracevault.server.upcasting.OlderRevisions;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.axonframework.serialization.Revision;
import org.axonframework.serialization.SerializedType;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.type.filter.AnnotationTypeFilter;
import org.springframework.util.ClassUtils;

/**
 * What an import may load: the project's own events, each at its current {@code @Revision} or at an
 * older revision an upcaster reads ({@link OlderRevisions}), and nothing else. The list is made from
 * the classes themselves (the records of {@code shared-events} that carry {@code @Revision}), so no
 * class outside it is ever looked up by a name read from a file.
 */
final class ImportableEvents {

    /** The events' package: the only one scanned. */
    static final String PACKAGE = "dev.tracevault.events";

    /** Each aggregate type with the event that starts it, and the package its other events come from. */
    private static final Map<String, Class<?>> CREATED = Map.of(
            "FlowLog", FlowLogCreated.class,
            "PromptLog", PromptLogCreated.class,
            "ToolLog", ToolLogCreated.class,
            "EvaluatorLog", EvaluatorLogCreated.class,
            "File", FileCreated.class,
            "Directory", DirectoryCreated.class);
    /**
     * The workspace: its default environment exists without an event, so its first event is any
     * change of its environments (and only those).
     */
    private static final String WORKSPACE = "Workspace";
    private static final Set<Class<?>> WORKSPACE_EVENTS = Set.of(EnvironmentCreated.class,
            EnvironmentRenamed.class, EnvironmentRemoved.class);

    private final Map<String, Class<?>> current = new TreeMap<>();
    private final Map<String, Set<String>> revisions = new HashMap<>();

    ImportableEvents(List<? extends OlderRevisions> upcasters) {
        var scanner = new ClassPathScanningCandidateComponentProvider(false) {
            @Override
            protected boolean isCandidateComponent(
                    org.springframework.beans.factory.annotation.AnnotatedBeanDefinition definition) {
                return definition.getMetadata().isIndependent();
            }
        };
        scanner.addIncludeFilter(new AnnotationTypeFilter(Revision.class));
        for (var candidate : scanner.findCandidateComponents(PACKAGE)) {
            Class<?> type = ClassUtils.resolveClassName(candidate.getBeanClassName(), getClass().getClassLoader());
            if (type.isRecord()) {
                current.put(type.getName(), type);
                revisions.computeIfAbsent(type.getName(), name -> new HashSet<>())
                        .add(type.getAnnotation(Revision.class).value());
            }
        }
        for (OlderRevisions upcaster : upcasters) {
            for (SerializedType older : upcaster.reads()) {
                if (current.containsKey(older.getName())) {
                    revisions.get(older.getName()).add(older.getRevision());
                }
            }
        }
    }

    /** The importable events, by class name. */
    Map<String, Class<?>> events() {
        return current;
    }

    /** Why an event of {@code type} at {@code revision} cannot be imported, or null when it can. */
    String problem(String type, String revision) {
        Set<String> known = revisions.get(type);
        if (known == null) {
            return "'" + type + "' is not an event of this server";
        }
        if (!known.contains(revision)) {
            return "'" + type + "' at revision " + revision + " is not one this server reads (it reads "
                    + String.join(", ", new TreeSet<>(known)) + ")";
        }
        return null;
    }

    /**
     * Why {@code event} cannot be event number {@code sequence} of an aggregate of
     * {@code aggregateType}, or null when it can: the first event is the aggregate's creation, and
     * later ones are the events of its kind (a log's or a file's).
     */
    String aggregateProblem(String aggregateType, long sequence, Class<?> event) {
        if (aggregateType.equals(WORKSPACE)) {
            return WORKSPACE_EVENTS.contains(event) ? null : event.getSimpleName() + " is not an event of a Workspace";
        }
        Class<?> created = CREATED.get(aggregateType);
        if (created == null) {
            var types = new TreeSet<>(CREATED.keySet());
            types.add(WORKSPACE);
            return "'" + aggregateType + "' is not an aggregate type of this server (" + String.join(", ", types)
                    + ")";
        }
        if (sequence == 0 || event == created) {
            return sequence == 0 && event == created ? null
                    : sequence == 0 ? "the first event of a " + aggregateType + " must be " + created.getSimpleName()
                    : created.getSimpleName() + " can only be the first event of its " + aggregateType;
        }
        String kind = aggregateType.equals("File") ? PACKAGE + ".file"
                : aggregateType.equals("Directory") ? PACKAGE + ".directory" : PACKAGE + ".log";
        return event.getPackageName().equals(kind) ? null
                : event.getSimpleName() + " is not an event of a " + aggregateType;
    }
}
