package id.graduasi.events.contract;

import java.time.Instant;
import java.util.UUID;

/**
 * A household's case was given to a social worker; {@code previousWorkerId} is null on first assignment.
 * {@code reason} is a code: BALANCED (automatic), REASSIGNED (by a supervisor), WORKER_LEFT (caseload redistributed).
 */
public record WorkerAssigned(UUID caseId, UUID householdId, String villageCode, UUID workerId,
        UUID previousWorkerId, String reason, Instant assignedAt) implements HouseholdEvent {
}
