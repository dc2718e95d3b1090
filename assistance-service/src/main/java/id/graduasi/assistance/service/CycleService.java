package id.graduasi.assistance.service;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import id.graduasi.events.persistence.NativeSql;
import id.graduasi.assistance.config.Programmes;
import id.graduasi.assistance.config.Programmes.Basis;
import id.graduasi.assistance.config.Programmes.Programme;
import id.graduasi.assistance.domain.DisbursementCycle;
import id.graduasi.assistance.domain.Entitlement;
import id.graduasi.assistance.security.AssistanceAccess;
import id.graduasi.events.contract.EventType;
import id.graduasi.events.outbox.OutboxWriter;
import id.graduasi.events.persistence.TimeOrderedIds;
import id.graduasi.events.persistence.TransactionLocks;
import id.graduasi.rest.ListBounds;
import id.graduasi.rest.ProblemException;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;

/**
 * Disbursement cycles: a cycle per programme, year and tranche; its entitlements computed for every active
 * enrollment in one statement (a frozen snapshot of amount and components); approved by someone other than its
 * creator. One entitlement per enrollment and cycle is a database constraint, so computing again, or creating
 * the same cycle again, adds nothing that exists.
 */
@ApplicationScoped
public class CycleService {

    /** The result of a create: the cycle, and whether this request made it. */
    public record Created(DisbursementCycle cycle, boolean created) {
    }

    private final PkhComponents components;
    private final Programmes programmes;
    private final Allocations allocations;
    private final OutboxWriter outbox;
    private final AssistanceAccess access;

    public CycleService(PkhComponents components, Programmes programmes, Allocations allocations,
            OutboxWriter outbox, AssistanceAccess access) {
        this.components = components;
        this.programmes = programmes;
        this.allocations = allocations;
        this.outbox = outbox;
        this.access = access;
    }

    /** The caller (with regions [*], checked by the resource) creates the cycle; audited when it is new. */
    @WithTransaction
    public Uni<Created> create(String programmeCode, int year, int tranche) {
        String actor = access.actor();
        Programme programme = programmes.find(programmeCode).orElse(null);
        if (programme == null) {
            return Uni.createFrom().failure(ProblemException.badRequest("programme", "unknown programme "
                    + programmeCode + "; known: " + programmes.all().stream().map(Programme::code).toList()));
        }
        if (tranche < 1 || tranche > programme.tranchesPerYear()) {
            return Uni.createFrom().failure(ProblemException.badRequest("tranche",
                    "must be between 1 and " + programme.tranchesPerYear() + " for " + programmeCode));
        }
        return TransactionLocks.lock("cycle:" + programmeCode + ":" + year + ":" + tranche)
                .chain(() -> DisbursementCycle.of(programmeCode, year, tranche))
                .chain(existing -> {
                    if (existing != null) {
                        return Uni.createFrom().item(new Created(existing, false));
                    }
                    DisbursementCycle cycle = new DisbursementCycle();
                    cycle.id = TimeOrderedIds.next();
                    cycle.programme = programmeCode;
                    cycle.year = year;
                    cycle.tranche = (short) tranche;
                    // Tranches split the year evenly; ages and components are taken on the tranche's first day.
                    cycle.referenceDate = LocalDate.of(year, 1 + (tranche - 1) * 12 / programme.tranchesPerYear(), 1);
                    cycle.status = DisbursementCycle.Status.DRAFT;
                    cycle.createdBy = actor;
                    cycle.createdAt = Instant.now();
                    return cycle.persist().chain(() -> Panache.getSession().chain(s -> s.flush()))
                            .chain(() -> compute(cycle))
                            .call(computed -> audit("CREATE_CYCLE", computed, "created DRAFT"))
                            .map(computed -> new Created(computed, true));
                });
    }

    /** Adds the entitlements of enrollments that have none in this cycle yet; existing ones stay as computed. */
    @WithTransaction
    public Uni<DisbursementCycle> recompute(UUID id) {
        return locked(id).chain(cycle -> {
            if (cycle.status != DisbursementCycle.Status.DRAFT) {
                throw ProblemException.conflict("status", "cycle " + id + " is " + cycle.status
                        + "; its entitlements are frozen");
            }
            return compute(cycle).call(computed -> audit("COMPUTE_CYCLE", computed, "recomputed"));
        });
    }

    /** Four eyes: the approver (the token's user) is not the creator. Every DRAFT entitlement becomes APPROVED. */
    @WithTransaction
    public Uni<DisbursementCycle> approve(UUID id) {
        String actor = access.actor();
        return locked(id).chain(cycle -> {
            if (cycle.status != DisbursementCycle.Status.DRAFT) {
                throw ProblemException.conflict("status", "cycle " + id + " is already " + cycle.status);
            }
            if (cycle.createdBy.equals(actor)) {
                throw new ProblemException(403, "Forbidden", "a cycle is approved by someone other than its creator: "
                        + actor + " created this cycle and cannot approve it", List.of());
            }
            cycle.status = DisbursementCycle.Status.APPROVED;
            cycle.approvedBy = actor;
            cycle.approvedAt = Instant.now();
            // One statement approves every entitlement and writes its EntitlementApproved event.
            return outbox.appendSelected(EventType.ENTITLEMENT_APPROVED, """
                    approved as (
                        update entitlement set status = 'APPROVED' where cycle_id = ?1 and status = 'DRAFT'
                        returning id, household_id, amount, village_code)""", """
                    select cast(a.household_id as text), json_build_object(
                               'entitlementId', a.id, 'householdId', a.household_id, 'cycleId', cast(?1 as uuid),
                               'programme', cast(?2 as text), 'year', cast(?3 as integer),
                               'tranche', cast(?4 as integer), 'amount', a.amount, 'villageCode', a.village_code,
                               'approvedOn', cast(?5 as date))::text
                    from approved a order by a.id""", id, cycle.programme, cycle.year, (int) cycle.tranche,
                    LocalDate.ofInstant(cycle.approvedAt, java.time.ZoneOffset.UTC))
                    .chain(() -> totals(cycle))
                    .call(approved -> audit("APPROVE_CYCLE", approved, "DRAFT -> APPROVED"));
        });
    }

    @WithSession
    public Uni<DisbursementCycle> get(UUID id) {
        return DisbursementCycle.<DisbursementCycle>findById(id).onItem().ifNull()
                .failWith(() -> ProblemException.notFound("disbursement cycle", id));
    }

    /** What the caller's regions hold of a cycle: its count and rupiah (not cancelled), counted in the query. */
    public record ScopedTotals(long count, long amount) {
    }

    @WithSession
    public Uni<ScopedTotals> totalsInScope(UUID cycleId) {
        Map<String, Object> params = new java.util.HashMap<>();
        params.put("cycle", cycleId);
        params.put("cancelled", Entitlement.CANCELLED);
        String region = access.regionCondition("e.villageCode", params);
        return Panache.getSession().chain(session -> {
            var query = session.createQuery("select count(e), coalesce(sum(e.amount), 0) from Entitlement e "
                    + "where e.cycleId = :cycle and e.status <> :cancelled" + (region == null ? "" : " and " + region),
                    Object[].class);
            params.forEach(query::setParameter);
            return query.getSingleResult();
        }).map(row -> new ScopedTotals(((Number) row[0]).longValue(), ((Number) row[1]).longValue()));
    }

    /** A cycle's entitlements in the caller's regions, a page at a time (filtered in the query). */
    @WithSession
    public Uni<List<Entitlement>> entitlements(UUID cycleId, UUID after, int limit) {
        return get(cycleId).chain(cycle -> {
            Map<String, Object> params = new java.util.HashMap<>();
            params.put("cycle", cycle.id);
            params.put("after", after == null ? new UUID(0L, 0L) : after);
            String region = access.regionCondition("villageCode", params);
            return Entitlement.<Entitlement>find("cycleId = :cycle and id > :after"
                    + (region == null ? "" : " and " + region) + " order by id", params).range(0, limit - 1).list();
        });
    }

    /**
     * A household's entitlements the caller may see (its regions and, for a partner, its programmes), oldest
     * first: the newest {@link ListBounds#MAX_ROWS}.
     */
    @WithSession
    public Uni<List<Entitlement>> entitlementsOfHousehold(UUID householdId) {
        Map<String, Object> params = new java.util.HashMap<>();
        params.put("household", householdId);
        StringBuilder where = new StringBuilder("householdId = :household");
        String region = access.regionCondition("villageCode", params);
        if (region != null) {
            where.append(" and ").append(region);
        }
        String granted = access.programmeCondition("c.programme", params);
        if (granted != null) {
            where.append(" and cycleId in (select c.id from DisbursementCycle c where ").append(granted).append(')');
        }
        return Entitlement.<Entitlement>find(where + " order by createdAt desc, id desc", params)
                .page(0, ListBounds.MAX_ROWS).list().map(ListBounds::oldestFirst);
    }

    /** A cycle's audit row: cycles span regions, so no region and no household (entity id and codes only). */
    private Uni<Void> audit(String action, DisbursementCycle cycle, String what) {
        return access.record(action, AssistanceAccess.CYCLE, cycle.id, null, null, cycle.programme + " "
                + cycle.year + " tranche " + cycle.tranche + " " + what + ": " + cycle.entitlementCount
                + " entitlements, Rp " + cycle.totalAmount);
    }

    /**
     * Takes the entitlements a statement cancelled (its CTE {@code cancelled(cycle_id, amount)}) out of their cycles'
     * stored totals, in that same statement: every path that cancels (a graduation, suspension or exit here; a
     * retry or the unconfirmed-payment sweep in the payment path) uses it, so {@code entitlement_count} and
     * {@code total_amount} never count a CANCELLED entitlement. The version moves so that a concurrent approval,
     * which wrote totals read before this, fails on its optimistic lock instead of restoring them.
     */
    public static final String SHRINK_TOTALS = """
            update disbursement_cycle c
            set entitlement_count = c.entitlement_count - s.n, total_amount = c.total_amount - s.total,
                version = c.version + 1
            from (select cycle_id, count(*) as n, sum(amount) as total from cancelled group by cycle_id) s
            where c.id = s.cycle_id""";

    /**
     * Enrollments that ended or were suspended are owed nothing not yet sent: their DRAFT and APPROVED
     * entitlements are CANCELLED (inside the caller's transaction). Paid history stays.
     */
    public Uni<Void> cancelUnpaid(List<UUID> enrollmentIds, String reason) {
        if (enrollmentIds.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return NativeSql.update("""
                with cancelled as (
                    update entitlement set status = 'CANCELLED', status_reason = ?2, send_due = false
                    where enrollment_id = any(?1) and status in ('DRAFT', 'APPROVED')
                    returning cycle_id, amount)
                """ + SHRINK_TOTALS, enrollmentIds.toArray(UUID[]::new), reason)
                .replaceWithVoid();
    }

    /** Whether the enrollment was ever owed anything that is not cancelled (one-off aid is given once). */
    public Uni<Boolean> hasEntitlement(UUID enrollmentId) {
        return Entitlement.count("enrollmentId = ?1 and status <> ?2", enrollmentId, Entitlement.CANCELLED)
                .map(n -> n > 0);
    }

    private Uni<DisbursementCycle> locked(UUID id) {
        return TransactionLocks.lock("cycle:" + id).chain(() -> get(id));
    }

    /**
     * One statement for the whole cycle, by the programme's benefit basis, then the budget check for capped
     * programmes (the transaction rolls back if the year's budget would be exceeded). Only ACTIVE enrollments of
     * households the registry has not graduated or exited, unless their post-graduation support still runs on
     * the reference date.
     */
    private Uni<DisbursementCycle> compute(DisbursementCycle cycle) {
        Programme programme = programmes.get(cycle.programme);
        // Two cycles of one programme (another tranche or year) computed at once would each see the other's
        // entitlements missing: one-off aid given twice, each passing the budget alone. So a programme with one-off
        // aid or a budget computes one cycle at a time; the statements after the lock see what the other committed.
        Uni<Void> serialised = programme.benefit().once() || programme.capped()
                ? TransactionLocks.lock("cycles-of:" + programme.code()) : Uni.createFrom().voidItem();
        return serialised.chain(() -> switch (programme.benefit().basis()) {
            case PKH_COMPONENTS -> computePkh(cycle);
            case PER_HOUSEHOLD -> computeOnce(cycle, programme, false);
            case PER_GROUP -> computeOnce(cycle, programme, true);
        }).chain(() -> totals(cycle)).call(() -> withinBudget(cycle, programme));
    }

    private static final String SUPPORTED = """
            join household_projection h on h.household_id = e.household_id
                 and (h.status not in ('GRADUATED', 'EXITED') or e.transitional_until >= cast(?2 as date))""";

    /**
     * PKH: each member earns at most one component (the best paid that applies on the reference date); a family
     * is paid for its best {@code maxPerFamily} components; only families with a component. Set by set, not
     * enrollment by enrollment (issue #18): every member's best component in one pass over the members joined to
     * the enrollments, ranked within the family by a window, instead of a lateral subquery (an index probe and a
     * sort) per enrollment.
     */
    private Uni<Integer> computePkh(DisbursementCycle cycle) {
        Map<String, Long> prices = components.perTranche();
        String[] codes = prices.keySet().toArray(String[]::new);
        String[] amounts = prices.values().stream().map(String::valueOf).toArray(String[]::new);
        return NativeSql.update("""
                insert into entitlement (id, cycle_id, enrollment_id, household_id, village_code, amount, components,
                                         status, created_at)
                select time_ordered_uuid(), cast(?1 as uuid), ranked.enrollment_id, ranked.household_id,
                       ranked.village_code, sum(ranked.amount),
                       string_agg(ranked.code, ',' order by ranked.amount desc, ranked.code), 'DRAFT', now()
                from (
                    select best.*, row_number() over (partition by best.enrollment_id
                                                      order by best.amount desc, best.code) as place
                    from (
                        select distinct on (e.id, m.member_id) e.id as enrollment_id, e.household_id,
                               h.village_code, c.code, c.amount
                        from enrollment e
                        """ + SUPPORTED + """
                        join member_projection m on m.household_id = e.household_id and m.active
                        """ + PkhComponents.memberRules("?2") + """
                        join unnest(cast(?3 as text[]), cast(cast(?4 as text[]) as bigint[])) as c(code, amount)
                             on c.code = rule.code
                        where e.programme = ?6 and e.status = 'ACTIVE' and rule.applies
                        order by e.id, m.member_id, c.amount desc, c.code
                    ) best
                ) ranked
                where ranked.place <= ?5
                group by ranked.enrollment_id, ranked.household_id, ranked.village_code
                on conflict (cycle_id, enrollment_id) do nothing""", cycle.id.toString(), cycle.referenceDate, codes,
                amounts, components.maxPerFamily(), cycle.programme);
    }

    /**
     * One-off aid at the programme's amount: per household (RTLH, business capital, training), or per group
     * (KUBE, paid through the chair's enrollment); never a second time for the same enrollment or group.
     */
    private Uni<Integer> computeOnce(DisbursementCycle cycle, Programme programme, boolean perGroup) {
        String payee = perGroup ? """
                join kube_group g on g.id = e.kube_group_id and g.chair_household_id = e.household_id
                where e.programme = ?3 and e.status = 'ACTIVE'
                  and not exists (select 1 from entitlement x where x.kube_group_id = g.id and x.status <> 'CANCELLED')
                """ : """
                where e.programme = ?3 and e.status = 'ACTIVE'
                  and not exists (select 1 from entitlement x where x.enrollment_id = e.id and x.status <> 'CANCELLED')
                """;
        return NativeSql.update("""
                insert into entitlement (id, cycle_id, enrollment_id, household_id, village_code, amount, components,
                                         status, created_at, kube_group_id)
                select time_ordered_uuid(), cast(?1 as uuid), e.id, e.household_id, h.village_code, ?4, ?3, 'DRAFT',
                       now(), e.kube_group_id
                from enrollment e
                """ + SUPPORTED + payee + """
                on conflict (cycle_id, enrollment_id) do nothing""", cycle.id.toString(), cycle.referenceDate,
                programme.code(), programme.benefit().amount());
    }

    /** A capped programme never commits more than the year's budget: the cycle is refused as a whole. */
    private Uni<Void> withinBudget(DisbursementCycle cycle, Programme programme) {
        if (!programme.capped()) {
            return Uni.createFrom().voidItem();
        }
        long budget = allocations.of(programme.code(), cycle.year).map(Allocations.Allocation::budget)
                .orElseThrow(() -> ProblemException.conflict("year", programme.code() + " has no allocation for "
                        + cycle.year + ": nothing can be paid"));
        return NativeSql.rows("""
                select cast(coalesce(sum(x.amount), 0) as bigint)
                from entitlement x join disbursement_cycle c on c.id = x.cycle_id
                where c.programme = ?1 and c.year = ?2 and x.status <> 'CANCELLED'""", programme.code(), cycle.year)
                .map(rows -> (Long) rows.get(0)[0])
                .invoke(committed -> {
                    if (committed > budget) {
                        throw ProblemException.conflict("year", programme.code() + " " + cycle.year + " budget is Rp "
                                + budget + "; this cycle would commit Rp " + committed + " in all");
                    }
                }).replaceWithVoid();
    }

    private Uni<DisbursementCycle> totals(DisbursementCycle cycle) {
        return NativeSql.rows("""
                select count(*), coalesce(sum(amount), 0) from entitlement
                where cycle_id = ?1 and status <> 'CANCELLED'""", cycle.id)
                .map(rows -> {
                    Object[] row = rows.get(0);
                    cycle.entitlementCount = ((Number) row[0]).longValue();
                    cycle.totalAmount = ((Number) row[1]).longValue();
                    return cycle;
                });
    }
}
