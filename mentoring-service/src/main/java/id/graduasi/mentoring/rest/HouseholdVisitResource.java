package id.graduasi.mentoring.rest;

import java.util.List;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import id.graduasi.mentoring.rest.Views.VisitView;
import id.graduasi.mentoring.security.MentoringAccess;
import id.graduasi.mentoring.service.VisitService;
import id.graduasi.rest.ListBounds;
import id.graduasi.security.Roles;
import io.smallrye.mutiny.Uni;
import org.jboss.resteasy.reactive.server.Cancellable;

@Cancellable(false)
@Path("/api/v1/households/{householdId}/visits")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Visits")
public class HouseholdVisitResource {

    private final VisitService visits;
    private final MentoringAccess access;

    public HouseholdVisitResource(VisitService visits, MentoringAccess access) {
        this.visits = visits;
        this.access = access;
    }

    @GET
    @RolesAllowed({Roles.ADMIN, Roles.SUPERVISOR, Roles.OFFICER, Roles.AUDITOR, Roles.SOCIAL_WORKER})
    @Operation(summary = "A household's visits and session attendance, latest first",
            description = "Auditors get them without the notes. " + ListBounds.AT_MOST)
    public Uni<List<VisitView>> ofHousehold(@PathParam("householdId") UUID householdId) {
        boolean redacted = access.redactFreeText();
        return visits.ofHousehold(householdId).map(l -> l.stream().map(v -> VisitView.of(v, redacted)).toList());
    }

}
