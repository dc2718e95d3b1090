package id.graduasi.events.contract;

import java.time.LocalDate;
import java.util.UUID;

/** A household entered the registry. No NIK, KK number or names: consumers need only ids and the region. */
public record HouseholdRegistered(UUID householdId, String villageCode, int memberCount, LocalDate registeredOn,
        Long revision) implements RegistryHouseholdEvent {

    /** Without a revision: as producers before the field existed wrote it. */
    public HouseholdRegistered(UUID householdId, String villageCode, int memberCount, LocalDate registeredOn) {
        this(householdId, villageCode, memberCount, registeredOn, null);
    }
}
