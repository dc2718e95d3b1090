package id.graduasi.events.contract;

import java.time.LocalDate;
import java.util.UUID;

/** A graduated household's case switched to post-graduation monitoring until {@code monitoringUntil}. */
public record CaseMonitoringStarted(UUID caseId, UUID householdId, LocalDate monitoringUntil)
        implements HouseholdEvent {
}
