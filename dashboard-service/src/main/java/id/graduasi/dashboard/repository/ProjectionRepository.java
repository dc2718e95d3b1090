package id.graduasi.dashboard.repository;

import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import id.graduasi.events.persistence.NativeSql;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

/**
 * The projection tables, written in plain SQL inside the consumer's inbox transaction. Every write is an upsert
 * keyed by the id its event carries, and household stages are sticky flags, so events of different topics may
 * arrive in any order between them and an event applied twice changes nothing.
 */
@ApplicationScoped
public class ProjectionRepository {

    /** The household stages a flag records; only these names ever reach the SQL. */
    public static final Set<String> FLAGS = Set.of("registered", "verified", "enrolled", "assessed", "proposed",
            "relapse_suspected");

    /** Marks a household as having reached a stage, learning its region when the event carries one. */
    public Uni<Void> householdReached(UUID householdId, String villageCode, String district, String flag) {
        if (!FLAGS.contains(flag)) {
            throw new IllegalArgumentException(flag);
        }
        return update("insert into household_fact (household_id, village_code, district, " + flag + ")"
                + " values (?1, ?2, ?3, true) on conflict (household_id) do update set"
                + " village_code = coalesce(excluded.village_code, household_fact.village_code),"
                + " district = coalesce(excluded.district, household_fact.district),"
                + " " + flag + " = true, updated_at = now()", householdId, villageCode, district);
    }

    /**
     * A run's stages in one statement, one row per household: its region as the last event that named one
     * (null: the region known), and each stage reached or as it was.
     */
    public Uni<Void> householdsReached(String[] householdIds, String[] villageCodes, String[] districts,
            Boolean[] registered, Boolean[] verified, Boolean[] proposed) {
        return update("""
                insert into household_fact (household_id, village_code, district, registered, verified, proposed)
                select cast(h as uuid), v, d, r, ve, p
                from unnest(cast(?1 as text[]), cast(?2 as text[]), cast(?3 as text[]), cast(?4 as boolean[]),
                            cast(?5 as boolean[]), cast(?6 as boolean[])) as x(h, v, d, r, ve, p)
                on conflict (household_id) do update set
                    village_code = coalesce(excluded.village_code, household_fact.village_code),
                    district = coalesce(excluded.district, household_fact.district),
                    registered = household_fact.registered or excluded.registered,
                    verified = household_fact.verified or excluded.verified,
                    proposed = household_fact.proposed or excluded.proposed,
                    updated_at = now()""", householdIds, villageCodes, districts, registered, verified, proposed);
    }

    /**
     * The registry's current status of each household, unless an event of a newer household revision was applied
     * already; {@code force} applies it regardless (see {@code ProjectionService.Status}).
     */
    public Uni<Void> statuses(String[] householdIds, String[] statuses, Long[] revisions, Boolean[] force) {
        return update("""
                update household_fact h set status = x.s, status_revision = x.r
                from unnest(cast(?1 as text[]), cast(?2 as text[]), cast(?3 as bigint[]), cast(?4 as boolean[]))
                     as x(h, s, r, f)
                where h.household_id = cast(x.h as uuid)
                  and (x.f or h.status_revision is null or h.status_revision < x.r)""",
                householdIds, statuses, revisions, force);
    }

    /**
     * Decisions (or, {@code reversals}, their reversals) of different households, keyed by decision, without the
     * outcome (see {@link #outcomes}); {@code on} is the day decided (or reverted). A decision's row keeps the day
     * it was decided; a reversal sets the day it was reverted.
     */
    public Uni<Void> decisionsAll(boolean reversals, String[] decisionIds, String[] householdIds, String[] districts,
            String[] outcomes, String[] pathways, String[] effectiveOn, String[] on) {
        String day = reversals ? "reverted_on" : "decided_on";
        return update("""
                insert into decision_fact (decision_id, household_id, district, outcome, pathway, effective_on, %s)
                select cast(d as uuid), cast(h as uuid), di, o, p, cast(e as date), cast(da as date)
                from unnest(cast(?1 as text[]), cast(?2 as text[]), cast(?3 as text[]), cast(?4 as text[]),
                            cast(?5 as text[]), cast(?6 as text[]), cast(?7 as text[])) as x(d, h, di, o, p, e, da)
                on conflict (decision_id) do update set %s""".formatted(day, reversals
                ? "reverted_on = excluded.reverted_on" : "district = coalesce(excluded.district, decision_fact.district)"),
                decisionIds, householdIds, districts, outcomes, pathways, effectiveOn, on);
    }

    /**
     * Graduated, exited and relapsed of these households, from their decisions and reversals: each household's
     * decisions looked up on their own. Written as {@code exists} subqueries per household, the planner hashed
     * the whole decision table for each set of households (27 ms a statement with 39,000 decisions).
     */
    public Uni<Void> outcomes(String[] householdIds) {
        return update("""
                update household_fact h set graduated = o.graduated, exited = o.exited, relapsed = o.relapsed,
                    updated_at = now()
                from (select k.id,
                             coalesce(bool_or(m.outcome = 'GRADUATED' and m.reverted_on is null), false) as graduated,
                             coalesce(bool_or(m.outcome = 'EXITED' and m.reverted_on is null), false) as exited,
                             coalesce(bool_or(m.outcome = 'GRADUATED' and m.reverted_on is not null), false) as relapsed
                      from unnest(cast(cast(?1 as text[]) as uuid[])) as k(id)
                      left join lateral (select outcome, reverted_on from decision_fact where household_id = k.id
                                         offset 0) as m on true
                      group by k.id) as o
                where h.household_id = o.id""", (Object) householdIds);
    }

    public Uni<Void> registered(UUID householdId, LocalDate registeredOn) {
        return update("update household_fact set registered_on = ?2 where household_id = ?1", householdId,
                registeredOn);
    }

    public Uni<Void> enrollmentActivated(UUID enrollmentId, UUID householdId, String programme, String district,
            LocalDate activatedOn) {
        return update("""
                insert into enrollment_fact (enrollment_id, household_id, programme, district, activated_on)
                values (?1, ?2, ?3, ?4, ?5)
                on conflict (enrollment_id) do update set district = coalesce(excluded.district, enrollment_fact.district),
                    activated_on = excluded.activated_on""", enrollmentId, householdId, programme, district,
                activatedOn);
    }

    public Uni<Void> enrollmentEnded(UUID enrollmentId, UUID householdId, String programme, LocalDate endedOn,
            String reason) {
        return update("""
                insert into enrollment_fact (enrollment_id, household_id, programme, district, ended_on, end_reason)
                values (?1, ?2, ?3, (select district from household_fact where household_id = ?2), ?4, ?5)
                on conflict (enrollment_id) do update set ended_on = excluded.ended_on,
                    end_reason = excluded.end_reason""", enrollmentId, householdId, programme, endedOn, reason);
    }

    public Uni<Void> aidDisbursed(UUID entitlementId, UUID householdId, String programme, int year,
            String district, long amount, LocalDate paidOn) {
        return update("""
                insert into disbursement_fact (entitlement_id, household_id, programme, year, district, amount,
                                               paid_on)
                values (?1, ?2, ?3, ?4, ?5, ?6, ?7) on conflict (entitlement_id) do update set year = excluded.year""",
                entitlementId, householdId, programme, year, district, amount, paidOn);
    }

    /** A household's expenditure observed in a month: the month's latest observation counts. */
    public Uni<Void> observed(UUID householdId, String district, LocalDate observedOn, long expenditure) {
        return update("""
                insert into observation_fact (household_id, month, district, observed_on, expenditure)
                values (?1, to_char(cast(?3 as date), 'YYYY-MM'), ?2, ?3, ?4)
                on conflict (household_id, month) do update set district = excluded.district,
                    observed_on = excluded.observed_on, expenditure = excluded.expenditure
                where observation_fact.observed_on <= excluded.observed_on""", householdId, district, observedOn,
                expenditure);
    }

    /** A programme's allocation (region null: the whole), unless a higher revision of it was applied already. */
    public Uni<Void> allocated(String programme, int year, String region, String fundingSource, long budget,
            long targetHouseholds, long revision) {
        return update("""
                insert into allocation_fact (programme, year, region, funding_source, budget, target_households,
                                             revision)
                values (?1, ?2, ?3, ?4, ?5, ?6, ?7) on conflict (programme, year, region) do update set
                    funding_source = excluded.funding_source, budget = excluded.budget,
                    target_households = excluded.target_households, revision = excluded.revision
                where allocation_fact.revision < excluded.revision""", programme, year,
                region == null ? "" : region, fundingSource, budget, targetHouseholds, revision);
    }

    public Uni<Void> caseState(UUID caseId, UUID householdId, String district, UUID workerId, String state) {
        return update("""
                insert into case_fact (case_id, household_id, district, worker_id, state)
                values (?1, ?2, coalesce(cast(?3 as text), (select district from household_fact where household_id = ?2)),
                        cast(?4 as uuid), coalesce(cast(?5 as text), 'OPEN'))
                on conflict (case_id) do update set
                    district = coalesce(excluded.district, case_fact.district),
                    worker_id = coalesce(cast(?4 as uuid), case_fact.worker_id),
                    state = case when cast(?5 as text) is null or case_fact.state = 'CLOSED' then case_fact.state
                                 else cast(?5 as text) end""",
                caseId, householdId, district, workerId, state);
    }

    public Uni<Void> visit(UUID visitId, UUID householdId, UUID workerId, String district, String kind,
            LocalDate visitedOn, boolean attended) {
        return update("""
                insert into visit_fact (visit_id, household_id, worker_id, district, kind, visited_on, attended)
                values (?1, ?2, ?3, ?4, ?5, ?6, ?7) on conflict (visit_id) do nothing""", visitId, householdId,
                workerId, district, kind, visitedOn, attended);
    }

    /** Tells the live stream that something changed (a sequence: no row for the lanes to queue on). */
    public Uni<Void> changed() {
        return NativeSql.rows("select nextval('projection_change')").replaceWithVoid();
    }

    /** The change counter, read outside any consumer transaction. */
    public Uni<Long> changeCount() {
        return Panache.withSession(() -> NativeSql.rows(
                "select last_value + case when is_called then 0 else -1 end from projection_change"))
                .map(rows -> ((Number) rows.get(0)[0]).longValue());
    }

    private static Uni<Void> update(String sql, Object... parameters) {
        return NativeSql.update(sql, parameters).replaceWithVoid();
    }
}
