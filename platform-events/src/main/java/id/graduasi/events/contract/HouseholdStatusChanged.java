package id.graduasi.events.contract;

import java.time.Instant;
import java.util.UUID;

/**
 * The registry moved a household along its status lifecycle (e.g. ACTIVE to GRADUATED). {@code decisionId} names
 * the graduation decision that caused the change (its echo in the registry), null for an officer's change;
 * consumers that act on the decision itself recognise the echo by it and do not apply the fact twice.
 */
public record HouseholdStatusChanged(UUID householdId, String villageCode, String fromStatus, String toStatus,
        String reason, Instant changedAt, Long revision, UUID decisionId) implements RegistryHouseholdEvent {

    /** Without revision and cause: as producers before the fields existed wrote it. */
    public HouseholdStatusChanged(UUID householdId, String villageCode, String fromStatus, String toStatus,
            String reason, Instant changedAt) {
        this(householdId, villageCode, fromStatus, toStatus, reason, changedAt, null, null);
    }
}
