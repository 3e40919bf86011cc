package dev.tracevault.server.errors;

import java.io.IOException;
import java.io.Writer;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.coyote.ActionCode;
import org.apache.tomcat.util.res.StringManager;
import org.springframework.http.HttpStatus;

/**
 * Tomcat's own error answers in the API's JSON shape, {@code {"detail": ...}}, instead of its HTML
 * page: requests it refuses before any filter or controller sees them (an invalid escape or
 * {@code %00} in the URL, a malformed request line, a request line or headers over
 * {@code server.max-http-request-header-size}). Tomcat answers an oversized request line or header
 * block with a plain 400; here they are 414 and 431, as HTTP names them.
 */
public class JsonErrorReportValve extends ErrorReportValve {

    /** Tomcat's message when the request line and headers do not fit its buffer. */
    private static final String TOO_LARGE = StringManager.getManager("org.apache.coyote.http11")
            .getString("iib.requestheadertoolarge.error");

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        int status = response.getStatus();
        if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
            return;
        }
        AtomicBoolean ioAllowed = new AtomicBoolean(false);
        response.getCoyoteResponse().action(ActionCode.IS_IO_ALLOWED, ioAllowed);
        if (!ioAllowed.get()) {
            return;
        }
        String detail;
        if (throwable instanceof IllegalArgumentException && TOO_LARGE.equals(throwable.getMessage())) {
            // the request line did not fit when the URI was never read to its end
            boolean lineTooLong = request.getCoyoteRequest().requestURI().isNull();
            status = lineTooLong ? HttpStatus.URI_TOO_LONG.value() : HttpStatus.REQUEST_HEADER_FIELDS_TOO_LARGE.value();
            detail = lineTooLong ? "the request line (the URL) is longer than the server accepts"
                    : "the request headers are larger than the server accepts";
            response.setStatus(status);
        } else if (status == HttpStatus.BAD_REQUEST.value()) {
            detail = "the request could not be read (an invalid character or escape in the URL, or a malformed request)";
        } else {
            HttpStatus known = HttpStatus.resolve(status);
            detail = known != null ? known.getReasonPhrase() : "error";
        }
        try {
            response.setContentType("application/json");
            response.setCharacterEncoding("utf-8");
            response.setHeader("X-Content-Type-Options", "nosniff");
            response.setHeader("Cache-Control", "no-store");
            Writer writer = response.getReporter();
            if (writer != null) {
                writer.write("{\"detail\":\"" + detail + "\"}");
                response.finishResponse();
            }
        } catch (IOException | IllegalStateException e) {
            // the client is gone or the answer was committed meanwhile: nothing left to tell it
        }
    }
}
