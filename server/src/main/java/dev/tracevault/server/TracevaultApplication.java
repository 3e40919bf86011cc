package dev.tracevault.server;

import dev.tracevault.server.cli.ReplayCommand;
import java.util.Arrays;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * Tracevault: one jar that serves the Humanloop v5 logging API from an event store. With
 * {@code replay} as its first argument it is instead a client of a running server, which it asks
 * to rebuild its read models ({@link ReplayCommand}).
 */
@SpringBootApplication(scanBasePackages = "dev.tracevault")
@ConfigurationPropertiesScan
public class TracevaultApplication {

    public static void main(String[] args) {
        if (args.length > 0 && args[0].equals("replay")) {
            System.exit(ReplayCommand.run(Arrays.copyOfRange(args, 1, args.length), System.getenv(), System.err));
        }
        SpringApplication.run(TracevaultApplication.class, args);
    }
}
