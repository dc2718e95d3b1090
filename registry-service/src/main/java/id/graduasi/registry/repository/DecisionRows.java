package id.graduasi.registry.repository;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import id.graduasi.events.persistence.NativeSql;
import id.graduasi.registry.domain.EducationLevel;
import id.graduasi.registry.domain.Household;
import id.graduasi.registry.domain.HouseholdStatus;
import id.graduasi.registry.domain.Member;
import id.graduasi.registry.domain.RegistrationSource;
import id.graduasi.registry.domain.Relationship;
import id.graduasi.registry.domain.Sex;
import id.graduasi.registry.domain.WelfareCategory;
import io.smallrye.mutiny.Uni;

/**
 * What applying a set of graduation decisions reads and writes of the registry's households, a statement per set
 * (issue #14: the registry applied decisions one by one, a dozen round trips each). Call inside a transaction,
 * under the households' locks.
 * <p>
 * The graduation decision sequence applied per household ({@code household.decision_sequence}, issue #16) is not
 * in the Household entity: the household's version is its revision, announced with every change of the record,
 * and noting which decision event was read is no such change.
 * <p>
 * Lookups take the set's ids as one array and look each id up on its own ({@link NativeSql#byKey}).
 */
public final class DecisionRows {

    private DecisionRows() {
    }

    /** A household's row after its decisions: what the write sets, and the version it was read at. */
    public record Decided(UUID id, String status, Instant updatedAt, long version, long readVersion,
            Long decisionSequence) {
    }

    /** A household as stored, with the decision sequence it applied last (null for none). */
    public record Stored(Household household, Long decisionSequence) {
    }

    /**
     * These households, as values the session does not manage: the caller changes them and {@link #write}s what
     * changed.
     */
    public static Uni<Map<UUID, Stored>> households(Collection<UUID> ids) {
        return NativeSql.rows("""
                select m.id, m.kk_number, m.village_code, m.address, m.latitude, m.longitude, m.welfare_category,
                       m.dtsen_decile, m.registration_source, m.status, cast(m.registered_on as text), m.version,
                       cast(extract(epoch from m.updated_at) * 1000000 as bigint), m.decision_sequence
                from\s""" + NativeSql.byKey("household", "id"), (Object) NativeSql.ids(ids))
                .map(rows -> {
                    Map<UUID, Stored> byId = new HashMap<>();
                    for (Object[] r : rows) {
                        Household h = new Household();
                        h.id = (UUID) r[0];
                        h.kkNumber = ((String) r[1]).strip();
                        h.villageCode = (String) r[2];
                        h.address = (String) r[3];
                        h.latitude = (BigDecimal) r[4];
                        h.longitude = (BigDecimal) r[5];
                        h.welfareCategory = WelfareCategory.valueOf((String) r[6]);
                        h.dtsenDecile = ((Number) r[7]).shortValue();
                        h.registrationSource = RegistrationSource.valueOf((String) r[8]);
                        h.status = HouseholdStatus.valueOf((String) r[9]);
                        h.registeredOn = LocalDate.parse((String) r[10]);
                        h.version = ((Number) r[11]).longValue();
                        h.updatedAt = micros(r[12]);
                        byId.put(h.id, new Stored(h, r[13] == null ? null : ((Number) r[13]).longValue()));
                    }
                    return byId;
                });
    }

    /** The active members of these households, as values the session does not manage, in no particular order. */
    public static Uni<List<Member>> activeMembers(Collection<UUID> households) {
        return NativeSql.rows("""
                select m.id, m.household_id, m.nik_encrypted, m.name, m.sex, cast(m.birth_date as text),
                       m.relationship, m.education_level, m.school_enrolled, m.occupation, m.disability, m.pregnant,
                       cast(extract(epoch from m.added_at) * 1000000 as bigint)
                from\s""" + NativeSql.byKey("member", "household_id", " and active"),
                (Object) NativeSql.ids(households)).map(rows -> {
                    List<Member> members = new ArrayList<>(rows.size());
                    for (Object[] r : rows) {
                        Member m = new Member();
                        m.id = (UUID) r[0];
                        m.householdId = (UUID) r[1];
                        m.nikEncrypted = (String) r[2];
                        m.name = (String) r[3];
                        m.sex = Sex.valueOf(((String) r[4]).strip());
                        m.birthDate = LocalDate.parse((String) r[5]);
                        m.relationship = Relationship.valueOf((String) r[6]);
                        m.educationLevel = r[7] == null ? null : EducationLevel.valueOf((String) r[7]);
                        m.schoolEnrolled = (Boolean) r[8];
                        m.occupation = (String) r[9];
                        m.disability = (Boolean) r[10];
                        m.pregnant = (Boolean) r[11];
                        m.active = true;
                        m.addedAt = micros(r[12]);
                        members.add(m);
                    }
                    return members;
                });
    }

    private static Instant micros(Object epochMicros) {
        return Instant.EPOCH.plus(((Number) epochMicros).longValue(), ChronoUnit.MICROS);
    }

    /**
     * Writes each household's status, time, version and decision sequence in one statement, where its version is
     * still the one read: a household changed meanwhile fails the whole set (retried), though the locks the
     * writers take mean it should not happen. Each row is found on its own by id, then updated by its physical
     * address: a join of the table with the array, planned while the table was small, would stay a scan of the
     * whole table (checked in psql with {@code plan_cache_mode = force_generic_plan}).
     */
    public static Uni<Void> write(List<Decided> households) {
        if (households.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        int n = households.size();
        return NativeSql.update("""
                update household h
                set status = v.status, updated_at = cast(v.updated as timestamptz),
                    version = cast(v.version as bigint), decision_sequence = cast(v.sequence as bigint)
                from (select t.ctid as row, k.*
                      from unnest(cast(?1 as text[]), cast(?2 as text[]), cast(?3 as text[]), cast(?4 as text[]),
                                  cast(?5 as text[]), cast(?6 as text[])) as k(id, status, updated, version, read,
                                                                              sequence)
                      cross join lateral (select ctid from household
                                          where id = cast(k.id as uuid) and version = cast(k.read as bigint)
                                          offset 0) as t) as v
                where h.ctid = v.row""",
                RegistrationRows.column(households, Decided::id), RegistrationRows.column(households, Decided::status),
                RegistrationRows.column(households, Decided::updatedAt),
                RegistrationRows.column(households, Decided::version),
                RegistrationRows.column(households, Decided::readVersion),
                RegistrationRows.column(households, Decided::decisionSequence))
                .invoke(updated -> {
                    if (updated != n) {
                        throw new IllegalStateException((n - updated) + " of " + n
                                + " households changed while their graduation decisions were applied");
                    }
                }).replaceWithVoid();
    }
}
