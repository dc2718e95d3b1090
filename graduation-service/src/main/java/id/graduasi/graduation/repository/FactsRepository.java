package id.graduasi.graduation.repository;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import id.graduasi.events.contract.AidDisbursed;
import id.graduasi.events.contract.AssessmentRecorded;
import id.graduasi.events.contract.CaseClosed;
import id.graduasi.events.contract.CaseMonitoringStarted;
import id.graduasi.events.contract.CaseOpened;
import id.graduasi.events.contract.EnrollmentActivated;
import id.graduasi.events.contract.EnrollmentEnded;
import id.graduasi.events.contract.GraduationRecommended;
import id.graduasi.events.contract.HouseholdEvent;
import id.graduasi.events.contract.HouseholdRegistered;
import id.graduasi.events.contract.HouseholdUpdated;
import id.graduasi.events.contract.MemberAdded;
import id.graduasi.events.contract.MemberRemoved;
import id.graduasi.events.contract.VisitRecorded;
import id.graduasi.graduation.domain.Snapshot;
import id.graduasi.rest.ListBounds;
import id.graduasi.events.persistence.NativeSql;
import io.smallrye.mutiny.Uni;

/**
 * The facts graduation keeps of each household, as the other services announced them, in plain SQL: written by
 * the consumer (inside its inbox transaction), read back as the parts of an evaluation's snapshot.
 */
@ApplicationScoped
public class FactsRepository {

    /** Observations older than this many are not needed by any rule (windows are at most a year or two). */
    private static final int OBSERVATIONS_KEPT_IN_SNAPSHOT = 60;

    /** See {@link #facts}: formatted once, not for every read. */
    private static final String FACTS = """
        select cast(json_build_array(
          (select json_agg(json_build_array(observed_on, income_per_capita_month, expenditure_per_capita_month,
                      income_sources, savings, business_active, meals_per_day,
                      cast(floor_area_per_person as text), floor_material, wall_material, wall_condition,
                      roof_condition, drinking_water, sanitation) order by observed_on)
           from (select * from indicator_observation where household_id = ?1
                 order by observed_on desc limit %1$d) o),
          (select json_agg(json_build_array(relationship, sex, birth_date, education_level, school_enrolled,
                      disability, pregnant) order by birth_date nulls last, member_id)
           from (select * from member_view where household_id = ?1 and active
                 order by birth_date nulls last, member_id limit %2$d) m),
          (select json_agg(json_build_array(programme, status, activated_on)
                      order by activated_on nulls last, enrollment_id)
           from (select * from enrollment_view where household_id = ?1
                 order by activated_on nulls last, enrollment_id limit %2$d) e),
          (select json_agg(json_build_array(programme, payments, rupiah, last_paid_on) order by programme)
           from (select programme, count(*) payments, sum(amount) rupiah, max(paid_on) last_paid_on
                 from aid_payment where household_id = ?1 group by programme) a),
          (select json_build_array(assessed_on, scores) from assessment_view where household_id = ?1
           order by assessed_on desc, assessment_id desc limit 1),
          (select json_agg(json_build_array(visited_on, attended) order by visited_on, visit_id)
           from (select * from p2k2_session where household_id = ?1
                 order by visited_on desc, visit_id desc limit %2$d) s),
          (select json_build_array(recommendation_id, recommended_on, ready, pathway, reason_codes)
           from recommendation_view where household_id = ?1
           order by recommended_on desc, recommendation_id desc limit 1)) as text)"""
            .formatted(OBSERVATIONS_KEPT_IN_SNAPSHOT, ListBounds.MAX_ROWS);

    private final ObjectMapper mapper;

    public FactsRepository(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /**
     * The registry's announcements of households, applied together as one by one: a view is created where there
     * is none; an existing one takes the registration day, and its village and REGISTERED status only if no
     * status was heard before (an enrollment or case event may have created it first); a registration older than
     * the registry revision applied changes nothing. A household announced twice keeps the last.
     */
    public Uni<Void> registered(List<HouseholdRegistered> events, Instant now) {
        List<HouseholdRegistered> last = lastOf(events, HouseholdRegistered::householdId);
        if (last.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        String[] ids = texts(last, e -> e.householdId());
        String[] villages = texts(last, HouseholdRegistered::villageCode);
        String[] days = texts(last, HouseholdRegistered::registeredOn);
        String[] revisions = texts(last, HouseholdRegistered::revision);
        return update("""
                update household_view v
                set registry_status = coalesce(v.registry_status, 'REGISTERED'),
                    village_code = case when v.registry_status is null then e.village else v.village_code end,
                    registered_on = e.registered_on, updated_at = ?5, version = v.version + 1
                from unnest(cast(cast(?1 as text[]) as uuid[]), cast(?2 as text[]), cast(cast(?3 as text[]) as date[]),
                            cast(cast(?4 as text[]) as bigint[])) as e(household_id, village, registered_on, revision)
                where v.household_id = e.household_id
                  and (e.revision is null or v.registry_revision is null or e.revision >= v.registry_revision)""",
                ids, villages, days, revisions, now)
                .chain(() -> update("""
                        insert into household_view (household_id, registry_status, village_code, registered_on,
                                                    active_enrollments, decision_sequence, updated_at, version)
                        select e.household_id, 'REGISTERED', e.village, e.registered_on, 0, 0, ?4, 0
                        from unnest(cast(cast(?1 as text[]) as uuid[]), cast(?2 as text[]),
                                    cast(cast(?3 as text[]) as date[])) as e(household_id, village, registered_on)
                        on conflict (household_id) do nothing""", ids, villages, days, now));
    }

    /** Observations, applied together; a household observed twice on one day keeps the last. */
    public Uni<Void> observations(List<HouseholdUpdated> events) {
        List<HouseholdUpdated> last = lastOf(events, e -> e.householdId() + "/" + e.observedOn());
        if (last.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return update("""
                insert into indicator_observation (household_id, observed_on, income_per_capita_month,
                    expenditure_per_capita_month, income_sources, savings, business_active, meals_per_day,
                    floor_area_per_person, floor_material, wall_material, wall_condition, roof_condition,
                    drinking_water, sanitation, electricity)
                select * from unnest(cast(cast(?1 as text[]) as uuid[]), cast(cast(?2 as text[]) as date[]),
                    cast(cast(?3 as text[]) as bigint[]), cast(cast(?4 as text[]) as bigint[]),
                    cast(cast(?5 as text[]) as integer[]), cast(cast(?6 as text[]) as bigint[]),
                    cast(?7 as boolean[]), cast(cast(?8 as text[]) as integer[]),
                    cast(cast(?9 as text[]) as numeric[]), cast(?10 as text[]), cast(?11 as text[]),
                    cast(?12 as text[]), cast(?13 as text[]), cast(?14 as text[]), cast(?15 as text[]),
                    cast(?16 as text[]))
                on conflict (household_id, observed_on) do update set
                    income_per_capita_month = excluded.income_per_capita_month,
                    expenditure_per_capita_month = excluded.expenditure_per_capita_month,
                    income_sources = excluded.income_sources, savings = excluded.savings,
                    business_active = excluded.business_active, meals_per_day = excluded.meals_per_day,
                    floor_area_per_person = excluded.floor_area_per_person,
                    floor_material = excluded.floor_material, wall_material = excluded.wall_material,
                    wall_condition = excluded.wall_condition, roof_condition = excluded.roof_condition,
                    drinking_water = excluded.drinking_water, sanitation = excluded.sanitation,
                    electricity = excluded.electricity""",
                texts(last, HouseholdUpdated::householdId), texts(last, HouseholdUpdated::observedOn),
                texts(last, HouseholdUpdated::incomePerCapitaMonth),
                texts(last, HouseholdUpdated::expenditurePerCapitaMonth), texts(last, HouseholdUpdated::incomeSources),
                texts(last, HouseholdUpdated::savings),
                last.stream().map(HouseholdUpdated::businessActive).toArray(Boolean[]::new),
                texts(last, HouseholdUpdated::mealsPerDay), texts(last, HouseholdUpdated::floorAreaPerPerson),
                texts(last, HouseholdUpdated::floorMaterial), texts(last, HouseholdUpdated::wallMaterial),
                texts(last, HouseholdUpdated::wallCondition), texts(last, HouseholdUpdated::roofCondition),
                texts(last, HouseholdUpdated::drinkingWater), texts(last, HouseholdUpdated::sanitation),
                texts(last, HouseholdUpdated::electricity));
    }

    /** Members, applied together; a member announced twice keeps the last. */
    public Uni<Void> membersAdded(List<MemberAdded> events) {
        List<MemberAdded> last = lastOf(events, MemberAdded::memberId);
        if (last.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return update("""
                insert into member_view (member_id, household_id, relationship, sex, birth_date, education_level,
                                         school_enrolled, disability, pregnant, active)
                select m, h, r, s, b, e, se, d, p, true
                from unnest(cast(cast(?1 as text[]) as uuid[]), cast(cast(?2 as text[]) as uuid[]), cast(?3 as text[]),
                            cast(?4 as text[]), cast(cast(?5 as text[]) as date[]), cast(?6 as text[]),
                            cast(?7 as boolean[]), cast(?8 as boolean[]), cast(?9 as boolean[]))
                     as x(m, h, r, s, b, e, se, d, p)
                on conflict (member_id) do update set relationship = excluded.relationship, sex = excluded.sex,
                    birth_date = excluded.birth_date, education_level = excluded.education_level,
                    school_enrolled = excluded.school_enrolled, disability = excluded.disability,
                    pregnant = excluded.pregnant""",
                texts(last, MemberAdded::memberId), texts(last, MemberAdded::householdId),
                texts(last, MemberAdded::relationship), texts(last, MemberAdded::sex),
                texts(last, MemberAdded::birthDate), texts(last, MemberAdded::educationLevel),
                last.stream().map(MemberAdded::schoolEnrolled).toArray(Boolean[]::new),
                last.stream().map(MemberAdded::disability).toArray(Boolean[]::new),
                last.stream().map(MemberAdded::pregnant).toArray(Boolean[]::new));
    }

    /**
     * A removal heard before the addition leaves an inactive row that the addition does not re-activate: removals
     * and additions give the same rows in any order, so a run's removals may follow its additions.
     */
    public Uni<Void> membersRemoved(List<MemberRemoved> events) {
        List<MemberRemoved> last = lastOf(events, MemberRemoved::memberId);
        if (last.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return update("""
                insert into member_view (member_id, household_id, school_enrolled, disability, pregnant, active)
                select m, h, false, false, false, false
                from unnest(cast(cast(?1 as text[]) as uuid[]), cast(cast(?2 as text[]) as uuid[])) as x(m, h)
                on conflict (member_id) do update set active = false""",
                texts(last, MemberRemoved::memberId), texts(last, MemberRemoved::householdId));
    }

    /**
     * Marks households whose facts changed for re-evaluation, if ACTIVE and not decided. Always writes the rows
     * (keeping the first dirty time), in a fixed order: the row locks, held until this transaction commits, make
     * the worker skip the households or wait for these facts, so no fact goes unevaluated.
     */
    public Uni<Void> dirty(java.util.Collection<UUID> households, Instant now) {
        if (households.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        String[] ids = households.stream().map(UUID::toString).sorted().toArray(String[]::new);
        return update("""
                update household_view v set dirty_since = coalesce(v.dirty_since, ?2)
                from (select h from unnest(cast(cast(?1 as text[]) as uuid[])) as x(h) order by h) as x
                where v.household_id = x.h and v.registry_status = 'ACTIVE' and v.decision_status is null""",
                ids, now);
    }

    /** The last event of each key, in the order of their last occurrence. */
    private static <T> List<T> lastOf(List<T> events, Function<T, Object> key) {
        Map<Object, T> last = new LinkedHashMap<>();
        for (T event : events) {
            last.remove(key.apply(event));
            last.put(key.apply(event), event);
        }
        return new ArrayList<>(last.values());
    }

    private static <T> String[] texts(List<T> events, Function<T, Object> value) {
        return events.stream().map(value).map(v -> v == null ? null : v.toString()).toArray(String[]::new);
    }

    /**
     * Assistance's enrollment events ({@link EnrollmentActivated}, {@link EnrollmentEnded}), in their order, applied
     * together as one by one: in rounds that hold each enrollment once, so an enrollment heard several times in a
     * run takes its events in their order. An activation dated before the enrollment's end (an older event heard
     * late) leaves it ended; one dated on or after it (a reversal's re-activation) makes it active again. Each
     * household's count of ACTIVE enrollments is then counted again, its view created where there is none, in the
     * households' order (the row locks' order everywhere).
     */
    public Uni<Void> enrollments(List<? extends HouseholdEvent> events, Instant now) {
        if (events.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<List<HouseholdEvent>> rounds = new ArrayList<>();
        Map<UUID, Integer> heard = new HashMap<>();
        for (HouseholdEvent event : events) {
            UUID enrollment = event instanceof EnrollmentActivated a ? a.enrollmentId()
                    : ((EnrollmentEnded) event).enrollmentId();
            int round = heard.merge(enrollment, 1, Integer::sum) - 1;
            if (round == rounds.size()) {
                rounds.add(new ArrayList<>());
            }
            rounds.get(round).add(event);
        }
        Uni<Void> applied = Uni.createFrom().voidItem();
        for (List<HouseholdEvent> round : rounds) {
            applied = applied.chain(() -> activations(only(round, EnrollmentActivated.class)))
                    .chain(() -> ends(only(round, EnrollmentEnded.class)));
        }
        String[] households = events.stream().map(e -> e.householdId().toString()).distinct().sorted()
                .toArray(String[]::new);
        return applied.chain(() -> update("""
                insert into household_view (household_id, active_enrollments, decision_sequence, updated_at, version)
                select x.h, (select count(*) from enrollment_view e
                             where e.household_id = x.h and e.status = 'ACTIVE'), 0, ?2, 0
                from unnest(cast(cast(?1 as text[]) as uuid[])) with ordinality as x(h, n)
                order by x.n
                on conflict (household_id) do update set active_enrollments = excluded.active_enrollments,
                    updated_at = excluded.updated_at, version = household_view.version + 1""", households, now));
    }

    private Uni<Void> activations(List<EnrollmentActivated> activated) {
        return activated.isEmpty() ? Uni.createFrom().voidItem() : update("""
                insert into enrollment_view (enrollment_id, household_id, programme, status, activated_on)
                select e, h, p, 'ACTIVE', d
                from unnest(cast(cast(?1 as text[]) as uuid[]), cast(cast(?2 as text[]) as uuid[]), cast(?3 as text[]),
                            cast(cast(?4 as text[]) as date[])) as x(e, h, p, d)
                on conflict (enrollment_id) do update set programme = excluded.programme,
                    activated_on = excluded.activated_on,
                    status = case when enrollment_view.ended_on is null
                                       or excluded.activated_on >= enrollment_view.ended_on
                                  then 'ACTIVE' else enrollment_view.status end,
                    ended_on = case when excluded.activated_on >= enrollment_view.ended_on then null
                                    else enrollment_view.ended_on end,
                    end_reason = case when excluded.activated_on >= enrollment_view.ended_on then null
                                      else enrollment_view.end_reason end""",
                texts(activated, EnrollmentActivated::enrollmentId), texts(activated, EnrollmentActivated::householdId),
                texts(activated, EnrollmentActivated::programme), texts(activated, EnrollmentActivated::activatedOn));
    }

    private Uni<Void> ends(List<EnrollmentEnded> ended) {
        return ended.isEmpty() ? Uni.createFrom().voidItem() : update("""
                insert into enrollment_view (enrollment_id, household_id, programme, status, ended_on, end_reason)
                select e, h, p, 'ENDED', d, r
                from unnest(cast(cast(?1 as text[]) as uuid[]), cast(cast(?2 as text[]) as uuid[]), cast(?3 as text[]),
                            cast(cast(?4 as text[]) as date[]), cast(?5 as text[])) as x(e, h, p, d, r)
                on conflict (enrollment_id) do update set status = 'ENDED', ended_on = excluded.ended_on,
                    end_reason = excluded.end_reason""",
                texts(ended, EnrollmentEnded::enrollmentId), texts(ended, EnrollmentEnded::householdId),
                texts(ended, EnrollmentEnded::programme), texts(ended, EnrollmentEnded::endedOn),
                texts(ended, EnrollmentEnded::reason));
    }

    /**
     * Mentoring's case events ({@link CaseOpened}, {@link CaseMonitoringStarted}, {@link CaseClosed}), in their
     * order: each household's view takes the status of its last one, as one by one, and is created where there is
     * none (a case may be heard before the registry's announcement). In the households' order, as everywhere.
     */
    public Uni<Void> caseStatuses(List<? extends HouseholdEvent> events, Instant now) {
        Map<UUID, String> last = new java.util.TreeMap<>();
        for (HouseholdEvent event : events) {
            last.put(event.householdId(), event instanceof CaseOpened ? "OPEN"
                    : event instanceof CaseMonitoringStarted ? "MONITORING" : "CLOSED");
        }
        return last.isEmpty() ? Uni.createFrom().voidItem() : update("""
                insert into household_view (household_id, case_status, active_enrollments, decision_sequence,
                                            updated_at, version)
                select x.h, x.s, 0, 0, ?3, 0
                from unnest(cast(cast(?1 as text[]) as uuid[]), cast(?2 as text[])) with ordinality as x(h, s, n)
                order by x.n
                on conflict (household_id) do update set case_status = excluded.case_status,
                    updated_at = excluded.updated_at, version = household_view.version + 1""",
                last.keySet().stream().map(UUID::toString).toArray(String[]::new),
                last.values().toArray(String[]::new), now);
    }

    private static <T> List<T> only(List<HouseholdEvent> events, Class<T> type) {
        return events.stream().filter(type::isInstance).map(type::cast).toList();
    }

    public Uni<Void> aidDisbursed(AidDisbursed e) {
        return update("""
                insert into aid_payment (entitlement_id, household_id, programme, amount, paid_on)
                values (?1, ?2, ?3, ?4, ?5) on conflict (entitlement_id) do nothing""",
                e.entitlementId(), e.householdId(), e.programme(), e.amount(), e.paidOn());
    }

    public Uni<Void> assessment(AssessmentRecorded e) {
        Map<String, Integer> scores = new java.util.TreeMap<>();
        e.scores().forEach(s -> scores.put(s.criterion().name(), s.score()));
        return update("""
                insert into assessment_view (assessment_id, household_id, assessed_on, scores)
                values (?1, ?2, ?3, cast(cast(?4 as text) as jsonb)) on conflict (assessment_id) do nothing""",
                e.assessmentId(), e.householdId(), e.assessedOn(), json(scores));
    }

    public Uni<Void> visit(VisitRecorded e) {
        return update("""
                insert into p2k2_session (visit_id, household_id, visited_on, attended)
                values (?1, ?2, ?3, ?4)
                on conflict (visit_id) do update set visited_on = excluded.visited_on, attended = excluded.attended""",
                e.visitId(), e.householdId(), e.visitedOn(), e.attended());
    }

    public Uni<Void> recommendation(GraduationRecommended e) {
        return update("""
                insert into recommendation_view (recommendation_id, household_id, worker_id, ready, pathway,
                                                 reason_codes, recommended_on)
                values (?1, ?2, ?3, ?4, ?5, ?6, ?7) on conflict (recommendation_id) do nothing""",
                e.recommendationId(), e.householdId(), e.workerId(), e.ready(), e.pathway(),
                e.reasonCodes() == null ? null : String.join(",", e.reasonCodes()), e.recommendedOn());
    }

    /** A recommendation of the household, or null. */
    public Uni<Snapshot.Recommendation> recommendation(UUID householdId, UUID recommendationId) {
        return rows("""
                select cast(json_build_array(recommendation_id, recommended_on, ready, pathway, reason_codes) as text)
                from recommendation_view where household_id = ?1 and recommendation_id = ?2""",
                householdId, recommendationId)
                .map(rows -> rows.isEmpty() ? null : recommendation(tree(rows.get(0)[0].toString())));
    }

    /**
     * The facts of one household, read inside the caller's session, for a snapshot as of a date: in one statement,
     * each part a JSON array (null where the household has none), so a readiness read or an evaluation costs one
     * round trip instead of one per part.
     */
    public Uni<Facts> facts(UUID householdId) {
        return rows(FACTS, householdId)
                .map(rows -> {
                    JsonNode parts = tree(rows.get(0)[0].toString());
                    Facts facts = new Facts();
                    parts.get(0).forEach(o -> facts.observations.add(new Snapshot.Observation(date(o.get(0)),
                            o.get(1).asLong(), o.get(2).asLong(), o.get(3).asInt(), o.get(4).asLong(),
                            o.get(5).asBoolean(), o.get(6).asInt(),
                            o.get(7).isNull() ? null : new BigDecimal(o.get(7).asText()), str(o.get(8)),
                            str(o.get(9)), str(o.get(10)), str(o.get(11)), str(o.get(12)), str(o.get(13)))));
                    parts.get(1).forEach(m -> facts.members.add(new Snapshot.Member(str(m.get(0)), str(m.get(1)),
                            date(m.get(2)), str(m.get(3)), m.get(4).asBoolean(), m.get(5).asBoolean(),
                            m.get(6).asBoolean())));
                    parts.get(2).forEach(e -> facts.enrollments.add(new Snapshot.Enrollment(str(e.get(0)),
                            str(e.get(1)), date(e.get(2)))));
                    parts.get(3).forEach(a -> facts.aid.add(new Snapshot.AidTotal(str(a.get(0)), a.get(1).asInt(),
                            a.get(2).asLong(), date(a.get(3)))));
                    JsonNode assessment = parts.get(4);
                    if (!assessment.isNull()) {
                        facts.latestAssessment = new Snapshot.Assessment(date(assessment.get(0)),
                                new TreeMap<>(mapper.convertValue(assessment.get(1),
                                        new TypeReference<Map<String, Integer>>() {
                                        })));
                    }
                    parts.get(5).forEach(v -> facts.sessions.add(new Snapshot.Session(date(v.get(0)),
                            v.get(1).asBoolean())));
                    JsonNode recommendation = parts.get(6);
                    facts.latestRecommendation = recommendation.isNull() ? null : recommendation(recommendation);
                    return facts;
                });
    }

    /** Mutable while it is being read; then frozen into a {@link Snapshot}. */
    public static final class Facts {
        public final List<Snapshot.Observation> observations = new ArrayList<>();
        public final List<Snapshot.Member> members = new ArrayList<>();
        public final List<Snapshot.Enrollment> enrollments = new ArrayList<>();
        public final List<Snapshot.AidTotal> aid = new ArrayList<>();
        public final List<Snapshot.Session> sessions = new ArrayList<>();
        public Snapshot.Assessment latestAssessment;
        public Snapshot.Recommendation latestRecommendation;
    }

    private static Snapshot.Recommendation recommendation(JsonNode r) {
        String reasons = str(r.get(4));
        return new Snapshot.Recommendation(UUID.fromString(r.get(0).asText()), date(r.get(1)), r.get(2).asBoolean(),
                str(r.get(3)), reasons == null || reasons.isEmpty() ? List.of() : Arrays.asList(reasons.split(",")));
    }

    private JsonNode tree(String json) {
        try {
            return mapper.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("PostgreSQL built JSON that does not parse", e);
        }
    }

    private String json(Object value) {
        try {
            return mapper.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static LocalDate date(JsonNode value) {
        return value.isNull() ? null : LocalDate.parse(value.asText());
    }

    private static String str(JsonNode value) {
        return value.isNull() ? null : value.asText();
    }

    private static Uni<Void> update(String sql, Object... parameters) {
        return NativeSql.update(sql, parameters).replaceWithVoid();
    }

    private static Uni<List<Object[]>> rows(String sql, Object... parameters) {
        return NativeSql.rows(sql, parameters);
    }
}
