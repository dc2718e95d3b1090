package id.graduasi.assistance.rest;

import java.util.List;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import id.graduasi.assistance.security.AssistanceAccess;
import id.graduasi.assistance.service.CycleService;
import id.graduasi.rest.ListBounds;
import id.graduasi.security.Roles;
import io.smallrye.mutiny.Uni;
import org.jboss.resteasy.reactive.server.Cancellable;

@Cancellable(false)
@Path("/api/v1/entitlements")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Disbursement cycles")
public class EntitlementResource {

    private final CycleService cycles;
    private final AssistanceAccess access;

    public EntitlementResource(CycleService cycles, AssistanceAccess access) {
        this.cycles = cycles;
        this.access = access;
    }

    @GET
    @RolesAllowed({Roles.ADMIN, Roles.SUPERVISOR, Roles.OFFICER, Roles.AUDITOR, Roles.PARTNER})
    @Operation(summary = "A household's entitlements in every cycle, oldest first",
            description = "Only those in your regions (a partner: and its granted programmes); a partner's read is "
                    + "audited. " + ListBounds.AT_MOST)
    public Uni<List<CycleResource.EntitlementView>> ofHousehold(@QueryParam("householdId") @NotNull UUID householdId) {
        return cycles.entitlementsOfHousehold(householdId).chain(list -> access.partnerRead(
                AssistanceAccess.HOUSEHOLD, householdId, householdId,
                () -> Uni.createFrom().item(list.isEmpty() ? null : list.get(0).villageCode),
                "read " + list.size() + " entitlements", !list.isEmpty(),
                list.stream().map(CycleResource.EntitlementView::of).toList()));
    }
}
