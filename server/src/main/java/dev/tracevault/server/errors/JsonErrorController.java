package dev.tracevault.server.errors;

import dev.tracevault.server.db.DatabaseFailures;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Errors raised outside the controllers (by the servlet container or a filter) are JSON too. Asked
 * for directly, {@code /error} is no page of the API: a 404.
 */
@RestController
class JsonErrorController implements ErrorController {

    private final DatabaseFailures databaseFailures;

    JsonErrorController(DatabaseFailures databaseFailures) {
        this.databaseFailures = databaseFailures;
    }

    @RequestMapping("/error")
    ResponseEntity<Object> error(HttpServletRequest request) {
        if (request.getDispatcherType() == DispatcherType.INCLUDE) {
            // The container includes this page into a response already under way (a stream that
            // failed midway): it closes the connection next, and must not find an ending appended.
            return null;
        }
        if (request.getDispatcherType() != DispatcherType.ERROR) {
            return ApiExceptionHandler.detail(HttpStatus.NOT_FOUND, HttpStatus.NOT_FOUND.getReasonPhrase());
        }
        // a filter that failed because of the database (before any controller could answer)
        if (request.getAttribute(RequestDispatcher.ERROR_EXCEPTION) instanceof Throwable failure) {
            var database = databaseFailures.failed(failure);
            if (database.isPresent()) {
                return ApiExceptionHandler.databaseFailure(database.get());
            }
        }
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        HttpStatus status = HttpStatus.resolve(code instanceof Integer c ? c : 500);
        if (status == null) {
            status = HttpStatus.INTERNAL_SERVER_ERROR;
        }
        return ApiExceptionHandler.detail(status, status.getReasonPhrase());
    }
}
