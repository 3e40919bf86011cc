package dev.tracevault.server.security;

import dev.tracevault.server.docs.ApiDocs;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;
import org.springframework.security.web.firewall.RequestRejectedHandler;
import org.springframework.security.web.firewall.StrictHttpFirewall;
import org.springframework.security.web.header.writers.DelegatingRequestMatcherHeaderWriter;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter.ReferrerPolicy;
import org.springframework.security.web.header.writers.StaticHeadersWriter;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.NegatedRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * Deny by default: every request needs a valid {@code X-API-KEY} unless it is on {@link #PUBLIC}
 * (the health probes, which then say only UP or DOWN, and the API's own description). Spring
 * Security decides it on the path as the router sees it (both match Spring's {@code PathPattern} on
 * the same parsed request path), after its {@link StrictHttpFirewall} has refused any URL whose
 * spelling could make two readers disagree ({@code ;}, {@code //}, {@code /./}, {@code /../},
 * {@code %2e}, {@code %00}, ...) with a JSON 400.
 *
 * <p>This chain serves the API: stateless (no session, no cookie), so no CSRF token either. It
 * matches every request and is ordered last, so that a browser chain with its own session cookie and
 * CSRF protection (the viewer's sign-in) can be added before it as another {@link SecurityFilterChain}
 * bean with {@code securityMatcher("/ui/**")} and a lower {@code @Order}.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
class SecurityConfig {

    private static final Logger log = LoggerFactory.getLogger(SecurityConfig.class);

    /** The health probes: without a key they show the status only (README: Operations). */
    static final List<String> PROBES = List.of("/actuator/health", "/actuator/health/liveness",
            "/actuator/health/readiness");

    /** What answers without a key: {@code GET} and {@code HEAD} of these exact paths, nothing else. */
    static final RequestMatcher PUBLIC = publicRequests();

    /** The HTML page; everything else is data. */
    private static final RequestMatcher DOCS_PAGE = PathPatternRequestMatcher.withDefaults()
            .matcher(HttpMethod.GET, ApiDocs.PAGE);
    /** The policy of every answer but the page: nothing may be loaded by it or frame it. */
    private static final String DATA_POLICY = "default-src 'none'; frame-ancestors 'none'";

    private static RequestMatcher publicRequests() {
        List<String> paths = new ArrayList<>(PROBES);
        paths.addAll(ApiDocs.publicPaths());
        List<RequestMatcher> matchers = new ArrayList<>();
        for (String path : paths) {
            for (HttpMethod method : List.of(HttpMethod.GET, HttpMethod.HEAD)) {
                matchers.add(PathPatternRequestMatcher.withDefaults().matcher(method, path));
            }
        }
        return new OrRequestMatcher(matchers);
    }

    @Bean
    @Order(Ordered.LOWEST_PRECEDENCE)
    SecurityFilterChain api(HttpSecurity http, ApiKeyAuthenticationProvider keys) throws Exception {
        http.csrf(AbstractHttpConfigurer::disable)
                .httpBasic(AbstractHttpConfigurer::disable)
                .formLogin(AbstractHttpConfigurer::disable)
                .logout(AbstractHttpConfigurer::disable)
                .requestCache(AbstractHttpConfigurer::disable)
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .addFilterBefore(new ApiKeyFilter(new ProviderManager(keys)), AnonymousAuthenticationFilter.class)
                .authorizeHttpRequests(requests -> requests
                        // the error page and the rest of a streamed answer belong to a request
                        // that was authorized already (a direct GET /error is a REQUEST: it needs a key)
                        .dispatcherTypeMatchers(DispatcherType.ERROR, DispatcherType.ASYNC).permitAll()
                        .requestMatchers(PUBLIC).permitAll()
                        .anyRequest().authenticated())
                .exceptionHandling(exceptions -> exceptions
                        .authenticationEntryPoint((request, response, e) -> ApiRequests.refuse(response,
                                HttpServletResponse.SC_UNAUTHORIZED, refusal(request.getAttribute(ApiKeyFilter.REFUSAL))))
                        .accessDeniedHandler((request, response, e) -> ApiRequests.refuse(response,
                                HttpServletResponse.SC_FORBIDDEN, "Forbidden")))
                .headers(headers -> headers
                        .contentTypeOptions(Customizer.withDefaults())
                        // no-cache, no-store, max-age=0, must-revalidate (unless the answer set its own)
                        .cacheControl(Customizer.withDefaults())
                        .frameOptions(frame -> frame.deny())
                        .referrerPolicy(referrer -> referrer.policy(ReferrerPolicy.NO_REFERRER))
                        .addHeaderWriter(new DelegatingRequestMatcherHeaderWriter(DOCS_PAGE,
                                new StaticHeadersWriter("Content-Security-Policy", ApiDocs.PAGE_POLICY)))
                        .addHeaderWriter(new DelegatingRequestMatcherHeaderWriter(new NegatedRequestMatcher(DOCS_PAGE),
                                new StaticHeadersWriter("Content-Security-Policy", DATA_POLICY))));
        return http.build();
    }

    private static String refusal(Object reason) {
        return reason instanceof String detail ? detail : ApiKeyFilter.MISSING;
    }

    /**
     * Spring Security's strict firewall, relaxed only for what client log ids need: the SDK encodes
     * each path segment, so an id may arrive holding {@code %2F} (slash), {@code %5C} (backslash),
     * {@code %25} (percent) or {@code %3B} (semicolon). They stay inside their segment: Tomcat passes
     * encoded slashes and backslashes through ({@code WebConfig}), and the router and this chain
     * decode each segment once, from the raw path. Their literal forms ({@code /v5;x/},
     * {@code //}, {@code \}) and every other rule of the strict firewall stay.
     */
    @Bean
    StrictHttpFirewall httpFirewall() {
        StrictHttpFirewall firewall = new StrictHttpFirewall();
        firewall.setAllowUrlEncodedSlash(true);
        firewall.setAllowUrlEncodedPercent(true);
        Set<String> encoded = firewall.getEncodedUrlBlocklist();
        encoded.removeAll(List.of("%2f%2f", "%2f%2F", "%2F%2f", "%2F%2F", "%5c", "%5C", "%3b", "%3B"));
        // The decoded path (the servlet path, which nothing here routes by) holds "%xx" only where a
        // client encoded a "%" or Tomcat passed an encoded slash through, and ";" only from "%3B"
        // (Tomcat strips literal path parameters from it).
        firewall.getDecodedUrlBlocklist().removeIf(entry -> entry.startsWith("%") || entry.equals(";"));
        return firewall;
    }

    /** A URL or header the firewall refuses: a JSON 400, never an HTML page or a 500. */
    @Bean
    RequestRejectedHandler requestRejected() {
        return (request, response, e) -> {
            log.debug("request refused by the firewall: {}", e.getMessage());
            if (response.isCommitted()) {
                return;
            }
            response.reset();
            ApiRequests.refuse(response, HttpServletResponse.SC_BAD_REQUEST, "the request's URL or headers are not"
                    + " allowed (for example ';', '//', '/./', '/../', an encoded '.', or a control character)");
        };
    }
}
