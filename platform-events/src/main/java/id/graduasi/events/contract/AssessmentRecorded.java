package id.graduasi.events.contract;

import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/** A social worker scored a household on the graduation criteria; evidence notes stay in mentoring. */
public record AssessmentRecorded(UUID assessmentId, UUID caseId, UUID householdId, String villageCode,
        UUID workerId, LocalDate assessedOn, List<Score> scores) implements HouseholdEvent {

    /** One criterion's score, 0 to 100. */
    public record Score(AssessmentCriterion criterion, int score) {
    }
}
