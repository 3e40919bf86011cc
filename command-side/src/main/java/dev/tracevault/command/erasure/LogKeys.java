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
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * One AES-256 key per log, kept outside the events ({@code log_key}, in the {@link KeyStore}): the
 * content of a log's events and snapshots is sealed with it. Erasing a log destroys its key, which
 * makes its content unreadable wherever it was stored, backups included. A log gets its key with
 * its first sealed event (in that event's transaction, or, in a separate key store, committed
 * there just before); keys are cached once committed.
 */
@Component
public class LogKeys {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int CACHED = 50_000;
    private static final String PENDING = LogKeys.class.getName() + ".pending";

    private final JdbcTemplate jdbc;
    private final boolean separate;
    private final Map<String, byte[]> cache = new LinkedHashMap<>(1024, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, byte[]> eldest) {
            return size() > CACHED;
        }
    };

    LogKeys(KeyStore store) {
        this.jdbc = store.jdbc();
        this.separate = store.separate();
    }

    /** Whether the keys are kept in a database of their own ({@link KeyStore#separate()}). */
    public boolean separate() {
        return separate;
    }

    /** The key sealing {@code logId}'s payload, created (in the current transaction) if it has none. */
    public byte[] forWriting(String logId) {
        var known = lookUp(logId);
        if (known.isPresent()) {
            return known.get();
        }
        byte[] key = new byte[32];
        RANDOM.nextBytes(key);
        if (separate) {
            // committed in the key store at once (no transaction of the main database spans it): a
            // key whose events then fail to commit stays unused, which is harmless
            try {
                insert(logId, key);
            } catch (DuplicateKeyException e) {
                return lookUp(logId).orElseThrow(() -> e); // another writer created it first
            }
            remember(logId, key);
            return key;
        }
        insert(logId, key);
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

    private void insert(String logId, byte[] key) {
        jdbc.update("insert into log_key (log_id, key_bytes, created_at) values (?, ?, ?)", logId,
                Base64.getEncoder().encodeToString(key), Instant.now().atOffset(ZoneOffset.UTC));
    }

    /**
     * Destroys the keys of {@code logIds}: from the commit on, their content cannot be read. In a
     * separate key store they are deleted right after the current transaction of the main database
     * commits (with its erasure), so that a rolled-back erasure leaves them; should that delete
     * fail, the caller sees the failure and a retried erasure deletes them.
     */
    public void destroy(Collection<String> logIds) {
        List<String> ids = List.copyOf(logIds);
        Runnable forget = () -> {
            synchronized (cache) {
                ids.forEach(cache::remove);
            }
        };
        if (separate) {
            Runnable delete = () -> {
                ids.forEach(logId -> jdbc.update("delete from log_key where log_id = ?", logId));
                forget.run();
            };
            if (TransactionSynchronizationManager.isSynchronizationActive()) {
                TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                    @Override
                    public void afterCommit() {
                        delete.run();
                    }
                });
            } else {
                delete.run();
            }
            return;
        }
        for (String logId : ids) {
            jdbc.update("delete from log_key where log_id = ?", logId);
        }
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            pending().keySet().removeAll(ids);
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
        if (!separate && TransactionSynchronizationManager.isSynchronizationActive()) {
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
