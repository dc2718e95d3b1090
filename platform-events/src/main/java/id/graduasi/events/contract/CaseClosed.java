package id.graduasi.events.contract;

import java.time.Instant;
import java.util.UUID;

/** Mentoring closed a case: monitoring ended, or the household left the registry (moved, deceased, ...). */
public record CaseClosed(UUID caseId, UUID householdId, String reason, Instant closedAt) implements HouseholdEvent {
}
