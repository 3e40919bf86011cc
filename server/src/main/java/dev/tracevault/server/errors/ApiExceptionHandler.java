package dev.tracevault.server.errors;

import dev.tracevault.problems.Conflict;
import dev.tracevault.problems.FieldProblem;
import dev.tracevault.problems.InvalidInput;
import dev.tracevault.problems.NotFound;
import dev.tracevault.problems.Unavailable;
import dev.tracevault.server.admission.BodyDeadline;
import dev.tracevault.server.admission.MemoryAdmission;
import dev.tracevault.server.db.DatabaseFailure;
import dev.tracevault.server.db.DatabaseFailures;
import dev.tracevault.server.security.BodySizeFilter;
import java.util.List;
import java.util.Map;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.web.ErrorResponse;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.util.DisconnectedClientHelper;

/**
 * Every error is JSON, FastAPI style: {@code {"detail": "..."}}, or for 422 a list of
 * {@code {"loc", "msg", "type"}} (spec §1.7). Unexpected failures are logged and answered with a
 * 500 that tells nothing internal.
 */
@RestControllerAdvice
class ApiExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ApiExceptionHandler.class);

    private final DatabaseFailures databaseFailures;

    ApiExceptionHandler(DatabaseFailures databaseFailures) {
        this.databaseFailures = databaseFailures;
    }

    @ExceptionHandler(InvalidInput.class)
    ResponseEntity<Object> invalid(InvalidInput e) {
        return body(HttpStatus.UNPROCESSABLE_CONTENT, Map.of("detail", e.problems()));
    }

    @ExceptionHandler(NotFound.class)
    ResponseEntity<Object> notFound(NotFound e) {
        return detail(HttpStatus.NOT_FOUND, e.getMessage());
    }

    @ExceptionHandler(AggregateNotFoundException.class)
    ResponseEntity<Object> notFound(AggregateNotFoundException e) {
        return detail(HttpStatus.NOT_FOUND, "'" + e.getAggregateIdentifier() + "' not found");
    }

    @ExceptionHandler(Conflict.class)
    ResponseEntity<Object> conflict(Conflict e) {
        return detail(HttpStatus.CONFLICT, e.getMessage());
    }

    @ExceptionHandler(Unavailable.class)
    ResponseEntity<Object> unavailable(Unavailable e) {
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).contentType(MediaType.APPLICATION_JSON)
                .header("Retry-After", Integer.toString(e.retryAfterSeconds())).body(Map.of("detail", e.getMessage()));
    }

    @ExceptionHandler(MissingServletRequestParameterException.class)
    ResponseEntity<Object> missingParameter(MissingServletRequestParameterException e) {
        return body(HttpStatus.UNPROCESSABLE_CONTENT, Map.of("detail", List.of(new FieldProblem(
                List.of("query", e.getParameterName()), "field required", "value_error.missing"))));
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ResponseEntity<Object> typeMismatch(MethodArgumentTypeMismatchException e) {
        return body(HttpStatus.UNPROCESSABLE_CONTENT, Map.of("detail", List.of(new FieldProblem(
                List.of("query", e.getName()), "invalid value", "type_error"))));
    }

    /**
     * A body that could not be read: too large (413), too slow (408), no memory free for it in time
     * (503), or broken off (400).
     */
    @ExceptionHandler(HttpMessageNotReadableException.class)
    ResponseEntity<Object> unreadable(HttpMessageNotReadableException e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof BodySizeFilter.BodyTooLarge tooLarge) {
                return detail(HttpStatus.CONTENT_TOO_LARGE, tooLarge.getMessage());
            }
            if (cause instanceof BodyDeadline.BodyTimeout || cause instanceof java.net.SocketTimeoutException) {
                return ResponseEntity.status(HttpStatus.REQUEST_TIMEOUT).contentType(MediaType.APPLICATION_JSON)
                        .header("Connection", "close").header("X-Content-Type-Options", "nosniff")
                        .cacheControl(CacheControl.noStore()).body(Map.of("detail", cause instanceof BodyDeadline.BodyTimeout
                                ? cause.getMessage() : "the request's body stopped arriving (server.tomcat.connection-timeout)"));
            }
            if (cause instanceof MemoryAdmission.MemoryBusy busy) {
                return unavailable(new Unavailable(busy.getMessage(), busy.retryAfterSeconds()));
            }
        }
        return detail(HttpStatus.BAD_REQUEST, "the request body could not be read");
    }

    /** A header the security chain's firewall refuses, found when a handler reads it. */
    @ExceptionHandler(RequestRejectedException.class)
    ResponseEntity<Object> rejected(RequestRejectedException e) {
        return detail(HttpStatus.BAD_REQUEST, "the request's headers are not allowed (a control character)");
    }

    /**
     * Spring's own errors (unknown path, wrong method, ...) keep their status, with a JSON body. A
     * failure of the database, wrapped however deep, is its {@link DatabaseFailure}: a 503 (or 507)
     * with {@code Retry-After} and a {@code type}, logged at most once in a while. A client that went
     * away before its answer was written ({@code ClientAbortException}, a broken pipe) gets nothing:
     * one DEBUG line, no 500 written to a closed connection.
     */
    @ExceptionHandler(Exception.class)
    ResponseEntity<Object> other(Exception e) {
        if (clientGone(e)) {
            log.debug("the client went away before its answer was written: {}", e.toString());
            return null;
        }
        if (e instanceof ErrorResponse framework && !framework.getStatusCode().is5xxServerError()) {
            String detail = framework.getBody().getDetail();
            return detail(framework.getStatusCode(), detail != null ? detail : "request refused");
        }
        var database = databaseFailures.failed(e);
        if (database.isPresent()) {
            return databaseFailure(database.get());
        }
        var timedOut = DatabaseFailure.timedOut(e);
        if (timedOut.isPresent()) {
            log.debug("a statement or lock wait went over its bound: {}", e.toString());
            return databaseFailure(timedOut.get());
        }
        log.error("unexpected failure", e);
        return detail(HttpStatus.INTERNAL_SERVER_ERROR, "internal error");
    }

    /** The client closed its connection (Tomcat's {@code ClientAbortException}, a broken pipe, a reset), at any depth. */
    static boolean clientGone(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (DisconnectedClientHelper.isClientDisconnectedException(cause)) {
                return true;
            }
        }
        return false;
    }

    /** The answer to a request the database failed: its status, {@code Retry-After}, a {@code type}. */
    static ResponseEntity<Object> databaseFailure(DatabaseFailure failure) {
        return ResponseEntity.status(failure.status()).contentType(MediaType.APPLICATION_JSON)
                .header("Retry-After", Integer.toString(failure.retryAfterSeconds()))
                .header("X-Content-Type-Options", "nosniff").cacheControl(CacheControl.noStore())
                .body(Map.of("detail", failure.detail(), "type", failure.type()));
    }

    static ResponseEntity<Object> detail(HttpStatusCode status, String detail) {
        return body(status, Map.of("detail", detail));
    }

    /** Also on the error page's answers, which the security chain's header writer does not see. */
    private static ResponseEntity<Object> body(HttpStatusCode status, Object body) {
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_JSON)
                .header("X-Content-Type-Options", "nosniff").cacheControl(CacheControl.noStore()).body(body);
    }
}
