package id.graduasi.mentoring.rest;

import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import id.graduasi.mentoring.rest.Views.CaseView;
import id.graduasi.mentoring.service.CaseService;
import id.graduasi.security.Roles;
import io.smallrye.mutiny.Uni;
import org.jboss.resteasy.reactive.server.Cancellable;

@Cancellable(false)
@Path("/api/v1/households/{householdId}/case")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Cases")
public class CaseResource {

    private final CaseService cases;

    public CaseResource(CaseService cases) {
        this.cases = cases;
    }

    @GET
    @RolesAllowed({Roles.ADMIN, Roles.SUPERVISOR, Roles.OFFICER, Roles.AUDITOR, Roles.SOCIAL_WORKER})
    @Operation(summary = "A household's mentoring case, with its social worker",
            description = "A social worker sees the cases of its caseload (now or before) only; any other is 404.")
    public Uni<CaseView> ofHousehold(@PathParam("householdId") UUID householdId) {
        return cases.ofHousehold(householdId).map(CaseView::of);
    }
}
