package dev.tracevault.server;

import dev.tracevault.server.support.TestDatabases;
import dev.tracevault.server.support.TestPostgres;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The erasure contract with the keys in a database of their own: no content in the clear in the main database, ever. */
class ErasureApiWithKeysApartOnPostgresTest extends ErasureApiContract {

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        TestDatabases.postgres(registry, "erasuresealed");
        registry.add("tracevault.keys.url", () -> TestPostgres.url("erasurekeys"));
        registry.add("tracevault.keys.username", () -> TestPostgres.USER);
        registry.add("tracevault.keys.password", () -> TestPostgres.PASSWORD);
    }

    @Override
    boolean readModelInTheClear() {
        return false;
    }
}
