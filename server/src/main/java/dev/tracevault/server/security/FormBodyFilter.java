package dev.tracevault.server.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.springframework.boot.security.autoconfigure.web.servlet.SecurityFilterProperties;
import org.springframework.core.annotation.Order;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The API reads its bodies as JSON whatever the declared type (the SDK's telemetry export sends
 * {@code text/plain}), except form encodings: the servlet container would take those apart as
 * parameters before the JSON could be read, so they get a clear 415 instead of a confusing 422.
 * After the security chain, on every path alike (Spring's own form filter, which would read such a
 * body before authentication, is off: {@code spring.mvc.formcontent.filter.enabled}).
 */
@Component
@Order(SecurityFilterProperties.DEFAULT_FILTER_ORDER + 20)
class FormBodyFilter extends OncePerRequestFilter {

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String type = request.getContentType();
        return type == null || !(type.toLowerCase().startsWith(MediaType.APPLICATION_FORM_URLENCODED_VALUE)
                || type.toLowerCase().startsWith("multipart/"));
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        response.setStatus(HttpServletResponse.SC_UNSUPPORTED_MEDIA_TYPE);
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        response.getOutputStream().write("{\"detail\":\"send the body as JSON (Content-Type: application/json)\"}"
                .getBytes(StandardCharsets.UTF_8));
    }
}
