package id.graduasi.mentoring.rest;

import java.util.List;
import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
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
import id.graduasi.mentoring.service.GoalService;
import io.smallrye.mutiny.Uni;

@Path("/api/v1/households/{householdId}/goals")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Action plans")
public class GoalResource {

    private final GoalService goals;

    public GoalResource(GoalService goals) {
        this.goals = goals;
    }

    @POST
    @Operation(summary = "Add a goal to the household's action plan (PLANNED)")
    public Uni<Response> add(@PathParam("householdId") UUID householdId,
            @HeaderParam(Views.USER_HEADER) @NotNull @Pattern(regexp = Views.USER_PATTERN) String user,
            @Valid @NotNull GoalService.NewGoal request) {
        return goals.add(user, householdId, request).map(g -> Response.status(201).entity(GoalView.of(g)).build());
    }

    @GET
    public Uni<List<GoalView>> ofHousehold(@PathParam("householdId") UUID householdId) {
        return goals.ofHousehold(householdId).map(l -> l.stream().map(GoalView::of).toList());
    }
}
