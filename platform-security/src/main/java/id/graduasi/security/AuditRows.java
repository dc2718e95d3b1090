package id.graduasi.security;

import java.util.List;
import java.util.function.Function;

import id.graduasi.events.persistence.NativeSql;
import io.smallrye.mutiny.Uni;

/** The audit log's set-based statements; call inside a transaction. */
final class AuditRows {

    private AuditRows() {
    }

    /** Creates this service's chain head (an empty chain) unless it exists. */
    static Uni<Integer> startChain(String service) {
        return NativeSql.update("insert into audit_chain_head (service, seq, hash) values (?1, 0, ?2)"
                + " on conflict (service) do nothing", service, AuditChain.GENESIS);
    }

    /**
     * Moves the pending entries of {@code chained} into the log with their chain positions and hashes, through
     * {@code audit_chain_pending} (the owner's rights: the service may not delete pending entries itself).
     * @return how many were moved
     */
    static Uni<Integer> chain(String service, List<AuditEntry> chained) {
        return NativeSql.rows("select audit_chain_pending(?1, cast(cast(?2 as text[]) as uuid[]),"
                + " cast(cast(?3 as text[]) as bigint[]), cast(?4 as text[]), cast(?5 as text[]))", service,
                column(chained, e -> e.id), column(chained, e -> e.seq), column(chained, e -> e.prevHash),
                column(chained, e -> e.hash))
                .map(rows -> ((Number) rows.get(0)[0]).intValue());
    }

    private static String[] column(List<AuditEntry> entries, Function<AuditEntry, Object> field) {
        return entries.stream().map(field).map(String::valueOf).toArray(String[]::new);
    }
}
