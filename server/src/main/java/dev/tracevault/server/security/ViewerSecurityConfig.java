package dev.tracevault.server.security;

import dev.tracevault.viewer.Viewer;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter.ReferrerPolicy;
import org.springframework.security.web.savedrequest.HttpSessionRequestCache;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.AnyRequestMatcher;
import org.springframework.security.web.util.matcher.AndRequestMatcher;
import org.springframework.security.web.util.matcher.NegatedRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * The viewer's chain, in front of the API's ({@link SecurityConfig}): {@code /ui/**} (and {@code /},
 * which leads there) for a person in a browser. Signing in takes an API key in a password field
 * (POSTed, never in a URL), checks it exactly as the API does ({@link ApiKeyAuthenticationProvider})
 * and keeps only the key's id and name in a server-side session; the browser holds the session
 * cookie (HttpOnly, SameSite=Strict, Secure over https: {@code server.servlet.session.cookie}).
 * Signing out ends the session. Every state-changing request needs the session's CSRF token; every
 * page gets a Content-Security-Policy that runs only the jar's own scripts (no inline script, no
 * {@code eval}, Trusted Types for the DOM's HTML sinks) and cannot be framed. Without a session a
 * page leads to the sign-in page and the viewer's data answers 401.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
class ViewerSecurityConfig {

    /** The viewer's pages may run the jar's scripts and styles and talk to this server, nothing else. */
    static final String PAGE_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
            + " connect-src 'self'; font-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none';"
            + " require-trusted-types-for 'script'";

    private static final RequestMatcher VIEWER = new OrRequestMatcher(ApiRequests.path(Viewer.PATHS),
            ApiRequests.path("/ui"), PathPatternRequestMatcher.withDefaults().matcher(HttpMethod.GET, "/"));
    private static final RequestMatcher DATA = ApiRequests.path(Viewer.DATA);

    @Bean
    @Order(Ordered.LOWEST_PRECEDENCE - 10)
    SecurityFilterChain viewer(HttpSecurity http, ApiKeyAuthenticationProvider keys, ApiKeys apiKeys)
            throws Exception {
        var pages = new HttpSessionRequestCache();
        // after signing in, back to the page asked for (never to a data request)
        pages.setRequestMatcher(new AndRequestMatcher(
                PathPatternRequestMatcher.withDefaults().matcher(HttpMethod.GET, "/ui/**"),
                new NegatedRequestMatcher(DATA)));
        http.securityMatcher(VIEWER)
                .authenticationManager(new ProviderManager(new SignIn(keys)))
                .httpBasic(AbstractHttpConfigurer::disable)
                .formLogin(form -> form.loginPage(Viewer.SIGN_IN).loginProcessingUrl(Viewer.SIGN_IN)
                        .usernameParameter("account").passwordParameter("key")
                        .defaultSuccessUrl("/ui/", false)
                        .failureUrl(Viewer.SIGN_IN + "?error"))
                .logout(logout -> logout.logoutUrl(Viewer.SIGN_OUT)
                        .logoutSuccessUrl(Viewer.SIGN_IN + "?signed-out")
                        .invalidateHttpSession(true).clearAuthentication(true))
                .requestCache(cache -> cache.requestCache(pages))
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.IF_REQUIRED)
                        .sessionFixation(fixation -> fixation.changeSessionId()))
                .csrf(Customizer.withDefaults())
                .addFilterBefore(new ViewerSessionFilter(apiKeys), AuthorizationFilter.class)
                .authorizeHttpRequests(requests -> requests
                        .dispatcherTypeMatchers(DispatcherType.ERROR, DispatcherType.ASYNC).permitAll()
                        .requestMatchers(PathPatternRequestMatcher.withDefaults().matcher(HttpMethod.GET, Viewer.SIGN_IN),
                                PathPatternRequestMatcher.withDefaults().matcher(HttpMethod.GET, Viewer.ASSETS),
                                PathPatternRequestMatcher.withDefaults().matcher(HttpMethod.GET, "/"))
                        .permitAll()
                        .anyRequest().authenticated())
                .exceptionHandling(exceptions -> exceptions
                        .defaultAuthenticationEntryPointFor((request, response, e) -> ApiRequests.refuse(response,
                                HttpServletResponse.SC_UNAUTHORIZED, "sign in first (" + Viewer.SIGN_IN + ")"), DATA)
                        .defaultAuthenticationEntryPointFor(new LoginUrlAuthenticationEntryPoint(Viewer.SIGN_IN),
                                AnyRequestMatcher.INSTANCE)
                        .accessDeniedHandler((request, response, e) -> ApiRequests.refuse(response,
                                HttpServletResponse.SC_FORBIDDEN,
                                "Forbidden: this request needs the page's CSRF token (reload the page)")))
                .headers(headers -> headers
                        .contentTypeOptions(Customizer.withDefaults())
                        .cacheControl(Customizer.withDefaults())
                        .frameOptions(frame -> frame.deny())
                        .referrerPolicy(referrer -> referrer.policy(ReferrerPolicy.NO_REFERRER))
                        .contentSecurityPolicy(csp -> csp.policyDirectives(PAGE_POLICY)));
        return http.build();
    }

    /**
     * The sign-in form's key, checked as the API checks an {@code X-API-KEY}: the session then holds
     * the key's id and name ({@link ApiKeyAuthentication}), never the secret.
     */
    private record SignIn(ApiKeyAuthenticationProvider keys) implements AuthenticationProvider {

        @Override
        public Authentication authenticate(Authentication form) {
            Object key = form.getCredentials();
            return keys.authenticate(ApiKeyAuthentication.presented(key == null ? "" : key.toString()));
        }

        @Override
        public boolean supports(Class<?> authentication) {
            return UsernamePasswordAuthenticationToken.class.isAssignableFrom(authentication);
        }
    }
}
