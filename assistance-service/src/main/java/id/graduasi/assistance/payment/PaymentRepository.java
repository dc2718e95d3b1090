package id.graduasi.assistance.payment;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import id.graduasi.assistance.config.Programmes;
import id.graduasi.assistance.config.Programmes.ExitPolicy;
import id.graduasi.assistance.service.CycleService;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

/**
 * The payment path's statements. Whether an entitlement may still be paid is decided in the same statement that
 * claims it ({@link #PAYABLE}), under row locks on the entitlement, its enrollment and the household's projection,
 * so a graduation applied concurrently either ran first (and the entitlement is not claimed) or waits for the
 * claim to commit (and the payment was sent before the decision was applied).
 */
@ApplicationScoped
public class PaymentRepository {

    /**
     * What each exit policy still pays once the household has left (t: entitlement, c: cycle, e: enrollment,
     * h: household projection; {@code :keep} the programmes whose policy keeps paying after a graduation):
     * <ul>
     * <li>enrollment ACTIVE and household not graduated or exited: paid;</li>
     * <li>enrollment ACTIVE with transitional support running (CONTINUE_TRANSITIONAL): paid although graduated;</li>
     * <li>enrollment ended by the graduation of a household still GRADUATED, in a programme whose policy is
     * END_AFTER_CURRENT_CYCLE or CONTINUE_TRANSITIONAL: the entitlements computed while it was active (no new
     * ones are computed for an ended enrollment) are paid;</li>
     * <li>anything else (END_NOW, an administrative exit, an officer's exit, a suspension): not paid.</li>
     * </ul>
     */
    static final String PAYABLE = """
            (e.status = 'ACTIVE' and (h.status not in ('GRADUATED', 'EXITED') or e.transitional_until is not null)
             or e.status = 'EXITED' and e.exit_reason = 'GRADUATED' and h.status = 'GRADUATED'
                and c.programme = any(cast(:keep as text[])))""";

    private static final String JOINS = """
            from entitlement t
            join disbursement_cycle c on c.id = t.cycle_id
            join enrollment e on e.id = t.enrollment_id
            join household_projection h on h.household_id = t.household_id
            """;

    /** A claimed entitlement, as the provider is told. */
    record Claimed(UUID id, int attempt, long amount, UUID householdId, String programme, int year, int tranche) {
    }

    /** An entitlement handed to the provider long ago without a confirmation. */
    record Unconfirmed(UUID id, int attempt) {
    }

    private final String[] keepPaying;

    public PaymentRepository(Programmes programmes) {
        this.keepPaying = programmes.all().stream().filter(p -> p.exitPolicy() != ExitPolicy.END_NOW)
                .map(Programmes.Programme::code).toArray(String[]::new);
    }

    /** Queues the cycle's APPROVED, never-sent entitlements. */
    Uni<Integer> queue(UUID cycleId) {
        return Panache.getSession().chain(s -> s.createNativeQuery("""
                update entitlement set send_due = true, attempt = 1
                where cycle_id = ?1 and status = 'APPROVED' and attempt = 0 and not send_due""")
                .setParameter(1, cycleId).executeUpdate());
    }

    /**
     * Claims up to {@code limit} due entitlements that may still be paid: SENT, in one statement that checks
     * {@link #PAYABLE}. Rows another transaction is changing (a graduation being applied) are skipped this round.
     */
    Uni<List<Claimed>> claim(int limit) {
        return Panache.getSession().chain(s -> s.createNativeQuery("""
                with claimed as (
                    select t.id
                    """ + JOINS + """
                    where t.send_due and t.status = 'APPROVED' and """ + PAYABLE + """
                    order by t.id limit :limit
                    for update of t skip locked
                    for share of e, h skip locked)
                update entitlement t set status = 'SENT', send_due = false, sent_at = clock_timestamp()
                from claimed, disbursement_cycle c
                where t.id = claimed.id and c.id = t.cycle_id
                returning cast(t.id as text), t.attempt, t.amount, cast(t.household_id as text), c.programme, c.year,
                          c.tranche""").setParameter("limit", limit).setParameter("keep", keepPaying).getResultList())
                .map(rows -> {
                    List<Claimed> claimed = new ArrayList<>();
                    for (Object row : rows) {
                        Object[] r = (Object[]) row;
                        claimed.add(new Claimed(UUID.fromString(r[0].toString()), ((Number) r[1]).intValue(),
                                ((Number) r[2]).longValue(), UUID.fromString(r[3].toString()), r[4].toString(),
                                ((Number) r[5]).intValue(), ((Number) r[6]).intValue()));
                    }
                    return claimed;
                });
    }

    /**
     * Claimed entitlements the provider did not take (it refused, or never knew them): those still payable go
     * again under the same reference; the others are CANCELLED when {@code cancelUnpayable} (the provider said it
     * never received them), else left SENT for the sweep to ask about (a refusal or timeout may hide an acceptance).
     * What is cancelled leaves its cycle's totals in the same statement. @return the entitlements changed
     */
    Uni<Integer> release(List<UUID> ids, boolean cancelUnpayable) {
        return Panache.getSession().chain(s -> s.createNativeQuery("""
                with changed as (
                    update entitlement t
                    set status = case when x.payable then 'APPROVED' else 'CANCELLED' end, send_due = x.payable,
                        status_reason = case when x.payable then null else 'NOT_ENROLLED' end
                    from (select t.id, """ + PAYABLE + """
                           as payable
                          """ + JOINS + """
                          where t.id = any(cast(cast(:ids as text[]) as uuid[])) and t.status = 'SENT'
                          for update of t for share of e, h) x
                    where t.id = x.id and (x.payable or :cancel)
                    returning x.payable, t.cycle_id, t.amount),
                cancelled as (select cycle_id, amount from changed where not payable),
                shrunk as (""" + CycleService.SHRINK_TOTALS + """
                )
                select count(*) from changed""", Long.class)
                .setParameter("ids", ids.stream().map(UUID::toString).toArray(String[]::new)).setParameter("cancel", cancelUnpayable)
                .setParameter("keep", keepPaying).getSingleResult()).map(Long::intValue);
    }

    /**
     * FAILED entitlements of the cycle, in one statement: those still payable go out again under a new attempt,
     * the others are CANCELLED; one with an open reconciliation exception (the provider may have paid it after
     * all) stays FAILED until a person settles it. What is cancelled leaves its cycle's totals in the same
     * statement. @return [queued, cancelled]
     */
    Uni<long[]> retryFailed(UUID cycleId) {
        return Panache.getSession().chain(s -> s.createNativeQuery("""
                with changed as (
                    update entitlement t
                    set status = case when x.payable then 'APPROVED' else 'CANCELLED' end, send_due = x.payable,
                        status_reason = case when x.payable then null else 'NOT_ENROLLED' end,
                        attempt = case when x.payable then t.attempt + 1 else t.attempt end,
                        settled_at = case when x.payable then null else t.settled_at end
                    from (select t.id, """ + PAYABLE + """
                           as payable
                          """ + JOINS + """
                          where t.cycle_id = :cycle and t.status = 'FAILED' and not exists (
                              select 1 from reconciliation_exception r
                              where r.entitlement_id = t.id and r.resolved_at is null)
                          for update of t for share of e, h) x
                    where t.id = x.id
                    returning x.payable, t.cycle_id, t.amount),
                cancelled as (select cycle_id, amount from changed where not payable),
                shrunk as (""" + CycleService.SHRINK_TOTALS + """
                )
                select payable from changed""").setParameter("cycle", cycleId).setParameter("keep", keepPaying)
                .getResultList())
                .map(rows -> {
                    long queued = rows.stream().filter(r -> Boolean.TRUE.equals(r)).count();
                    return new long[] { queued, rows.size() - queued };
                });
    }

    /** SENT entitlements without a confirmation since before {@code sentBefore}, oldest first. */
    Uni<List<Unconfirmed>> unconfirmed(Instant sentBefore, int limit) {
        return Panache.getSession().chain(s -> s.createNativeQuery("""
                select cast(id as text), attempt from entitlement
                where status = 'SENT' and sent_at < ?1 order by sent_at limit ?2""")
                .setParameter(1, sentBefore).setParameter(2, limit).getResultList())
                .map(rows -> rows.stream().map(r -> (Object[]) r).map(r -> new Unconfirmed(
                        UUID.fromString(r[0].toString()), ((Number) r[1]).intValue())).toList());
    }

    /** Stores a confirmation once per provider transaction. @return false if it was stored before (a repeat). */
    Uni<Boolean> storeConfirmation(PaymentService.Confirmation confirmation, UUID entitlementId, int attempt) {
        return Panache.getSession().chain(s -> s.createNativeQuery("""
                insert into payment_confirmation (provider_transaction_id, payment_reference, status, received_at,
                                                  entitlement_id, attempt, reason_code)
                values (?1, ?2, ?3, ?4, ?5, ?6, cast(?7 as varchar)) on conflict do nothing""")
                .setParameter(1, confirmation.providerTransactionId()).setParameter(2, confirmation.reference())
                .setParameter(3, confirmation.status()).setParameter(4, Instant.now())
                .setParameter(5, entitlementId).setParameter(6, attempt).setParameter(7, confirmation.reasonCode())
                .executeUpdate()).map(n -> n > 0);
    }

    Uni<Void> confirmationOutcome(String providerTransactionId, String outcome) {
        return Panache.getSession().chain(s -> s.createNativeQuery("""
                update payment_confirmation set outcome = ?2 where provider_transaction_id = ?1""")
                .setParameter(1, providerTransactionId).setParameter(2, outcome).executeUpdate()).replaceWithVoid();
    }

    /** A contradiction between the provider and assistance, to be settled by a person. */
    record ReconciliationException(UUID id, UUID entitlementId, UUID cycleId, UUID householdId, String villageCode,
            String kind, String providerTransactionId, String paymentReference, String confirmedStatus,
            String entitlementStatus, int entitlementAttempt, long amountAtRisk, Instant createdAt) {
    }

    Uni<Void> insert(ReconciliationException x) {
        return Panache.getSession().chain(s -> s.createNativeQuery("""
                insert into reconciliation_exception (id, entitlement_id, cycle_id, household_id, village_code, kind,
                    provider_transaction_id, payment_reference, confirmed_status, entitlement_status,
                    entitlement_attempt, amount_at_risk, created_at)
                values (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)""")
                .setParameter(1, x.id()).setParameter(2, x.entitlementId()).setParameter(3, x.cycleId())
                .setParameter(4, x.householdId()).setParameter(5, x.villageCode()).setParameter(6, x.kind())
                .setParameter(7, x.providerTransactionId()).setParameter(8, x.paymentReference())
                .setParameter(9, x.confirmedStatus()).setParameter(10, x.entitlementStatus())
                .setParameter(11, x.entitlementAttempt()).setParameter(12, x.amountAtRisk())
                .setParameter(13, x.createdAt()).executeUpdate()).replaceWithVoid();
    }

    /**
     * Open exceptions of a cycle per kind, with the rupiah at risk, in the caller's regions ({@code region} a
     * condition on {@code r.village_code} with named parameters, or null).
     */
    Uni<List<Object[]>> openExceptions(UUID cycleId, String region, Map<String, Object> params) {
        return Panache.getSession().chain(s -> {
            var query = s.createNativeQuery("select kind, count(*), cast(coalesce(sum(amount_at_risk), 0) as bigint) "
                    + "from reconciliation_exception r where cycle_id = :cycle and resolved_at is null"
                    + (region == null ? "" : " and " + region) + " group by kind order by kind", Object[].class);
            query.setParameter("cycle", cycleId);
            params.forEach(query::setParameter);
            return query.getResultList();
        });
    }
}
