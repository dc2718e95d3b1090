package id.graduasi.security;

import java.util.List;
import java.util.function.Function;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

/** The audit log's set-based statements; call inside a transaction. */
final class AuditRows {

    private AuditRows() {
    }

    /** Creates this service's chain head (an empty chain) unless it exists. */
    static Uni<Integer> startChain(String service) {
        return Panache.getSession().chain(session -> session.createNativeQuery(
                        "insert into audit_chain_head (service, seq, hash) values (:service, 0, :genesis)"
                                + " on conflict (service) do nothing")
                .setParameter("service", service).setParameter("genesis", AuditChain.GENESIS).executeUpdate());
    }

    /**
     * Moves the pending entries of {@code chained} into the log with their chain positions and hashes, through
     * {@code audit_chain_pending} (the owner's rights: the service may not delete pending entries itself).
     * @return how many were moved
     */
    static Uni<Integer> chain(String service, List<AuditEntry> chained) {
        return Panache.getSession().chain(session -> session.createNativeQuery(
                        "select audit_chain_pending(?1, cast(cast(?2 as text[]) as uuid[]),"
                                + " cast(cast(?3 as text[]) as bigint[]), cast(?4 as text[]), cast(?5 as text[]))",
                        Integer.class)
                .setParameter(1, service)
                .setParameter(2, column(chained, e -> e.id))
                .setParameter(3, column(chained, e -> e.seq))
                .setParameter(4, column(chained, e -> e.prevHash))
                .setParameter(5, column(chained, e -> e.hash))
                .getSingleResult());
    }

    private static String[] column(List<AuditEntry> entries, Function<AuditEntry, Object> field) {
        return entries.stream().map(field).map(String::valueOf).toArray(String[]::new);
    }
}
