package id.graduasi.graduation.rest;

import java.net.URI;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestResponse;

import com.fasterxml.jackson.databind.JsonNode;

import id.graduasi.graduation.domain.Evaluation;
import id.graduasi.graduation.domain.EvaluationJob;
import id.graduasi.graduation.service.EvaluationService;
import id.graduasi.graduation.service.EvaluationWorker;
import id.graduasi.security.Caller;
import id.graduasi.security.Roles;
import io.smallrye.mutiny.Uni;
import org.jboss.resteasy.reactive.server.Cancellable;

/**
 * Evaluations: on demand, stored with snapshot and criteria version, replayable; batch jobs with progress. An
 * OFFICER (or ADMIN) evaluates; staff, social workers and auditors read the evaluations of households in their
 * regions; a replay writes nothing, so auditors may replay too.
 */
@Cancellable(false)
@Path("/api/v1")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Evaluations")
public class EvaluationResource {

    private final EvaluationService evaluations;
    private final EvaluationWorker worker;
    private final Caller caller;

    public EvaluationResource(EvaluationService evaluations, EvaluationWorker worker, Caller caller) {
        this.evaluations = evaluations;
        this.worker = worker;
        this.caller = caller;
    }

    /** @param snapshot null in lists */
    public record EvaluationView(UUID id, UUID householdId, int criteriaVersionId, LocalDate asOf,
            Evaluation.Trigger trigger, UUID jobId, String requestedBy, Instant evaluatedAt, String metPathway,
            JsonNode result, JsonNode snapshot) {
    }

    public record JobRequest(
            @Pattern(regexp = Codes.REGION, message = "must be a region code like 64.72")
            String regionPrefix,
            @Min(2000) @Max(2100) Integer cohort) {
    }

    public record JobView(UUID id, String regionPrefix, Integer cohort, String status, int total, int done, int met,
            String createdBy, Instant createdAt, Instant finishedAt) {

        static JobView of(EvaluationJob j) {
            return new JobView(j.id, j.regionPrefix, j.cohort, j.status, j.total, j.done, j.met, j.createdBy,
                    j.createdAt, j.finishedAt);
        }
    }

    private EvaluationView view(Evaluation e, boolean withSnapshot) {
        return new EvaluationView(e.id, e.householdId, e.criteriaVersionId, e.asOf, e.trigger, e.jobId,
                e.requestedBy, e.evaluatedAt, e.metPathway, evaluations.tree(e.result),
                withSnapshot ? evaluations.tree(e.snapshot) : null);
    }

    @POST
    @RolesAllowed({Roles.OFFICER, Roles.ADMIN})
    @Path("/households/{householdId}/evaluations")
    @Operation(summary = "Evaluate a household now against the current criteria version",
            description = "201 with the evaluation: per pathway each gate and criterion (value, score, pass/fail, "
                    + "a sentence), readiness, met or not and why not yet; the input snapshot is stored with it.")
    public Uni<RestResponse<EvaluationView>> evaluate(@PathParam("householdId") UUID householdId) {
        return evaluations.evaluateNow(householdId, caller.id(), caller.scope()).map(e -> RestResponse.ResponseBuilder
                .<EvaluationView>created(URI.create("/api/v1/evaluations/" + e.evaluation().id))
                .entity(view(e.evaluation(), true)).build());
    }

    @GET
    @RolesAllowed({Roles.ADMIN, Roles.SUPERVISOR, Roles.OFFICER, Roles.SOCIAL_WORKER, Roles.AUDITOR})
    @Path("/households/{householdId}/evaluations")
    @Operation(summary = "A household's latest evaluations, newest first (without snapshots)")
    public Uni<List<EvaluationView>> ofHousehold(@PathParam("householdId") UUID householdId,
            @QueryParam("limit") @Min(1) @Max(200) Integer limit) {
        return evaluations.ofHousehold(householdId, limit == null ? 20 : limit, caller.scope())
                .map(l -> l.stream().map(e -> view(e, false)).toList());
    }

    @GET
    @RolesAllowed({Roles.ADMIN, Roles.SUPERVISOR, Roles.OFFICER, Roles.SOCIAL_WORKER, Roles.AUDITOR})
    @Path("/evaluations/{id}")
    @Operation(summary = "One evaluation with its input snapshot")
    public Uni<EvaluationView> get(@PathParam("id") UUID id) {
        return evaluations.get(id, caller.scope()).map(e -> view(e, true));
    }

    @POST
    @RolesAllowed({Roles.ADMIN, Roles.SUPERVISOR, Roles.OFFICER, Roles.AUDITOR})
    @Path("/evaluations/{id}/replay")
    @Operation(summary = "Evaluate the stored snapshot again against the stored criteria version",
            description = "identical is true when the result equals the stored one (it always should).")
    public Uni<EvaluationService.Replay> replay(@PathParam("id") UUID id) {
        return evaluations.replay(id, caller.scope());
    }

    @POST
    @RolesAllowed({Roles.OFFICER, Roles.ADMIN})
    @Path("/evaluation-jobs")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Evaluate every ACTIVE, undecided household of a region and/or registration cohort",
            description = "202 with the job; it runs in the background, a batch at a time: follow its progress at "
                    + "the Location. 403 when regionPrefix is outside your regions, or missing (every region) and "
                    + "your token does not grant regions [*].")
    public Uni<RestResponse<JobView>> createJob(@Valid @NotNull JobRequest request) {
        return worker.createJob(request.regionPrefix(), request.cohort(), caller.id(), caller.scope())
                .map(j -> RestResponse.ResponseBuilder.<JobView>accepted()
                        .location(URI.create("/api/v1/evaluation-jobs/" + j.id)).entity(JobView.of(j)).build());
    }

    @GET
    @RolesAllowed({Roles.ADMIN, Roles.SUPERVISOR, Roles.OFFICER, Roles.AUDITOR})
    @Path("/evaluation-jobs/{id}")
    @Operation(summary = "A batch evaluation's progress: total, done, met, status RUNNING or DONE")
    public Uni<JobView> job(@PathParam("id") UUID id) {
        return worker.job(id, caller.scope()).map(JobView::of);
    }
}
