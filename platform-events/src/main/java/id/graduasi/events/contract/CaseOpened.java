package id.graduasi.events.contract;

import java.time.Instant;
import java.util.UUID;

/** Mentoring opened a case for a household; social workers visit and coach it from now on. */
public record CaseOpened(UUID caseId, UUID householdId, String villageCode, Instant openedAt)
        implements HouseholdEvent {
}
