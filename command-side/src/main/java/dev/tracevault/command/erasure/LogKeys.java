package dev.tracevault.command.erasure;

import java.security.SecureRandom;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * One AES-256 key per log, kept outside the events ({@code log_key}): the payload fields of a
 * log's events and snapshots are sealed with it. Erasing a log destroys its key, which makes its
 * payload unreadable wherever it was stored. A log gets its key in the transaction of its first
 * sealed event; keys are cached once committed.
 */
@Component
public class LogKeys {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int CACHED = 50_000;
    private static final String PENDING = LogKeys.class.getName() + ".pending";

    private final JdbcTemplate jdbc;
    private final Map<String, byte[]> cache = new LinkedHashMap<>(1024, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, byte[]> eldest) {
            return size() > CACHED;
        }
    };

    LogKeys(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** The key sealing {@code logId}'s payload, created (in the current transaction) if it has none. */
    public byte[] forWriting(String logId) {
        var known = lookUp(logId);
        if (known.isPresent()) {
            return known.get();
        }
        byte[] key = new byte[32];
        RANDOM.nextBytes(key);
        jdbc.update("insert into log_key (log_id, key_bytes, created_at) values (?, ?, ?)", logId,
                Base64.getEncoder().encodeToString(key), Instant.now().atOffset(ZoneOffset.UTC));
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            pending().put(logId, key);
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    remember(logId, key);
                }
            });
        } else {
            remember(logId, key);
        }
        return key;
    }

    /** The key of {@code logId}, or empty if it was erased (or never sealed anything). */
    public Optional<byte[]> forReading(String logId) {
        return lookUp(logId);
    }

    /** Destroys the keys of {@code logIds}: from the commit on, their payload cannot be read. */
    public void destroy(Collection<String> logIds) {
        for (String logId : logIds) {
            jdbc.update("delete from log_key where log_id = ?", logId);
        }
        Runnable forget = () -> {
            synchronized (cache) {
                logIds.forEach(cache::remove);
            }
        };
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            pending().keySet().removeAll(logIds);
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCompletion(int status) {
                    forget.run();
                }
            });
        }
        forget.run();
    }

    private Optional<byte[]> lookUp(String logId) {
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            byte[] pending = pending().get(logId);
            if (pending != null) {
                return Optional.of(pending);
            }
        }
        synchronized (cache) {
            byte[] cached = cache.get(logId);
            if (cached != null) {
                return Optional.of(cached);
            }
        }
        List<String> stored = jdbc.queryForList("select key_bytes from log_key where log_id = ?", String.class, logId);
        if (stored.isEmpty()) {
            return Optional.empty();
        }
        // a stored key this transaction did not create (those are pending) is committed: cache it
        byte[] key = Base64.getDecoder().decode(stored.getFirst());
        remember(logId, key);
        return Optional.of(key);
    }

    private void remember(String logId, byte[] key) {
        synchronized (cache) {
            cache.put(logId, key);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, byte[]> pending() {
        var map = (Map<String, byte[]>) TransactionSynchronizationManager.getResource(PENDING);
        if (map == null) {
            map = new HashMap<>();
            TransactionSynchronizationManager.bindResource(PENDING, map);
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCompletion(int status) {
                    TransactionSynchronizationManager.unbindResourceIfPossible(PENDING);
                }
            });
        }
        return map;
    }
}
