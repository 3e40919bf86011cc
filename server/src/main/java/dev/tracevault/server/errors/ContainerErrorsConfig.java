package dev.tracevault.server.errors;

import org.apache.catalina.Lifecycle;
import org.apache.catalina.Valve;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.valves.ErrorReportValve;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.tomcat.TomcatContextCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The servlet container's own error answers are JSON too ({@link JsonErrorReportValve}). */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
class ContainerErrorsConfig {

    /**
     * Puts {@link JsonErrorReportValve} in the host's pipeline in place of Tomcat's HTML one, just
     * before the host starts: after every customizer (Spring Boot's own adds an HTML one) has run.
     */
    @Bean
    TomcatContextCustomizer jsonContainerErrors() {
        return context -> {
            if (context.getParent() instanceof StandardHost host) {
                host.setErrorReportValveClass(JsonErrorReportValve.class.getName());
                host.addLifecycleListener(event -> {
                    if (Lifecycle.BEFORE_START_EVENT.equals(event.getType())) {
                        useJsonReports(host);
                    }
                });
                useJsonReports(host);
            }
        };
    }

    private static void useJsonReports(StandardHost host) {
        boolean present = false;
        for (Valve valve : host.getPipeline().getValves()) {
            if (valve instanceof JsonErrorReportValve) {
                present = true;
            } else if (valve instanceof ErrorReportValve) {
                host.getPipeline().removeValve(valve);
            }
        }
        if (!present) {
            host.getPipeline().addValve(new JsonErrorReportValve());
        }
    }
}
