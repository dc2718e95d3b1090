package id.graduasi.assistance.rest;

import java.net.URI;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.GET;
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
import id.graduasi.assistance.security.AssistanceAccess;
import id.graduasi.assistance.service.EnrollmentService;
import id.graduasi.security.Roles;
import io.smallrye.mutiny.Uni;
import org.jboss.resteasy.reactive.server.Cancellable;

/**
 * Enrollments: read a household's, enrol by hand (with a justification), activate a proposal, suspend for an
 * unmet PKH condition, resume, end. The acting user is the bearer token's; a household outside the caller's
 * regions (or, for a partner, a programme its token does not grant) is 404 by id and absent from lists. A
 * partner's reads are audited.
 */
@Cancellable(false)
@Path("/api/v1/enrollments")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Enrollments")
public class EnrollmentResource {

    private final EnrollmentService enrollments;
    private final AssistanceAccess access;

    public EnrollmentResource(EnrollmentService enrollments, AssistanceAccess access) {
        this.enrollments = enrollments;
        this.access = access;
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
    @RolesAllowed({Roles.ADMIN, Roles.SUPERVISOR, Roles.OFFICER, Roles.AUDITOR, Roles.SOCIAL_WORKER, Roles.PARTNER})
    @Operation(summary = "A household's enrollments: proposed, active, suspended and ended",
            description = "Empty for a household outside your regions, as for an unknown one; a partner sees only "
                    + "its granted programmes.")
    public Uni<List<EnrollmentView>> ofHousehold(@QueryParam("householdId") @NotNull UUID householdId) {
        return enrollments.ofHousehold(householdId).chain(list -> access.partnerRead(AssistanceAccess.HOUSEHOLD,
                householdId, householdId, () -> enrollments.regionOf(householdId), "read enrollments "
                        + list.stream().map(e -> e.programme).toList(), !list.isEmpty(),
                list.stream().map(EnrollmentView::of).toList()));
    }

    @GET
    @Path("/{id}")
    @RolesAllowed({Roles.ADMIN, Roles.SUPERVISOR, Roles.OFFICER, Roles.AUDITOR, Roles.SOCIAL_WORKER, Roles.PARTNER})
    @Operation(summary = "One enrollment", description = "404 outside your regions or granted programmes.")
    public Uni<EnrollmentView> get(@PathParam("id") UUID id) {
        return enrollments.enrollment(id).chain(e -> access.partnerRead(AssistanceAccess.ENROLLMENT, e.id,
                e.householdId, () -> enrollments.regionOf(e.householdId), "read enrollment " + e.programme, true,
                EnrollmentView.of(e)));
    }

    @POST
    @RolesAllowed({Roles.OFFICER, Roles.ADMIN})
    @Operation(summary = "Enrol a household by hand",
            description = "The justification is kept with the enrollment. An ineligible household is refused (409, "
                    + "with the unmet conditions) unless overrideEligibility is true. Capped programmes enforce the "
                    + "year's quota (409). KUBE households enter by forming a group.")
    public Uni<Response> enrol(@Valid @NotNull Enrol request) {
        return enrollments.enrol(request.householdId(), request.programme(), request.justification(),
                request.overrideEligibility())
                .map(e -> Response.created(URI.create("/api/v1/enrollments/" + e.id))
                        .entity(EnrollmentView.of(e)).build());
    }

    @POST
    @RolesAllowed({Roles.OFFICER, Roles.ADMIN})
    @Path("/{id}/activation")
    @Operation(summary = "Activate a PROPOSED enrollment (within the year's quota)")
    public Uni<EnrollmentView> activate(@PathParam("id") UUID id, @Valid Activation request) {
        return enrollments.activateProposed(id, request == null ? null : request.justification())
                .map(EnrollmentView::of);
    }

    @POST
    @RolesAllowed({Roles.OFFICER, Roles.ADMIN})
    @Path("/{id}/suspension")
    @Operation(summary = "Hold an ACTIVE enrollment's payments",
            description = "reason: HEALTH_CHECKS_MISSED, SCHOOL_ATTENDANCE_BELOW_85, FAMILY_SESSIONS_MISSED (PKH "
                    + "conditions) or ELIGIBILITY_REVIEW. Entitlements not yet sent are cancelled.")
    public Uni<EnrollmentView> suspend(@PathParam("id") UUID id, @Valid @NotNull Suspension request) {
        return enrollments.suspend(id, request.reason()).map(EnrollmentView::of);
    }

    @POST
    @RolesAllowed({Roles.OFFICER, Roles.ADMIN})
    @Path("/{id}/resumption")
    @Operation(summary = "Resume a SUSPENDED enrollment; it is paid again from the next cycle computed")
    public Uni<EnrollmentView> resume(@PathParam("id") UUID id) {
        return enrollments.resume(id).map(EnrollmentView::of);
    }

    @POST
    @RolesAllowed({Roles.OFFICER, Roles.ADMIN})
    @Path("/{id}/exit")
    @Operation(summary = "End an enrollment: INELIGIBLE, MOVED, DECEASED or DUPLICATE")
    public Uni<EnrollmentView> exit(@PathParam("id") UUID id, @Valid @NotNull Exit request) {
        return enrollments.exit(id, request.reason()).map(EnrollmentView::of);
    }
}
