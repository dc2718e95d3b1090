package id.graduasi.assistance.payment;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import id.graduasi.assistance.domain.DisbursementCycle;
import id.graduasi.assistance.domain.Entitlement;
import id.graduasi.assistance.payment.PaymentRepository.ReconciliationException;
import id.graduasi.assistance.security.AssistanceAccess;
import id.graduasi.events.contract.AidDisbursed;
import id.graduasi.events.outbox.OutboxWriter;
import id.graduasi.rest.ProblemException;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;

/**
 * Reconciliation exceptions as people work them: listed with their totals open and resolved, and resolved one at a
 * time with what the person found out about the money and a note. A resolution decides what becomes of an
 * entitlement that waits on it (a FAILED one retry-failed leaves alone, a retry held unsent): PAID settles it as
 * paid (the money reached the household: nothing more is sent), NOT_PAID lets it be paid (a held retry goes out; a
 * FAILED one may be retried). It is decided by the last open exception of the entitlement, and refused while an
 * attempt is with the provider, whose confirmation could still contradict it.
 */
@ApplicationScoped
public class ReconciliationService {

    public static final String PAID = "PAID";
    public static final String NOT_PAID = "NOT_PAID";
    static final String HELD = "HELD_RECONCILIATION";

    /** Per kind: open and resolved exceptions, and the rupiah at risk in each. */
    public record KindTotal(String kind, long open, long openAmountAtRisk, long resolved, long resolvedAmountAtRisk) {
    }

    public record Page(List<KindTotal> totals, List<ReconciliationException> items, UUID nextCursor) {
    }

    private final PaymentRepository repository;
    private final OutboxWriter outbox;
    private final AssistanceAccess access;

    public ReconciliationService(PaymentRepository repository, OutboxWriter outbox, AssistanceAccess access) {
        this.repository = repository;
        this.outbox = outbox;
        this.access = access;
    }

    /**
     * Exceptions in the caller's regions (one naming no entitlement has no region: only a caller with every region
     * sees it), oldest first, optionally of one cycle and one state (OPEN, RESOLVED); the totals per kind count
     * both states of the same selection, every page.
     */
    @WithSession
    public Uni<Page> list(String state, UUID cycleId, UUID after, int limit) {
        Map<String, Object> params = new HashMap<>();
        StringBuilder where = new StringBuilder("1 = 1");
        if (cycleId != null) {
            where.append(" and r.cycle_id = :cycle");
            params.put("cycle", cycleId);
        }
        String region = access.regionCondition("r.village_code", params);
        if (region != null) {
            where.append(" and ").append(region);
        }
        String selection = where.toString();
        String items = state == null ? selection
                : selection + ("OPEN".equals(state) ? " and r.resolved_at is null" : " and r.resolved_at is not null");
        return repository.exceptionTotals(selection, params).chain(rows -> {
            Map<String, long[]> byKind = new TreeMap<>();
            rows.forEach(r -> {
                long[] t = byKind.computeIfAbsent(r[0].toString(), k -> new long[4]);
                int at = Boolean.TRUE.equals(r[1]) ? 0 : 2;
                t[at] = ((Number) r[2]).longValue();
                t[at + 1] = ((Number) r[3]).longValue();
            });
            List<KindTotal> totals = byKind.entrySet().stream().map(e -> new KindTotal(e.getKey(), e.getValue()[0],
                    e.getValue()[1], e.getValue()[2], e.getValue()[3])).toList();
            return repository.exceptions(items, params, after, limit).map(page -> new Page(totals, page,
                    page.size() == limit ? page.get(page.size() - 1).id() : null));
        });
    }

    /**
     * Resolves an open exception as the caller (a cycle spans regions, and so does reconciliation with the
     * provider: the resource requires regions [*]), audited in the same transaction. The note stays on the
     * exception, never in the audit log: free text may name people.
     */
    @WithTransaction
    public Uni<ReconciliationException> resolve(UUID id, String outcome, String note) {
        String actor = access.actor();
        // The entitlement first, then the exception: a confirmation locks the entitlement before it raises one.
        return repository.entitlementOf(id)
                .chain(entitlementId -> entitlementId == null ? Uni.createFrom().<Entitlement>nullItem()
                        : Entitlement.<Entitlement>findById(entitlementId, LockModeType.PESSIMISTIC_WRITE))
                .chain(entitlement -> repository.lockException(id).chain(x -> {
                    if (x == null) {
                        throw ProblemException.notFound("reconciliation exception", id);
                    }
                    if (x.resolvedAt() != null) {
                        throw ProblemException.conflict("id", "reconciliation exception " + id + " was resolved "
                                + x.resolution() + " by " + x.resolvedBy() + " at " + x.resolvedAt());
                    }
                    if (entitlement != null && (Entitlement.SENT.equals(entitlement.status)
                            || Entitlement.APPROVED.equals(entitlement.status) && entitlement.sendDue)) {
                        throw ProblemException.conflict("id", "entitlement " + entitlement.id + " attempt "
                                + entitlement.attempt + " is with the payment provider or about to be sent; resolve "
                                + "once it is confirmed, since its confirmation could still contradict this");
                    }
                    return repository.resolve(id, actor, outcome, note, Instant.now())
                            .chain(() -> entitlement == null ? Uni.createFrom().item("")
                                    : repository.openOf(entitlement.id).chain(open -> open > 0
                                            ? Uni.createFrom().item("; entitlement " + entitlement.status
                                                    + ", waiting for its " + open + " other open exception(s)")
                                            : apply(entitlement, x, outcome)))
                            .call(effect -> access.record("RESOLVE_RECONCILIATION",
                                    AssistanceAccess.RECONCILIATION_EXCEPTION, id, x.householdId(), x.villageCode(),
                                    x.kind() + " resolved " + outcome + ", Rp " + x.amountAtRisk() + " at risk"
                                            + effect + ", provider transaction " + x.providerTransactionId()))
                            .chain(() -> repository.lockException(id));
                }));
    }

    /** What the resolution does to the entitlement it frees: @return a summary for the audit row */
    private Uni<String> apply(Entitlement entitlement, ReconciliationException x, String outcome) {
        boolean held = Entitlement.APPROVED.equals(entitlement.status) && !entitlement.sendDue
                && HELD.equals(entitlement.statusReason);
        boolean failed = Entitlement.FAILED.equals(entitlement.status);
        if (!held && !failed) {
            // PAID, CANCELLED: what the books hold stands; money to recover is recovered outside this service.
            return Uni.createFrom().item("; entitlement stays " + entitlement.status);
        }
        if (NOT_PAID.equals(outcome)) {
            if (failed) {
                return Uni.createFrom().item("; entitlement stays FAILED, retry-failed may send it again");
            }
            // The held retry goes out after all (the claim still checks the household may be paid).
            entitlement.sendDue = true;
            entitlement.statusReason = null;
            return Uni.createFrom().item("; held retry (attempt " + entitlement.attempt + ") released");
        }
        // The provider did pay: settled as paid under its transaction, announced like any payment.
        String was = entitlement.status;
        Instant now = Instant.now();
        entitlement.status = Entitlement.PAID;
        entitlement.sendDue = false;
        entitlement.statusReason = "RECONCILED";
        entitlement.settledAt = now;
        entitlement.providerTransactionId = x.providerTransactionId();
        return DisbursementCycle.<DisbursementCycle>findById(entitlement.cycleId).chain(cycle -> outbox.append(
                new AidDisbursed(entitlement.id, entitlement.householdId, cycle.id, cycle.programme, cycle.year,
                        cycle.tranche, entitlement.amount, entitlement.villageCode,
                        LocalDate.ofInstant(now, ZoneOffset.UTC))))
                .replaceWith("; entitlement " + was + (held ? " (retry held)" : "") + " -> PAID");
    }
}
