package dev.tracevault.command.write;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.reflect.RecordComponent;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.modelling.command.AnnotationCommandTargetResolver;
import org.axonframework.modelling.command.CommandTargetResolver;
import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.axonframework.modelling.command.VersionedAggregateIdentifier;
import org.springframework.stereotype.Component;

/**
 * Which aggregate a command targets: the record component annotated
 * {@link TargetAggregateIdentifier}, found once per command class. Axon's own resolver looks the
 * annotation up by reflection on every command (measured on the write path); it still serves any
 * command that is not such a record.
 */
@Component("commandTargets")
public class CommandTargets implements CommandTargetResolver {

    private static final MethodHandle NONE = MethodHandles.constant(Object.class, null);

    private final CommandTargetResolver fallback = AnnotationCommandTargetResolver.builder().build();
    private final Map<Class<?>, MethodHandle> accessors = new ConcurrentHashMap<>();

    @Override
    public VersionedAggregateIdentifier resolveTarget(CommandMessage<?> command) {
        Object payload = command.getPayload();
        MethodHandle accessor = accessors.computeIfAbsent(payload.getClass(), CommandTargets::accessor);
        if (accessor == NONE) {
            return fallback.resolveTarget(command);
        }
        try {
            Object id = accessor.invoke(payload);
            if (id == null) {
                return fallback.resolveTarget(command); // Axon's message for a missing identifier
            }
            return new VersionedAggregateIdentifier(id, null);
        } catch (Throwable e) {
            throw new IllegalStateException("cannot read the target of " + payload.getClass().getSimpleName(), e);
        }
    }

    private static MethodHandle accessor(Class<?> type) {
        if (!type.isRecord()) {
            return NONE;
        }
        for (RecordComponent component : type.getRecordComponents()) {
            if (targets(type, component)) {
                try {
                    return MethodHandles.lookup().unreflect(component.getAccessor())
                            .asType(java.lang.invoke.MethodType.methodType(Object.class, Object.class));
                } catch (IllegalAccessException e) {
                    return NONE;
                }
            }
        }
        return NONE;
    }

    /** The annotation lands on the component's field or accessor, whichever its target allows. */
    private static boolean targets(Class<?> type, RecordComponent component) {
        if (component.isAnnotationPresent(TargetAggregateIdentifier.class)
                || component.getAccessor().isAnnotationPresent(TargetAggregateIdentifier.class)) {
            return true;
        }
        try {
            return type.getDeclaredField(component.getName()).isAnnotationPresent(TargetAggregateIdentifier.class);
        } catch (NoSuchFieldException e) {
            return false;
        }
    }
}
