package id.graduasi.events.contract;

import java.time.LocalDate;
import java.util.UUID;

/**
 * A social worker saw the household: a home visit, or a group session (P2K2 family-development session, KUBE
 * meeting) it attended or missed. Checklist answers are null when not asked; free-text notes stay in mentoring.
 */
public record VisitRecorded(UUID visitId, UUID caseId, UUID householdId, String villageCode, UUID workerId,
        String kind, LocalDate visitedOn, boolean attended, Boolean aidUsedAsIntended, Boolean businessRunning,
        Boolean incomeReported, Boolean savingsKept, Boolean childrenAttendingSchool, Boolean healthChecksDone)
        implements HouseholdEvent {
}
