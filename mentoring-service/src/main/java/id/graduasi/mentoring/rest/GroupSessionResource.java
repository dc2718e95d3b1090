package id.graduasi.mentoring.rest;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import id.graduasi.mentoring.service.VisitCommands;
import id.graduasi.mentoring.service.VisitService;
import id.graduasi.security.Roles;
import io.smallrye.mutiny.Uni;
import org.jboss.resteasy.reactive.server.Cancellable;

/** P2K2 sessions and KUBE meetings, recorded under the app's id like home visits (201, 200 on a resend, 409). */
@Cancellable(false)
@Path("/api/v1/group-sessions")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Visits")
public class GroupSessionResource {

    private final VisitService visits;

    public GroupSessionResource(VisitService visits) {
        this.visits = visits;
    }

    @POST
    @RolesAllowed(Roles.SOCIAL_WORKER)
    @Operation(summary = "Record a P2K2 session or KUBE meeting with the attendance of each household",
            description = "By a social worker (the token's user) for households of its caseload (another household: "
                    + "404 naming attendance[i].householdId), in a village of its token's regions (else 403).")
    public Uni<Response> groupSession(@Valid @NotNull VisitCommands.GroupSession request) {
        return visits.recordGroupSession(request).map(r -> VisitResource.respond(r, "/api/v1/group-sessions/"));
    }

}
