package id.graduasi.events.contract;

import java.time.LocalDate;
import java.util.UUID;

/**
 * A graduation decision was undone (the family relapsed, or the decision was an error): the household is poor
 * again and every service takes it back as before the decision.
 */
public record GraduationReverted(UUID decisionId, UUID householdId, String villageCode, String pathway,
        String reasonCode, LocalDate revertedOn) implements HouseholdEvent {
}
