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

import id.graduasi.mentoring.rest.Views.RecommendationView;
import id.graduasi.mentoring.security.MentoringAccess;
import id.graduasi.mentoring.service.AssessmentService;
import id.graduasi.rest.IdempotencyService;
import id.graduasi.rest.ListBounds;
import id.graduasi.security.Roles;
import io.smallrye.mutiny.Uni;
import org.jboss.resteasy.reactive.server.Cancellable;

@Cancellable(false)
@Path("/api/v1/households/{householdId}/graduation-recommendations")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Assessments")
public class RecommendationResource {

    private final AssessmentService assessments;
    private final MentoringAccess access;
    private final IdempotencyService idempotency;

    public RecommendationResource(AssessmentService assessments, MentoringAccess access,
            IdempotencyService idempotency) {
        this.assessments = assessments;
        this.access = access;
        this.idempotency = idempotency;
    }

    @POST
    @RolesAllowed(Roles.SOCIAL_WORKER)
    @Operation(summary = "Recommend graduation (ready, with a pathway) or not yet (with reason codes)",
            description = "201, GraduationRecommended. By the household's social worker (the token's user); any other "
                    + "household is 404. 409 unless the case is OPEN. With an Idempotency-Key a resend answers as the "
                    + "first time and records nothing (the same key for another request: 422).")
    public Uni<Response> recommend(@PathParam("householdId") UUID householdId,
            @HeaderParam(IdempotencyService.HEADER) String key, @Valid @NotNull AssessmentService.NewRecommendation request) {
        return idempotency.once("recommendation:" + access.caller().id(), key, householdId + " " + request,
                () -> assessments.recommend(householdId, request).map(r -> new IdempotencyService.Answer(201,
                        RecommendationView.of(r), "/api/v1/households/" + householdId + "/graduation-recommendations")))
                .map(IdempotencyService.Outcome::toResponse);
    }

    @GET
    @RolesAllowed({Roles.ADMIN, Roles.SUPERVISOR, Roles.OFFICER, Roles.AUDITOR, Roles.SOCIAL_WORKER})
    @Operation(summary = "The household's graduation recommendations, latest first",
            description = "Auditors get them without the notes. " + ListBounds.AT_MOST)
    public Uni<List<RecommendationView>> recommendations(@PathParam("householdId") UUID householdId) {
        boolean redacted = access.redactFreeText();
        return assessments.recommendations(householdId)
                .map(l -> l.stream().map(r -> RecommendationView.of(r, redacted)).toList());
    }
}
