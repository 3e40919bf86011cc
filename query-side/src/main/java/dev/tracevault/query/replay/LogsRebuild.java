package dev.tracevault.query.replay;

import dev.tracevault.events.evaluatorlog.EvaluatorLogCreated;
import dev.tracevault.events.flowlog.FlowLogCreated;
import dev.tracevault.events.promptlog.PromptLogCreated;
import dev.tracevault.events.toollog.ToolLogCreated;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventHandlerInvoker;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.MultiEventHandlerInvoker;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.axonframework.eventhandling.Segment;
import org.axonframework.eventhandling.SimpleEventHandlerInvoker;
import org.axonframework.eventhandling.SubscribingEventProcessor;
import org.axonframework.eventhandling.pooled.PooledStreamingEventProcessor;
import org.axonframework.eventhandling.tokenstore.inmemory.InMemoryTokenStore;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.StreamableMessageSource;
import org.axonframework.serialization.Serializer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Rebuilds the log documents and files (the {@code logs} read model) from the event store: the
 * handlers that project every write in its own transaction, run here by a pooled streaming
 * processor over the whole store, in parallel segments ordered by trace ({@link TraceSequencing})
 * and in large batches. Its tables are emptied first ({@code @ResetHandler}s), so the rebuild
 * writes what a fresh projection of every event writes.
 */
@Component
public class LogsRebuild {

    /** The processing group of the log documents and files. */
    public static final String GROUP = "logs";
    /** The aggregate type of files, as the event store names it. */
    private static final String FILE = "File";

    private final EventProcessingConfiguration processing;
    private final EventStore events;
    private final TransactionManager transactions;
    private final JdbcTemplate jdbc;
    private final Serializer eventSerializer;
    private final int segments;
    private final int batchSize;
    private final ObjectProvider<RebuildFailures> failures;

    LogsRebuild(EventProcessingConfiguration processing, EventStore events, TransactionManager transactions,
                JdbcTemplate jdbc, @Qualifier("eventSerializer") Serializer eventSerializer,
                ObjectProvider<RebuildFailures> failures,
                @Value("${tracevault.rebuild.segments:4}") int segments,
                @Value("${tracevault.rebuild.batch-size:1000}") int batchSize) {
        this.processing = processing;
        this.events = events;
        this.transactions = transactions;
        this.jdbc = jdbc;
        this.eventSerializer = eventSerializer;
        this.segments = segments;
        this.batchSize = batchSize;
        this.failures = failures;
    }

    /** One rebuild in progress: started by {@link #start}, followed with {@link #caughtUp}, ended by {@link #close}. */
    public final class Run implements AutoCloseable {

        private final PooledStreamingEventProcessor processor;
        private final List<ScheduledExecutorService> executors;

        private Run(PooledStreamingEventProcessor processor, List<ScheduledExecutorService> executors) {
            this.processor = processor;
            this.executors = executors;
        }

        /**
         * Every segment has processed the store up to {@code head} (a global index): each segment's
         * token moves past the events of the others too, so all of them at the head means every
         * event up to it is projected (sooner than Axon's caught-up flag, set on its next round).
         */
        public boolean caughtUp(long head) {
            Map<Integer, EventTrackerStatus> statuses = processor.processingStatus();
            return statuses.size() == segments && statuses.values().stream().allMatch(s -> !s.isErrorState()
                    && s.getCurrentPosition().orElse(-1) >= head);
        }

        /** How far the slowest segment got (a global index), 0 before it starts. */
        public long position() {
            return processor.processingStatus().values().stream().map(EventTrackerStatus::getCurrentPosition)
                    .mapToLong(p -> p.orElse(0)).min().orElse(0);
        }

        /** Why a segment is failing, or null. */
        public String error() {
            return processor.processingStatus().values().stream().filter(EventTrackerStatus::isErrorState)
                    .map(s -> String.valueOf(s.getError())).findFirst().orElse(null);
        }

        @Override
        public void close() {
            processor.shutDown();
            executors.forEach(ScheduledExecutorService::shutdownNow);
        }
    }

    /**
     * Empties the read model and starts projecting the whole store into it again, in two steps:
     * first every File's own events, file by file (few, and the logs' counts need their rows), then
     * every other event in parallel segments by trace. A File's events are the only ones another
     * trace's events depend on; log documents depend on nothing outside their trace. An event that
     * cannot be projected is parked with the later events of its trace ({@link RebuildFailures}): the
     * rebuild goes on with every other trace and ends.
     */
    public Run start() {
        RebuildFailures parking = failures.getIfAvailable();
        if (parking != null) {
            parking.starting(GROUP);
        }
        List<Object> handlers = handlers(processing.eventProcessor(GROUP, SubscribingEventProcessor.class)
                .orElseThrow(() -> new IllegalStateException("no subscribing processor " + GROUP))
                .eventHandlerInvoker());
        var files = SimpleEventHandlerInvoker.builder().eventHandlers(handlers)
                .listenerInvocationErrorHandler(PropagatingErrorHandler.instance()).build();
        transactions.executeInTransaction(files::performReset);
        projectFiles(files);
        var invoker = new WithoutFiles(SimpleEventHandlerInvoker.builder()
                .eventHandlers(handlers)
                .sequencingPolicy(new TraceSequencing(this::traceRoot,
                        event -> event.serializePayload(eventSerializer, byte[].class).getData()))
                .listenerInvocationErrorHandler(PropagatingErrorHandler.instance())
                .build());
        var coordinator = Executors.newSingleThreadScheduledExecutor(threads("logs-rebuild-coordinator"));
        var workers = Executors.newScheduledThreadPool(segments, threads("logs-rebuild-worker"));
        var processor = PooledStreamingEventProcessor.builder()
                .name(GROUP)
                .eventHandlerInvoker(invoker)
                .messageSource(events)
                .tokenStore(new InMemoryTokenStore())
                .transactionManager(transactions)
                .coordinatorExecutor(coordinator)
                .workerExecutor(workers)
                .initialSegmentCount(segments)
                .maxClaimedSegments(segments)
                .batchSize(batchSize)
                .initialToken(StreamableMessageSource::createTailToken)
                // the coordinator looks again this often when it waits for events or claims: Axon's
                // 5 s would add seconds to every rebuild
                .tokenClaimInterval(100)
                .claimExtensionThreshold(100)
                .errorHandler(parking == null ? PropagatingErrorHandler.instance()
                        : parking.failedBatches(GROUP, invoker))
                .build();
        if (parking != null) {
            processor.registerHandlerInterceptor(parking.parkedTraces(GROUP, invoker));
        }
        processor.start();
        return new Run(processor, List.of(coordinator, workers));
    }

    /** Projects the events of every File, a hundred files per transaction. */
    private void projectFiles(EventHandlerInvoker files) {
        List<String> fileIds = jdbc.queryForList("select distinct aggregate_identifier from domain_event_entry"
                + " where type = ?", String.class, FILE);
        for (int from = 0; from < fileIds.size(); from += 100) {
            var chunk = fileIds.subList(from, Math.min(fileIds.size(), from + 100));
            transactions.executeInTransaction(() -> chunk.forEach(fileId -> events.readEvents(fileId, 0).asStream()
                    .forEach(event -> {
                        try {
                            files.handle(event, Segment.ROOT_SEGMENT);
                        } catch (Exception e) {
                            throw new IllegalStateException("cannot project event " + event.getSequenceNumber()
                                    + " of file " + fileId, e);
                        }
                    })));
        }
    }

    /** The handlers for every event but a File's own (projected before, by {@link #projectFiles}). */
    private record WithoutFiles(EventHandlerInvoker delegate) implements EventHandlerInvoker {

        @Override
        public boolean canHandle(EventMessage<?> event, Segment segment) {
            return !(event instanceof DomainEventMessage<?> domain && FILE.equals(domain.getType()))
                    && delegate.canHandle(event, segment);
        }

        @Override
        public boolean canHandleType(Class<?> payloadType) {
            return delegate.canHandleType(payloadType);
        }

        @Override
        public void handle(EventMessage<?> message, Segment segment) throws Exception {
            if (canHandle(message, segment)) {
                delegate.handle(message, segment);
            }
        }

        @Override
        public boolean supportsReset() {
            return false;
        }
    }

    /** The store's newest global index (0 when empty). */
    public long head() {
        var head = events.createHeadToken();
        OptionalLong position = head == null ? OptionalLong.empty() : head.position();
        return position.orElse(0);
    }

    /** The handler beans of the {@code logs} processor: the same objects the writes project with. */
    private static List<Object> handlers(EventHandlerInvoker invoker) {
        List<Object> handlers = new ArrayList<>();
        if (invoker instanceof SimpleEventHandlerInvoker simple) {
            handlers.addAll(simple.eventHandlers());
        } else if (invoker instanceof MultiEventHandlerInvoker multi) {
            multi.delegates().forEach(delegate -> handlers.addAll(handlers(delegate)));
        }
        return handlers;
    }

    /** The trace root of a log, read from its creation event; any other aggregate is its own. */
    private String traceRoot(String aggregateId) {
        var stream = events.readEvents(aggregateId, 0);
        if (!stream.hasNext()) {
            return aggregateId;
        }
        return switch (stream.next().getPayload()) {
            case FlowLogCreated e -> e.trace() == null ? aggregateId : e.trace().traceId();
            case PromptLogCreated e -> e.trace() == null ? aggregateId : e.trace().traceId();
            case ToolLogCreated e -> e.trace() == null ? aggregateId : e.trace().traceId();
            case EvaluatorLogCreated e -> traceRoot(e.parentId());
            default -> aggregateId;
        };
    }

    private static ThreadFactory threads(String name) {
        var count = new AtomicInteger();
        return runnable -> Thread.ofPlatform().name(name + "-" + count.incrementAndGet()).daemon().unstarted(runnable);
    }
}
