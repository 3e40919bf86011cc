package dev.tracevault.server.security;

import dev.tracevault.server.config.TracevaultProperties;
import jakarta.annotation.PostConstruct;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The API keys the server accepts: the one configured in {@code TRACEVAULT_API_KEY}, if any, and
 * those stored in the {@code api_key} table, of which only SHA-256 hashes are kept. With neither,
 * the first start creates a key and prints it once.
 */
@Component
public class ApiKeys {

    private static final Logger log = LoggerFactory.getLogger(ApiKeys.class);
    private static final long RELOAD_NANOS = 5_000_000_000L;
    /** Set by the command line tools: they manage keys and must not invent a first one. */
    public static final String COMMAND_LINE = "tracevault.command-line";
    /** The name the key configured in {@code TRACEVAULT_API_KEY} goes by (its id is {@code configured}). */
    private static final String CONFIGURED_NAME = "TRACEVAULT_API_KEY";

    /** A key the server accepts, known by its id and name (never by its secret). */
    public record Key(String id, String name, byte[] hash) {
    }

    private final JdbcTemplate jdbc;
    private final TracevaultProperties properties;
    private volatile List<Key> keys = List.of();
    private volatile long loadedAt;
    private final AtomicBoolean reloading = new AtomicBoolean();

    ApiKeys(JdbcTemplate jdbc, TracevaultProperties properties) {
        this.jdbc = jdbc;
        this.properties = properties;
    }

    @PostConstruct
    void load() {
        List<Key> known = stored();
        String configured = properties.apiKey();
        if (configured != null && !configured.isBlank()) {
            known.add(new Key("configured", CONFIGURED_NAME, sha256(configured)));
        } else if (known.isEmpty() && !Boolean.getBoolean(COMMAND_LINE)) {
            known.add(createFirstKey());
        }
        keys = List.copyOf(known);
        loadedAt = System.nanoTime();
    }

    private List<Key> stored() {
        return new ArrayList<>(jdbc.query("select id, name, key_hash from api_key",
                (rs, i) -> new Key(rs.getString(1), rs.getString(2), HexFormat.of().parseHex(rs.getString(3)))));
    }

    /**
     * Keys created or revoked from the command line (on any instance) count within seconds: a check
     * that finds the keys older than {@link #RELOAD_NANOS} reloads them in the background and goes on
     * with the known ones, so that no request waits for the database here. While the database cannot
     * be read, the known keys stay in force (the request then fails on its own access to the
     * database, with a 503).
     */
    private void reloadIfStale() {
        if (System.nanoTime() - loadedAt > RELOAD_NANOS && reloading.compareAndSet(false, true)) {
            Thread.ofVirtual().name("api-keys-reload").start(() -> {
                try {
                    reload();
                } catch (RuntimeException e) {
                    log.debug("the API keys could not be reloaded; the known ones stay in force", e);
                } finally {
                    loadedAt = System.nanoTime();
                    reloading.set(false);
                }
            });
        }
    }

    private void reload() {
        List<Key> known = stored();
        String configured = properties.apiKey();
        if (configured != null && !configured.isBlank()) {
            known.add(new Key("configured", CONFIGURED_NAME, sha256(configured)));
        }
        keys = List.copyOf(known);
    }

    /** A stored key as {@code keys list} shows it. */
    public record Listed(String id, String name, OffsetDateTime createdAt) {
    }

    /** Creates a key called {@code name}; answers the secret, which is stored only as a hash. */
    public String create(String id, String name) {
        String key = newSecret();
        jdbc.update("insert into api_key (id, name, key_hash, created_at) values (?, ?, ?, ?)",
                id, name, HexFormat.of().formatHex(sha256(key)), OffsetDateTime.now(ZoneOffset.UTC));
        return key;
    }

    public List<Listed> list() {
        return jdbc.query("select id, name, created_at from api_key order by created_at, id",
                (rs, i) -> new Listed(rs.getString(1), rs.getString(2), rs.getObject(3, OffsetDateTime.class)));
    }

    /** Revokes the key {@code id}; answers whether there was one. */
    public boolean revoke(String id) {
        return jdbc.update("delete from api_key where id = ?", id) > 0;
    }

    private static String newSecret() {
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        return "tv_" + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
    }

    /** The key that {@code presented} is, compared in constant time against every known key. */
    public Optional<Key> match(String presented) {
        if (presented == null || presented.isEmpty()) {
            return Optional.empty();
        }
        reloadIfStale();
        byte[] hash = sha256(presented);
        Key matched = null;
        for (Key key : keys) {
            // no early exit: the time taken does not depend on which key matched
            if (MessageDigest.isEqual(hash, key.hash()) && matched == null) {
                matched = key;
            }
        }
        return Optional.ofNullable(matched);
    }

    /** Whether the key {@code id} is still accepted (a revoked key's viewer sessions end with it). */
    public boolean known(String id) {
        reloadIfStale();
        return keys.stream().anyMatch(key -> key.id().equals(id));
    }

    private Key createFirstKey() {
        String key = newSecret();
        String id = "key_first";
        String name = "first key";
        byte[] hash = sha256(key);
        jdbc.update("insert into api_key (id, name, key_hash, created_at) values (?, ?, ?, ?)",
                id, name, HexFormat.of().formatHex(hash), OffsetDateTime.now(ZoneOffset.UTC));
        String banner = """

                ============================================================================
                 Tracevault created an API key. It is shown this once and stored only as a
                 hash: keep it now. Send it as the X-API-KEY header (the SDK's apiKey).

                   %s
                ============================================================================
                """.formatted(key);
        System.out.println(banner);
        log.warn("Created the first API key (printed once on standard output; only its hash is stored)");
        return new Key(id, name, hash);
    }

    static byte[] sha256(String value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
