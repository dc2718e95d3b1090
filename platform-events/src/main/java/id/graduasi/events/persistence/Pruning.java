package id.graduasi.events.persistence;

import java.time.Duration;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

/**
 * Deletes old rows in bounded chunks, one transaction per chunk so no delete holds locks for long, until a
 * chunk comes back short; a try-lock keeps replicas from deleting the same rows at once.
 */
public final class Pruning {

    static final int CHUNK = 10_000;

    private Pruning() {
    }

    /**
     * @param deleteSql a delete taking the age in seconds as ?1 and the chunk size as ?2
     * @return how many rows were deleted
     */
    public static Uni<Integer> inChunks(String lockKey, String deleteSql, Duration olderThan) {
        return Panache.withTransaction(() -> TransactionLocks.tryLock(lockKey).chain(owner -> !owner
                ? Uni.createFrom().item(0)
                : NativeSql.update(deleteSql, (double) olderThan.toSeconds(), CHUNK)))
                .chain(deleted -> deleted < CHUNK ? Uni.createFrom().item(deleted)
                        : inChunks(lockKey, deleteSql, olderThan).map(more -> deleted + more));
    }
}
