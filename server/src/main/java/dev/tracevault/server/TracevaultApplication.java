package dev.tracevault.server;

import dev.tracevault.server.cli.ReplayCommand;
import dev.tracevault.server.security.ApiKeys;
import dev.tracevault.server.security.KeysCommand;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * Tracevault: one jar that serves the Humanloop v5 logging API from an event store. Also
 * {@code java -jar tracevault.jar import FILE}: load an export into an empty store (same settings
 * as the server, which must not be running on it); {@code keys create NAME | list | revoke ID}:
 * manage API keys; {@code replay}: a client of a running server, which it asks to rebuild its read
 * models ({@link ReplayCommand}).
 */
@SpringBootApplication(scanBasePackages = "dev.tracevault")
@ConfigurationPropertiesScan
public class TracevaultApplication {

    public static void main(String[] args) {
        if (args.length > 0 && args[0].equals("import")) {
            System.exit(importFile(args));
        }
        if (args.length > 0 && args[0].equals("keys")) {
            System.exit(keys(args));
        }
        if (args.length > 0 && args[0].equals("replay")) {
            System.exit(ReplayCommand.run(Arrays.copyOfRange(args, 1, args.length), System.getenv(), System.err));
        }
        SpringApplication.run(TracevaultApplication.class, args);
    }

    private static int importFile(String[] args) {
        if (args.length != 2 || !Files.isRegularFile(Path.of(args[1]))) {
            System.err.println("usage: java -jar tracevault.jar import FILE   (FILE: an export of GET /v5/export)");
            return 2;
        }
        var application = new SpringApplication(TracevaultApplication.class);
        application.setWebApplicationType(WebApplicationType.NONE);
        System.setProperty("tracevault.import.file", args[1]);
        // No processors, workers or deadlines in the import process: nothing may read (and cache the
        // keys of) events that an unfinished earlier import left, before this one clears them.
        System.setProperty("tracevault.roles", "write");
        try (var context = application.run()) {
            return SpringApplication.exit(context);
        } catch (RuntimeException e) {
            System.err.println("import failed: " + rootMessage(e));
            return 1;
        }
    }

    private static int keys(String[] args) {
        var application = new SpringApplication(TracevaultApplication.class);
        application.setWebApplicationType(WebApplicationType.NONE);
        application.setLogStartupInfo(false);
        System.setProperty(ApiKeys.COMMAND_LINE, "true");
        System.setProperty("logging.level.root", "warn");
        try (var context = application.run()) {
            return KeysCommand.run(args, context.getBean(ApiKeys.class), System.out, System.err);
        } catch (RuntimeException e) {
            System.err.println("keys failed: " + rootMessage(e));
            return 1;
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause.getMessage();
    }
}
