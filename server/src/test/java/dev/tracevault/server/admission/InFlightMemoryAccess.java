package dev.tracevault.server.admission;

import org.springframework.boot.test.context.TestComponent;

/** For tests in other packages: takes and gives back the whole in-flight memory budget. */
@TestComponent
public class InFlightMemoryAccess {

    private final InFlightMemory memory;
    private long taken;

    InFlightMemoryAccess(InFlightMemory memory) {
        this.memory = memory;
    }

    public synchronized void takeAll() throws InterruptedException {
        if (!memory.take(memory.capacity())) {
            throw new IllegalStateException("the budget is in use");
        }
        taken += memory.capacity();
    }

    public synchronized void giveBackAll() {
        if (taken > 0) {
            memory.give(taken);
            taken = 0;
        }
    }

    public long used() {
        return memory.used();
    }
}
