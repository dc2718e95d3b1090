package id.graduasi.events.persistence;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

/**
 * PostgreSQL advisory locks held until the current transaction ends: they serialize work on one key (a
 * household, a KK number) across every replica without locking table rows.
 */
public final class TransactionLocks {

    private TransactionLocks() {
    }

    /** Waits for, then holds to commit or rollback, the lock named {@code key}. Call inside a transaction. */
    public static Uni<Void> lock(String key) {
        return Panache.getSession().chain(session -> session
                .createNativeQuery("select 1 from (select pg_advisory_xact_lock(hashtextextended(?1, 0))) l",
                        Integer.class)
                .setParameter(1, key)
                .getSingleResult())
                .replaceWithVoid();
    }
}
