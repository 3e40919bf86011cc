package dev.tracevault.server.config;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Tracevault's own settings ({@code tracevault.*}; environment variables {@code TRACEVAULT_*}).
 *
 * @param dataDir where the embedded H2 database keeps its files ({@code TRACEVAULT_DATA_DIR})
 * @param apiKey  a key the server accepts besides the stored ones ({@code TRACEVAULT_API_KEY})
 */
@ConfigurationProperties("tracevault")
public record TracevaultProperties(String dataDir, String apiKey) {
}
