package id.graduasi.graduation.service;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.time.LocalDate;
import java.time.Period;
import java.time.YearMonth;
import java.time.format.TextStyle;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import id.graduasi.events.contract.AssessmentCriterion;
import id.graduasi.graduation.domain.Criteria;
import id.graduasi.graduation.domain.EvaluationResult;
import id.graduasi.graduation.domain.EvaluationResult.Check;
import id.graduasi.graduation.domain.EvaluationResult.PathwayResult;
import id.graduasi.graduation.domain.Pathway;
import id.graduasi.graduation.domain.Snapshot;
import id.graduasi.graduation.domain.Snapshot.Observation;

/**
 * Evaluates a snapshot against one criteria version. A pure function of its two inputs (no clock, no database),
 * so an evaluation replays to the same result from its stored snapshot and version.
 */
public final class Evaluator {

    /** The checks a rule may name, gate or criterion alike. */
    public static final Set<String> RULES = Set.of("REGISTRY_ACTIVE", "EXPENDITURE_ABOVE_POVERTY_LINE",
            "SCHOOL_AGE_CHILDREN_ENROLLED", "NO_DUPLICATE_AID", "NO_PKH_COMPONENT", "INCOME_SOURCES", "SAVINGS",
            "FOOD_SECURITY", "SANITATION_WATER", "HOUSING_NOT_RTLH", "BUSINESS_SUSTAINED", "P2K2_ATTENDANCE");

    private Evaluator() {
    }

    /** What one check found: met (null when there is no evidence at all), the value, and a sentence. */
    record Finding(Boolean met, String value, String sentence) {

        static Finding none(String sentence) {
            return new Finding(null, "no evidence", sentence);
        }
    }

    public static EvaluationResult evaluate(Snapshot s, Criteria criteria) {
        List<PathwayResult> results = new ArrayList<>();
        Pathway met = null;
        for (Criteria.PathwayRules rules : criteria.pathways()) {
            if (!rules.evaluated()) {
                continue;
            }
            PathwayResult result = evaluate(s, rules);
            results.add(result);
            if (result.met() && met == null) {
                met = result.pathway();
            }
        }
        return new EvaluationResult(met, results);
    }

    static PathwayResult evaluate(Snapshot s, Criteria.PathwayRules rules) {
        List<Check> gates = new ArrayList<>();
        for (Criteria.Rule rule : rules.gates()) {
            Finding f = check(s, rule);
            gates.add(new Check(rule.code(), Boolean.TRUE.equals(f.met()), f.value(), null, null, f.sentence()));
        }
        List<Check> criteria = new ArrayList<>();
        long weighted = 0;
        long weights = 0;
        for (Criteria.Rule rule : rules.criteria()) {
            Check c = criterion(s, rule);
            criteria.add(c);
            weighted += (long) c.score() * c.weight();
            weights += c.weight();
        }
        BigDecimal readiness = weights == 0 ? BigDecimal.ONE.setScale(4)
                : BigDecimal.valueOf(weighted).divide(BigDecimal.valueOf(weights * 100), 4, RoundingMode.HALF_UP);
        BigDecimal passing = rules.passingReadiness() == null ? BigDecimal.ZERO : rules.passingReadiness();
        boolean gatesPass = gates.stream().allMatch(Check::passed);
        boolean readinessPasses = readiness.compareTo(passing) >= 0;
        List<String> why = new ArrayList<>();
        gates.stream().filter(g -> !g.passed()).forEach(g -> why.add(g.explanation()));
        if (!readinessPasses) {
            why.add("Readiness " + readiness.setScale(2, RoundingMode.HALF_UP) + " is below the "
                    + passing.setScale(2, RoundingMode.HALF_UP) + " required for " + rules.pathway() + ".");
            criteria.stream().filter(c -> !c.passed()).forEach(c -> why.add(c.explanation()));
        }
        return new PathwayResult(rules.pathway(), gatesPass && readinessPasses, readiness, passing, gates, criteria,
                why);
    }

    private static Check criterion(Snapshot s, Criteria.Rule rule) {
        Finding f = check(s, rule);
        Integer assessed = null;
        if (rule.assessment() != null && s.latestAssessment() != null && s.latestAssessment().scores() != null) {
            assessed = s.latestAssessment().scores().get(rule.assessment());
        }
        int weight = rule.weight() == null ? 1 : rule.weight();
        List<Integer> evidence = new ArrayList<>();
        if (f.met() != null) {
            evidence.add(f.met() ? 100 : 0);
        }
        if (assessed != null) {
            evidence.add(assessed);
        }
        if (evidence.isEmpty()) {
            return new Check(rule.code(), false, "no evidence", weight, 0, f.sentence()
                    + (rule.assessment() == null ? "" : " The social worker has not scored "
                            + rule.assessment() + " yet."));
        }
        int score = (int) Math.round(evidence.stream().mapToInt(Integer::intValue).average().orElse(0));
        boolean passed = score >= rule.passScoreOrDefault();
        String value = f.value() + (assessed == null ? ""
                : "; social worker's score " + assessed + " (" + s.latestAssessment().assessedOn() + ")");
        StringBuilder text = new StringBuilder(f.sentence());
        if (assessed != null) {
            text.append(" The social worker scored ").append(rule.assessment()).append(' ').append(assessed)
                    .append(" of 100 on ").append(s.latestAssessment().assessedOn()).append('.');
        }
        text.append(passed ? " Score " + score + " passes (" + rule.passScoreOrDefault() + " needed)."
                : " Score " + score + " is below the " + rule.passScoreOrDefault() + " needed.");
        return new Check(rule.code(), passed, value, weight, score, text.toString());
    }

    static Finding check(Snapshot s, Criteria.Rule rule) {
        return switch (rule.code()) {
            case "REGISTRY_ACTIVE" -> registryActive(s, rule);
            case "EXPENDITURE_ABOVE_POVERTY_LINE" -> expenditure(s, rule);
            case "SCHOOL_AGE_CHILDREN_ENROLLED" -> schoolEnrolment(s, rule);
            case "NO_DUPLICATE_AID" -> noDuplicateAid(s);
            case "NO_PKH_COMPONENT" -> noPkhComponent(s, rule);
            case "INCOME_SOURCES" -> incomeSources(s, rule);
            case "SAVINGS" -> savings(s, rule);
            case "FOOD_SECURITY" -> foodSecurity(s, rule);
            case "SANITATION_WATER" -> sanitationWater(s, rule);
            case "HOUSING_NOT_RTLH" -> housing(s, rule);
            case "BUSINESS_SUSTAINED" -> business(s, rule);
            case "P2K2_ATTENDANCE" -> attendance(s, rule);
            default -> throw new IllegalArgumentException("unknown rule " + rule.code());
        };
    }

    private static Finding registryActive(Snapshot s, Criteria.Rule rule) {
        List<String> statuses = rule.listParam("statuses", List.of("ACTIVE"));
        if (s.registryStatus() == null) {
            return new Finding(false, "unknown", "The registry has not announced the household yet.");
        }
        boolean met = statuses.contains(s.registryStatus());
        return new Finding(met, s.registryStatus(), met ? "The registry lists the household as "
                + s.registryStatus() + "."
                : "The registry lists the household as " + s.registryStatus() + ", not "
                        + String.join(" or ", statuses) + ".");
    }

    private static Finding expenditure(Snapshot s, Criteria.Rule rule) {
        int months = rule.intParam("months", 6);
        if (s.villageCode() == null) {
            return new Finding(false, "no village", "The registry has not announced the household's village, so "
                    + "no provincial poverty line applies yet.");
        }
        String province = s.villageCode().substring(0, 2);
        List<Snapshot.PovertyLine> lines = s.povertyLines().stream()
                .filter(l -> l.provinceCode().equals(province))
                .sorted(Comparator.comparing(Snapshot.PovertyLine::period)).toList();
        if (lines.isEmpty()) {
            return new Finding(false, "no poverty line", "No poverty line for province " + province
                    + " is in the reference data, so per-capita expenditure cannot be compared with it.");
        }
        String provinceName = lines.get(0).province();
        YearMonth end = YearMonth.from(s.asOf());
        int below = 0;
        int missing = 0;
        int uncovered = 0;
        Observation latestBelow = null;
        Snapshot.PovertyLine lineOfLatestBelow = null;
        Observation latest = null;
        Snapshot.PovertyLine lineOfLatest = null;
        for (int i = 0; i < months; i++) {
            YearMonth month = end.minusMonths(i);
            LocalDate until = month.atEndOfMonth().isAfter(s.asOf()) ? s.asOf() : month.atEndOfMonth();
            Optional<Observation> obs = observedBy(s, until);
            if (obs.isEmpty()) {
                missing++;
                continue;
            }
            Snapshot.PovertyLine line = lineOn(lines, obs.get().observedOn());
            if (line == null) {
                uncovered++;
                continue;
            }
            if (latest == null) {
                latest = obs.get();
                lineOfLatest = line;
            }
            if (obs.get().expenditurePerCapitaMonth() < line.rupiahPerCapitaMonth()) {
                below++;
                if (latestBelow == null) {
                    latestBelow = obs.get();
                    lineOfLatestBelow = line;
                }
            }
        }
        int above = months - below - missing - uncovered;
        String value = above + " of " + months + " months at or above the poverty line";
        if (below == 0 && missing == 0 && uncovered == 0) {
            return new Finding(true, value, "Per-capita expenditure has been at or above the " + provinceName
                    + " poverty line in each of the last " + months + " months (latest " + rupiah(
                            latest.expenditurePerCapitaMonth()) + " against " + rupiah(
                                    lineOfLatest.rupiahPerCapitaMonth()) + ", " + period(lineOfLatest.period())
                    + ").");
        }
        List<String> parts = new ArrayList<>();
        if (below > 0) {
            parts.add("Per-capita expenditure " + rupiah(latestBelow.expenditurePerCapitaMonth()) + " (observed "
                    + latestBelow.observedOn() + ") is below the " + provinceName + " poverty line "
                    + rupiah(lineOfLatestBelow.rupiahPerCapitaMonth()) + " (" + period(lineOfLatestBelow.period())
                    + ") in " + below + " of the last " + months + " months.");
        }
        if (missing > 0) {
            parts.add("No indicator observation covers " + missing + " of the last " + months + " months.");
        }
        if (uncovered > 0) {
            parts.add("No poverty line of the reference data covers the observation of " + uncovered + " of the last "
                    + months + " months.");
        }
        return new Finding(false, value, String.join(" ", parts));
    }

    private static Finding schoolEnrolment(Snapshot s, Criteria.Rule rule) {
        int min = rule.intParam("minAge", 7);
        int max = rule.intParam("maxAge", 18);
        List<Snapshot.Member> children = s.members().stream()
                .filter(m -> m.birthDate() != null && age(m, s.asOf()) >= min && age(m, s.asOf()) <= max).toList();
        List<Integer> notEnrolled = children.stream().filter(m -> !m.schoolEnrolled()).map(m -> age(m, s.asOf()))
                .sorted().toList();
        String value = (children.size() - notEnrolled.size()) + " of " + children.size()
                + " school-age children enrolled";
        if (children.isEmpty()) {
            return new Finding(true, value, "No member is of school age (" + min + "–" + max + ").");
        }
        if (notEnrolled.isEmpty()) {
            return new Finding(true, value, "Every school-age child (" + min + "–" + max + ") is enrolled in school.");
        }
        return new Finding(false, value, notEnrolled.size() + " of " + children.size() + " school-age children ("
                + min + "–" + max + ") " + (notEnrolled.size() == 1 ? "is" : "are") + " not enrolled in school (aged "
                + notEnrolled.stream().map(String::valueOf).collect(Collectors.joining(", ")) + ").");
    }

    private static Finding noDuplicateAid(Snapshot s) {
        Map<String, Long> active = s.enrollments().stream().filter(e -> "ACTIVE".equals(e.status()))
                .collect(Collectors.groupingBy(Snapshot.Enrollment::programme, java.util.TreeMap::new,
                        Collectors.counting()));
        List<String> duplicated = active.entrySet().stream().filter(e -> e.getValue() > 1)
                .map(e -> e.getValue() + " active enrollments in " + e.getKey()).toList();
        if (duplicated.isEmpty()) {
            return new Finding(true, "no duplicate", "No programme pays the household twice.");
        }
        return new Finding(false, String.join(", ", duplicated), "The household has "
                + String.join(" and ", duplicated) + " (duplicate aid).");
    }

    private static Finding noPkhComponent(Snapshot s, Criteria.Rule rule) {
        if (s.members().isEmpty()) {
            return new Finding(false, "no members known", "The registry has not announced any member, so remaining "
                    + "PKH components cannot be ruled out.");
        }
        int earlyMax = rule.intParam("earlyChildhoodMaxAge", 6);
        int elderlyMin = rule.intParam("elderlyMinAge", 60);
        List<String> schoolLevels = rule.listParam("schoolLevels", List.of("SD", "SMP", "SMA"));
        Map<String, String> levelComponent = Map.of("SD", "PRIMARY_SCHOOL", "SMP", "JUNIOR_SECONDARY",
                "SMA", "SENIOR_SECONDARY");
        List<String> remaining = new ArrayList<>();
        for (Snapshot.Member m : s.members()) {
            Integer age = m.birthDate() == null ? null : age(m, s.asOf());
            String who = age == null ? "a member" : "a member aged " + age;
            if (m.pregnant()) {
                remaining.add("PREGNANT (" + who + ")");
            }
            if (age != null && age <= earlyMax) {
                remaining.add("EARLY_CHILDHOOD (" + who + ")");
            }
            if (m.schoolEnrolled() && schoolLevels.contains(m.educationLevel())) {
                remaining.add(levelComponent.getOrDefault(m.educationLevel(), "SCHOOL") + " (" + who + ")");
            }
            if (age != null && age >= elderlyMin) {
                remaining.add("ELDERLY (" + who + ")");
            }
            if (m.disability()) {
                remaining.add("SEVERE_DISABILITY (" + who + ")");
            }
        }
        if (remaining.isEmpty()) {
            return new Finding(true, "none", "No member qualifies for a PKH component any more.");
        }
        return new Finding(false, remaining.size() + " remaining", "PKH components remain: "
                + String.join(", ", remaining) + ".");
    }

    private static Finding incomeSources(Snapshot s, Criteria.Rule rule) {
        int min = rule.intParam("min", 2);
        return latest(s).map(o -> new Finding(o.incomeSources() >= min, o.incomeSources() + " income sources ("
                + o.observedOn() + ")", o.incomeSources() >= min
                        ? "The household has " + o.incomeSources() + " regular income sources (observed "
                                + o.observedOn() + ")."
                        : "The household has " + o.incomeSources() + " regular income source"
                                + (o.incomeSources() == 1 ? "" : "s") + " (observed " + o.observedOn()
                                + "); at least " + min + " are expected."))
                .orElseGet(() -> Finding.none("No indicator observation of income sources yet."));
    }

    private static Finding savings(Snapshot s, Criteria.Rule rule) {
        long min = rule.intParam("minRupiah", 1);
        return latest(s).map(o -> new Finding(o.savings() >= min, "savings " + rupiah(o.savings()) + " ("
                + o.observedOn() + ")", o.savings() >= min
                        ? "The household keeps cash savings of " + rupiah(o.savings()) + " (observed " + o.observedOn()
                                + ")."
                        : "Savings are " + rupiah(o.savings()) + " (observed " + o.observedOn() + "); at least "
                                + rupiah(min) + " are expected."))
                .orElseGet(() -> Finding.none("No indicator observation of savings yet."));
    }

    private static Finding foodSecurity(Snapshot s, Criteria.Rule rule) {
        int minMeals = rule.intParam("minMealsPerDay", 2);
        int months = rule.intParam("months", 12);
        LocalDate from = s.asOf().minusMonths(months);
        List<Observation> window = s.observations().stream()
                .filter(o -> o.observedOn().isAfter(from) && !o.observedOn().isAfter(s.asOf())).toList();
        if (window.isEmpty()) {
            return Finding.none("No indicator observation of meals in the last " + months + " months.");
        }
        Observation worst = window.stream().min(Comparator.comparingInt(Observation::mealsPerDay)
                .thenComparing(Observation::observedOn, Comparator.reverseOrder())).get();
        boolean met = worst.mealsPerDay() >= minMeals;
        return new Finding(met, "at least " + worst.mealsPerDay() + " meals a day in " + window.size()
                + " observations", met ? "The household ate at least " + minMeals + " meals a day in every observation"
                        + " of the last " + months + " months."
                        : "Meals per day fell to " + worst.mealsPerDay() + " (observed " + worst.observedOn()
                                + "); at least " + minMeals + " a day all year are expected.");
    }

    private static Finding sanitationWater(Snapshot s, Criteria.Rule rule) {
        List<String> sanitation = rule.listParam("sanitation", List.of("OWN_TOILET"));
        List<String> water = rule.listParam("drinkingWater", List.of("PIPED", "PROTECTED_WELL", "BOTTLED"));
        return latest(s).map(o -> {
            List<String> lacking = new ArrayList<>();
            if (!sanitation.contains(o.sanitation())) {
                lacking.add("sanitation is " + o.sanitation() + " (expected " + String.join(" or ", sanitation) + ")");
            }
            if (!water.contains(o.drinkingWater())) {
                lacking.add("drinking water comes from " + o.drinkingWater() + " (expected "
                        + String.join(" or ", water) + ")");
            }
            String value = o.sanitation() + ", " + o.drinkingWater() + " (" + o.observedOn() + ")";
            return lacking.isEmpty()
                    ? new Finding(true, value, "The household has " + o.sanitation() + " and safe drinking water ("
                            + o.drinkingWater() + ").")
                    : new Finding(false, value, "On " + o.observedOn() + " " + String.join(" and ", lacking) + ".");
        }).orElseGet(() -> Finding.none("No indicator observation of sanitation and water yet."));
    }

    private static Finding housing(Snapshot s, Criteria.Rule rule) {
        BigDecimal minArea = rule.decimalParam("minFloorAreaPerPerson", "7.2");
        List<String> poorFloors = rule.listParam("poorFloorMaterials", List.of("EARTH", "BAMBOO", "LOW_QUALITY_WOOD"));
        List<String> poorConditions = rule.listParam("poorConditions", List.of("DAMAGED", "DECAYED"));
        return latest(s).map(o -> {
            List<String> rtlh = new ArrayList<>();
            if (poorFloors.contains(o.floorMaterial())) {
                rtlh.add(o.floorMaterial() + " floor");
            }
            if (poorConditions.contains(o.wallCondition())) {
                rtlh.add("walls " + o.wallCondition());
            }
            if (poorConditions.contains(o.roofCondition())) {
                rtlh.add("roof " + o.roofCondition());
            }
            if (o.floorAreaPerPerson() != null && o.floorAreaPerPerson().compareTo(minArea) < 0) {
                rtlh.add(o.floorAreaPerPerson().stripTrailingZeros().toPlainString() + " m² per person (below "
                        + minArea.stripTrailingZeros().toPlainString() + ")");
            }
            return rtlh.isEmpty()
                    ? new Finding(true, "not RTLH (" + o.observedOn() + ")", "The house is no longer uninhabitable "
                            + "(RTLH) (observed " + o.observedOn() + ").")
                    : new Finding(false, String.join(", ", rtlh), "The house is still uninhabitable (RTLH) on "
                            + o.observedOn() + ": " + String.join(", ", rtlh) + ".");
        }).orElseGet(() -> Finding.none("No indicator observation of the house yet."));
    }

    private static Finding business(Snapshot s, Criteria.Rule rule) {
        int months = rule.intParam("months", 6);
        LocalDate from = s.asOf().minusMonths(months);
        if (latest(s).isEmpty()) {
            return Finding.none("No indicator observation of a business yet.");
        }
        Optional<Observation> atStart = observedBy(s, from);
        List<Observation> window = s.observations().stream()
                .filter(o -> o.observedOn().isAfter(from) && !o.observedOn().isAfter(s.asOf())).toList();
        Optional<Observation> inactive = window.stream().filter(o -> !o.businessActive())
                .max(Comparator.comparing(Observation::observedOn));
        if (inactive.isPresent()) {
            return new Finding(false, "not active on " + inactive.get().observedOn(), "The household's business was "
                    + "not active on " + inactive.get().observedOn() + "; a business running for " + months
                    + " months is expected.");
        }
        if (atStart.isEmpty() || !atStart.get().businessActive()) {
            LocalDate since = window.stream().map(Observation::observedOn).min(LocalDate::compareTo).orElse(null);
            return new Finding(false, since == null ? "no business" : "active since " + since, since == null
                    ? "No running business has been observed."
                    : "A running business has been observed only since " + since + "; " + months
                            + " months are expected.");
        }
        return new Finding(true, "active for " + months + " months", "The household's business has been running "
                + "for at least " + months + " months.");
    }

    private static Finding attendance(Snapshot s, Criteria.Rule rule) {
        BigDecimal minRate = rule.decimalParam("minRate", "0.8");
        int months = rule.intParam("months", 12);
        LocalDate from = s.asOf().minusMonths(months);
        List<Snapshot.Session> sessions = s.p2k2Sessions().stream()
                .filter(v -> v.visitedOn().isAfter(from) && !v.visitedOn().isAfter(s.asOf())).toList();
        if (sessions.isEmpty()) {
            return Finding.none("No P2K2 family session has been recorded in the last " + months + " months.");
        }
        long attended = sessions.stream().filter(Snapshot.Session::attended).count();
        BigDecimal rate = BigDecimal.valueOf(attended).divide(BigDecimal.valueOf(sessions.size()), 4,
                RoundingMode.HALF_UP);
        boolean met = rate.compareTo(minRate) >= 0;
        String percent = rate.movePointRight(2).setScale(0, RoundingMode.HALF_UP) + " %";
        String value = attended + " of " + sessions.size() + " sessions (" + percent + ")";
        String needed = minRate.movePointRight(2).stripTrailingZeros().toPlainString() + " %";
        return new Finding(met, value, "Attended " + attended + " of " + sessions.size()
                + " P2K2 family sessions in the last " + months + " months (" + percent + ")"
                + (met ? "." : "; at least " + needed + " is expected."));
    }

    private static Optional<Observation> latest(Snapshot s) {
        return observedBy(s, s.asOf());
    }

    /** The observation in force on a date: the latest observed on or before it (it stands until the next). */
    private static Optional<Observation> observedBy(Snapshot s, LocalDate date) {
        return s.observations().stream().filter(o -> !o.observedOn().isAfter(date))
                .max(Comparator.comparing(Observation::observedOn));
    }

    private static Snapshot.PovertyLine lineOn(List<Snapshot.PovertyLine> sorted, LocalDate date) {
        Snapshot.PovertyLine found = null;
        for (Snapshot.PovertyLine line : sorted) {
            if (!YearMonth.parse(line.period()).atDay(1).isAfter(date)) {
                found = line;
            }
        }
        return found;
    }

    private static int age(Snapshot.Member m, LocalDate asOf) {
        return Period.between(m.birthDate(), asOf).getYears();
    }

    /** Rupiah as officers write them: {@code Rp 874.213}. */
    public static String rupiah(long amount) {
        DecimalFormatSymbols symbols = new DecimalFormatSymbols(Locale.ROOT);
        symbols.setGroupingSeparator('.');
        return "Rp " + new DecimalFormat("#,##0", symbols).format(amount);
    }

    /** {@code 2025-03} as {@code March 2025}. */
    static String period(String period) {
        YearMonth ym = YearMonth.parse(period);
        return ym.getMonth().getDisplayName(TextStyle.FULL, Locale.ENGLISH) + " " + ym.getYear();
    }

    /** Field errors of a criteria document (empty when it can be used). */
    public static List<String> problems(Criteria c) {
        List<String> problems = new ArrayList<>();
        if (c.version() == null || c.version().isBlank()) {
            problems.add("version: is required");
        }
        if (c.pathways() == null || c.pathways().isEmpty()) {
            problems.add("pathways: at least one pathway is required");
            return problems;
        }
        Map<Pathway, Integer> seen = new LinkedHashMap<>();
        Set<String> assessments = java.util.Arrays.stream(AssessmentCriterion.values()).map(Enum::name)
                .collect(Collectors.toSet());
        for (int i = 0; i < c.pathways().size(); i++) {
            Criteria.PathwayRules p = c.pathways().get(i);
            String at = "pathways[" + i + "]";
            if (p.pathway() == null) {
                problems.add(at + ".pathway: is required");
                continue;
            }
            if (seen.put(p.pathway(), i) != null) {
                problems.add(at + ".pathway: " + p.pathway() + " appears twice");
            }
            if (p.monitoringMonths() < 0 || p.monitoringMonths() > 120) {
                problems.add(at + ".monitoringMonths: must be 0-120");
            }
            if (p.passingReadiness() != null && (p.passingReadiness().signum() < 0
                    || p.passingReadiness().compareTo(BigDecimal.ONE) > 0)) {
                problems.add(at + ".passingReadiness: must be between 0 and 1");
            }
            if (p.pathway() == Pathway.ADMINISTRATIVE_EXIT && p.evaluated()) {
                problems.add(at + ".exitReasons: an administrative exit needs its reason codes");
            }
            for (String reason : p.exitReasons()) {
                if (reason == null || !reason.matches("[A-Z][A-Z0-9_]{0,59}")) {
                    problems.add(at + ".exitReasons: " + reason + " is not a reason code");
                }
            }
            List<Criteria.Rule> gates = p.gates();
            for (int g = 0; g < gates.size(); g++) {
                if (gates.get(g) == null || !RULES.contains(gates.get(g).code())) {
                    problems.add(at + ".gates[" + g + "].code: must be one of " + new java.util.TreeSet<>(RULES));
                }
            }
            List<Criteria.Rule> criteria = p.criteria();
            for (int k = 0; k < criteria.size(); k++) {
                Criteria.Rule r = criteria.get(k);
                String rat = at + ".criteria[" + k + "]";
                if (r == null || !RULES.contains(r.code())) {
                    problems.add(rat + ".code: must be one of " + new java.util.TreeSet<>(RULES));
                    continue;
                }
                if (r.weight() == null || r.weight() < 1 || r.weight() > 100) {
                    problems.add(rat + ".weight: must be 1-100");
                }
                if (r.passScore() != null && (r.passScore() < 0 || r.passScore() > 100)) {
                    problems.add(rat + ".passScore: must be 0-100");
                }
                if (r.assessment() != null && !assessments.contains(r.assessment())) {
                    problems.add(rat + ".assessment: must be an AssessmentCriterion code");
                }
            }
        }
        return problems;
    }
}
