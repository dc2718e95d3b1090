package id.graduasi.assistance.service;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import id.graduasi.assistance.domain.DisbursementCycle;
import id.graduasi.assistance.domain.Entitlement;
import id.graduasi.events.persistence.TransactionLocks;
import id.graduasi.rest.Problem;
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

    public static final String PKH = "PKH";

    /** The result of a create: the cycle, and whether this request made it. */
    public record Created(DisbursementCycle cycle, boolean created) {
    }

    private final PkhComponents components;

    public CycleService(PkhComponents components) {
        this.components = components;
    }

    @WithTransaction
    public Uni<Created> create(String programme, int year, int tranche, String actor) {
        if (!PKH.equals(programme)) {
            return Uni.createFrom().failure(ProblemException.badRequest("programme",
                    "only PKH cycles can be computed so far"));
        }
        if (tranche < 1 || tranche > components.tranchesPerYear()) {
            return Uni.createFrom().failure(ProblemException.badRequest("tranche",
                    "must be between 1 and " + components.tranchesPerYear()));
        }
        return TransactionLocks.lock("cycle:" + programme + ":" + year + ":" + tranche)
                .chain(() -> DisbursementCycle.of(programme, year, tranche))
                .chain(existing -> {
                    if (existing != null) {
                        return Uni.createFrom().item(new Created(existing, false));
                    }
                    DisbursementCycle cycle = new DisbursementCycle();
                    cycle.id = UUID.randomUUID();
                    cycle.programme = programme;
                    cycle.year = year;
                    cycle.tranche = (short) tranche;
                    // Tranches split the year evenly; ages and components are taken on the tranche's first day.
                    cycle.referenceDate = LocalDate.of(year, 1 + (tranche - 1) * 12 / components.tranchesPerYear(), 1);
                    cycle.status = DisbursementCycle.Status.DRAFT;
                    cycle.createdBy = actor;
                    cycle.createdAt = Instant.now();
                    return cycle.persist().chain(() -> Panache.getSession().chain(s -> s.flush()))
                            .chain(() -> compute(cycle))
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
            return compute(cycle);
        });
    }

    /** Four eyes: the approver is not the creator. Every DRAFT entitlement becomes APPROVED. */
    @WithTransaction
    public Uni<DisbursementCycle> approve(UUID id, String actor) {
        return locked(id).chain(cycle -> {
            if (cycle.status != DisbursementCycle.Status.DRAFT) {
                throw ProblemException.conflict("status", "cycle " + id + " is already " + cycle.status);
            }
            if (cycle.createdBy.equals(actor)) {
                throw new ProblemException(403, "Forbidden", "a cycle is approved by someone other than its creator",
                        List.of(new Problem.FieldError("X-Graduasi-User", "created this cycle and cannot approve it")));
            }
            cycle.status = DisbursementCycle.Status.APPROVED;
            cycle.approvedBy = actor;
            cycle.approvedAt = Instant.now();
            return Panache.getSession().chain(session -> session.createNativeQuery(
                    "update entitlement set status = 'APPROVED' where cycle_id = ?1 and status = 'DRAFT'")
                    .setParameter(1, id).executeUpdate())
                    .chain(() -> totals(cycle));
        });
    }

    @WithSession
    public Uni<DisbursementCycle> get(UUID id) {
        return DisbursementCycle.<DisbursementCycle>findById(id).onItem().ifNull()
                .failWith(() -> ProblemException.notFound("disbursement cycle", id));
    }

    @WithSession
    public Uni<List<Entitlement>> entitlements(UUID cycleId, UUID after, int limit) {
        return get(cycleId).chain(cycle -> Entitlement.page(cycle.id, after, limit));
    }

    @WithSession
    public Uni<List<Entitlement>> entitlementsOfHousehold(UUID householdId) {
        return Entitlement.ofHousehold(householdId);
    }

    /**
     * A household that graduated or exited is owed nothing it has not been paid yet: its DRAFT and APPROVED
     * entitlements are CANCELLED (inside the caller's transaction). Paid history stays.
     */
    public Uni<Void> cancelUnpaid(UUID householdId, String reason) {
        // The cycles' totals shrink in the same statement; their version moves so that a concurrent approval,
        // which wrote totals read before this, fails on its optimistic lock instead of restoring them.
        return Panache.getSession().chain(session -> session.createNativeQuery("""
                with cancelled as (
                    update entitlement set status = 'CANCELLED', status_reason = ?2
                    where household_id = ?1 and status in ('DRAFT', 'APPROVED')
                    returning cycle_id, amount)
                update disbursement_cycle c
                set entitlement_count = c.entitlement_count - x.n, total_amount = c.total_amount - x.total,
                    version = c.version + 1
                from (select cycle_id, count(*) as n, sum(amount) as total from cancelled group by cycle_id) x
                where c.id = x.cycle_id""")
                .setParameter(1, householdId).setParameter(2, reason).executeUpdate())
                .replaceWithVoid();
    }

    private Uni<DisbursementCycle> locked(UUID id) {
        return TransactionLocks.lock("cycle:" + id).chain(() -> get(id));
    }

    /**
     * One statement for the whole cycle. Each member earns at most one component (the best paid that applies
     * on the reference date); a family is paid for its best {@code maxPerFamily} components. Only ACTIVE
     * enrollments of households the registry has not graduated or exited, and only families with a component.
     */
    private Uni<DisbursementCycle> compute(DisbursementCycle cycle) {
        Map<String, Long> prices = components.perTranche();
        String[] codes = prices.keySet().toArray(String[]::new);
        String[] amounts = prices.values().stream().map(String::valueOf).toArray(String[]::new);
        return Panache.getSession().chain(session -> session.createNativeQuery("""
                insert into entitlement (id, cycle_id, enrollment_id, household_id, village_code, amount, components,
                                         status, created_at)
                select gen_random_uuid(), cast(?1 as uuid), e.id, e.household_id, h.village_code, sum(best.amount),
                       string_agg(best.code, ',' order by best.amount desc, best.code), 'DRAFT', now()
                from enrollment e
                join household_projection h on h.household_id = e.household_id
                                            and h.status not in ('GRADUATED', 'EXITED')
                cross join lateral (
                    select code, amount from (
                        select distinct on (m.member_id) c.code, c.amount
                        from member_projection m
                        cross join lateral (values
                            ('PREGNANT', m.pregnant),
                            ('EARLY_CHILDHOOD', m.birth_date > cast(?2 as date) - interval '7 years'),
                            ('PRIMARY_SCHOOL', m.school_enrolled and m.education_level = 'SD'),
                            ('JUNIOR_SECONDARY', m.school_enrolled and m.education_level = 'SMP'),
                            ('SENIOR_SECONDARY', m.school_enrolled and m.education_level = 'SMA'),
                            ('ELDERLY', m.birth_date <= cast(?2 as date) - interval '60 years'),
                            ('SEVERE_DISABILITY', m.disability)) as rule(code, applies)
                        join unnest(cast(?3 as text[]), cast(cast(?4 as text[]) as bigint[])) as c(code, amount)
                             on c.code = rule.code
                        where m.household_id = e.household_id and m.active and rule.applies
                        order by m.member_id, c.amount desc, c.code
                    ) per_member
                    order by amount desc, code
                    limit ?5
                ) best
                where e.programme = ?6 and e.status = 'ACTIVE'
                group by e.id, e.household_id, h.village_code
                on conflict (cycle_id, enrollment_id) do nothing""")
                .setParameter(1, cycle.id.toString())
                .setParameter(2, cycle.referenceDate)
                .setParameter(3, codes)
                .setParameter(4, amounts)
                .setParameter(5, components.maxPerFamily())
                .setParameter(6, cycle.programme)
                .executeUpdate())
                .chain(() -> totals(cycle));
    }

    private Uni<DisbursementCycle> totals(DisbursementCycle cycle) {
        return Panache.getSession().chain(session -> session.createNativeQuery("""
                select count(*), coalesce(sum(amount), 0) from entitlement
                where cycle_id = ?1 and status <> 'CANCELLED'""", Object[].class)
                .setParameter(1, cycle.id).getSingleResult())
                .map(row -> {
                    cycle.entitlementCount = ((Number) row[0]).longValue();
                    cycle.totalAmount = ((Number) row[1]).longValue();
                    return cycle;
                });
    }
}
