package id.graduasi.events.contract;

import java.time.LocalDate;
import java.util.UUID;

/** A second officer approved a cycle: this household's frozen entitlement will be sent for payment. Rupiah. */
public record EntitlementApproved(UUID entitlementId, UUID householdId, UUID cycleId, String programme, int year,
        int tranche, long amount, String villageCode, LocalDate approvedOn) implements HouseholdEvent {
}
