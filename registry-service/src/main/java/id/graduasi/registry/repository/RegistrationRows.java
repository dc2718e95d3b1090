package id.graduasi.registry.repository;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Function;

import id.graduasi.events.persistence.NativeSql;
import id.graduasi.registry.domain.DuplicateCandidate;
import id.graduasi.registry.domain.Household;
import id.graduasi.registry.domain.HouseholdRevision;
import id.graduasi.registry.domain.HouseholdStatusChange;
import id.graduasi.registry.domain.Member;
import io.smallrye.mutiny.Uni;

/**
 * Writes new registrations as multi-row inserts, one statement per table however many households a batch holds:
 * a bulk import commits whole batches this way. Call inside a transaction. Columns travel as text arrays and are
 * cast in SQL, so nulls and every type go the same way. Lookups of the fixed-width KK number and NIK hash cast
 * their arrays to {@code bpchar[]}: against {@code text[]} PostgreSQL would compare as text and skip the index.
 */
public final class RegistrationRows {

    private RegistrationRows() {
    }

    /** Household id by KK number, for the KK numbers already registered. */
    public static Uni<Map<String, UUID>> householdsByKk(List<String> kkNumbers) {
        return pairs("select kk_number, cast(id as text) from household where kk_number = any(cast(?1 as bpchar[]))",
                kkNumbers);
    }

    /** The village of each given household. */
    public static Uni<Map<UUID, String>> villagesOf(java.util.Collection<UUID> households) {
        if (households.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        return NativeSql.rows("select cast(id as text), village_code from household"
                + " where id = any(cast(cast(?1 as text[]) as uuid[]))",
                (Object) households.stream().map(UUID::toString).toArray(String[]::new))
                .map(rows -> {
                    Map<UUID, String> villages = new HashMap<>();
                    rows.forEach(r -> villages.put(UUID.fromString((String) r[0]), ((String) r[1]).strip()));
                    return villages;
                });
    }

    /** Household id by NIK hash, for the people already active in a household. */
    public static Uni<Map<String, UUID>> activeHouseholdsByNikHash(List<String> nikHashes) {
        return pairs("select nik_hash, cast(household_id as text) from member"
                + " where active and nik_hash = any(cast(?1 as bpchar[]))", nikHashes);
    }

    /** Household ids, among those given, that this import job created. */
    public static Uni<Map<String, UUID>> householdsByKkOfImport(List<String> kkNumbers, UUID jobId) {
        return pairs("select kk_number, cast(id as text) from household where kk_number = any(cast(?1 as bpchar[]))"
                + " and import_job_id = cast(?2 as uuid)", kkNumbers, jobId.toString());
    }

    /**
     * Active people born on the same day in the same village as one of the given members, in another household:
     * {@code [memberId, otherMemberId, otherHouseholdId, otherName]} rows.
     */
    public static Uni<List<Object[]>> sameVillageAndBirthDate(List<Member> members) {
        return NativeSql.rows("""
                select cast(m.id as text), cast(o.id as text), cast(o.household_id as text), o.name
                from member m
                join member o on o.village_code = m.village_code and o.birth_date = m.birth_date and o.active
                             and o.household_id <> m.household_id
                where m.id = any(cast(cast(?1 as text[]) as uuid[]))""", (Object) column(members, m -> m.id));
    }

    public static Uni<Void> insertHouseholds(List<Household> households) {
        return insert("""
                insert into household (id, kk_number, village_code, address, latitude, longitude, welfare_category,
                                       dtsen_decile, registration_source, status, registered_on, version, created_at,
                                       updated_at, import_job_id)
                select cast(id as uuid), kk, village, address, cast(lat as numeric), cast(lon as numeric), category,
                       cast(decile as smallint), source, status, cast(registered as date), cast(version as bigint),
                       cast(created as timestamptz), cast(updated as timestamptz), cast(job as uuid)
                from unnest(cast(?1 as text[]), cast(?2 as text[]), cast(?3 as text[]), cast(?4 as text[]),
                            cast(?5 as text[]), cast(?6 as text[]), cast(?7 as text[]), cast(?8 as text[]),
                            cast(?9 as text[]), cast(?10 as text[]), cast(?11 as text[]), cast(?12 as text[]),
                            cast(?13 as text[]), cast(?14 as text[]), cast(?15 as text[]))
                     as h(id, kk, village, address, lat, lon, category, decile, source, status, registered, version,
                          created, updated, job)""",
                column(households, h -> h.id), column(households, h -> h.kkNumber),
                column(households, h -> h.villageCode), column(households, h -> h.address),
                column(households, h -> h.latitude), column(households, h -> h.longitude),
                column(households, h -> h.welfareCategory), column(households, h -> h.dtsenDecile),
                column(households, h -> h.registrationSource), column(households, h -> h.status),
                column(households, h -> h.registeredOn), column(households, h -> h.version),
                column(households, h -> h.createdAt), column(households, h -> h.updatedAt),
                column(households, h -> h.importJobId));
    }

    public static Uni<Void> insertMembers(List<Member> members) {
        return insert("""
                insert into member (id, household_id, nik_hash, nik_encrypted, village_code, name, sex, birth_date,
                                    relationship, education_level, school_enrolled, occupation, disability, pregnant,
                                    active, added_at)
                select cast(id as uuid), cast(household as uuid), nik_hash, nik, village, name, sex,
                       cast(born as date), relationship, education, cast(school as boolean), occupation,
                       cast(disability as boolean), cast(pregnant as boolean), cast(active as boolean),
                       cast(added as timestamptz)
                from unnest(cast(?1 as text[]), cast(?2 as text[]), cast(?3 as text[]), cast(?4 as text[]),
                            cast(?5 as text[]), cast(?6 as text[]), cast(?7 as text[]), cast(?8 as text[]),
                            cast(?9 as text[]), cast(?10 as text[]), cast(?11 as text[]), cast(?12 as text[]),
                            cast(?13 as text[]), cast(?14 as text[]), cast(?15 as text[]), cast(?16 as text[]))
                     as m(id, household, nik_hash, nik, village, name, sex, born, relationship, education, school,
                          occupation, disability, pregnant, active, added)""",
                column(members, m -> m.id), column(members, m -> m.householdId), column(members, m -> m.nikHash),
                column(members, m -> m.nikEncrypted), column(members, m -> m.villageCode),
                column(members, m -> m.name), column(members, m -> m.sex), column(members, m -> m.birthDate),
                column(members, m -> m.relationship), column(members, m -> m.educationLevel),
                column(members, m -> m.schoolEnrolled), column(members, m -> m.occupation),
                column(members, m -> m.disability), column(members, m -> m.pregnant),
                column(members, m -> m.active), column(members, m -> m.addedAt));
    }

    public static Uni<Void> insertStatusChanges(List<HouseholdStatusChange> changes) {
        return insert("""
                insert into household_status_change (id, household_id, from_status, to_status, reason, note,
                                                     changed_by, changed_at)
                select cast(id as uuid), cast(household as uuid), from_status, to_status, reason, note, changed_by,
                       cast(changed_at as timestamptz)
                from unnest(cast(?1 as text[]), cast(?2 as text[]), cast(?3 as text[]), cast(?4 as text[]),
                            cast(?5 as text[]), cast(?6 as text[]), cast(?7 as text[]), cast(?8 as text[]))
                     as c(id, household, from_status, to_status, reason, note, changed_by, changed_at)""",
                column(changes, c -> c.id), column(changes, c -> c.householdId), column(changes, c -> c.fromStatus),
                column(changes, c -> c.toStatus), column(changes, c -> c.reason), column(changes, c -> c.note),
                column(changes, c -> c.changedBy), column(changes, c -> c.changedAt));
    }

    public static Uni<Void> insertRevisions(List<HouseholdRevision> revisions) {
        return insert("""
                insert into household_revision (id, household_id, revision, change, changed_by, changed_at, snapshot)
                select cast(id as uuid), cast(household as uuid), cast(revision as bigint), change, changed_by,
                       cast(changed_at as timestamptz), cast(snapshot as jsonb)
                from unnest(cast(?1 as text[]), cast(?2 as text[]), cast(?3 as text[]), cast(?4 as text[]),
                            cast(?5 as text[]), cast(?6 as text[]), cast(?7 as text[]))
                     as r(id, household, revision, change, changed_by, changed_at, snapshot)""",
                column(revisions, r -> r.id), column(revisions, r -> r.householdId),
                column(revisions, r -> r.revision), column(revisions, r -> r.change),
                column(revisions, r -> r.changedBy), column(revisions, r -> r.changedAt),
                column(revisions, r -> r.snapshot));
    }

    public static Uni<Void> insertDuplicateCandidates(List<DuplicateCandidate> candidates) {
        return insert("""
                insert into duplicate_candidate (id, household_id, member_id, other_household_id, other_member_id,
                                                 reason, status, created_at)
                select cast(id as uuid), cast(household as uuid), cast(member as uuid), cast(other_household as uuid),
                       cast(other_member as uuid), reason, status, cast(created as timestamptz)
                from unnest(cast(?1 as text[]), cast(?2 as text[]), cast(?3 as text[]), cast(?4 as text[]),
                            cast(?5 as text[]), cast(?6 as text[]), cast(?7 as text[]), cast(?8 as text[]))
                     as d(id, household, member, other_household, other_member, reason, status, created)""",
                column(candidates, c -> c.id), column(candidates, c -> c.householdId),
                column(candidates, c -> c.memberId), column(candidates, c -> c.otherHouseholdId),
                column(candidates, c -> c.otherMemberId), column(candidates, c -> c.reason),
                column(candidates, c -> c.status), column(candidates, c -> c.createdAt));
    }

    /**
     * ANALYZE of the tables an import grows, through a function that runs as their owner (V7): the service's
     * own role may not analyze them.
     */
    public static Uni<Void> refreshStatistics() {
        return NativeSql.rows("select cast(refresh_import_statistics() as text)").replaceWithVoid();
    }

    private static Uni<Void> insert(String sql, String[]... columns) {
        if (columns[0].length == 0) {
            return Uni.createFrom().voidItem();
        }
        return NativeSql.update(sql, (Object[]) columns).replaceWithVoid();
    }

    private static Uni<Map<String, UUID>> pairs(String sql, List<String> keys, String... more) {
        if (keys.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        Object[] parameters = new Object[more.length + 1];
        parameters[0] = keys.toArray(String[]::new);
        System.arraycopy(more, 0, parameters, 1, more.length);
        return NativeSql.rows(sql, parameters).map(rows -> {
            Map<String, UUID> found = new HashMap<>();
            for (Object[] pair : rows) {
                found.put(pair[0].toString().strip(), UUID.fromString(pair[1].toString()));
            }
            return found;
        });
    }

    /** One column as text: enums by name, instants in ISO-8601 UTC, everything else by its toString. */
    static <T> String[] column(List<T> rows, Function<T, Object> value) {
        String[] column = new String[rows.size()];
        for (int i = 0; i < column.length; i++) {
            Object v = value.apply(rows.get(i));
            column[i] = v instanceof Enum<?> e ? e.name() : v instanceof Instant at ? at.toString()
                    : Objects.toString(v, null);
        }
        return column;
    }
}
