package dev.tracevault.server.config;

import java.lang.ref.SoftReference;
import java.util.LinkedHashMap;
import java.util.Map;
import org.axonframework.common.Registration;
import org.axonframework.common.caching.Cache;

/**
 * The aggregates most recently used, so that a write to a log loads nothing (its history and
 * snapshot stay in the database). At most {@code capacity} of them, least recently used out first,
 * each held softly: the garbage collector takes them back before memory runs out, but not at every
 * young collection as it does with weak references — under load those left Axon's cache nearly
 * always empty, and every PATCH replayed its log's events.
 *
 * <p>A cached aggregate stays correct with several instances: another instance's write to it makes
 * this instance's next append fail on the event table's unique sequence, Axon evicts the entry, and
 * the write is retried on fresh state.
 */
final class AggregateCache implements Cache {

    private final Map<Object, SoftReference<Object>> entries;

    AggregateCache(int capacity) {
        this.entries = new LinkedHashMap<>(Math.min(capacity, 1024), 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Object, SoftReference<Object>> eldest) {
                return size() > capacity;
            }
        };
    }

    @Override
    @SuppressWarnings("unchecked")
    public synchronized <K, V> V get(K key) {
        SoftReference<Object> reference = entries.get(key);
        Object value = reference == null ? null : reference.get();
        if (reference != null && value == null) {
            entries.remove(key);
        }
        return (V) value;
    }

    @Override
    public synchronized void put(Object key, Object value) {
        entries.put(key, new SoftReference<>(value));
    }

    @Override
    public synchronized boolean putIfAbsent(Object key, Object value) {
        if (get(key) != null) {
            return false;
        }
        put(key, value);
        return true;
    }

    @Override
    public synchronized boolean remove(Object key) {
        return entries.remove(key) != null;
    }

    @Override
    public synchronized void removeAll() {
        entries.clear();
    }

    @Override
    public synchronized boolean containsKey(Object key) {
        return get(key) != null;
    }

    @Override
    public Registration registerCacheEntryListener(EntryListener listener) {
        return () -> true; // nobody listens: Axon registers none for aggregate caches
    }
}
