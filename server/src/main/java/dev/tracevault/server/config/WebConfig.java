package dev.tracevault.server.config;

import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.boot.tomcat.TomcatConnectorCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.cfg.JsonNodeFeature;

/** HTTP: how paths and JSON are read. */
@Configuration(proxyBeanMethods = false)
class WebConfig {

    /**
     * Log ids are the client's choice and the SDK URL-encodes them, so {@code a/b} arrives as
     * {@code a%2Fb}: keep encoded slashes (and backslashes) inside their path segment instead of
     * refusing the request.
     */
    @Bean
    TomcatConnectorCustomizer encodedSlashesInIds() {
        return connector -> {
            connector.setEncodedSolidusHandling("passthrough");
            connector.setEncodedReverseSolidusHandling("passthrough");
        };
    }

    /** The API's JSON: decimals kept exact, trailing garbage after the JSON value refused. */
    @Bean
    JsonMapperBuilderCustomizer apiJson() {
        return builder -> builder
                .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION);
    }
}
