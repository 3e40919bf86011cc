package dev.tracevault.query;

import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;

/**
 * How a projection buffers its rows for one transaction: a batch bound to the root unit of work,
 * created on first use and written just before that unit of work commits (in the same
 * transaction), so each row is read and written once however many events of the batch touch it.
 * Outside a unit of work (a test, a tool) there is no batch to share: the caller gets a new one and
 * writes through at once.
 */
public final class UnitOfWorkBatches {

    private UnitOfWorkBatches() {
    }

    /** The current unit of work's batch under {@code key}, or a new write-through one outside any. */
    public static <T> T current(String key, Supplier<T> create, Consumer<T> flush) {
        if (!CurrentUnitOfWork.isStarted()) {
            return create.get();
        }
        var root = CurrentUnitOfWork.get().root();
        return root.getOrComputeResource(key, k -> {
            T batch = create.get();
            root.onPrepareCommit(u -> flush.accept(batch));
            return batch;
        });
    }

    /** The batch the current unit of work has under {@code key}, if it made one. */
    public static <T> Optional<T> active(String key) {
        if (!CurrentUnitOfWork.isStarted()) {
            return Optional.empty();
        }
        return Optional.ofNullable(CurrentUnitOfWork.get().root().getResource(key));
    }

    /** True outside a unit of work: a batch's changes must be written at once. */
    public static boolean writesThrough() {
        return !CurrentUnitOfWork.isStarted();
    }
}
