package id.graduasi.events.persistence;

import io.smallrye.mutiny.Uni;

/**
 * PostgreSQL advisory locks held until the current transaction ends: they serialize work on one key (a
 * household, a KK number) across every replica without locking table rows. They run for every event and request,
 * so they go through {@link NativeSql}'s direct path.
 */
public final class TransactionLocks {

    private TransactionLocks() {
    }

    /**
     * Takes the lock named {@code key} if nobody holds it, until the transaction ends: for work that only one
     * replica should do at a time (publishing the outbox, pruning, scheduled closing).
     */
    public static Uni<Boolean> tryLock(String key) {
        return NativeSql.rows("select pg_try_advisory_xact_lock(hashtextextended(?1, 0))", key)
                .map(rows -> Boolean.TRUE.equals(rows.get(0)[0]));
    }

    /** Takes all the named locks in one round trip, in sorted order so two callers cannot deadlock. */
    public static Uni<Void> lockAll(java.util.Collection<String> keys) {
        String[] sorted = keys.stream().distinct().sorted().toArray(String[]::new);
        return NativeSql.update("select count(*) from (select pg_advisory_xact_lock(hashtextextended(k, 0))"
                + " from (select k from unnest(cast(?1 as text[])) k order by k) s) l", (Object) sorted)
                .replaceWithVoid();
    }

    /** Waits for, then holds to commit or rollback, the lock named {@code key}. Call inside a transaction. */
    public static Uni<Void> lock(String key) {
        return NativeSql.update("select 1 from (select pg_advisory_xact_lock(hashtextextended(?1, 0))) l", key).replaceWithVoid();
    }
}
