package id.graduasi.events.contract;

import java.time.LocalDate;
import java.util.UUID;

/**
 * An enrollment's payments are held: a PKH condition was not met (health checks, school attendance, family
 * sessions) or eligibility is under review. {@code reason} is a code, never free text about the family.
 */
public record EnrollmentSuspended(UUID enrollmentId, UUID householdId, String programme, String villageCode,
        String reason, LocalDate suspendedOn) implements HouseholdEvent {
}
