package dev.tracevault.server.admission;

import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import java.io.IOException;

/**
 * A request whose body is read past a {@link Watcher}: it is asked before each read and told how many bytes
 * each read brought, and it refuses the rest of the body by throwing. The size limit, the body deadline and
 * the memory budget each watch a body this way.
 */
public final class WatchedBody extends HttpServletRequestWrapper {

    /** What a body is read past. */
    public interface Watcher {

        /** Before each read: throw to refuse the rest of the body. */
        default void beforeRead() throws IOException {
        }

        /** After a read that brought {@code bytes} (at least 1): throw to refuse the rest. */
        default void read(int bytes) throws IOException {
        }
    }

    private final Watcher watcher;
    private ServletInputStream stream;

    public WatchedBody(HttpServletRequest request, Watcher watcher) {
        super(request);
        this.watcher = watcher;
    }

    @Override
    public ServletInputStream getInputStream() throws IOException {
        if (stream == null) {
            ServletInputStream in = super.getInputStream();
            stream = new ServletInputStream() {

                @Override
                public int read() throws IOException {
                    watcher.beforeRead();
                    int b = in.read();
                    if (b >= 0) {
                        watcher.read(1);
                    }
                    return b;
                }

                @Override
                public int read(byte[] buffer, int offset, int length) throws IOException {
                    watcher.beforeRead();
                    int n = in.read(buffer, offset, length);
                    if (n > 0) {
                        watcher.read(n);
                    }
                    return n;
                }

                @Override
                public boolean isFinished() {
                    return in.isFinished();
                }

                @Override
                public boolean isReady() {
                    return in.isReady();
                }

                @Override
                public void setReadListener(ReadListener listener) {
                    in.setReadListener(listener);
                }
            };
        }
        return stream;
    }
}
