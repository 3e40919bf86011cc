package dev.tracevault.queries;

import java.io.IOException;
import java.io.Writer;

/**
 * A read model answer that writes its JSON as it renders it. The query's checks (a log not found)
 * are done when it is answered; {@link #writeTo} only writes.
 */
@FunctionalInterface
public interface JsonStream {

    void writeTo(Writer out) throws IOException;
}
