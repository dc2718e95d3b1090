package id.graduasi.mentoring.rest;

import java.util.List;
import java.util.UUID;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import id.graduasi.mentoring.rest.Views.VisitView;
import id.graduasi.mentoring.service.VisitService;
import io.smallrye.mutiny.Uni;

@Path("/api/v1/households/{householdId}/visits")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Visits")
public class HouseholdVisitResource {

    private final VisitService visits;

    public HouseholdVisitResource(VisitService visits) {
        this.visits = visits;
    }

    @GET
    @Operation(summary = "A household's visits and session attendance, latest first")
    public Uni<List<VisitView>> ofHousehold(@PathParam("householdId") UUID householdId) {
        return visits.ofHousehold(householdId).map(l -> l.stream().map(VisitView::of).toList());
    }

}
