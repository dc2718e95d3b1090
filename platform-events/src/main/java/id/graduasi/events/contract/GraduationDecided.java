package id.graduasi.events.contract;

import java.time.LocalDate;
import java.util.UUID;

/** A household was judged to have left poverty through {@code pathway}; every service acts on it. */
public record GraduationDecided(UUID decisionId, UUID householdId, String villageCode, String pathway,
        String reasonCode, LocalDate decidedOn) implements HouseholdEvent {
}
