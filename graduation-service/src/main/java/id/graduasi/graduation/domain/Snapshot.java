package id.graduasi.graduation.domain;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Everything an evaluation read, frozen as it stood: the household's facts as heard from the other services'
 * events, and the poverty lines of its province. Evaluating the same snapshot against the same criteria version
 * gives the same result, whatever has happened since.
 */
public record Snapshot(UUID householdId, LocalDate asOf, String villageCode, String registryStatus,
        LocalDate registeredOn, List<Observation> observations, List<Member> members, List<Enrollment> enrollments,
        List<AidTotal> aid, Assessment latestAssessment, List<Session> p2k2Sessions,
        Recommendation latestRecommendation, List<PovertyLine> povertyLines) {

    /** Registry indicators observed on a date; rupiah per capita per month for income and expenditure. */
    public record Observation(LocalDate observedOn, long incomePerCapitaMonth, long expenditurePerCapitaMonth,
            int incomeSources, long savings, boolean businessActive, int mealsPerDay, BigDecimal floorAreaPerPerson,
            String floorMaterial, String wallMaterial, String wallCondition, String roofCondition,
            String drinkingWater, String sanitation) {
    }

    /** A current member of the KK (no identity: only what components and school enrolment need). */
    public record Member(String relationship, String sex, LocalDate birthDate, String educationLevel,
            boolean schoolEnrolled, boolean disability, boolean pregnant) {
    }

    public record Enrollment(String programme, String status, LocalDate activatedOn) {
    }

    /** Aid paid to the household, per programme. */
    public record AidTotal(String programme, int payments, long rupiah, LocalDate lastPaidOn) {
    }

    /** The social worker's latest scores, 0-100, by AssessmentCriterion code. */
    public record Assessment(LocalDate assessedOn, Map<String, Integer> scores) {
    }

    /** A P2K2 family-development session the household was expected at. */
    public record Session(LocalDate visitedOn, boolean attended) {
    }

    public record Recommendation(UUID recommendationId, LocalDate recommendedOn, boolean ready, String pathway,
            List<String> reasonCodes) {
    }

    /** A BPS poverty line in force from the first day of {@code period} (YYYY-MM) until the next period's. */
    public record PovertyLine(String provinceCode, String province, String period, long rupiahPerCapitaMonth,
            String source) {
    }
}
