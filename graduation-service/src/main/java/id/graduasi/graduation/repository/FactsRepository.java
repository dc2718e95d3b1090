package id.graduasi.graduation.repository;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import id.graduasi.events.contract.AidDisbursed;
import id.graduasi.events.contract.AssessmentRecorded;
import id.graduasi.events.contract.EnrollmentActivated;
import id.graduasi.events.contract.EnrollmentEnded;
import id.graduasi.events.contract.GraduationRecommended;
import id.graduasi.events.contract.HouseholdUpdated;
import id.graduasi.events.contract.MemberAdded;
import id.graduasi.events.contract.MemberRemoved;
import id.graduasi.events.contract.VisitRecorded;
import id.graduasi.graduation.domain.Snapshot;
import id.graduasi.rest.ListBounds;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

/**
 * The facts graduation keeps of each household, as the other services announced them, in plain SQL: written by
 * the consumer (inside its inbox transaction), read back as the parts of an evaluation's snapshot.
 */
@ApplicationScoped
public class FactsRepository {

    /** Observations older than this many are not needed by any rule (windows are at most a year or two). */
    private static final int OBSERVATIONS_KEPT_IN_SNAPSHOT = 60;

    private final ObjectMapper mapper;

    public FactsRepository(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    public Uni<Void> observation(HouseholdUpdated e) {
        return update("""
                insert into indicator_observation (household_id, observed_on, income_per_capita_month,
                    expenditure_per_capita_month, income_sources, savings, business_active, meals_per_day,
                    floor_area_per_person, floor_material, wall_material, wall_condition, roof_condition,
                    drinking_water, sanitation, electricity)
                values (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)
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
                e.householdId(), e.observedOn(), e.incomePerCapitaMonth(), e.expenditurePerCapitaMonth(),
                e.incomeSources(), e.savings(), e.businessActive(), e.mealsPerDay(), e.floorAreaPerPerson(),
                e.floorMaterial(), e.wallMaterial(), e.wallCondition(), e.roofCondition(), e.drinkingWater(),
                e.sanitation(), e.electricity());
    }

    public Uni<Void> memberAdded(MemberAdded e) {
        return update("""
                insert into member_view (member_id, household_id, relationship, sex, birth_date, education_level,
                                         school_enrolled, disability, pregnant, active)
                values (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, true)
                on conflict (member_id) do update set relationship = excluded.relationship, sex = excluded.sex,
                    birth_date = excluded.birth_date, education_level = excluded.education_level,
                    school_enrolled = excluded.school_enrolled, disability = excluded.disability,
                    pregnant = excluded.pregnant""",
                e.memberId(), e.householdId(), e.relationship(), e.sex(), e.birthDate(), e.educationLevel(),
                e.schoolEnrolled(), e.disability(), e.pregnant());
    }

    /** A removal heard before the addition leaves an inactive row that the addition does not re-activate. */
    public Uni<Void> memberRemoved(MemberRemoved e) {
        return update("""
                insert into member_view (member_id, household_id, school_enrolled, disability, pregnant, active)
                values (?1, ?2, false, false, false, false)
                on conflict (member_id) do update set active = false""", e.memberId(), e.householdId());
    }

    public Uni<Void> enrollmentActivated(EnrollmentActivated e) {
        return update("""
                insert into enrollment_view (enrollment_id, household_id, programme, status, activated_on)
                values (?1, ?2, ?3, 'ACTIVE', ?4)
                on conflict (enrollment_id) do update set programme = excluded.programme,
                    activated_on = excluded.activated_on,
                    status = case when enrollment_view.ended_on is null then 'ACTIVE' else enrollment_view.status end""",
                e.enrollmentId(), e.householdId(), e.programme(), e.activatedOn());
    }

    public Uni<Void> enrollmentEnded(EnrollmentEnded e) {
        return update("""
                insert into enrollment_view (enrollment_id, household_id, programme, status, ended_on, end_reason)
                values (?1, ?2, ?3, 'ENDED', ?4, ?5)
                on conflict (enrollment_id) do update set status = 'ENDED', ended_on = excluded.ended_on,
                    end_reason = excluded.end_reason""",
                e.enrollmentId(), e.householdId(), e.programme(), e.endedOn(), e.reason());
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
                select cast(recommendation_id as text), cast(recommended_on as text), ready, pathway, reason_codes
                from recommendation_view where household_id = ?1 and recommendation_id = ?2""",
                householdId, recommendationId).map(rows -> rows.isEmpty() ? null : recommendation(rows.get(0)));
    }

    /** The facts of one household, read inside the caller's session, for a snapshot as of a date. */
    public Uni<Facts> facts(UUID householdId) {
        Facts facts = new Facts();
        return rows("""
                select cast(observed_on as text), income_per_capita_month, expenditure_per_capita_month,
                       income_sources, savings, business_active, meals_per_day, floor_area_per_person,
                       floor_material, wall_material, wall_condition, roof_condition, drinking_water, sanitation
                from (select * from indicator_observation where household_id = ?1
                      order by observed_on desc limit %d) o
                order by observed_on""".formatted(OBSERVATIONS_KEPT_IN_SNAPSHOT), householdId)
                .invoke(rows -> rows.forEach(r -> facts.observations.add(new Snapshot.Observation(
                        date(r[0]), num(r[1]), num(r[2]), (int) num(r[3]), num(r[4]), (Boolean) r[5],
                        (int) num(r[6]), r[7] == null ? null : new BigDecimal(r[7].toString()), str(r[8]),
                        str(r[9]), str(r[10]), str(r[11]), str(r[12]), str(r[13])))))
                .chain(() -> rows("""
                        select relationship, sex, cast(birth_date as text), education_level, school_enrolled,
                               disability, pregnant
                        from member_view where household_id = ?1 and active
                        order by birth_date nulls last, member_id limit %d""".formatted(ListBounds.MAX_ROWS), householdId))
                .invoke(rows -> rows.forEach(r -> facts.members.add(new Snapshot.Member(str(r[0]), str(r[1]),
                        date(r[2]), str(r[3]), (Boolean) r[4], (Boolean) r[5], (Boolean) r[6]))))
                .chain(() -> rows("""
                        select programme, status, cast(activated_on as text) from enrollment_view
                        where household_id = ?1 order by activated_on nulls last, enrollment_id limit %d"""
                        .formatted(ListBounds.MAX_ROWS), householdId))
                .invoke(rows -> rows.forEach(r -> facts.enrollments.add(new Snapshot.Enrollment(str(r[0]),
                        str(r[1]), date(r[2])))))
                .chain(() -> rows("""
                        select programme, count(*), sum(amount), cast(max(paid_on) as text) from aid_payment
                        where household_id = ?1 group by programme order by programme""", householdId))
                .invoke(rows -> rows.forEach(r -> facts.aid.add(new Snapshot.AidTotal(str(r[0]), (int) num(r[1]),
                        num(r[2]), date(r[3])))))
                .chain(() -> rows("""
                        select cast(assessed_on as text), cast(scores as text) from assessment_view
                        where household_id = ?1 order by assessed_on desc, assessment_id desc limit 1""",
                        householdId))
                .invoke(rows -> rows.forEach(r -> facts.latestAssessment = new Snapshot.Assessment(date(r[0]),
                        scores(r[1].toString()))))
                .chain(() -> rows("""
                        select cast(visited_on as text), attended
                        from (select * from p2k2_session where household_id = ?1
                              order by visited_on desc, visit_id desc limit %d) s
                        order by visited_on, visit_id""".formatted(ListBounds.MAX_ROWS), householdId))
                .invoke(rows -> rows.forEach(r -> facts.sessions.add(new Snapshot.Session(date(r[0]),
                        (Boolean) r[1]))))
                .chain(() -> rows("""
                        select cast(recommendation_id as text), cast(recommended_on as text), ready, pathway,
                               reason_codes
                        from recommendation_view where household_id = ?1
                        order by recommended_on desc, recommendation_id desc limit 1""", householdId))
                .invoke(rows -> rows.forEach(r -> facts.latestRecommendation = recommendation(r)))
                .replaceWith(facts);
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

    private static Snapshot.Recommendation recommendation(Object[] r) {
        return new Snapshot.Recommendation(UUID.fromString(r[0].toString()), date(r[1]), (Boolean) r[2], str(r[3]),
                r[4] == null || r[4].toString().isEmpty() ? List.of() : Arrays.asList(r[4].toString().split(",")));
    }

    private Map<String, Integer> scores(String json) {
        try {
            return new java.util.TreeMap<>(mapper.readValue(json, new TypeReference<Map<String, Integer>>() {
            }));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored assessment scores are not JSON", e);
        }
    }

    private String json(Object value) {
        try {
            return mapper.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static LocalDate date(Object value) {
        return value == null ? null : LocalDate.parse(value.toString());
    }

    private static long num(Object value) {
        return value == null ? 0 : ((Number) value).longValue();
    }

    private static String str(Object value) {
        return value == null ? null : value.toString();
    }

    private static Uni<Void> update(String sql, Object... parameters) {
        return Panache.getSession().chain(session -> {
            var query = session.createNativeQuery(sql);
            for (int i = 0; i < parameters.length; i++) {
                query.setParameter(i + 1, parameters[i]);
            }
            return query.executeUpdate();
        }).replaceWithVoid();
    }

    @SuppressWarnings("unchecked")
    static Uni<List<Object[]>> rows(String sql, Object... parameters) {
        return Panache.getSession().chain(session -> {
            var query = session.createNativeQuery(sql);
            for (int i = 0; i < parameters.length; i++) {
                query.setParameter(i + 1, parameters[i]);
            }
            return query.getResultList();
        }).map(list -> ((List<Object>) list).stream().map(o -> o instanceof Object[] a ? a : new Object[] {o})
                .toList());
    }
}
