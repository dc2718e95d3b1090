package id.graduasi.mentoring.rest;

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

import id.graduasi.mentoring.rest.Views.AssessmentView;
import id.graduasi.mentoring.service.AssessmentService;
import io.smallrye.mutiny.Uni;

@Path("/api/v1/households/{householdId}/assessments")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Assessments")
public class AssessmentResource {

    private final AssessmentService assessments;

    public AssessmentResource(AssessmentService assessments) {
        this.assessments = assessments;
    }

    @POST
    @Operation(summary = "Score the household on the graduation criteria (0-100 each), with evidence notes",
            description = "201. AssessmentRecorded; during monitoring a mean score below the relapse threshold "
                    + "also emits RelapseSuspected. 409 if the case is CLOSED.")
    public Uni<Response> assess(@PathParam("householdId") UUID householdId,
            @HeaderParam(Views.USER_HEADER) @NotNull @Pattern(regexp = Views.USER_PATTERN) String user,
            @Valid @NotNull AssessmentService.NewAssessment request) {
        return assessments.record(user, householdId, request).map(r -> Response.status(201)
                .entity(AssessmentView.of(r)).build());
    }

    @GET
    public Uni<List<AssessmentView>> assessments(@PathParam("householdId") UUID householdId) {
        return assessments.ofHousehold(householdId).map(l -> l.stream().map(AssessmentView::of).toList());
    }
}
