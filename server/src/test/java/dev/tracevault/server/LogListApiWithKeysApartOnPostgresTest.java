package dev.tracevault.server;

import dev.tracevault.server.support.TestDatabases;
import dev.tracevault.server.support.TestPostgres;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The log listing contract with the keys in a database of their own: the documents are sealed and
 * keep no listing text, and every filter, search included, answers the same.
 */
class LogListApiWithKeysApartOnPostgresTest extends LogListApiContract {

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        TestDatabases.postgres(registry, "loglistsealed");
        registry.add("tracevault.keys.url", () -> TestPostgres.url("loglistkeys"));
        registry.add("tracevault.keys.username", () -> TestPostgres.USER);
        registry.add("tracevault.keys.password", () -> TestPostgres.PASSWORD);
    }
}
