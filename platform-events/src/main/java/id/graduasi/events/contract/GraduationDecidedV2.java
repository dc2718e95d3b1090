package id.graduasi.events.contract;

import java.time.LocalDate;
import java.util.UUID;

/**
 * A graduation decision (v2, issue #16): everything a consumer needs to act without knowing pathways. The
 * {@code outcome} says what the decision means (GRADUATED: the family left poverty, monitored until
 * {@code monitoringUntil}; EXITED: it leaves the programme administratively, not monitored), effective on
 * {@code effectiveOn}. {@code pathway} and {@code criteriaVersion} are for display only: their meaning lives in
 * graduation-service. {@code decisionSequence} orders it among the household's decisions and reversals
 * ({@link GraduationDecisionEvent}). Published next to v1 during the transition (docs/events.md).
 */
public record GraduationDecidedV2(UUID decisionId, UUID householdId, String villageCode, Outcome outcome,
        LocalDate effectiveOn, LocalDate monitoringUntil, String pathway, Integer criteriaVersion, String reasonCode,
        LocalDate decidedOn, Long decisionSequence) implements GraduationDecisionEvent {

    /** Without the sequence: as producers before the field existed wrote it. */
    public GraduationDecidedV2(UUID decisionId, UUID householdId, String villageCode, Outcome outcome,
            LocalDate effectiveOn, LocalDate monitoringUntil, String pathway, Integer criteriaVersion,
            String reasonCode, LocalDate decidedOn) {
        this(decisionId, householdId, villageCode, outcome, effectiveOn, monitoringUntil, pathway, criteriaVersion,
                reasonCode, decidedOn, null);
    }

    /** What a decision means for every service. */
    public enum Outcome {
        /** Left poverty: programmes apply their exit policies; the case is monitored until monitoringUntil. */
        GRADUATED,
        /** Leaves administratively (moved, deceased, duplicate): everything ends at once, nothing is monitored. */
        EXITED
    }
}
