package id.graduasi.events.contract;

import java.time.LocalDate;
import java.util.UUID;

public record EnrollmentActivated(UUID enrollmentId, UUID householdId, String programme, String villageCode,
        LocalDate activatedOn) implements HouseholdEvent {
}
