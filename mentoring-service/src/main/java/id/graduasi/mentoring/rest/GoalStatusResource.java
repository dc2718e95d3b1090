package id.graduasi.mentoring.rest;

import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import id.graduasi.mentoring.rest.Views.GoalView;
import id.graduasi.mentoring.service.GoalService;
import io.smallrye.mutiny.Uni;

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
    @Operation(summary = "Move a goal to PLANNED, IN_PROGRESS, ACHIEVED or DROPPED (the last two are final: 409)")
    public Uni<GoalView> status(@PathParam("id") UUID id,
            @HeaderParam(Views.USER_HEADER) @NotNull @Pattern(regexp = Views.USER_PATTERN) String user,
            @Valid @NotNull GoalService.StatusChange request) {
        return goals.changeStatus(id, request.status()).map(GoalView::of);
    }
}
