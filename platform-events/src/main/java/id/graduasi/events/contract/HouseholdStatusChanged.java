package id.graduasi.events.contract;

import java.time.Instant;
import java.util.UUID;

/** The registry moved a household along its status lifecycle (e.g. ACTIVE to GRADUATED). */
public record HouseholdStatusChanged(UUID householdId, String villageCode, String fromStatus, String toStatus,
        String reason, Instant changedAt) implements HouseholdEvent {
}
