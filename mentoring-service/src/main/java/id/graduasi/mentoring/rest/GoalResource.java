package id.graduasi.mentoring.rest;

import java.util.List;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import id.graduasi.mentoring.rest.Views.GoalView;
import id.graduasi.mentoring.security.MentoringAccess;
import id.graduasi.mentoring.service.GoalService;
import id.graduasi.rest.IdempotencyService;
import id.graduasi.rest.ListBounds;
import id.graduasi.security.Roles;
import io.smallrye.mutiny.Uni;
import org.jboss.resteasy.reactive.server.Cancellable;

@Cancellable(false)
@Path("/api/v1/households/{householdId}/goals")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Action plans")
public class GoalResource {

    private final GoalService goals;
    private final MentoringAccess access;
    private final IdempotencyService idempotency;

    public GoalResource(GoalService goals, MentoringAccess access, IdempotencyService idempotency) {
        this.goals = goals;
        this.access = access;
        this.idempotency = idempotency;
    }

    @POST
    @RolesAllowed(Roles.SOCIAL_WORKER)
    @Operation(summary = "Add a goal to the household's action plan (PLANNED)",
            description = "By the household's social worker (the token's user); any other household is 404. With an "
                    + "Idempotency-Key a resend answers as the first time and adds nothing (the same key for another "
                    + "request: 422).")
    public Uni<Response> add(@PathParam("householdId") UUID householdId, @HeaderParam(IdempotencyService.HEADER) String key,
            @Valid @NotNull GoalService.NewGoal request) {
        return idempotency.once("goal:" + access.caller().id(), key, householdId + " " + request,
                () -> goals.add(householdId, request).map(g -> new IdempotencyService.Answer(201, GoalView.of(g), null)))
                .map(IdempotencyService.Outcome::toResponse);
    }

    @GET
    @RolesAllowed({Roles.ADMIN, Roles.SUPERVISOR, Roles.OFFICER, Roles.AUDITOR, Roles.SOCIAL_WORKER})
    @Operation(summary = "The household's action plan", description = "Oldest first. Auditors get it without the descriptions. "
            + ListBounds.AT_MOST)
    public Uni<List<GoalView>> ofHousehold(@PathParam("householdId") UUID householdId) {
        boolean redacted = access.redactFreeText();
        return goals.ofHousehold(householdId).map(l -> l.stream().map(g -> GoalView.of(g, redacted)).toList());
    }
}
