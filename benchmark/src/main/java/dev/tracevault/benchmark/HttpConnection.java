package dev.tracevault.benchmark;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * One keep-alive HTTP/1.1 connection to 127.0.0.1, written by hand: a request is one socket
 * write, the answer is read by {@code Content-Length} or chunks. The load generator of the
 * yardstick mode uses it instead of {@link Api} (the JDK's HttpClient) because the harness shares
 * the machine's two cores with the server, and every microsecond the client burns is taken from
 * the server under test: 16 threads sending GETs to the yardstick cost ~45 µs of client CPU per
 * request with this class, ~400 µs through one shared HttpClient (measured on the 2-core machine
 * of docs/performance.md). The report shows the harness's CPU share. Not thread-safe: one
 * connection per client thread.
 */
final class HttpConnection implements AutoCloseable {

    private final int port;
    private final byte[] head;
    private Socket socket;
    private InputStream in;
    private OutputStream out;

    HttpConnection(int port, String apiKey) {
        this.port = port;
        this.head = ("Host: 127.0.0.1:" + port + "\r\nX-API-KEY: " + apiKey + "\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    Api.Response get(String path) {
        return send("GET", path, null);
    }

    Api.Response post(String path, String json) {
        return send("POST", path, json);
    }

    Api.Response patch(String path, String json) {
        return send("PATCH", path, json);
    }

    /** Sends one request; status -1 (and a closed connection, reopened by the next request) on an I/O error. */
    Api.Response send(String method, String path, String json) {
        long start = System.nanoTime();
        try {
            if (socket == null) {
                open();
            }
            byte[] body = json == null ? new byte[0] : json.getBytes(StandardCharsets.UTF_8);
            ByteArrayOutputStream request = new ByteArrayOutputStream(256 + body.length);
            request.writeBytes((method + " " + path + " HTTP/1.1\r\n").getBytes(StandardCharsets.US_ASCII));
            request.writeBytes(head);
            if (json != null) {
                request.writeBytes(("Content-Type: application/json\r\nContent-Length: " + body.length + "\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
            }
            request.writeBytes(new byte[] {'\r', '\n'});
            request.writeBytes(body);
            request.writeTo(out);
            out.flush();
            return read(method, start);
        } catch (IOException | RuntimeException e) {
            close();
            return new Api.Response(-1, e.toString(), start, System.nanoTime());
        }
    }

    private void open() throws IOException {
        Socket s = new Socket();
        s.setTcpNoDelay(true);
        s.setSoTimeout(60_000);
        s.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
        socket = s;
        in = new BufferedInputStream(s.getInputStream(), 16 * 1024);
        out = s.getOutputStream();
    }

    private Api.Response read(String method, long start) throws IOException {
        String statusLine = line();
        if (!statusLine.startsWith("HTTP/1.")) {
            throw new IOException("not an HTTP answer: " + statusLine);
        }
        int status = Integer.parseInt(statusLine.substring(9, 12));
        long length = -1;
        boolean chunked = false;
        boolean closeAfter = statusLine.startsWith("HTTP/1.0");
        for (String header = line(); !header.isEmpty(); header = line()) {
            int colon = header.indexOf(':');
            if (colon < 0) {
                continue;
            }
            String name = header.substring(0, colon).trim();
            String value = header.substring(colon + 1).trim();
            if (name.equalsIgnoreCase("Content-Length")) {
                length = Long.parseLong(value);
            } else if (name.equalsIgnoreCase("Transfer-Encoding")) {
                chunked = value.toLowerCase().contains("chunked");
            } else if (name.equalsIgnoreCase("Connection")) {
                closeAfter = value.equalsIgnoreCase("close");
            }
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream(length > 0 ? (int) length : 1024);
        if (method.equals("HEAD") || status == 204 || status == 304 || (status >= 100 && status < 200)) {
            // no body
        } else if (chunked) {
            for (long size = Long.parseLong(chunkSize(line()), 16); size > 0; size = Long.parseLong(chunkSize(line()), 16)) {
                copy(size, body);
                line();
            }
            for (String trailer = line(); !trailer.isEmpty(); trailer = line()) {
                // trailers are not used
            }
        } else if (length >= 0) {
            copy(length, body);
        } else {
            in.transferTo(body); // no length: the body ends with the connection
            closeAfter = true;
        }
        long end = System.nanoTime();
        if (closeAfter) {
            close();
        }
        return new Api.Response(status, body.toString(StandardCharsets.UTF_8), start, end);
    }

    private static String chunkSize(String line) {
        int semicolon = line.indexOf(';');
        return (semicolon < 0 ? line : line.substring(0, semicolon)).trim();
    }

    private void copy(long n, ByteArrayOutputStream to) throws IOException {
        byte[] buffer = new byte[8192];
        while (n > 0) {
            int read = in.read(buffer, 0, (int) Math.min(buffer.length, n));
            if (read < 0) {
                throw new EOFException("connection closed inside a body");
            }
            to.write(buffer, 0, read);
            n -= read;
        }
    }

    /** One header line without its CRLF (ISO-8859-1, as HTTP headers are). */
    private String line() throws IOException {
        StringBuilder line = new StringBuilder(64);
        for (int c = in.read(); ; c = in.read()) {
            if (c < 0) {
                throw new EOFException("connection closed by the server");
            }
            if (c == '\n') {
                int n = line.length();
                return n > 0 && line.charAt(n - 1) == '\r' ? line.substring(0, n - 1) : line.toString();
            }
            line.append((char) c);
        }
    }

    @Override
    public void close() {
        Socket s = socket;
        socket = null;
        if (s != null) {
            try {
                s.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
    }
}
