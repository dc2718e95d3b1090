package id.graduasi.events.contract;

import java.time.LocalDate;
import java.util.UUID;

/** A person left a household's KK (moved, married out, deceased, recorded by mistake). */
public record MemberRemoved(UUID householdId, UUID memberId, String reason, LocalDate removedOn, Long revision)
        implements RegistryHouseholdEvent {

    /** Without a revision: as producers before the field existed wrote it. */
    public MemberRemoved(UUID householdId, UUID memberId, String reason, LocalDate removedOn) {
        this(householdId, memberId, reason, removedOn, null);
    }
}
