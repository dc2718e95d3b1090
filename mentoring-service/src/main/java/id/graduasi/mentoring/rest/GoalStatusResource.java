package id.graduasi.mentoring.rest;

import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import id.graduasi.mentoring.rest.Views.GoalView;
import id.graduasi.mentoring.service.GoalService;
import id.graduasi.security.Roles;
import io.smallrye.mutiny.Uni;
import org.jboss.resteasy.reactive.server.Cancellable;

@Cancellable(false)
@Path("/api/v1/goals")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Action plans")
public class GoalStatusResource {

    private final GoalService goals;

    public GoalStatusResource(GoalService goals) {
        this.goals = goals;
    }

    @PUT
    @Path("/{id}/status")
    @RolesAllowed(Roles.SOCIAL_WORKER)
    @Operation(summary = "Move a goal to PLANNED, IN_PROGRESS, ACHIEVED or DROPPED (the last two are final: 409)",
            description = "By the household's social worker (the token's user); any other goal is 404.")
    public Uni<GoalView> status(@PathParam("id") UUID id, @Valid @NotNull GoalService.StatusChange request) {
        return goals.changeStatus(id, request.status()).map(GoalView::of);
    }
}
