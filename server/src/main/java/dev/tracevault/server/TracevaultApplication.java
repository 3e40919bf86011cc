package dev.tracevault.server;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** Tracevault: one jar that serves the Humanloop v5 logging API from an event store. */
@SpringBootApplication(scanBasePackages = "dev.tracevault")
@ConfigurationPropertiesScan
public class TracevaultApplication {

    public static void main(String[] args) {
        SpringApplication.run(TracevaultApplication.class, args);
    }
}
