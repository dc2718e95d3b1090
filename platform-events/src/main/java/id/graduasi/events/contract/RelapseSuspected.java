package id.graduasi.events.contract;

import java.time.LocalDate;
import java.util.UUID;

/**
 * During post-graduation monitoring an assessment scored below the threshold: graduation should review the
 * decision (and may revert it). {@code score} and {@code threshold} are 0 to 100.
 */
public record RelapseSuspected(UUID caseId, UUID householdId, String villageCode, UUID assessmentId, int score,
        int threshold, LocalDate suspectedOn) implements HouseholdEvent {
}
