package dev.tracevault.server.admission;

import java.time.Duration;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.tomcat.TomcatProtocolHandlerCustomizer;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Slow clients cannot hold the server: the connector with a deadline for a request's head
 * ({@link HeaderDeadline}); the body's deadline is {@link BodyDeadline}; the bounds on connections
 * and silences are Tomcat's own settings ({@code server.tomcat.*} in application.yml).
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
class SlowClientsConfig {

    @Bean
    WebServerFactoryCustomizer<TomcatServletWebServerFactory> headerDeadlineConnector() {
        return factory -> factory.setProtocol(HeaderDeadline.class.getName());
    }

    @Bean
    TomcatProtocolHandlerCustomizer<HeaderDeadline> headerDeadline(
            @Value("${tracevault.slow-clients.header-deadline:PT10S}") Duration deadline) {
        return protocol -> protocol.setHeaderDeadlineMillis(deadline.toMillis());
    }
}
