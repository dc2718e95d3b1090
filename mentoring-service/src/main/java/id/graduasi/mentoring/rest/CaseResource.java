package id.graduasi.mentoring.rest;

import java.util.UUID;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import id.graduasi.mentoring.rest.Views.CaseView;
import id.graduasi.mentoring.service.CaseService;
import io.smallrye.mutiny.Uni;

@Path("/api/v1/households/{householdId}/case")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Cases")
public class CaseResource {

    private final CaseService cases;

    public CaseResource(CaseService cases) {
        this.cases = cases;
    }

    @GET
    @Operation(summary = "A household's mentoring case, with its social worker")
    public Uni<CaseView> ofHousehold(@PathParam("householdId") UUID householdId) {
        return cases.ofHousehold(householdId).map(CaseView::of);
    }
}
