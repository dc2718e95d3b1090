package id.graduasi.mentoring.service;

import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import id.graduasi.mentoring.domain.Goal;
import id.graduasi.mentoring.domain.GoalKind;
import id.graduasi.mentoring.domain.GoalStatus;
import id.graduasi.rest.ProblemException;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;

/** The household's action plan: goals with a status. ACHIEVED and DROPPED are final. No events (yet). */
@ApplicationScoped
public class GoalService {

    public record NewGoal(@NotNull GoalKind kind, @Size(max = 2000) String description, LocalDate targetDate) {
    }

    public record StatusChange(@NotNull GoalStatus status) {
    }

    @WithTransaction
    public Uni<Goal> add(String user, UUID householdId, NewGoal command) {
        return AssessmentService.liveCase(householdId).chain(mentoringCase -> {
            Goal goal = new Goal();
            goal.id = UUID.randomUUID();
            goal.caseId = mentoringCase.id;
            goal.householdId = householdId;
            goal.kind = command.kind();
            goal.description = command.description();
            goal.targetDate = command.targetDate();
            goal.status = GoalStatus.PLANNED;
            goal.createdBy = user;
            goal.createdAt = CaseService.now();
            goal.updatedAt = goal.createdAt;
            return goal.persist().replaceWith(goal);
        });
    }

    @WithTransaction
    public Uni<Goal> changeStatus(UUID goalId, GoalStatus status) {
        return Goal.<Goal>findById(goalId).onItem().ifNull().failWith(() -> ProblemException.notFound("goal", goalId))
                .chain(goal -> {
                    if (goal.status == status) {
                        return Uni.createFrom().item(goal);
                    }
                    if (goal.status == GoalStatus.ACHIEVED || goal.status == GoalStatus.DROPPED) {
                        return Uni.createFrom().failure(ProblemException.conflict("status",
                                "the goal is " + goal.status + " already; add a new goal instead"));
                    }
                    goal.status = status;
                    goal.updatedAt = CaseService.now();
                    return goal.flush().replaceWith(goal);
                });
    }

    @WithSession
    public Uni<List<Goal>> ofHousehold(UUID householdId) {
        return AssessmentService.caseOf(householdId)
                .chain(c -> Goal.<Goal>find("caseId = ?1 order by createdAt, id", c.id).list());
    }
}
