package id.graduasi.assistance.repository;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;

import id.graduasi.assistance.domain.Enrollment;
import id.graduasi.assistance.domain.HouseholdProjection;
import id.graduasi.assistance.domain.MemberProjection;
import id.graduasi.events.persistence.NativeSql;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

/**
 * What a consumer's batch reads and writes of the households' projections, their members and enrollments, a set
 * at a time in plain SQL: a catch-up after a bulk import brings hundreds of these per batch, and entities cost
 * more in dirty checking and flushing than the statements themselves. Lookups take the batch's ids as one array
 * ({@link NativeSql#byKey}).
 */
@ApplicationScoped
public class HouseholdRepository {

    private static final String HOUSEHOLD_COLUMNS = """
            household_id, village_code, status, member_count, floor_material, wall_material, wall_condition,
            roof_condition, sanitation, floor_area_per_person, cast(indicators_observed_on as text), registry_status,
            registry_revision, decision_id, decision_reverted, decision_sequence, version""";

    /**
     * The projections of these households that exist, as values the session does not manage: what they say is
     * read, and written back by {@link #saveRecorded}, not flushed.
     */
    public Uni<Map<UUID, HouseholdProjection>> households(Collection<UUID> ids) {
        return NativeSql.rows("select " + HOUSEHOLD_COLUMNS + " from "
                + NativeSql.byKey("household_projection", "household_id"), (Object) NativeSql.ids(ids)).map(rows -> {
                    Map<UUID, HouseholdProjection> byId = new HashMap<>();
                    for (Object[] r : rows) {
                        HouseholdProjection h = new HouseholdProjection();
                        h.householdId = (UUID) r[0];
                        h.villageCode = (String) r[1];
                        h.status = (String) r[2];
                        h.memberCount = ((Number) r[3]).intValue();
                        h.floorMaterial = (String) r[4];
                        h.wallMaterial = (String) r[5];
                        h.wallCondition = (String) r[6];
                        h.roofCondition = (String) r[7];
                        h.sanitation = (String) r[8];
                        h.floorAreaPerPerson = (BigDecimal) r[9];
                        h.indicatorsObservedOn = r[10] == null ? null : LocalDate.parse((String) r[10]);
                        h.registryStatus = (String) r[11];
                        h.registryRevision = r[12] == null ? null : ((Number) r[12]).longValue();
                        h.decisionId = (UUID) r[13];
                        h.decisionReverted = (Boolean) r[14];
                        h.decisionSequence = r[15] == null ? null : ((Number) r[15]).longValue();
                        h.version = ((Number) r[16]).longValue();
                        byId.put(h.householdId, h);
                    }
                    return byId;
                });
    }

    /**
     * Writes what registry events change of these projections (region, size, housing indicators, registry
     * revision), creating those that do not exist (REGISTERED), in one statement.
     */
    public Uni<Void> saveRecorded(Collection<HouseholdProjection> households, Instant now) {
        if (households.isEmpty()) {
            return done();
        }
        List<HouseholdProjection> h = List.copyOf(households);
        return update("""
                insert into household_projection (household_id, village_code, status, member_count, floor_material,
                    wall_material, wall_condition, roof_condition, sanitation, floor_area_per_person,
                    indicators_observed_on, registry_revision, decision_reverted, updated_at, version)
                select id, v, 'REGISTERED', c, fm, wm, wc, rc, s, a, o, r, false, ?12, 0
                from unnest(cast(cast(?1 as text[]) as uuid[]), cast(?2 as text[]), cast(?3 as int[]),
                            cast(?4 as text[]), cast(?5 as text[]), cast(?6 as text[]), cast(?7 as text[]),
                            cast(?8 as text[]), cast(cast(?9 as text[]) as numeric[]),
                            cast(cast(?10 as text[]) as date[]), cast(?11 as bigint[]))
                     as x(id, v, c, fm, wm, wc, rc, s, a, o, r)
                on conflict (household_id) do update set village_code = excluded.village_code,
                    member_count = excluded.member_count, floor_material = excluded.floor_material,
                    wall_material = excluded.wall_material, wall_condition = excluded.wall_condition,
                    roof_condition = excluded.roof_condition, sanitation = excluded.sanitation,
                    floor_area_per_person = excluded.floor_area_per_person,
                    indicators_observed_on = excluded.indicators_observed_on,
                    registry_revision = excluded.registry_revision, updated_at = excluded.updated_at,
                    version = household_projection.version + 1""",
                texts(h, x -> x.householdId), texts(h, x -> x.villageCode),
                h.stream().map(x -> x.memberCount).toArray(Integer[]::new), texts(h, x -> x.floorMaterial),
                texts(h, x -> x.wallMaterial), texts(h, x -> x.wallCondition), texts(h, x -> x.roofCondition),
                texts(h, x -> x.sanitation),
                texts(h, x -> x.floorAreaPerPerson == null ? null : x.floorAreaPerPerson.toPlainString()),
                texts(h, x -> x.indicatorsObservedOn), h.stream().map(x -> x.registryRevision).toArray(Long[]::new),
                now);
    }

    /** Which of these members are known, and whether each is active. */
    public Uni<Map<UUID, Boolean>> membersActive(Collection<UUID> ids) {
        if (ids.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        return NativeSql.rows("select member_id, active from " + NativeSql.byKey("member_projection", "member_id"),
                (Object) NativeSql.ids(ids)).map(rows -> {
                    Map<UUID, Boolean> active = new HashMap<>();
                    for (Object[] r : rows) {
                        active.put((UUID) r[0], (Boolean) r[1]);
                    }
                    return active;
                });
    }

    /** Inserts these members (new to assistance), in one statement. */
    public Uni<Void> addMembers(Collection<MemberProjection> members) {
        if (members.isEmpty()) {
            return done();
        }
        List<MemberProjection> m = List.copyOf(members);
        return update("""
                insert into member_projection (member_id, household_id, birth_date, education_level, school_enrolled,
                                               disability, pregnant, active)
                select * from unnest(cast(cast(?1 as text[]) as uuid[]), cast(cast(?2 as text[]) as uuid[]),
                                     cast(cast(?3 as text[]) as date[]), cast(?4 as text[]), cast(?5 as boolean[]),
                                     cast(?6 as boolean[]), cast(?7 as boolean[]), cast(?8 as boolean[]))""",
                texts(m, x -> x.memberId), texts(m, x -> x.householdId), texts(m, x -> x.birthDate),
                texts(m, x -> x.educationLevel), m.stream().map(x -> x.schoolEnrolled).toArray(Boolean[]::new),
                m.stream().map(x -> x.disability).toArray(Boolean[]::new),
                m.stream().map(x -> x.pregnant).toArray(Boolean[]::new),
                m.stream().map(x -> x.active).toArray(Boolean[]::new));
    }

    /**
     * Marks these members (known to assistance) inactive: removed from their household. Written as an upsert of
     * their own rows, so that each is found through the primary key whatever plan the statement was given.
     */
    public Uni<Void> deactivateMembers(Collection<UUID> ids) {
        return ids.isEmpty() ? done() : update("""
                insert into member_projection select m.* from\s""" + NativeSql.byKey("member_projection", "member_id")
                + " on conflict (member_id) do update set active = false", (Object) NativeSql.ids(ids));
    }

    /**
     * The enrollments of these households, as entities of the session (commands and events change them). The
     * one-element list in ?2 is there to keep Hibernate from caching the plan: Hibernate Reactive 3.1 never finds
     * a native select's plan again, so each execution added one to the cache and every lookup compared against
     * all of them (see {@link NativeSql}); Hibernate does not cache a plan whose parameters include a list.
     */
    public Uni<List<Enrollment>> enrollmentsOf(Collection<UUID> householdIds) {
        return Panache.getSession().chain(s -> s.createNativeQuery("select m.* from "
                + NativeSql.byKey("enrollment", "household_id") + " where 1 in (?2)", Enrollment.class)
                .setParameter(1, NativeSql.ids(householdIds)).setParameter(2, List.of(1)).getResultList());
    }

    private static <T> String[] texts(List<T> rows, Function<T, Object> value) {
        return rows.stream().map(value).map(v -> v == null ? null : v.toString()).toArray(String[]::new);
    }

    private static Uni<Void> done() {
        return Uni.createFrom().voidItem();
    }

    private static Uni<Void> update(String sql, Object... parameters) {
        return NativeSql.update(sql, parameters).replaceWithVoid();
    }
}
