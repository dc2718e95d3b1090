package id.graduasi.mentoring.rest;

import java.util.List;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import id.graduasi.mentoring.rest.Views.AssessmentView;
import id.graduasi.mentoring.security.MentoringAccess;
import id.graduasi.mentoring.service.AssessmentService;
import id.graduasi.rest.IdempotencyService;
import id.graduasi.rest.ListBounds;
import id.graduasi.security.Roles;
import io.smallrye.mutiny.Uni;
import org.jboss.resteasy.reactive.server.Cancellable;

@Cancellable(false)
@Path("/api/v1/households/{householdId}/assessments")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Assessments")
public class AssessmentResource {

    private final AssessmentService assessments;
    private final MentoringAccess access;
    private final IdempotencyService idempotency;

    public AssessmentResource(AssessmentService assessments, MentoringAccess access,
            IdempotencyService idempotency) {
        this.assessments = assessments;
        this.access = access;
        this.idempotency = idempotency;
    }

    @POST
    @RolesAllowed(Roles.SOCIAL_WORKER)
    @Operation(summary = "Score the household on the graduation criteria (0-100 each), with evidence notes",
            description = "201. AssessmentRecorded; during monitoring a mean score below the relapse threshold "
                    + "also emits RelapseSuspected. By the household's social worker (the token's user); any other "
                    + "household is 404. 409 if the case is CLOSED. With an Idempotency-Key a resend answers as the "
                    + "first time and records nothing (the same key for another request: 422).")
    public Uni<Response> assess(@PathParam("householdId") UUID householdId,
            @HeaderParam(IdempotencyService.HEADER) String key, @Valid @NotNull AssessmentService.NewAssessment request) {
        return idempotency.once("assessment:" + access.caller().id(), key, householdId + " " + request,
                () -> assessments.record(householdId, request)
                        .map(r -> new IdempotencyService.Answer(201, AssessmentView.of(r), null)))
                .map(IdempotencyService.Outcome::toResponse);
    }

    @GET
    @RolesAllowed({Roles.ADMIN, Roles.SUPERVISOR, Roles.OFFICER, Roles.AUDITOR, Roles.SOCIAL_WORKER})
    @Operation(summary = "The household's assessments, latest first",
            description = "Auditors get the scores without evidence and notes. " + ListBounds.AT_MOST)
    public Uni<List<AssessmentView>> assessments(@PathParam("householdId") UUID householdId) {
        boolean redacted = access.redactFreeText();
        return assessments.ofHousehold(householdId)
                .map(l -> l.stream().map(a -> AssessmentView.of(a, redacted)).toList());
    }
}
