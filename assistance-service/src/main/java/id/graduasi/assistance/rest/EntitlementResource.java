package id.graduasi.assistance.rest;

import java.util.List;
import java.util.UUID;

import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import id.graduasi.assistance.service.CycleService;
import io.smallrye.mutiny.Uni;

@Path("/api/v1/entitlements")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Disbursement cycles")
public class EntitlementResource {

    private final CycleService cycles;

    public EntitlementResource(CycleService cycles) {
        this.cycles = cycles;
    }

    @GET
    @Operation(summary = "A household's entitlements in every cycle, oldest first")
    public Uni<List<CycleResource.EntitlementView>> ofHousehold(@QueryParam("householdId") @NotNull UUID householdId) {
        return cycles.entitlementsOfHousehold(householdId)
                .map(l -> l.stream().map(CycleResource.EntitlementView::of).toList());
    }
}
