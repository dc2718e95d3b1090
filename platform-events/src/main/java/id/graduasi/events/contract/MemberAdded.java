package id.graduasi.events.contract;

import java.time.LocalDate;
import java.util.UUID;

/**
 * A person joined a household's KK. No NIK and no name: only what programmes need to know who is eligible for
 * what (PKH components follow age, schooling, pregnancy and disability).
 */
public record MemberAdded(UUID householdId, UUID memberId, String relationship, String sex, LocalDate birthDate,
        String educationLevel, boolean schoolEnrolled, boolean disability, boolean pregnant, LocalDate addedOn)
        implements HouseholdEvent {
}
