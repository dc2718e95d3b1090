package id.graduasi.events.contract;

import java.time.LocalDate;
import java.util.UUID;

/** The payment provider confirmed that an entitlement was paid to the household: rupiah, once. */
public record AidDisbursed(UUID entitlementId, UUID householdId, UUID cycleId, String programme, int year,
        int tranche, long amount, String villageCode, LocalDate paidOn) implements HouseholdEvent {
}
