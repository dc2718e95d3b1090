package id.graduasi.events.contract;

import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/**
 * A social worker's judgement: the household is ready to graduate ({@code ready}, with the pathway they suggest),
 * or not yet, with the criteria still lacking as {@code reasonCodes} (criterion codes or other codes).
 */
public record GraduationRecommended(UUID recommendationId, UUID caseId, UUID householdId, String villageCode,
        UUID workerId, boolean ready, String pathway, List<String> reasonCodes, LocalDate recommendedOn)
        implements HouseholdEvent {
}
