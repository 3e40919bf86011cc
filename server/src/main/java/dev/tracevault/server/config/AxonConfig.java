package dev.tracevault.server.config;

import dev.tracevault.server.db.CommitOutcome;
import dev.tracevault.server.db.Database;
import dev.tracevault.server.db.DatabaseFailures;
import java.time.Duration;
import javax.sql.DataSource;
import org.axonframework.common.caching.Cache;
import org.axonframework.common.jdbc.ConnectionProvider;
import org.axonframework.common.jdbc.PersistenceExceptionResolver;
import org.axonframework.common.jdbc.UnitOfWorkAwareConnectionProviderWrapper;
import org.axonframework.common.transaction.NoTransactionManager;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventhandling.tokenstore.jdbc.JdbcTokenStore;
import org.axonframework.eventsourcing.EventCountSnapshotTriggerDefinition;
import org.axonframework.eventsourcing.SnapshotTriggerDefinition;
import org.axonframework.eventsourcing.Snapshotter;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.modelling.saga.repository.SagaStore;
import org.axonframework.modelling.saga.repository.jdbc.JdbcSagaStore;
import org.axonframework.queryhandling.QueryBus;
import org.axonframework.queryhandling.QueryUpdateEmitter;
import org.axonframework.queryhandling.SimpleQueryBus;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.jackson3.Jackson3SerializerCustomizer;
import org.axonframework.spring.jdbc.SpringDataSourceConnectionProvider;
import org.axonframework.spring.messaging.unitofwork.SpringTransactionManager;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.util.unit.DataSize;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.cfg.JsonNodeFeature;
import tools.jackson.databind.jsontype.BasicPolymorphicTypeValidator;

/** Axon's own wiring beyond what {@code application.yml} says. */
@Configuration(proxyBeanMethods = false)
class AxonConfig {

    /**
     * Queries start no transaction of their own: a read takes its connection per statement, and a
     * query asked inside a write (its answer) reads in the write's transaction, seeing what it wrote.
     */
    @Bean
    QueryBus queryBus(QueryUpdateEmitter updateEmitter) {
        return SimpleQueryBus.builder()
                .transactionManager(NoTransactionManager.INSTANCE)
                .queryUpdateEmitter(updateEmitter)
                .build();
    }

    /**
     * Axon's JDBC event store on the tables of {@code V1__axon_tables.sql} ({@link EventTables}),
     * plus the gap settings ({@code tracevault.events.*}). JDBC rather than JPA: Hibernate's entity
     * handling was a fifth of the server's CPU under load (docs/performance.md), and the JDBC
     * engine reads a bounded range of {@code global_index} per batch where the JPA query scanned
     * from the token on. Several writers commit their events out of {@code global_index} order, so
     * a processor sees gaps; it waits for a gap to fill for {@code gap-timeout}, after which it
     * stops waiting and an event committed later in that slot would never be projected. Axon's 60 s
     * is short for a write held up by a slow database; the cost of a longer wait is a little more
     * work per batch while unfilled gaps (aborted transactions) stay remembered.
     */
    @Bean
    EventStorageEngine eventStorageEngine(Serializer serializer, PersistenceExceptionResolver exceptionResolver,
                                          @Qualifier("eventSerializer") Serializer eventSerializer,
                                          org.axonframework.config.Configuration configuration,
                                          ConnectionProvider connections, TransactionManager transactionManager,
                                          Environment environment,
                                          @Value("${tracevault.events.gap-timeout:PT10M}") Duration gapTimeout,
                                          @Value("${tracevault.events.gap-cleaning-threshold:250}") int gapCleaningThreshold,
                                          @Value("${tracevault.events.max-gap-offset:10000}") int maxGapOffset,
                                          @Value("${tracevault.events.fetch-bytes:16MB}") DataSize fetchBytes) {
        // PostgreSQL's octet_length reads a stored value's size from its header; H2 keeps length with its LOBs
        var reads = new ByteBoundedReads(Database.of(environment) == Database.POSTGRESQL ? "octet_length" : "length",
                fetchBytes.toBytes());
        return JdbcEventStorageEngine.builder()
                .snapshotSerializer(serializer)
                .upcasterChain(configuration.upcasterChain())
                .persistenceExceptionResolver(exceptionResolver)
                .eventSerializer(eventSerializer)
                .snapshotFilter(configuration.snapshotFilter())
                .connectionProvider(connections)
                .transactionManager(transactionManager)
                .schema(EventTables.EVENTS)
                .appendEvents(EventTables.append(Database.of(environment)))
                .dataType(byte[].class)
                .gapTimeout(Math.toIntExact(gapTimeout.toMillis()))
                // events per query when a processor or a rebuild reads the store (Axon's 100 made a
                // rebuild one round trip per 100 events)
                .batchSize(1000)
                // ... and at most fetch-bytes of stored events (plus one) per query: events near the request
                // limit would otherwise make a batch of gigabytes (docs/reliability.md)
                .readEventDataWithoutGaps(reads.withoutGaps())
                .readEventDataWithGaps(reads.withGaps())
                .gapCleaningThreshold(gapCleaningThreshold)
                .maxGapOffset(maxGapOffset)
                .build();
    }

    /** The JDBC token store on {@code token_entry}, in the processors' Spring transactions. */
    @Bean
    TokenStore tokenStore(ConnectionProvider connections, Serializer serializer) {
        return JdbcTokenStore.builder()
                .connectionProvider(connections)
                .serializer(serializer)
                .schema(EventTables.TOKENS)
                .contentType(byte[].class)
                .build();
    }

    /** The JDBC saga store on {@code saga_entry} and {@code association_value_entry}. */
    @Bean
    SagaStore<Object> sagaStore(ConnectionProvider connections, Serializer serializer, Environment environment) {
        return JdbcSagaStore.builder()
                .connectionProvider(connections)
                .sqlSchema(EventTables.sagaStatements(Database.of(environment)))
                .serializer(serializer)
                .build();
    }

    /**
     * Axon's units of work in Spring's transactions, declared here: Axon 4.13's auto-configuration
     * orders itself after Boot 3's name of the JDBC transaction manager configuration, so under
     * Boot 4 it may look before that manager exists and fall back to no transactions at all —
     * then a projection's writes commit one statement at a time and readers see half a batch. A
     * commit the database never answered is told apart ({@link CommitOutcome}).
     */
    @Bean
    TransactionManager axonTransactionManager(PlatformTransactionManager transactions, DatabaseFailures failures) {
        return new CommitOutcome(new SpringTransactionManager(transactions), failures);
    }

    /** Duplicate keys are concurrent appends ({@link DuplicateKeys}). */
    @Bean
    PersistenceExceptionResolver persistenceExceptionResolver() {
        return new DuplicateKeys();
    }

    /** Connections of the current Spring transaction. */
    @Bean
    ConnectionProvider axonConnectionProvider(DataSource dataSource) {
        return new UnitOfWorkAwareConnectionProviderWrapper(new SpringDataSourceConnectionProvider(dataSource));
    }

    /**
     * The source of the asynchronous processors ({@code axon.eventhandling.processors.*.source}): the
     * storage engine read in batches ({@link PolledEventSource}).
     */
    @Bean
    PolledEventSource polledEventSource(EventStorageEngine engine, JdbcTemplate jdbc, Environment environment,
                                        @Value("${tracevault.async.poll-interval:PT0.25S}") Duration poll,
                                        @Value("${tracevault.async.fetch:2000}") int fetch,
                                        @Value("${tracevault.events.fetch-bytes:16MB}") DataSize fetchBytes) {
        String length = Database.of(environment) == Database.POSTGRESQL ? "octet_length" : "length";
        String cut = "select min(g) from (select global_index as g, sum(" + length + "(payload)) over (order by"
                + " global_index) as running from domain_event_entry where global_index > ? and global_index <= ?) r"
                + " where running >= ?";
        return new PolledEventSource(engine, Math.max(1, poll.toMillis()), fetch, from -> {
            Long last = jdbc.queryForObject(cut, Long.class, from, from + fetch, fetchBytes.toBytes());
            return last == null ? Long.MAX_VALUE : last;
        });
    }

    /**
     * The log documents and files are projected inside the write that causes their events: a
     * failing handler must fail that write (and roll it back), not be logged and skipped, which is
     * what Axon does by default — the events would be stored without their documents.
     */
    @Bean
    org.axonframework.config.ConfigurerModule logsProjectionFailsItsWrite() {
        return configurer -> configurer.eventProcessing(processing -> processing
                .registerListenerInvocationErrorHandler("logs",
                        c -> org.axonframework.eventhandling.PropagatingErrorHandler.instance()));
    }

    /**
     * A trace root records every member it admits, so its history grows with the trace; a snapshot
     * every 100 events keeps loading it (to admit the next child) from replaying all of them.
     */
    @Bean
    SnapshotTriggerDefinition traceRootSnapshots(Snapshotter snapshotter) {
        return new EventCountSnapshotTriggerDefinition(snapshotter, 100);
    }

    /*
     * Aggregate caches, one per aggregate type (a log id names one stream, but the cache must never
     * hand one type's instance to another type's repository): see AggregateCache.
     */

    @Bean
    Cache flowLogCache(@Value("${tracevault.cache.aggregates:5000}") int capacity) {
        return new AggregateCache(capacity);
    }

    @Bean
    Cache promptLogCache(@Value("${tracevault.cache.aggregates:5000}") int capacity) {
        return new AggregateCache(capacity);
    }

    @Bean
    Cache toolLogCache(@Value("${tracevault.cache.aggregates:5000}") int capacity) {
        return new AggregateCache(capacity);
    }

    @Bean
    Cache evaluatorLogCache(@Value("${tracevault.cache.aggregates:5000}") int capacity) {
        return new AggregateCache(capacity);
    }

    @Bean
    Cache fileCache(@Value("${tracevault.cache.aggregates:5000}") int capacity) {
        return new AggregateCache(capacity);
    }

    @Bean
    Jackson3SerializerCustomizer eventFormat() {
        // Axon's tokens type some fields as Object (a ReplayToken's context): Jackson 3 refuses
        // to resolve those unless told which classes may appear. Only Axon's and our own may.
        var storedTypes = BasicPolymorphicTypeValidator.builder()
                .allowIfSubType("org.axonframework.")
                .allowIfSubType("dev.tracevault.")
                .allowIfSubType("java.util.")
                .allowIfSubType("java.lang.")
                .build();
        return builder -> builder.enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
                .polymorphicTypeValidator(storedTypes);
    }
}
