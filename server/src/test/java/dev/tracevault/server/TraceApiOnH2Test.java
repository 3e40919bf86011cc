package dev.tracevault.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Traces on the embedded default: H2 in a fresh data directory. */
class TraceApiOnH2Test extends TraceApiContract {

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        try {
            var dir = Files.createTempDirectory("tracevault-h2-traces-");
            registry.add("tracevault.data-dir", dir::toString);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
