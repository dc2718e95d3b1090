package id.graduasi.mentoring.rest;

import java.net.URI;
import java.util.List;
import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
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
import id.graduasi.mentoring.service.AssessmentService;
import io.smallrye.mutiny.Uni;

@Path("/api/v1/households/{householdId}/graduation-recommendations")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Assessments")
public class RecommendationResource {

    private final AssessmentService assessments;

    public RecommendationResource(AssessmentService assessments) {
        this.assessments = assessments;
    }

    @POST
    @Operation(summary = "Recommend graduation (ready, with a pathway) or not yet (with reason codes)",
            description = "201, GraduationRecommended. 409 unless the case is OPEN.")
    public Uni<Response> recommend(@PathParam("householdId") UUID householdId,
            @HeaderParam(Views.USER_HEADER) @NotNull @Pattern(regexp = Views.USER_PATTERN) String user,
            @Valid @NotNull AssessmentService.NewRecommendation request) {
        return assessments.recommend(user, householdId, request).map(r -> Response
                .created(URI.create("/api/v1/households/" + householdId + "/graduation-recommendations"))
                .entity(RecommendationView.of(r)).build());
    }

    @GET
    public Uni<List<RecommendationView>> recommendations(@PathParam("householdId") UUID householdId) {
        return assessments.recommendations(householdId).map(l -> l.stream().map(RecommendationView::of).toList());
    }
}
