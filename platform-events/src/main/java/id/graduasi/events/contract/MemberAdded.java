package id.graduasi.events.contract;

import java.time.LocalDate;
import java.util.UUID;

/**
 * A person joined a household's KK. No NIK and no name: only what programmes need to know who is eligible for
 * what (PKH components follow age, schooling, pregnancy and disability).
 */
public record MemberAdded(UUID householdId, UUID memberId, String relationship, String sex, LocalDate birthDate,
        String educationLevel, boolean schoolEnrolled, boolean disability, boolean pregnant, LocalDate addedOn,
        Long revision) implements RegistryHouseholdEvent {

    /** Without a revision: as producers before the field existed wrote it. */
    public MemberAdded(UUID householdId, UUID memberId, String relationship, String sex, LocalDate birthDate,
            String educationLevel, boolean schoolEnrolled, boolean disability, boolean pregnant, LocalDate addedOn) {
        this(householdId, memberId, relationship, sex, birthDate, educationLevel, schoolEnrolled, disability, pregnant,
                addedOn, null);
    }
}
