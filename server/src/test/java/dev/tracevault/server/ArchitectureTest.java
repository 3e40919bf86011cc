package dev.tracevault.server;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import dev.tracevault.command.Ids;
import dev.tracevault.command.ServerTime;
import dev.tracevault.command.log.LogAggregate;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.axonframework.spring.stereotype.Aggregate;
import org.axonframework.spring.stereotype.Saga;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The module rule of ARCHITECTURE.md: dependencies point inward only. */
class ArchitectureTest {

    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.tracevault");

    @Test
    void commandSideDoesNotDependOnQuerySide() {
        noClasses().that().resideInAPackage("dev.tracevault.command..")
                .should().dependOnClassesThat().resideInAPackage("dev.tracevault.query..")
                .check(CLASSES);
    }

    @Test
    void onlyTheWebLayerDependsOnTheWebLayer() {
        // Request parsing lives beside the feature it feeds (log/, file/, otel/, validation/, write/); the
        // controllers in web/ are the only callers of web/.
        noClasses().that().resideInAPackage("dev.tracevault.command..")
                .and().resideOutsideOfPackage("dev.tracevault.command.web..")
                .should().dependOnClassesThat().resideInAPackage("dev.tracevault.command.web..")
                .check(CLASSES);
    }

    @Test
    void querySideDoesNotDependOnCommandSide() {
        noClasses().that().resideInAPackage("dev.tracevault.query..")
                .should().dependOnClassesThat().resideInAPackage("dev.tracevault.command..")
                .check(CLASSES);
    }

    /** The viewer reads through the query side only; it writes through the API's own endpoint, never a command. */
    @Test
    void viewerDoesNotDependOnCommandSide() {
        noClasses().that().resideInAPackage("dev.tracevault.viewer..")
                .should().dependOnClassesThat().resideInAPackage("dev.tracevault.command..")
                .check(CLASSES);
    }

    /** The viewer reads through the query side's queries and components, never its tables (no SQL of its own). */
    @Test
    void viewerHasNoDatabaseAccessOfItsOwn() {
        noClasses().that().resideInAPackage("dev.tracevault.viewer..")
                .should().dependOnClassesThat().resideInAnyPackage("org.springframework.jdbc..", "java.sql..",
                        "javax.sql..", "org.axonframework.eventsourcing..")
                .check(CLASSES);
    }

    @Test
    void sidesDoNotDependOnTheViewer() {
        noClasses().that().resideInAnyPackage("dev.tracevault.command..", "dev.tracevault.query..",
                        "dev.tracevault.events..", "dev.tracevault.queries..", "dev.tracevault.problems..")
                .should().dependOnClassesThat().resideInAPackage("dev.tracevault.viewer..")
                .check(CLASSES);
    }

    @Test
    void sidesDoNotDependOnTheServer() {
        noClasses().that().resideInAnyPackage("dev.tracevault.command..", "dev.tracevault.query..",
                        "dev.tracevault.viewer..",
                        "dev.tracevault.events..", "dev.tracevault.queries..", "dev.tracevault.problems..")
                .should().dependOnClassesThat().resideInAPackage("dev.tracevault.server..")
                .check(CLASSES);
    }

    @Test
    void publishedLanguageHasNoSpringOrJpa() {
        noClasses().that().resideInAnyPackage("dev.tracevault.events..", "dev.tracevault.queries..",
                        "dev.tracevault.problems..")
                .should().dependOnClassesThat().resideInAnyPackage("org.springframework..", "jakarta.persistence..",
                        "org.hibernate..", "tools.jackson.databind..")
                .check(CLASSES);
    }

    @Test
    void publishedLanguageDependsOnlyOnItselfTheJdkAndAnnotations() {
        noClasses().that().resideInAnyPackage("dev.tracevault.events..", "dev.tracevault.queries..",
                        "dev.tracevault.problems..")
                .should().dependOnClassesThat().resideOutsideOfPackages("dev.tracevault.events..",
                        "dev.tracevault.queries..", "dev.tracevault.problems..", "java..",
                        "com.fasterxml.jackson.annotation..", "org.axonframework.serialization..",
                        "org.axonframework.modelling.command..")
                .check(CLASSES);
    }

    /**
     * Aggregates and sagas decide from their messages and what is passed to their handlers: they
     * read no clock and draw nothing at random, so a fixture test can name every event it expects
     * and a replay decides as the first run did.
     */
    @Test
    void aggregatesAndSagasReadNoClockAndDrawNothingAtRandom() {
        noClasses().that().areAnnotatedWith(Aggregate.class).or().areAnnotatedWith(Saga.class)
                .or().areAssignableTo(LogAggregate.class)
                .should().callMethod(Instant.class, "now")
                .orShould().callMethod(UUID.class, "randomUUID")
                .orShould().callMethod(System.class, "currentTimeMillis")
                .orShould().callMethod(System.class, "nanoTime")
                .orShould().dependOnClassesThat().belongToAnyOf(Clock.class, Random.class, SecureRandom.class,
                        ThreadLocalRandom.class, ServerTime.class, Ids.class)
                .check(CLASSES);
    }
}
