package id.graduasi.assistance.rest;

import java.time.Instant;
import java.util.UUID;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import id.graduasi.assistance.domain.HouseholdProjection;
import id.graduasi.assistance.service.EnrollmentService;
import io.smallrye.mutiny.Uni;

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
    @Operation(summary = "What assistance knows of a household (from registry and graduation events)")
    public Uni<HouseholdView> get(@PathParam("householdId") UUID householdId) {
        return enrollments.household(householdId).map(HouseholdView::of);
    }
}
