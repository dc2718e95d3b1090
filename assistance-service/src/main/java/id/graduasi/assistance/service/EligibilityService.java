package id.graduasi.assistance.service;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import id.graduasi.events.persistence.NativeSql;
import id.graduasi.assistance.config.Programmes;
import id.graduasi.assistance.config.Programmes.Condition;
import id.graduasi.assistance.config.Programmes.Fact;
import id.graduasi.assistance.config.Programmes.Programme;
import id.graduasi.assistance.domain.HouseholdProjection;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

/**
 * Evaluates every programme's eligibility rule on what assistance knows of a household, stores the verdict with
 * a reason per condition in words an officer can read, and returns the verdicts. Runs inside the caller's
 * transaction, whenever an event changes what the rules read.
 */
@ApplicationScoped
public class EligibilityService {

    static final Set<String> GONE = Set.of("GRADUATED", "EXITED");

    /** One condition's outcome. */
    public record Reason(String condition, boolean met, String explanation) {
    }

    public record Verdict(String programme, boolean eligible, List<Reason> reasons) {
    }

    private final Programmes programmes;
    private final ObjectMapper mapper;

    public EligibilityService(Programmes programmes, ObjectMapper mapper) {
        this.programmes = programmes;
        this.mapper = mapper;
    }

    /** What the members make of the household: its PKH components today and its working-age members. */
    record MemberFacts(List<String> pkhComponents, long workingAgeMembers) {
    }

    public Uni<Map<String, Verdict>> evaluate(HouseholdProjection household) {
        return evaluateAll(List.of(household)).map(verdicts -> verdicts.get(household.householdId));
    }

    /**
     * Evaluates several households at once (a consumer's batch): their member facts in one query, their verdicts
     * stored in one statement. @return each household's verdicts by programme
     */
    public Uni<Map<UUID, Map<String, Verdict>>> evaluateAll(List<HouseholdProjection> households) {
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        String[] ids = households.stream().map(h -> h.householdId.toString()).toArray(String[]::new);
        // Members added or removed in this transaction must be written before the rules' query reads them.
        return Panache.getSession().call(session -> session.flush()).chain(() -> NativeSql.rows("""
                select cast(h.id as text),
                       coalesce((select string_agg(distinct rule.code, ',' order by rule.code)
                                 from member_projection m
                                 """ + PkhComponents.memberRules("?2") + """
                                 where m.household_id = h.id and m.active and rule.applies), ''),
                       (select count(*) from member_projection m
                        where m.household_id = h.id and m.active
                          and m.birth_date <= cast(?2 as date) - interval '15 years'
                          and m.birth_date > cast(?2 as date) - interval '65 years')
                from unnest(cast(cast(?1 as text[]) as uuid[])) as h(id)""", ids, today))
                .chain(rows -> {
                    Map<UUID, MemberFacts> facts = new java.util.HashMap<>();
                    for (Object[] row : rows) {
                        facts.put(UUID.fromString(row[0].toString()), new MemberFacts(row[1].toString().isEmpty()
                                ? List.of() : Arrays.asList(row[1].toString().split(",")),
                                ((Number) row[2]).longValue()));
                    }
                    Map<UUID, Map<String, Verdict>> all = new java.util.LinkedHashMap<>();
                    for (HouseholdProjection household : households) {
                        Map<String, Verdict> verdicts = new java.util.LinkedHashMap<>();
                        for (Programme programme : programmes.all()) {
                            verdicts.put(programme.code(), verdict(programme, household,
                                    facts.get(household.householdId)));
                        }
                        all.put(household.householdId, verdicts);
                    }
                    return store(all).replaceWith(all);
                });
    }

    private Uni<Void> store(Map<UUID, Map<String, Verdict>> all) {
        List<String> households = new ArrayList<>();
        List<Verdict> verdicts = new ArrayList<>();
        all.forEach((household, byProgramme) -> byProgramme.values().forEach(v -> {
            households.add(household.toString());
            verdicts.add(v);
        }));
        String[] codes = verdicts.stream().map(Verdict::programme).toArray(String[]::new);
        Boolean[] eligible = verdicts.stream().map(Verdict::eligible).toArray(Boolean[]::new);
        String[] reasons = verdicts.stream().map(v -> json(v.reasons())).toArray(String[]::new);
        return NativeSql.update("""
                insert into eligibility (household_id, programme, eligible, reasons, evaluated_at)
                select cast(h as uuid), p, e, r, ?5
                from unnest(cast(?1 as text[]), cast(?2 as text[]), cast(?3 as boolean[]), cast(?4 as text[]))
                     as v(h, p, e, r)
                on conflict (household_id, programme) do update
                set eligible = excluded.eligible, reasons = excluded.reasons, evaluated_at = excluded.evaluated_at""",
                households.toArray(String[]::new), codes, eligible, reasons, Instant.now())
                .replaceWithVoid();
    }

    private String json(List<Reason> reasons) {
        try {
            return mapper.writeValueAsString(reasons);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static Verdict verdict(Programme programme, HouseholdProjection household, MemberFacts facts) {
        List<Reason> reasons = new ArrayList<>();
        if (GONE.contains(household.status)) {
            reasons.add(new Reason("status", false, "the household is " + household.status
                    + " in the registry: it receives no new aid"));
            return new Verdict(programme.code(), false, reasons);
        }
        boolean eligible = true;
        for (Condition condition : programme.eligibility().allConditions()) {
            Reason reason = check(condition, household, facts);
            reasons.add(reason);
            eligible &= reason.met();
        }
        List<Condition> any = programme.eligibility().anyConditions();
        if (!any.isEmpty()) {
            int met = 0;
            for (Condition condition : any) {
                Reason reason = check(condition, household, facts);
                reasons.add(reason);
                met += reason.met() ? 1 : 0;
            }
            int needed = programme.eligibility().atLeast();
            boolean enough = met >= needed;
            reasons.add(new Reason("atLeast " + needed, enough, met + " of " + any.size()
                    + " conditions met, at least " + needed + " required"));
            eligible &= enough;
        }
        return new Verdict(programme.code(), eligible, reasons);
    }

    private static Reason check(Condition c, HouseholdProjection h, MemberFacts facts) {
        Fact fact = c.factKind();
        if (fact.count) {
            long value = fact == Fact.PKH_COMPONENTS ? facts.pkhComponents().size() : facts.workingAgeMembers();
            boolean met = value >= c.atLeast();
            String detail = fact == Fact.PKH_COMPONENTS && !facts.pkhComponents().isEmpty()
                    ? " (" + String.join(", ", facts.pkhComponents()) + ")" : "";
            return new Reason(c.fact() + " >= " + c.atLeast(), met,
                    fact.label + ": " + value + detail + (met ? ", at least " : ", fewer than ") + c.atLeast());
        }
        Object value = switch (fact) {
            case FLOOR_MATERIAL -> h.floorMaterial;
            case WALL_MATERIAL -> h.wallMaterial;
            case WALL_CONDITION -> h.wallCondition;
            case ROOF_CONDITION -> h.roofCondition;
            case SANITATION -> h.sanitation;
            case FLOOR_AREA_PER_PERSON -> h.floorAreaPerPerson;
            default -> throw new IllegalStateException(fact + " is a count");
        };
        String condition = c.in() != null ? c.fact() + " in " + c.in() : c.fact() + " < " + c.below();
        if (value == null) {
            return new Reason(condition, false, fact.label + " not yet observed");
        }
        if (c.in() != null) {
            boolean met = c.in().contains(value.toString());
            return new Reason(condition, met, fact.label + " is " + value + (met ? ", one of " : ", not one of ")
                    + String.join(", ", c.in()));
        }
        boolean met = ((BigDecimal) value).compareTo(c.below()) < 0;
        return new Reason(condition, met, fact.label + " is " + ((BigDecimal) value).stripTrailingZeros()
                .toPlainString() + (met ? ", below " : ", not below ") + c.below().toPlainString());
    }
}
