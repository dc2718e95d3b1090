package id.graduasi.mentoring.service;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import id.graduasi.events.contract.AssessmentCriterion;
import id.graduasi.events.contract.AssessmentRecorded;
import id.graduasi.events.contract.GraduationRecommended;
import id.graduasi.events.contract.RelapseSuspected;
import id.graduasi.events.outbox.OutboxWriter;
import id.graduasi.events.persistence.TimeOrderedIds;
import id.graduasi.mentoring.config.MentoringConfig;
import id.graduasi.mentoring.domain.Assessment;
import id.graduasi.mentoring.domain.AssessmentScore;
import id.graduasi.mentoring.domain.CaseStatus;
import id.graduasi.mentoring.domain.GraduationRecommendation;
import id.graduasi.mentoring.domain.MentoringCase;
import id.graduasi.mentoring.domain.SocialWorker;
import id.graduasi.mentoring.security.MentoringAccess;
import id.graduasi.rest.ListBounds;
import id.graduasi.rest.ProblemException;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;

/**
 * Scored assessments on the graduation criteria and the worker's graduation recommendation. During
 * post-graduation monitoring an assessment whose mean score is below {@code relapse-threshold} also emits
 * RelapseSuspected, in the same transaction. Notes and evidence stay here; events carry codes and scores only.
 */
@ApplicationScoped
public class AssessmentService {

    public record ScoreInput(@NotNull AssessmentCriterion criterion, @NotNull @Min(0) @Max(100) Integer score,
            @Size(max = 2000) String evidence) {
    }

    public record NewAssessment(@NotNull LocalDate assessedOn,
            @NotNull @Size(min = 1, max = 8) List<@NotNull @Valid ScoreInput> scores, @Size(max = 4000) String notes) {
    }

    public record NewRecommendation(@NotNull Boolean ready,
            @Pattern(regexp = "[A-Z_]{2,40}", message = "must be a pathway code like GRADUASI_MANDIRI") String pathway,
            @Size(max = 15) List<@NotNull @Pattern(regexp = "[A-Z][A-Z0-9_]{1,59}",
                    message = "must be a code like SAVINGS") String> reasonCodes,
            @Size(max = 4000) String notes, @NotNull LocalDate recommendedOn) {
    }

    public record RecordedAssessment(Assessment assessment, List<AssessmentScore> scores) {
    }

    private final OutboxWriter outbox;
    private final MentoringAccess access;
    private final MentoringConfig config;

    public AssessmentService(OutboxWriter outbox, MentoringAccess access, MentoringConfig config) {
        this.outbox = outbox;
        this.access = access;
        this.config = config;
    }

    /** By the token's worker, on a household of its caseload (now or before; else 404). Audited. */
    @WithTransaction
    public Uni<RecordedAssessment> record(UUID householdId, NewAssessment command) {
        Set<AssessmentCriterion> seen = EnumSet.noneOf(AssessmentCriterion.class);
        for (int i = 0; i < command.scores().size(); i++) {
            if (!seen.add(command.scores().get(i).criterion())) {
                return Uni.createFrom().failure(ProblemException.badRequest("scores[" + i + "].criterion",
                        "is scored twice"));
            }
        }
        if (command.assessedOn().isAfter(CaseService.today().plusDays(1))) {
            return Uni.createFrom().failure(ProblemException.badRequest("assessedOn", "must not be in the future"));
        }
        return access.actingWorker().chain(worker -> liveCase(worker, householdId).chain(mentoringCase -> {
            int sum = command.scores().stream().mapToInt(ScoreInput::score).sum();
            int n = command.scores().size();
            Assessment assessment = new Assessment();
            assessment.id = TimeOrderedIds.next();
            assessment.caseId = mentoringCase.id;
            assessment.householdId = householdId;
            assessment.villageCode = mentoringCase.villageCode;
            assessment.workerId = worker.id;
            assessment.assessedOn = command.assessedOn();
            assessment.caseStatus = mentoringCase.status;
            assessment.meanScore = BigDecimal.valueOf(sum).divide(BigDecimal.valueOf(n), 2, RoundingMode.HALF_UP);
            // Exact: mean < threshold  <=>  sum < threshold * n.
            assessment.relapseSuspected = mentoringCase.status == CaseStatus.MONITORING
                    && sum < config.relapseThreshold() * n;
            assessment.notes = command.notes();
            assessment.recordedAt = CaseService.now();
            List<AssessmentScore> scores = command.scores().stream().map(s -> {
                AssessmentScore score = new AssessmentScore();
                score.id = TimeOrderedIds.next();
                score.assessmentId = assessment.id;
                score.criterion = s.criterion();
                score.score = s.score();
                score.evidence = s.evidence();
                return score;
            }).toList();
            var recorded = new AssessmentRecorded(assessment.id, mentoringCase.id, householdId,
                    mentoringCase.villageCode, worker.id, assessment.assessedOn,
                    scores.stream().map(s -> new AssessmentRecorded.Score(s.criterion, s.score)).toList());
            List<id.graduasi.events.contract.HouseholdEvent> events = assessment.relapseSuspected
                    ? List.of(recorded, new RelapseSuspected(mentoringCase.id, householdId, mentoringCase.villageCode,
                            assessment.id, sum / n, config.relapseThreshold(), assessment.assessedOn))
                    : List.of(recorded);
            return assessment.persist()
                    .chain(() -> AssessmentScore.persist(scores))
                    .chain(() -> outbox.appendAll(events))
                    .chain(() -> access.audit("ASSESS", "assessment", assessment.id, householdId,
                            mentoringCase.villageCode, "assessed on " + assessment.assessedOn + ", mean score "
                                    + assessment.meanScore + (assessment.relapseSuspected ? ", relapse suspected" : "")))
                    .replaceWith(new RecordedAssessment(assessment, scores));
        }));
    }

    /** Newest first, at most {@link ListBounds#MAX_ROWS} (and their scores: one per criterion). */
    @WithSession
    public Uni<List<RecordedAssessment>> ofHousehold(UUID householdId) {
        return access.readableCase(householdId).chain(c -> Assessment.<Assessment>find(
                        "caseId = ?1 order by assessedOn desc, recordedAt desc", c.id).page(0, ListBounds.MAX_ROWS).list())
                .chain(assessments -> assessments.isEmpty() ? Uni.createFrom().item(List.<RecordedAssessment>of())
                        : AssessmentScore.<AssessmentScore>find("assessmentId in ?1 order by criterion",
                                        assessments.stream().map(a -> a.id).toList()).list()
                                .map(scores -> assessments.stream().map(a -> new RecordedAssessment(a,
                                        scores.stream().filter(s -> s.assessmentId.equals(a.id)).toList())).toList()));
    }

    /**
     * Ready: a pathway is required. Not yet: at least one reason code, no pathway. Only an OPEN case can be
     * recommended (a MONITORING household has graduated already).
     */
    @WithTransaction
    public Uni<GraduationRecommendation> recommend(UUID householdId, NewRecommendation command) {
        List<String> reasons = command.reasonCodes() == null ? List.of() : command.reasonCodes();
        if (command.ready() && command.pathway() == null) {
            return Uni.createFrom().failure(ProblemException.badRequest("pathway", "is required when ready"));
        }
        if (!command.ready() && command.pathway() != null) {
            return Uni.createFrom().failure(ProblemException.badRequest("pathway", "must be left out when not ready"));
        }
        if (!command.ready() && reasons.isEmpty()) {
            return Uni.createFrom().failure(ProblemException.badRequest("reasonCodes",
                    "at least one reason is required when not ready (e.g. SAVINGS, BUSINESS_SUSTAINED)"));
        }
        if (command.recommendedOn().isAfter(CaseService.today().plusDays(1))) {
            return Uni.createFrom().failure(ProblemException.badRequest("recommendedOn", "must not be in the future"));
        }
        return access.actingWorker().chain(worker -> access.workableCase(worker, householdId, "householdId")
                .chain(mentoringCase -> {
            if (mentoringCase.status != CaseStatus.OPEN) {
                return Uni.createFrom().failure(ProblemException.conflict(
                        "only an OPEN case can be recommended; this one is " + mentoringCase.status));
            }
            GraduationRecommendation r = new GraduationRecommendation();
            r.id = TimeOrderedIds.next();
            r.caseId = mentoringCase.id;
            r.householdId = householdId;
            r.workerId = worker.id;
            r.ready = command.ready();
            r.pathway = command.pathway();
            r.reasonCodes = String.join(",", reasons);
            r.notes = command.notes();
            r.recommendedOn = command.recommendedOn();
            r.recordedAt = CaseService.now();
            return r.persist()
                    .chain(() -> outbox.append(new GraduationRecommended(r.id, mentoringCase.id, householdId,
                            mentoringCase.villageCode, worker.id, r.ready, r.pathway, reasons, r.recommendedOn)))
                    .chain(() -> access.audit("RECOMMEND", "recommendation", r.id, householdId,
                            mentoringCase.villageCode, r.ready ? "ready, pathway " + r.pathway
                                    : "not ready, reasons " + reasons))
                    .replaceWith(r);
        }));
    }

    @WithSession
    public Uni<List<GraduationRecommendation>> recommendations(UUID householdId) {
        return access.readableCase(householdId).chain(c -> GraduationRecommendation.<GraduationRecommendation>find(
                "caseId = ?1 order by recommendedOn desc, recordedAt desc", c.id).page(0, ListBounds.MAX_ROWS).list());
    }

    /** The household's case in the worker's caseload (else 404), which must not be CLOSED (409). */
    public Uni<MentoringCase> liveCase(SocialWorker worker, UUID householdId) {
        return access.workableCase(worker, householdId, "householdId").chain(c -> c.status == CaseStatus.CLOSED
                ? Uni.createFrom().failure(ProblemException.conflict("the household's case is CLOSED"))
                : Uni.createFrom().item(c));
    }
}
