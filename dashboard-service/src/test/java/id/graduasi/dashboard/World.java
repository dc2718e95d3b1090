package id.graduasi.dashboard;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import id.graduasi.events.contract.AidDisbursed;
import id.graduasi.events.contract.AssessmentCriterion;
import id.graduasi.events.contract.AssessmentRecorded;
import id.graduasi.events.contract.CaseOpened;
import id.graduasi.events.contract.EnrollmentActivated;
import id.graduasi.events.contract.GraduationDecidedV2;
import id.graduasi.events.contract.GraduationRecommended;
import id.graduasi.events.contract.GraduationRevertedV2;
import id.graduasi.events.contract.HouseholdEvent;
import id.graduasi.events.contract.HouseholdRegistered;
import id.graduasi.events.contract.HouseholdStatusChanged;
import id.graduasi.events.contract.VisitRecorded;
import id.graduasi.events.contract.WorkerAssigned;

/** The events the four services publish for households, as contract payloads (what a test puts on the topics). */
final class World {

    static final LocalDate TODAY = LocalDate.now();

    private World() {
    }

    static List<HouseholdEvent> registered(UUID h, String village) {
        return List.of(new HouseholdRegistered(h, village, 3, TODAY.minusMonths(8)));
    }

    /** A household through the whole programme up to a graduation decision. */
    static List<HouseholdEvent> graduated(UUID h, String village, UUID worker, long paid) {
        List<HouseholdEvent> events = new ArrayList<>(registered(h, village));
        UUID caseId = UUID.randomUUID();
        events.add(new HouseholdStatusChanged(h, village, "REGISTERED", "VERIFIED", null, Instant.now()));
        events.add(new EnrollmentActivated(UUID.randomUUID(), h, "PKH", village, TODAY.minusMonths(7)));
        events.add(new AidDisbursed(UUID.randomUUID(), h, UUID.randomUUID(), "PKH", TODAY.getYear(), 1, paid, village,
                TODAY.minusMonths(6)));
        events.add(new CaseOpened(caseId, h, village, Instant.now()));
        events.add(new WorkerAssigned(caseId, h, village, worker, null, "BALANCED", Instant.now()));
        events.add(new VisitRecorded(UUID.randomUUID(), caseId, h, village, worker, "HOME_VISIT", TODAY.minusDays(3),
                true, true, true, null, null, null, null));
        events.add(new AssessmentRecorded(UUID.randomUUID(), caseId, h, village, worker, TODAY.minusDays(2),
                List.of(new AssessmentRecorded.Score(AssessmentCriterion.SAVINGS, 80))));
        events.add(new GraduationRecommended(UUID.randomUUID(), caseId, h, village, worker, true,
                "GRADUASI_MANDIRI", List.of(), TODAY.minusDays(2)));
        return events;
    }

    static GraduationDecidedV2 decision(UUID decisionId, UUID h, String village) {
        return new GraduationDecidedV2(decisionId, h, village, GraduationDecidedV2.Outcome.GRADUATED, TODAY,
                TODAY.plusMonths(12), "GRADUASI_MANDIRI", 1, "EKONOMI_MEMBAIK", TODAY);
    }

    static GraduationRevertedV2 reversal(UUID decisionId, UUID h, String village) {
        return new GraduationRevertedV2(decisionId, h, village, GraduationDecidedV2.Outcome.GRADUATED, TODAY,
                "GRADUASI_MANDIRI", 1, "RELAPSE", TODAY);
    }
}
