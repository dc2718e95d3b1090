package id.graduasi.events.contract;

import java.time.LocalDate;
import java.util.UUID;

/**
 * A graduation decision undone (v2, issue #16): the household is poor again from {@code effectiveOn}, and every
 * service takes it back as before the decision it names. {@code outcome} is that decision's; {@code pathway} and
 * {@code criteriaVersion} are for display only. {@code decisionSequence} orders it among the household's decisions
 * and reversals ({@link GraduationDecisionEvent}). Published next to v1 during the transition (docs/events.md).
 */
public record GraduationRevertedV2(UUID decisionId, UUID householdId, String villageCode,
        GraduationDecidedV2.Outcome outcome, LocalDate effectiveOn, String pathway, Integer criteriaVersion,
        String reasonCode, LocalDate revertedOn, Long decisionSequence) implements GraduationDecisionEvent {

    /** Without the sequence: as producers before the field existed wrote it. */
    public GraduationRevertedV2(UUID decisionId, UUID householdId, String villageCode,
            GraduationDecidedV2.Outcome outcome, LocalDate effectiveOn, String pathway, Integer criteriaVersion,
            String reasonCode, LocalDate revertedOn) {
        this(decisionId, householdId, villageCode, outcome, effectiveOn, pathway, criteriaVersion, reasonCode,
                revertedOn, null);
    }
}
