package dev.tracevault.server.roles;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Reads {@code tracevault.roles} and {@code tracevault.log-format} once, before anything starts, and
 * refuses to start on an unknown value. Publishes what other modules need as plain properties:
 * {@code tracevault.roles.processors} (whether this instance runs the processors, the evaluation
 * workers, the deadlines and the OTel sweeper) and Spring Boot's structured console logging.
 */
public class RolesEnvironment implements EnvironmentPostProcessor, Ordered {

    /** The property the command-side components read to decide whether they start. */
    public static final String RUN_PROCESSORS = "tracevault.run-processors";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        Set<Role> roles = Role.parse(environment.getProperty("tracevault.roles", "write,read,processors"));
        String format = environment.getProperty("tracevault.log-format", "plain").trim().toLowerCase(Locale.ROOT);
        Map<String, Object> derived = new java.util.HashMap<>();
        derived.put(RUN_PROCESSORS, Boolean.toString(roles.contains(Role.PROCESSORS)));
        switch (format) {
            case "plain", "" -> { }
            case "json", "ecs" -> derived.put("logging.structured.format.console", "ecs");
            case "logstash" -> derived.put("logging.structured.format.console", "logstash");
            default -> throw new IllegalStateException("TRACEVAULT_LOG_FORMAT (tracevault.log-format) is '" + format
                    + "'; it must be plain, json (ECS), ecs or logstash");
        }
        environment.getPropertySources().addFirst(new MapPropertySource("tracevaultRoles", derived));
    }

    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE; // after application.yml is read
    }

    /** A role an instance may take. */
    public enum Role {
        WRITE, READ, PROCESSORS;

        /** A comma-separated list of roles; an unknown or empty one stops the start with a clear message. */
        public static Set<Role> parse(String text) {
            Set<Role> roles = EnumSet.noneOf(Role.class);
            for (String part : text.split(",")) {
                String name = part.trim().toLowerCase(Locale.ROOT);
                if (name.isEmpty()) {
                    continue;
                }
                switch (name) {
                    case "write" -> roles.add(WRITE);
                    case "read" -> roles.add(READ);
                    case "processors" -> roles.add(PROCESSORS);
                    default -> throw new IllegalStateException("TRACEVAULT_ROLES (tracevault.roles) names an unknown role '"
                            + part.trim() + "'; the roles are write, read and processors (comma-separated)");
                }
            }
            if (roles.isEmpty()) {
                throw new IllegalStateException("TRACEVAULT_ROLES (tracevault.roles) is empty; name at least one of "
                        + "write, read and processors");
            }
            return roles;
        }
    }
}
