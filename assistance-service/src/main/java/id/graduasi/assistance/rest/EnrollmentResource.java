package id.graduasi.assistance.rest;

import java.net.URI;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import id.graduasi.assistance.domain.Enrollment;
import id.graduasi.assistance.domain.EnrollmentStatus;
import id.graduasi.assistance.service.EnrollmentService;
import io.smallrye.mutiny.Uni;

/**
 * Enrollments: read a household's, enrol by hand (with a justification), activate a proposal, suspend for an
 * unmet PKH condition, resume, end. Commands name their user in {@code X-Graduasi-User}.
 */
@Path("/api/v1/enrollments")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Enrollments")
public class EnrollmentResource {

    private final EnrollmentService enrollments;

    public EnrollmentResource(EnrollmentService enrollments) {
        this.enrollments = enrollments;
    }

    public record EnrollmentView(UUID id, UUID householdId, String programme, EnrollmentStatus status,
            String suspensionReason, String exitReason, LocalDate proposedOn, LocalDate activatedOn,
            LocalDate endedOn, LocalDate transitionalUntil, UUID kubeGroupId, String enrolledBy,
            String justification) {

        static EnrollmentView of(Enrollment e) {
            return new EnrollmentView(e.id, e.householdId, e.programme, e.status, e.suspensionReason, e.exitReason,
                    e.proposedOn, e.activatedOn, e.endedOn, e.transitionalUntil, e.kubeGroupId, e.enrolledBy,
                    e.justification);
        }
    }

    public record Enrol(@NotNull UUID householdId, @NotBlank @Pattern(regexp = "[A-Z_]{2,40}") String programme,
            @NotBlank @Size(min = 10, max = 500) String justification, boolean overrideEligibility) {
    }

    public record Activation(@Size(max = 500) String justification) {
    }

    public record Suspension(@NotBlank @Pattern(regexp = "[A-Z0-9_]{2,40}") String reason) {
    }

    public record Exit(@NotBlank @Pattern(regexp = "[A-Z_]{2,40}") String reason) {
    }

    @GET
    @Operation(summary = "A household's enrollments: proposed, active, suspended and ended")
    public Uni<List<EnrollmentView>> ofHousehold(@QueryParam("householdId") @NotNull UUID householdId) {
        return enrollments.ofHousehold(householdId).map(l -> l.stream().map(EnrollmentView::of).toList());
    }

    @GET
    @Path("/{id}")
    public Uni<EnrollmentView> get(@PathParam("id") UUID id) {
        return enrollments.enrollment(id).map(EnrollmentView::of);
    }

    @POST
    @Operation(summary = "Enrol a household by hand",
            description = "The justification is kept with the enrollment. An ineligible household is refused (409, "
                    + "with the unmet conditions) unless overrideEligibility is true. Capped programmes enforce the "
                    + "year's quota (409). KUBE households enter by forming a group.")
    public Uni<Response> enrol(@HeaderParam("X-Graduasi-User") @NotNull @Pattern(regexp = CycleResource.USER_PATTERN)
            String user, @Valid @NotNull Enrol request) {
        return enrollments.enrol(request.householdId(), request.programme(), request.justification(),
                request.overrideEligibility(), user)
                .map(e -> Response.created(URI.create("/api/v1/enrollments/" + e.id))
                        .entity(EnrollmentView.of(e)).build());
    }

    @POST
    @Path("/{id}/activation")
    @Operation(summary = "Activate a PROPOSED enrollment (within the year's quota)")
    public Uni<EnrollmentView> activate(@PathParam("id") UUID id,
            @HeaderParam("X-Graduasi-User") @NotNull @Pattern(regexp = CycleResource.USER_PATTERN) String user,
            @Valid Activation request) {
        return enrollments.activateProposed(id, request == null ? null : request.justification(), user)
                .map(EnrollmentView::of);
    }

    @POST
    @Path("/{id}/suspension")
    @Operation(summary = "Hold an ACTIVE enrollment's payments",
            description = "reason: HEALTH_CHECKS_MISSED, SCHOOL_ATTENDANCE_BELOW_85, FAMILY_SESSIONS_MISSED (PKH "
                    + "conditions) or ELIGIBILITY_REVIEW. Entitlements not yet sent are cancelled.")
    public Uni<EnrollmentView> suspend(@PathParam("id") UUID id,
            @HeaderParam("X-Graduasi-User") @NotNull @Pattern(regexp = CycleResource.USER_PATTERN) String user,
            @Valid @NotNull Suspension request) {
        return enrollments.suspend(id, request.reason(), user).map(EnrollmentView::of);
    }

    @POST
    @Path("/{id}/resumption")
    @Operation(summary = "Resume a SUSPENDED enrollment; it is paid again from the next cycle computed")
    public Uni<EnrollmentView> resume(@PathParam("id") UUID id,
            @HeaderParam("X-Graduasi-User") @NotNull @Pattern(regexp = CycleResource.USER_PATTERN) String user) {
        return enrollments.resume(id, user).map(EnrollmentView::of);
    }

    @POST
    @Path("/{id}/exit")
    @Operation(summary = "End an enrollment: INELIGIBLE, MOVED, DECEASED or DUPLICATE")
    public Uni<EnrollmentView> exit(@PathParam("id") UUID id,
            @HeaderParam("X-Graduasi-User") @NotNull @Pattern(regexp = CycleResource.USER_PATTERN) String user,
            @Valid @NotNull Exit request) {
        return enrollments.exit(id, request.reason(), user).map(EnrollmentView::of);
    }
}
