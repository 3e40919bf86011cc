package dev.tracevault.server.transfer;

import org.axonframework.serialization.AnnotationRevisionResolver;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.jackson3.Jackson3Serializer;
import org.axonframework.serialization.jackson3.Jackson3SerializerCustomizer;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.cfg.JsonNodeFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The stored event format without sealing: what an export writes and an import reads. An import
 * then stores the events through the event store, which seals them with the new store's keys.
 */
final class PlainSerializer {

    /** Reads and writes export lines with numbers exactly as stored ({@code 1.10} stays {@code 1.10}). */
    static final JsonMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
            .build();

    private PlainSerializer() {
    }

    static Serializer of(Jackson3SerializerCustomizer format) {
        return Jackson3Serializer.builder().revisionResolver(new AnnotationRevisionResolver())
                .jsonMapperBuilderCustomizer(format).build();
    }
}
