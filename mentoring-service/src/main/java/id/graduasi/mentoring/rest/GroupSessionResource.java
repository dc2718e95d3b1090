package id.graduasi.mentoring.rest;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import id.graduasi.mentoring.service.VisitCommands;
import id.graduasi.mentoring.service.VisitService;
import io.smallrye.mutiny.Uni;

/** P2K2 sessions and KUBE meetings, recorded under the app's id like home visits (201, 200 on a resend, 409). */
@Path("/api/v1/group-sessions")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Visits")
public class GroupSessionResource {

    private final VisitService visits;

    public GroupSessionResource(VisitService visits) {
        this.visits = visits;
    }

    @POST
    @Operation(summary = "Record a P2K2 session or KUBE meeting with the attendance of each household")
    public Uni<Response> groupSession(
            @HeaderParam(Views.USER_HEADER) @NotNull @Pattern(regexp = Views.USER_PATTERN) String user,
            @Valid @NotNull VisitCommands.GroupSession request) {
        return visits.recordGroupSession(user, request).map(r -> VisitResource.respond(r, "/api/v1/group-sessions/"));
    }

}
