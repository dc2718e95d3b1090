package id.graduasi.mentoring.service;

import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import id.graduasi.events.persistence.TimeOrderedIds;
import id.graduasi.mentoring.domain.Goal;
import id.graduasi.mentoring.domain.GoalKind;
import id.graduasi.mentoring.domain.GoalStatus;
import id.graduasi.mentoring.domain.MentoringCase;
import id.graduasi.mentoring.security.MentoringAccess;
import id.graduasi.rest.ListBounds;
import id.graduasi.rest.ProblemException;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;

/**
 * The household's action plan: goals with a status. ACHIEVED and DROPPED are final. No events (yet). Written by
 * the household's worker (its caseload now or before; else 404), and audited.
 */
@ApplicationScoped
public class GoalService {

    public record NewGoal(@NotNull GoalKind kind, @Size(max = 2000) String description, LocalDate targetDate) {
    }

    public record StatusChange(@NotNull GoalStatus status) {
    }

    private final MentoringAccess access;
    private final AssessmentService assessments;

    public GoalService(MentoringAccess access, AssessmentService assessments) {
        this.access = access;
        this.assessments = assessments;
    }

    @WithTransaction
    public Uni<Goal> add(UUID householdId, NewGoal command) {
        return access.actingWorker().chain(worker -> assessments.liveCase(worker, householdId)).chain(mentoringCase -> {
            Goal goal = new Goal();
            goal.id = TimeOrderedIds.next();
            goal.caseId = mentoringCase.id;
            goal.householdId = householdId;
            goal.kind = command.kind();
            goal.description = command.description();
            goal.targetDate = command.targetDate();
            goal.status = GoalStatus.PLANNED;
            goal.createdBy = access.caller().id();
            goal.createdAt = CaseService.now();
            goal.updatedAt = goal.createdAt;
            return goal.persist()
                    .chain(() -> access.audit("ADD_GOAL", "goal", goal.id, householdId, mentoringCase.villageCode,
                            "kind " + goal.kind + ", status PLANNED, target " + goal.targetDate))
                    .replaceWith(goal);
        });
    }

    /** A goal of the worker's caseload (any other answers 404, as if absent); ACHIEVED and DROPPED are final. */
    @WithTransaction
    public Uni<Goal> changeStatus(UUID goalId, GoalStatus status) {
        return access.actingWorker().chain(worker -> Goal.<Goal>findById(goalId).chain(goal -> goal == null
                ? Uni.createFrom().failure(ProblemException.notFound("goal", goalId))
                : access.workableCase(worker, goal.householdId, "id")
                        .onFailure(ProblemException.class).transform(e -> ProblemException.notFound("goal", goalId))
                        .chain(mentoringCase -> change(goal, mentoringCase, status))));
    }

    private Uni<Goal> change(Goal goal, MentoringCase mentoringCase, GoalStatus status) {
        if (goal.status == status) {
            return Uni.createFrom().item(goal);
        }
        if (goal.status == GoalStatus.ACHIEVED || goal.status == GoalStatus.DROPPED) {
            return Uni.createFrom().failure(ProblemException.conflict("status",
                    "the goal is " + goal.status + " already; add a new goal instead"));
        }
        GoalStatus before = goal.status;
        goal.status = status;
        goal.updatedAt = CaseService.now();
        return goal.flush()
                .chain(() -> access.audit("GOAL_STATUS", "goal", goal.id, goal.householdId, mentoringCase.villageCode,
                        "status " + before + " -> " + status))
                .replaceWith(goal);
    }

    /** The case's goals, oldest first: the newest {@link ListBounds#MAX_ROWS}. */
    @WithSession
    public Uni<List<Goal>> ofHousehold(UUID householdId) {
        return access.readableCase(householdId)
                .chain(c -> Goal.<Goal>find("caseId = ?1 order by createdAt desc, id desc", c.id)
                        .page(0, ListBounds.MAX_ROWS).list().map(ListBounds::oldestFirst));
    }
}
