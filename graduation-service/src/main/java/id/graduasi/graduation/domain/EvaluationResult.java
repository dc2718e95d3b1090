package id.graduasi.graduation.domain;

import java.math.BigDecimal;
import java.util.List;

/**
 * What an evaluation found: per evaluated pathway, each gate and criterion with its value, score and pass/fail,
 * the readiness score, whether the pathway is met and, when not, why not yet in words an officer can read.
 *
 * @param metPathway the first pathway of the criteria file that is met, or null
 */
public record EvaluationResult(Pathway metPathway, List<PathwayResult> pathways) {

    public record PathwayResult(Pathway pathway, boolean met, BigDecimal readiness, BigDecimal passingReadiness,
            List<Check> gates, List<Check> criteria, List<String> whyNotYet) {
    }

    /**
     * @param value what was found, in words and figures
     * @param weight criteria only
     * @param score criteria only, 0-100
     * @param explanation why it passed or failed, as a sentence
     */
    public record Check(String code, boolean passed, String value, Integer weight, Integer score,
            String explanation) {
    }

    public PathwayResult of(Pathway pathway) {
        return pathways.stream().filter(p -> p.pathway() == pathway).findFirst().orElse(null);
    }
}
