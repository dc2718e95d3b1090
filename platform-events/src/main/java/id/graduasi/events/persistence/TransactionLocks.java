package id.graduasi.events.persistence;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

/**
 * PostgreSQL advisory locks held until the current transaction ends: they serialize work on one key (a
 * household, a KK number) across every replica without locking table rows.
 * <p>
 * {@link #lock} and {@link #lockAll} run for every event and request, so they run as Hibernate "updates": the
 * plan of a native <em>select</em> is never found again in Hibernate 7.1's query-plan cache (its key's result
 * mapping does not equal the previous one's), so each execution added an entry to one hash bin of the cache and
 * every lookup compared against all of them (10-15 % of a consumer's CPU in a profile). PostgreSQL runs the
 * select all the same, and the lock is its effect.
 */
public final class TransactionLocks {

    private TransactionLocks() {
    }

    /**
     * Takes the lock named {@code key} if nobody holds it, until the transaction ends: for work that only one
     * replica should do at a time (publishing the outbox, pruning, scheduled closing).
     */
    public static Uni<Boolean> tryLock(String key) {
        return Panache.getSession().chain(session -> session
                .createNativeQuery("select pg_try_advisory_xact_lock(hashtextextended(?1, 0))")
                .setParameter(1, key)
                .getSingleResult())
                .map(Boolean.TRUE::equals);
    }

    /** Takes all the named locks in one round trip, in sorted order so two callers cannot deadlock. */
    public static Uni<Void> lockAll(java.util.Collection<String> keys) {
        String[] sorted = keys.stream().distinct().sorted().toArray(String[]::new);
        return Panache.getSession().chain(session -> session
                .createNativeQuery("select count(*) from (select pg_advisory_xact_lock(hashtextextended(k, 0))"
                        + " from (select k from unnest(cast(?1 as text[])) k order by k) s) l")
                .setParameter(1, sorted)
                .executeUpdate())
                .replaceWithVoid();
    }

    /** Waits for, then holds to commit or rollback, the lock named {@code key}. Call inside a transaction. */
    public static Uni<Void> lock(String key) {
        return Panache.getSession().chain(session -> session
                .createNativeQuery("select 1 from (select pg_advisory_xact_lock(hashtextextended(?1, 0))) l")
                .setParameter(1, key)
                .executeUpdate())
                .replaceWithVoid();
    }
}
