package dev.tracevault.server;

import dev.tracevault.server.support.Api;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * What the HTTP contracts share: the real server on a random port (its database chosen by the
 * subclass), a plain HTTP client, direct SQL to look behind the API, and a per-test run id that
 * keeps paths and ids apart.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"tracevault.api-key=" + Api.KEY,
                // Spring keeps each class's server for the whole run; its pool must not hold 20 idle
                // connections meanwhile (the test PostgreSQL is shared, max_connections 100)
                "spring.datasource.hikari.minimum-idle=1", "spring.datasource.hikari.idle-timeout=10000"})
abstract class ApiContractBase {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    Api api;
    String run;

    @BeforeEach
    void startRun() {
        api = new Api(port);
        run = UUID.randomUUID().toString().substring(0, 8);
    }

    /** {@code text} as a JSON string literal. */
    static String quote(String text) {
        return JSON.writeValueAsString(text);
    }

    long allEvents() {
        return jdbc.queryForObject("select count(*) from domain_event_entry", Long.class);
    }
}
