package id.graduasi.assistance.rest;

import java.time.Instant;
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

import id.graduasi.assistance.domain.HouseholdProjection;
import id.graduasi.assistance.service.EligibilityService;
import id.graduasi.assistance.service.EnrollmentService;
import id.graduasi.security.Roles;
import io.smallrye.mutiny.Uni;
import org.jboss.resteasy.reactive.server.Cancellable;

@Cancellable(false)
@Path("/api/v1/households/{householdId}")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Households")
public class HouseholdResource {

    private final EnrollmentService enrollments;

    public HouseholdResource(EnrollmentService enrollments) {
        this.enrollments = enrollments;
    }

    public record HouseholdView(UUID householdId, String villageCode, String status, int memberCount,
            Instant updatedAt) {

        static HouseholdView of(HouseholdProjection h) {
            return new HouseholdView(h.householdId, h.villageCode, h.status, h.memberCount, h.updatedAt);
        }
    }

    @GET
    @Path("/eligibility")
    @RolesAllowed({Roles.ADMIN, Roles.SUPERVISOR, Roles.OFFICER, Roles.AUDITOR})
    @Operation(summary = "Each programme's eligibility verdict for the household, with a reason per condition",
            description = "Evaluated now on what assistance knows (members, housing indicators, status); the same "
                    + "evaluation runs whenever a registry event changes those. 404 outside your regions.")
    public Uni<List<EligibilityView>> eligibility(@PathParam("householdId") UUID householdId) {
        return enrollments.eligibilityOf(householdId).map(verdicts -> verdicts.values().stream()
                .map(v -> new EligibilityView(v.programme(), v.eligible(), v.reasons())).toList());
    }

    public record EligibilityView(String programme, boolean eligible, List<EligibilityService.Reason> reasons) {
    }

    @GET
    @RolesAllowed({Roles.ADMIN, Roles.SUPERVISOR, Roles.OFFICER, Roles.AUDITOR})
    @Operation(summary = "What assistance knows of a household (from registry and graduation events)",
            description = "404 outside your regions.")
    public Uni<HouseholdView> get(@PathParam("householdId") UUID householdId) {
        return enrollments.scopedHousehold(householdId).map(HouseholdView::of);
    }
}
