package id.graduasi.events.contract;

import java.time.LocalDate;
import java.util.UUID;

/** The payment provider could not pay an entitlement; it may be sent again. */
public record DisbursementFailed(UUID entitlementId, UUID householdId, UUID cycleId, String programme, long amount,
        String reasonCode, LocalDate failedOn) implements HouseholdEvent {
}
