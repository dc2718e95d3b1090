package id.graduasi.registry.repository;

import java.util.UUID;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

/**
 * Writes the graduation decision sequence the registry applied per household ({@code household.decision_sequence},
 * issue #16). Not in the Household entity: the household's version is its revision, announced with every change of
 * the record, and noting which decision event was read is no such change. Call inside a transaction, under the
 * household's lock.
 */
public final class DecisionSequenceRows {

    private DecisionSequenceRows() {
    }

    /**
     * Notes {@code sequence} as the household's newest decision event applied, unless one at least as new was (one
     * statement, so the answer does not depend on what the session read before).
     * @return whether it was noted: false for an event not newer than the one applied (or an unknown household)
     */
    public static Uni<Boolean> advance(UUID householdId, long sequence) {
        return Panache.getSession().chain(s -> s.createNativeQuery("""
                update household set decision_sequence = ?2
                where id = ?1 and (decision_sequence is null or decision_sequence < ?2)""")
                .setParameter(1, householdId).setParameter(2, sequence).executeUpdate())
                .map(updated -> updated == 1);
    }
}
