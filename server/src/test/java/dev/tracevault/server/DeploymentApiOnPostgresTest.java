package dev.tracevault.server;

import dev.tracevault.server.support.TestDatabases;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The environments' and deployments' contract on PostgreSQL, in a database of its own. */
class DeploymentApiOnPostgresTest extends DeploymentApiContract {

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        TestDatabases.postgres(registry, "deployments");
    }
}
