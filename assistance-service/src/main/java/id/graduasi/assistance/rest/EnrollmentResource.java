package id.graduasi.assistance.rest;

import java.time.LocalDate;
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

import id.graduasi.assistance.domain.Enrollment;
import id.graduasi.assistance.domain.EnrollmentStatus;
import id.graduasi.assistance.service.EnrollmentService;
import io.smallrye.mutiny.Uni;

@Path("/api/v1/enrollments")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Enrollments")
public class EnrollmentResource {

    private final EnrollmentService enrollments;

    public EnrollmentResource(EnrollmentService enrollments) {
        this.enrollments = enrollments;
    }

    public record EnrollmentView(UUID id, UUID householdId, String programme, EnrollmentStatus status,
            String exitReason, LocalDate activatedOn, LocalDate endedOn) {

        static EnrollmentView of(Enrollment e) {
            return new EnrollmentView(e.id, e.householdId, e.programme, e.status, e.exitReason, e.activatedOn,
                    e.endedOn);
        }
    }

    @GET
    @Operation(summary = "A household's enrollments, current and ended")
    public Uni<List<EnrollmentView>> ofHousehold(@QueryParam("householdId") @NotNull UUID householdId) {
        return enrollments.ofHousehold(householdId).map(l -> l.stream().map(EnrollmentView::of).toList());
    }
}
