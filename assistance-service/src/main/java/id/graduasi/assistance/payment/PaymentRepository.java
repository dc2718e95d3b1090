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
import id.graduasi.events.persistence.NativeSql;
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
        return NativeSql.update("""
                update entitlement set send_due = true, attempt = 1
                where cycle_id = ?1 and status = 'APPROVED' and attempt = 0 and not send_due""", cycleId);
    }

    /**
     * Claims up to {@code limit} due entitlements that may still be paid: SENT, in one statement that checks
     * {@link #PAYABLE}. Rows another transaction is changing (a graduation being applied) are skipped this round.
     * The due entitlements drive the statement (a lateral subquery cannot come first), so the plan does not hang
     * on statistics of a queue that swings from empty to a million rows: with the joins free, stale statistics made
     * PostgreSQL probe the entitlements once per enrollment, every round (docs/benchmarks.md).
     */
    Uni<List<Claimed>> claim(int limit) {
        return NativeSql.rows("""
                with claimed as (
                    select t.id
                    from entitlement t
                    cross join lateral (
                        select 1
                        from disbursement_cycle c, enrollment e, household_projection h
                        where c.id = t.cycle_id and e.id = t.enrollment_id and h.household_id = t.household_id
                          and """ + PAYABLE + """
                        for share of e, h skip locked) payable
                    where t.send_due and t.status = 'APPROVED'
                    order by t.id limit :limit
                    for update of t skip locked)
                update entitlement t set status = 'SENT', send_due = false, sent_at = clock_timestamp()
                from claimed, disbursement_cycle c
                where t.id = claimed.id and c.id = t.cycle_id
                returning cast(t.id as text), t.attempt, t.amount, cast(t.household_id as text), c.programme, c.year,
                          c.tranche""", Map.of("limit", limit, "keep", keepPaying))
                .map(rows -> {
                    List<Claimed> claimed = new ArrayList<>();
                    for (Object[] r : rows) {
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
        return NativeSql.rows("""
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
                select count(*) from changed""", Map.of("ids", ids.stream().map(UUID::toString).toArray(String[]::new),
                "cancel", cancelUnpayable, "keep", keepPaying))
                .map(rows -> ((Number) rows.get(0)[0]).intValue());
    }

    /**
     * FAILED entitlements of the cycle, in one statement: those still payable go out again under a new attempt,
     * the others are CANCELLED; one with an open reconciliation exception (the provider may have paid it after
     * all) stays FAILED until a person settles it. What is cancelled leaves its cycle's totals in the same
     * statement. @return [queued, cancelled]
     */
    Uni<long[]> retryFailed(UUID cycleId) {
        // Counted in the statement: a cycle may have a million failed entitlements, which are not read back.
        return NativeSql.rows("""
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
                select count(*) filter (where payable), count(*) filter (where not payable) from changed""",
                Map.of("cycle", cycleId, "keep", keepPaying))
                .map(rows -> new long[] { ((Number) rows.get(0)[0]).longValue(), ((Number) rows.get(0)[1]).longValue() });
    }

    /** SENT entitlements without a confirmation since before {@code sentBefore}, oldest first. */
    Uni<List<Unconfirmed>> unconfirmed(Instant sentBefore, int limit) {
        return NativeSql.rows("""
                select cast(id as text), attempt from entitlement
                where status = 'SENT' and sent_at < ?1 order by sent_at limit ?2""", sentBefore, limit)
                .map(rows -> rows.stream().map(r -> new Unconfirmed(
                        UUID.fromString(r[0].toString()), ((Number) r[1]).intValue())).toList());
    }

    /**
     * Stores a confirmation once per provider transaction, also one naming no entitlement of ours
     * ({@code entitlementId} and perhaps {@code attempt} null). @return false if it was stored before (a repeat).
     */
    Uni<Boolean> storeConfirmation(PaymentService.Confirmation confirmation, UUID entitlementId, Integer attempt) {
        return NativeSql.update("""
                insert into payment_confirmation (provider_transaction_id, payment_reference, status, received_at,
                                                  entitlement_id, attempt, reason_code, amount)
                values (?1, ?2, ?3, ?4, cast(?5 as uuid), cast(?6 as integer), cast(?7 as varchar),
                        cast(?8 as bigint))
                on conflict do nothing""", confirmation.providerTransactionId(), confirmation.reference(),
                confirmation.status(), Instant.now(), entitlementId == null ? null : entitlementId.toString(), attempt,
                confirmation.reasonCode(), confirmation.amount()).map(n -> n > 0);
    }

    Uni<Void> confirmationOutcome(String providerTransactionId, String outcome) {
        return NativeSql.update("update payment_confirmation set outcome = ?2 where provider_transaction_id = ?1",
                providerTransactionId, outcome).replaceWithVoid();
    }

    /**
     * A contradiction between the provider and assistance, to be settled by a person. An exception for a reference
     * that names no entitlement of ours has no entitlement, cycle, household, village, status or attempt.
     */
    public record ReconciliationException(UUID id, UUID entitlementId, UUID cycleId, UUID householdId,
            String villageCode, String kind, String providerTransactionId, String paymentReference,
            String confirmedStatus, String entitlementStatus, Integer entitlementAttempt, long amountAtRisk,
            Instant createdAt, Instant resolvedAt, String resolvedBy, String resolution, String resolutionNote) {

        ReconciliationException(UUID id, UUID entitlementId, UUID cycleId, UUID householdId, String villageCode,
                String kind, String providerTransactionId, String paymentReference, String confirmedStatus,
                String entitlementStatus, Integer entitlementAttempt, long amountAtRisk, Instant createdAt) {
            this(id, entitlementId, cycleId, householdId, villageCode, kind, providerTransactionId, paymentReference,
                    confirmedStatus, entitlementStatus, entitlementAttempt, amountAtRisk, createdAt, null, null, null,
                    null);
        }
    }

    Uni<Void> insert(ReconciliationException x) {
        return NativeSql.update("""
                insert into reconciliation_exception (id, entitlement_id, cycle_id, household_id, village_code, kind,
                    provider_transaction_id, payment_reference, confirmed_status, entitlement_status,
                    entitlement_attempt, amount_at_risk, created_at)
                values (?1, cast(?2 as uuid), cast(?3 as uuid), cast(?4 as uuid), cast(?5 as varchar), ?6, ?7, ?8, ?9,
                        cast(?10 as varchar), cast(?11 as integer), ?12, ?13)""", x.id(), text(x.entitlementId()),
                text(x.cycleId()), text(x.householdId()), x.villageCode(), x.kind(), x.providerTransactionId(),
                x.paymentReference(), x.confirmedStatus(), x.entitlementStatus(), x.entitlementAttempt(),
                x.amountAtRisk(), x.createdAt()).replaceWithVoid();
    }

    private static String text(UUID id) {
        return id == null ? null : id.toString();
    }

    /**
     * A cycle's exceptions per kind, open and resolved, with the rupiah at risk, in the caller's regions
     * ({@code region} a condition on {@code r.village_code} with named parameters, or null): rows of kind, open
     * (boolean), count, rupiah.
     */
    Uni<List<Object[]>> exceptionsByKind(UUID cycleId, String region, Map<String, Object> params) {
        Map<String, Object> all = new java.util.HashMap<>(params);
        all.put("cycle", cycleId);
        return NativeSql.rows("select kind, resolved_at is null, count(*), "
                + "cast(coalesce(sum(amount_at_risk), 0) as bigint) from reconciliation_exception r "
                + "where cycle_id = :cycle" + (region == null ? "" : " and " + region)
                + " group by kind, resolved_at is null order by resolved_at is null desc, kind", all);
    }

    /** Open exceptions per kind, everywhere: rows of kind, count, rupiah at risk. For the gauges. */
    Uni<List<Object[]>> openByKind() {
        return NativeSql.rows("""
                select kind, count(*), cast(coalesce(sum(amount_at_risk), 0) as bigint)
                from reconciliation_exception where resolved_at is null group by kind""");
    }

    private static final String EXCEPTION_COLUMNS = """
            cast(r.id as text), cast(r.entitlement_id as text), cast(r.cycle_id as text), cast(r.household_id as text),
            r.village_code, r.kind, r.provider_transaction_id, r.payment_reference, r.confirmed_status,
            r.entitlement_status, r.entitlement_attempt, r.amount_at_risk, r.created_at, r.resolved_at, r.resolved_by,
            r.resolution, r.resolution_note""";

    /**
     * Exceptions oldest first, after the one named by {@code after} (a page's last id), filtered by
     * {@code conditions} on {@code r} (named parameters in {@code params}).
     */
    Uni<List<ReconciliationException>> exceptions(String conditions, Map<String, Object> params, UUID after,
            int limit) {
        Map<String, Object> all = new java.util.HashMap<>(params);
        if (after != null) {
            all.put("after", after);
        }
        all.put("limit", limit);
        return NativeSql.rows("select " + EXCEPTION_COLUMNS + " from reconciliation_exception r where "
                + conditions + (after == null ? "" : " and (r.created_at, r.id) > (select a.created_at, a.id "
                        + "from reconciliation_exception a where a.id = :after)")
                + " order by r.created_at, r.id limit :limit", all)
                .map(rows -> rows.stream().map(PaymentRepository::exception).toList());
    }

    /** Per kind, open and resolved count and rupiah at risk under {@code conditions}: kind, open, count, rupiah. */
    Uni<List<Object[]>> exceptionTotals(String conditions, Map<String, Object> params) {
        return NativeSql.rows("select r.kind, r.resolved_at is null, count(*), "
                + "cast(coalesce(sum(r.amount_at_risk), 0) as bigint) from reconciliation_exception r where "
                + conditions + " group by r.kind, r.resolved_at is null order by r.kind", params);
    }

    /** One exception, locked for its resolution (null if there is none). */
    Uni<ReconciliationException> lockException(UUID id) {
        return NativeSql.rows("select " + EXCEPTION_COLUMNS
                + " from reconciliation_exception r where r.id = ?1 for update", id)
                .map(rows -> rows.isEmpty() ? null : exception(rows.get(0)));
    }

    /** The entitlement an exception names, or null (an unknown reference's exception names none). */
    Uni<UUID> entitlementOf(UUID exceptionId) {
        return NativeSql.rows("select cast(entitlement_id as text) from reconciliation_exception where id = ?1",
                exceptionId)
                .map(rows -> rows.isEmpty() || rows.get(0)[0] == null ? null : UUID.fromString(rows.get(0)[0].toString()));
    }

    /** Closes an open exception. @return false if it was already resolved */
    Uni<Boolean> resolve(UUID id, String by, String resolution, String note, Instant at) {
        return NativeSql.update("""
                update reconciliation_exception set resolved_at = ?2, resolved_by = ?3, resolution = ?4,
                                                    resolution_note = ?5
                where id = ?1 and resolved_at is null""", id, at, by, resolution, note).map(n -> n > 0);
    }

    /** Open exceptions of an entitlement. */
    Uni<Long> openOf(UUID entitlementId) {
        return NativeSql.rows("""
                select count(*) from reconciliation_exception where entitlement_id = ?1 and resolved_at is null""",
                entitlementId).map(rows -> ((Number) rows.get(0)[0]).longValue());
    }

    private static ReconciliationException exception(Object[] r) {
        return new ReconciliationException(UUID.fromString(r[0].toString()), uuid(r[1]), uuid(r[2]), uuid(r[3]),
                (String) r[4], (String) r[5], (String) r[6], (String) r[7], (String) r[8], (String) r[9],
                r[10] == null ? null : ((Number) r[10]).intValue(), ((Number) r[11]).longValue(), (Instant) r[12],
                (Instant) r[13], (String) r[14], (String) r[15], (String) r[16]);
    }

    private static UUID uuid(Object value) {
        return value == null ? null : UUID.fromString(value.toString());
    }

}
