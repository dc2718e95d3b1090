package id.graduasi.assistance.payment;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import id.graduasi.assistance.domain.DisbursementCycle;
import id.graduasi.assistance.domain.Entitlement;
import id.graduasi.assistance.security.AssistanceAccess;
import id.graduasi.assistance.service.CycleService;
import id.graduasi.events.contract.AidDisbursed;
import id.graduasi.events.contract.DisbursementFailed;
import id.graduasi.events.outbox.OutboxWriter;
import id.graduasi.events.persistence.TransactionLocks;
import id.graduasi.rest.ProblemException;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;

/**
 * Moves approved money exactly once: an APPROVED entitlement is queued (send_due), sent to the provider under the
 * reference {@code <entitlement id>:<attempt>}, and settled by the provider's confirmation. Each step is a state
 * change guarded by the entitlement's status, and confirmations are deduplicated by the provider's transaction
 * id, so a resend, a retried command or a repeated callback never pays twice. A household that graduated or
 * exited had its unsent entitlements cancelled in the transaction that ended its enrollment, and only APPROVED
 * ones are sent: paying it is impossible by construction.
 */
@ApplicationScoped
public class PaymentService {

    private static final Logger LOG = Logger.getLogger(PaymentService.class);

    public record Queued(UUID cycleId, long queued, long cancelled) {
    }

    public record Confirmation(String reference, String providerTransactionId, String status, String reasonCode) {
    }

    public record Settled(UUID entitlementId, String status, boolean duplicate) {
    }

    public record StatusTotal(String status, long count, long amount) {
    }

    private final PaymentProvider provider;
    private final OutboxWriter outbox;
    private final CycleService cycles;
    private final int batchSize;
    private final AssistanceAccess access;

    public PaymentService(PaymentProvider provider, OutboxWriter outbox, CycleService cycles,
            @ConfigProperty(name = "graduasi.assistance.payment.batch-size", defaultValue = "200") int batchSize,
            AssistanceAccess access) {
        this.provider = provider;
        this.outbox = outbox;
        this.cycles = cycles;
        this.batchSize = batchSize;
        this.access = access;
    }

    /** Queues every APPROVED, never-sent entitlement of an APPROVED cycle for sending. */
    @WithTransaction
    public Uni<Queued> dispatch(UUID cycleId) {
        return approvedCycle(cycleId).chain(cycle -> update("""
                update entitlement set send_due = true, attempt = 1
                where cycle_id = ?1 and status = 'APPROVED' and attempt = 0 and not send_due""", cycleId)
                .call(queued -> audit("DISPATCH_CYCLE", cycle, "queued " + queued)))
                .map(queued -> new Queued(cycleId, queued, 0));
    }

    /**
     * FAILED entitlements go out again under a new attempt, if the household is still enrolled; those of a
     * household that has since left the programme are CANCELLED.
     */
    @WithTransaction
    public Uni<Queued> retryFailed(UUID cycleId) {
        return approvedCycle(cycleId).chain(cycle -> update("""
                update entitlement t set status = 'CANCELLED', status_reason = 'NOT_ENROLLED'
                where t.cycle_id = ?1 and t.status = 'FAILED' and not exists (
                    select 1 from enrollment e where e.id = t.enrollment_id and e.status = 'ACTIVE')""", cycleId)
                .chain(cancelled -> update("""
                        update entitlement set status = 'APPROVED', status_reason = null, send_due = true,
                                               attempt = attempt + 1, settled_at = null
                        where cycle_id = ?1 and status = 'FAILED'""", cycleId)
                        .call(queued -> audit("RETRY_FAILED", cycle, "queued " + queued + ", cancelled "
                                + cancelled))
                        .map(queued -> new Queued(cycleId, queued, cancelled))));
    }

    /**
     * One round of sending: one replica at a time, up to a batch of due entitlements, marked SENT only once the
     * provider accepted them. If the provider fails, nothing changes and the next round sends the same
     * references again.
     */
    @Scheduled(every = "${graduasi.assistance.payment.interval:1s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> sendDue() {
        return Panache.withTransaction(() -> TransactionLocks.tryLock("graduasi:payment-dispatch").chain(mine -> {
            if (!mine) {
                return Uni.createFrom().voidItem();
            }
            return Panache.getSession().chain(session -> session.createNativeQuery("""
                    select cast(t.id as text), t.attempt, t.amount, cast(t.household_id as text), c.programme,
                           c.year, c.tranche
                    from entitlement t join disbursement_cycle c on c.id = t.cycle_id
                    where t.send_due and t.status = 'APPROVED'
                    order by t.id limit ?1
                    for update of t skip locked""").setParameter(1, batchSize).getResultList())
                    .chain(rows -> {
                        if (rows.isEmpty()) {
                            return Uni.createFrom().voidItem();
                        }
                        List<PaymentProvider.Instruction> instructions = new ArrayList<>();
                        String[] ids = new String[rows.size()];
                        for (int i = 0; i < rows.size(); i++) {
                            Object[] row = (Object[]) rows.get(i);
                            ids[i] = row[0].toString();
                            instructions.add(new PaymentProvider.Instruction(row[0] + ":" + row[1],
                                    UUID.fromString(row[3].toString()), ((Number) row[2]).longValue(),
                                    row[4].toString(), ((Number) row[5]).intValue(), ((Number) row[6]).intValue()));
                        }
                        return provider.send(instructions).chain(() -> Panache.getSession().chain(session -> session
                                .createNativeQuery("""
                                        update entitlement set status = 'SENT', send_due = false, sent_at = ?2
                                        where id = any(cast(cast(?1 as text[]) as uuid[]))""")
                                .setParameter(1, ids).setParameter(2, Instant.now()).executeUpdate()))
                                .replaceWithVoid();
                    });
        })).onFailure().invoke(e -> LOG.warnf("payment round failed, the same instructions go again: %s",
                e.toString())).onFailure().recoverWithNull().replaceWithVoid();
    }

    /**
     * A confirmation from the provider. The same provider transaction again is a duplicate and changes nothing;
     * a confirmation for anything but the SENT attempt it names is a conflict (logged: the provider disagrees
     * with us about money).
     */
    @WithTransaction
    public Uni<Settled> confirm(Confirmation confirmation) {
        String[] parts = confirmation.reference().split(":");
        UUID entitlementId;
        int attempt;
        try {
            entitlementId = UUID.fromString(parts[0]);
            attempt = Integer.parseInt(parts[1]);
        } catch (RuntimeException e) {
            return Uni.createFrom().failure(ProblemException.badRequest("reference",
                    "must be <entitlement id>:<attempt> as sent"));
        }
        return Panache.getSession().chain(session -> session.createNativeQuery("""
                insert into payment_confirmation (provider_transaction_id, payment_reference, status, received_at)
                values (?1, ?2, ?3, ?4) on conflict do nothing""")
                .setParameter(1, confirmation.providerTransactionId()).setParameter(2, confirmation.reference())
                .setParameter(3, confirmation.status()).setParameter(4, Instant.now()).executeUpdate())
                .chain(inserted -> {
                    if (inserted == 0) {
                        return Entitlement.<Entitlement>findById(entitlementId).map(e ->
                                new Settled(entitlementId, e == null ? null : e.status, true));
                    }
                    return Entitlement.<Entitlement>findById(entitlementId, LockModeType.PESSIMISTIC_WRITE)
                            .chain(entitlement -> settle(entitlement, entitlementId, attempt, confirmation));
                });
    }

    /** Count and rupiah per status of the cycle's entitlements in the caller's regions (filtered in the query). */
    @WithSession
    public Uni<List<StatusTotal>> reconciliation(UUID cycleId) {
        java.util.Map<String, Object> params = new java.util.HashMap<>();
        params.put("cycle", cycleId);
        String region = access.regionCondition("e.villageCode", params);
        return cycles.get(cycleId).chain(cycle -> Panache.getSession().chain(session -> {
            var query = session.createQuery("select e.status, count(e), coalesce(sum(e.amount), 0) from Entitlement e "
                    + "where e.cycleId = :cycle" + (region == null ? "" : " and " + region)
                    + " group by e.status order by e.status", Object[].class);
            params.forEach(query::setParameter);
            return query.getResultList();
        }))
                .map(rows -> rows.stream().map(r -> (Object[]) r).map(r -> new StatusTotal(r[0].toString(),
                        ((Number) r[1]).longValue(), ((Number) r[2]).longValue())).toList());
    }

    private Uni<Settled> settle(Entitlement entitlement, UUID id, int attempt, Confirmation confirmation) {
        if (entitlement == null) {
            throw ProblemException.notFound("entitlement", id);
        }
        if (!Entitlement.SENT.equals(entitlement.status) || entitlement.attempt != attempt) {
            LOG.errorf("payment confirmation %s (%s) for entitlement %s attempt %d, which is %s at attempt %d",
                    confirmation.providerTransactionId(), confirmation.status(), id, attempt, entitlement.status,
                    entitlement.attempt);
            throw ProblemException.conflict("reference", "entitlement " + id + " is " + entitlement.status
                    + " at attempt " + entitlement.attempt + "; attempt " + attempt + " cannot be settled");
        }
        Instant now = Instant.now();
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        entitlement.status = confirmation.status();
        entitlement.settledAt = now;
        entitlement.providerTransactionId = confirmation.providerTransactionId();
        entitlement.statusReason = Entitlement.FAILED.equals(confirmation.status()) ? confirmation.reasonCode() : null;
        return DisbursementCycle.<DisbursementCycle>findById(entitlement.cycleId).chain(cycle -> outbox.append(
                Entitlement.PAID.equals(entitlement.status)
                        ? new AidDisbursed(entitlement.id, entitlement.householdId, cycle.id, cycle.programme,
                                cycle.year, cycle.tranche, entitlement.amount, entitlement.villageCode, today)
                        : new DisbursementFailed(entitlement.id, entitlement.householdId, cycle.id, cycle.programme,
                                entitlement.amount, entitlement.statusReason, today)))
                .call(() -> access.recordProvider("CONFIRM_PAYMENT", AssistanceAccess.ENTITLEMENT, entitlement.id,
                        entitlement.householdId, entitlement.villageCode, "attempt " + attempt + " SENT -> "
                                + entitlement.status + (entitlement.statusReason == null ? ""
                                        : ", reason " + entitlement.statusReason)
                                + ", provider transaction " + confirmation.providerTransactionId()))
                .replaceWith(new Settled(id, entitlement.status, false));
    }

    private Uni<DisbursementCycle> approvedCycle(UUID cycleId) {
        return TransactionLocks.lock("cycle:" + cycleId).chain(() -> cycles.get(cycleId)).invoke(cycle -> {
            if (cycle.status != DisbursementCycle.Status.APPROVED) {
                throw ProblemException.conflict("status", "cycle " + cycleId + " is " + cycle.status
                        + "; only an APPROVED cycle is paid");
            }
        });
    }

    private Uni<Void> audit(String action, DisbursementCycle cycle, String what) {
        return access.record(action, AssistanceAccess.CYCLE, cycle.id, null, null, cycle.programme + " " + cycle.year
                + " tranche " + cycle.tranche + " " + what);
    }

    private static Uni<Long> update(String sql, UUID cycleId) {
        return Panache.getSession().chain(session -> session.createNativeQuery(sql).setParameter(1, cycleId)
                .executeUpdate()).map(Integer::longValue);
    }
}
