package id.graduasi.graduation.domain;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One version of the graduation criteria, as written in a criteria file ({@code criteria/pathways-v1.json}):
 * pathways, each with gates (all required) and weighted criteria (readiness = Σ score·weight / Σ weight, met at
 * {@code passingReadiness}), whether a second person must approve, and the months of post-graduation
 * monitoring. Rules name a check the {@code Evaluator} knows and carry its parameters, so thresholds are data.
 */
public record Criteria(String version, String description, List<PathwayRules> pathways) {

    /**
     * @param exitReasons for an administrative exit: the reason codes that justify it (the pathway is decided on
     *        a reason, not evaluated)
     */
    public record PathwayRules(Pathway pathway, boolean approvalRequired, int monitoringMonths,
            BigDecimal passingReadiness, List<Rule> gates, List<Rule> criteria, List<String> exitReasons) {

        public List<Rule> gates() {
            return gates == null ? List.of() : gates;
        }

        public List<Rule> criteria() {
            return criteria == null ? List.of() : criteria;
        }

        public List<String> exitReasons() {
            return exitReasons == null ? List.of() : exitReasons;
        }

        /** Administrative exits are decided on a reason code; the others are evaluated against the facts. */
        public boolean evaluated() {
            return exitReasons().isEmpty();
        }
    }

    /**
     * @param weight criteria only: the weight in the readiness score
     * @param passScore criteria only: the score (0-100) at which the criterion counts as passed (default 70)
     * @param assessment criteria only: the social worker's assessment criterion (AssessmentCriterion code) whose
     *        latest score (0-100) is evidence alongside the observed indicators
     */
    public record Rule(String code, Integer weight, Integer passScore, String assessment,
            Map<String, Object> params) {

        public Map<String, Object> params() {
            return params == null ? Map.of() : params;
        }

        public int passScoreOrDefault() {
            return passScore == null ? 70 : passScore;
        }

        public int intParam(String name, int fallback) {
            Object v = params().get(name);
            return v instanceof Number n ? n.intValue() : fallback;
        }

        public BigDecimal decimalParam(String name, String fallback) {
            Object v = params().get(name);
            return v instanceof Number n ? new BigDecimal(n.toString()) : new BigDecimal(fallback);
        }

        @SuppressWarnings("unchecked")
        public List<String> listParam(String name, List<String> fallback) {
            Object v = params().get(name);
            return v instanceof List<?> l ? (List<String>) l : fallback;
        }
    }

    public Optional<PathwayRules> rules(Pathway pathway) {
        return pathways.stream().filter(p -> p.pathway() == pathway).findFirst();
    }
}
