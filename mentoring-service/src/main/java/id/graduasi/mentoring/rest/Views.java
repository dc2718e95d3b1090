package id.graduasi.mentoring.rest;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import id.graduasi.events.contract.AssessmentCriterion;
import id.graduasi.mentoring.domain.CaseAssignment;
import id.graduasi.mentoring.domain.CaseStatus;
import id.graduasi.mentoring.domain.Goal;
import id.graduasi.mentoring.domain.GoalKind;
import id.graduasi.mentoring.domain.GoalStatus;
import id.graduasi.mentoring.domain.GraduationRecommendation;
import id.graduasi.mentoring.domain.MentoringCase;
import id.graduasi.mentoring.domain.Visit;
import id.graduasi.mentoring.domain.VisitKind;
import id.graduasi.mentoring.domain.WorkerStatus;
import id.graduasi.mentoring.service.AssessmentService;
import id.graduasi.mentoring.service.FollowUpService;
import id.graduasi.mentoring.service.VisitCommands;
import id.graduasi.mentoring.service.VisitService;
import id.graduasi.mentoring.service.WorkerService;

/** What the API answers: plain records built from the entities. */
public final class Views {

    /** A worker's username: the user its tokens name (upn). */
    public static final String USER_PATTERN = "[A-Za-z0-9._@:-]{1,120}";
    /** A province, regency, district or village code: 64, 64.72, 64.72.01, 64.72.01.1001. */
    public static final String REGION_PREFIX = "[0-9]{2}(\\.[0-9]{2}(\\.[0-9]{2}(\\.[0-9]{4})?)?)?";
    public static final String REGION_MESSAGE = "must be a region code like 64.72 or 64.72.01";
    /** A district (64.72.01) or village (64.72.01.1001) code: what a worker covers. */
    public static final String AREA = "[0-9]{2}\\.[0-9]{2}\\.[0-9]{2}(\\.[0-9]{4})?";

    private Views() {
    }

    public record CaseView(UUID id, UUID householdId, String villageCode, CaseStatus status, UUID workerId,
            Instant assignedAt, Instant openedAt, LocalDate monitoringUntil, Instant closedAt) {

        public static CaseView of(MentoringCase c) {
            return new CaseView(c.id, c.householdId, c.villageCode, c.status, c.workerId, c.assignedAt, c.openedAt,
                    c.monitoringUntil, c.closedAt);
        }
    }

    public record WorkerView(UUID id, String username, int capacity, WorkerStatus status, List<String> areas,
            long caseCount, Instant createdAt) {

        public static WorkerView of(WorkerService.WorkerDetails d) {
            return new WorkerView(d.worker().id, d.worker().username, d.worker().capacity, d.worker().status,
                    d.areas(), d.caseCount(), d.worker().createdAt);
        }
    }

    public record AssignmentView(UUID caseId, UUID workerId, UUID previousWorkerId, String reason, String assignedBy,
            Instant assignedAt) {

        public static AssignmentView of(CaseAssignment a) {
            return new AssignmentView(a.caseId, a.workerId, a.previousWorkerId, a.reason, a.assignedBy, a.assignedAt);
        }
    }

    public record AgendaView(UUID workerId, LocalDate asOf, LocalDate until, long overdue,
            List<FollowUpService.AgendaItem> items) {
    }

    public record VisitView(UUID id, UUID sessionId, UUID caseId, UUID householdId, String villageCode,
            UUID workerId, VisitKind kind, LocalDate visitedOn, boolean attended, VisitCommands.Checklist checklist,
            String notes, Instant recordedAt) {

        public static VisitView of(Visit v) {
            return of(v, false);
        }

        /** {@code redacted}: without the notes (for auditors: they may describe the family in detail). */
        public static VisitView of(Visit v, boolean redacted) {
            return new VisitView(v.id, v.sessionId, v.caseId, v.householdId, v.villageCode, v.workerId, v.kind,
                    v.visitedOn, v.attended, new VisitCommands.Checklist(v.aidUsedAsIntended, v.businessRunning,
                            v.incomeReported, v.savingsKept, v.childrenAttendingSchool, v.healthChecksDone),
                    redacted ? null : v.notes, v.recordedAt);
        }
    }

    /** A home visit or a group session as recorded under the app's id; {@code visits} has one per household. */
    public record RecordedView(UUID id, VisitKind kind, boolean replayed, List<VisitView> visits) {

        public static RecordedView of(VisitService.Recorded r) {
            return new RecordedView(r.id(), r.kind(), r.replayed(), r.visits().stream().map(VisitView::of).toList());
        }
    }

    public record ScoreView(AssessmentCriterion criterion, int score, String evidence) {
    }

    public record AssessmentView(UUID id, UUID caseId, UUID householdId, UUID workerId, LocalDate assessedOn,
            CaseStatus caseStatus, BigDecimal meanScore, boolean relapseSuspected, List<ScoreView> scores,
            String notes, Instant recordedAt) {

        public static AssessmentView of(AssessmentService.RecordedAssessment r) {
            return of(r, false);
        }

        /** {@code redacted}: scores without evidence, and no notes. */
        public static AssessmentView of(AssessmentService.RecordedAssessment r, boolean redacted) {
            var a = r.assessment();
            return new AssessmentView(a.id, a.caseId, a.householdId, a.workerId, a.assessedOn, a.caseStatus,
                    a.meanScore, a.relapseSuspected,
                    r.scores().stream().map(s -> new ScoreView(s.criterion, s.score, redacted ? null : s.evidence))
                            .toList(),
                    redacted ? null : a.notes, a.recordedAt);
        }
    }

    public record RecommendationView(UUID id, UUID caseId, UUID householdId, UUID workerId, boolean ready,
            String pathway, List<String> reasonCodes, String notes, LocalDate recommendedOn, Instant recordedAt) {

        public static RecommendationView of(GraduationRecommendation r) {
            return of(r, false);
        }

        /** {@code redacted}: without the notes. */
        public static RecommendationView of(GraduationRecommendation r, boolean redacted) {
            return new RecommendationView(r.id, r.caseId, r.householdId, r.workerId, r.ready, r.pathway,
                    r.reasonCodes.isEmpty() ? List.of() : Arrays.asList(r.reasonCodes.split(",")),
                    redacted ? null : r.notes, r.recommendedOn, r.recordedAt);
        }
    }

    public record GoalView(UUID id, UUID caseId, UUID householdId, GoalKind kind, String description,
            GoalStatus status, LocalDate targetDate, String createdBy, Instant createdAt, Instant updatedAt) {

        public static GoalView of(Goal g) {
            return of(g, false);
        }

        /** {@code redacted}: without the description. */
        public static GoalView of(Goal g, boolean redacted) {
            return new GoalView(g.id, g.caseId, g.householdId, g.kind, redacted ? null : g.description, g.status,
                    g.targetDate, g.createdBy, g.createdAt, g.updatedAt);
        }
    }
}
