package dev.tracevault.yardstick;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The yardstick of the benchmark, not part of the product: the application a user could have
 * written instead of Tracevault to log Flow Logs, on the same stack (Spring Boot, Spring MVC,
 * Jackson 3, JdbcTemplate, HikariCP, H2 or PostgreSQL with the same durability settings). A log
 * is one row holding its JSON document; a PATCH is one transaction that locks the row, applies the
 * change to the document and writes it back; the answer is that document. No history, no events,
 * no read models: what Tracevault's write path is compared with (issue 16, docs/performance.md).
 */
@SpringBootApplication
public class YardstickApplication {

    public static void main(String[] args) {
        SpringApplication.run(YardstickApplication.class, args);
    }
}
