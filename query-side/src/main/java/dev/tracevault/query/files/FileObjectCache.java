package dev.tracevault.query.files;

import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * File objects as logs embed them, rendered once and kept for a moment: a log's answer (every
 * PATCH's) then costs no query for its file. An entry remembers the files it was rendered from
 * (the file, and the evaluators that monitor it): a change to any of them here — a file event, a
 * log counted in its usage — removes it once committed, and a write that changes a file renders it
 * afresh for its own answer. A change made through another instance shows here after at most
 * {@code tracevault.cache.file-objects-ttl} (the file endpoints themselves never read from here).
 */
@Component
public class FileObjectCache {

    private static final int CAPACITY = 10_000;
    private static final String TOUCHED = FileObjectCache.class.getName() + ".touched";

    private record Kept(String json, Set<String> fileIds, long expires) {
    }

    private final long ttlNanos;
    private final AtomicLong generation = new AtomicLong();
    private final Map<String, Kept> entries = new LinkedHashMap<>(1024, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Kept> eldest) {
            return size() > CAPACITY;
        }
    };

    FileObjectCache(@Value("${tracevault.cache.file-objects-ttl:PT1S}") Duration ttl) {
        this.ttlNanos = ttl.toNanos();
    }

    /** The version's file object, if kept and not changed by the current unit of work. */
    synchronized String get(String versionId) {
        Kept entry = entries.get(versionId);
        if (entry == null) {
            return null;
        }
        if (System.nanoTime() - entry.expires() > 0 || touchedHere(entry.fileIds())) {
            return null;
        }
        return entry.json();
    }

    /** The generation a render starts from: {@link #put} keeps the result only if nothing changed meanwhile. */
    long generation() {
        return generation.get();
    }

    /** Keeps a rendered file object, unless a file changed since {@code startedAt} or this unit of work changed one of its files. */
    synchronized void put(String versionId, String json, Set<String> fileIds, long startedAt) {
        if (generation.get() == startedAt && !touchedHere(fileIds)) {
            entries.put(versionId, new Kept(json, Set.copyOf(fileIds), System.nanoTime() + ttlNanos));
        }
    }

    /**
     * The current unit of work changes {@code fileId}: until it commits, its own reads render the
     * file afresh; once it has, every kept file object rendered from that file goes.
     */
    public void changing(String fileId) {
        if (!CurrentUnitOfWork.isStarted()) {
            evict(Set.of(fileId));
            return;
        }
        var root = CurrentUnitOfWork.get().root();
        Set<String> touched = root.getOrComputeResource(TOUCHED, key -> {
            Set<String> files = new HashSet<>();
            root.afterCommit(u -> evict(files));
            return files;
        });
        touched.add(fileId);
    }

    /** Forgets everything (the read model was rebuilt). */
    public synchronized void clear() {
        generation.incrementAndGet();
        entries.clear();
    }

    private synchronized void evict(Set<String> fileIds) {
        generation.incrementAndGet();
        entries.values().removeIf(entry -> entry.fileIds().stream().anyMatch(fileIds::contains));
    }

    private static boolean touchedHere(Set<String> fileIds) {
        if (!CurrentUnitOfWork.isStarted()) {
            return false;
        }
        Set<String> touched = CurrentUnitOfWork.get().root().getResource(TOUCHED);
        return touched != null && fileIds.stream().anyMatch(touched::contains);
    }
}
