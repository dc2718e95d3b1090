package id.graduasi.mentoring.rest;

import java.util.List;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.GET;
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
import id.graduasi.security.Roles;
import io.smallrye.mutiny.Uni;

@Path("/api/v1/households/{householdId}/goals")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Action plans")
public class GoalResource {

    private final GoalService goals;
    private final MentoringAccess access;

    public GoalResource(GoalService goals, MentoringAccess access) {
        this.goals = goals;
        this.access = access;
    }

    @POST
    @RolesAllowed(Roles.SOCIAL_WORKER)
    @Operation(summary = "Add a goal to the household's action plan (PLANNED)",
            description = "By the household's social worker (the token's user); any other household is 404.")
    public Uni<Response> add(@PathParam("householdId") UUID householdId,
            @Valid @NotNull GoalService.NewGoal request) {
        return goals.add(householdId, request).map(g -> Response.status(201).entity(GoalView.of(g)).build());
    }

    @GET
    @RolesAllowed({Roles.ADMIN, Roles.SUPERVISOR, Roles.OFFICER, Roles.AUDITOR, Roles.SOCIAL_WORKER})
    @Operation(summary = "The household's action plan", description = "Auditors get it without the descriptions.")
    public Uni<List<GoalView>> ofHousehold(@PathParam("householdId") UUID householdId) {
        boolean redacted = access.redactFreeText();
        return goals.ofHousehold(householdId).map(l -> l.stream().map(g -> GoalView.of(g, redacted)).toList());
    }
}
