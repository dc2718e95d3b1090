package id.graduasi.events.contract;

import java.time.LocalDate;
import java.util.UUID;

/** An enrollment left the programme; {@code reason} is one of GRADUATED, INELIGIBLE, MOVED, DECEASED, DUPLICATE. */
public record EnrollmentEnded(UUID enrollmentId, UUID householdId, String programme, String reason,
        LocalDate endedOn) implements HouseholdEvent {
}
