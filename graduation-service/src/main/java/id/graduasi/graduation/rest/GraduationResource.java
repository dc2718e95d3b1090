package id.graduasi.graduation.rest;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
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

import id.graduasi.graduation.domain.GraduationDecision;
import id.graduasi.graduation.domain.HouseholdView;
import id.graduasi.graduation.domain.Pathway;
import id.graduasi.graduation.domain.RelapseReview;
import id.graduasi.graduation.domain.Snapshot;
import id.graduasi.graduation.service.EvaluationService;
import id.graduasi.graduation.service.ProposalService;
import id.graduasi.rest.IdempotencyService;
import id.graduasi.rest.ListBounds;
import id.graduasi.security.Caller;
import id.graduasi.security.Roles;
import io.smallrye.mutiny.Uni;
import org.jboss.resteasy.reactive.server.Cancellable;

/**
 * Readiness, decisions and their reversal, relapse reviews. Social workers read the readiness, evaluations and
 * decisions of households in their regions (their recommendation reaches graduation through mentoring's events);
 * a SUPERVISOR reverses decisions (not their own) and handles relapse reviews.
 */
@Cancellable(false)
@Path("/api/v1")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Graduation")
public class GraduationResource {

    private final ProposalService proposals;
    private final EvaluationService evaluations;
    private final IdempotencyService idempotency;
    private final Caller caller;

    public GraduationResource(ProposalService proposals, EvaluationService evaluations,
            IdempotencyService idempotency, Caller caller) {
        this.proposals = proposals;
        this.evaluations = evaluations;
        this.idempotency = idempotency;
        this.caller = caller;
    }

    public record DecisionView(UUID id, UUID householdId, Pathway pathway, String reasonCode, LocalDate decidedOn,
            String decidedBy, String proposedBy, UUID proposalId, UUID evaluationId, String villageCode,
            LocalDate monitoringUntil, String status, LocalDate revertedOn, String revertedBy,
            String revertReasonCode, Instant createdAt) {

        static DecisionView of(GraduationDecision d) {
            return new DecisionView(d.id, d.householdId, d.pathway, d.reasonCode, d.decidedOn, d.decidedBy,
                    d.proposedBy, d.proposalId, d.evaluationId, d.villageCode, d.monitoringUntil,
                    d.inForce() ? "IN_FORCE" : "REVERTED", d.revertedOn, d.revertedBy, d.revertReasonCode,
                    d.createdAt);
        }
    }

    public record ReadinessView(UUID householdId, String villageCode, String registryStatus, LocalDate registeredOn,
            int activeEnrollments, String caseStatus, String decisionStatus, UUID lastEvaluationId,
            String metPathway, boolean evaluationPending, Instant updatedAt, Snapshot facts) {

        static ReadinessView of(HouseholdView v, Snapshot facts) {
            return new ReadinessView(v.householdId, v.villageCode, v.registryStatus, v.registeredOn,
                    v.activeEnrollments, v.caseStatus, v.decisionStatus, v.lastEvaluationId, v.metPathway,
                    v.dirtySince != null, v.updatedAt, facts);
        }
    }

    public record ReversalRequest(
            @NotNull @Pattern(regexp = Codes.REASON_CODE, message = "must be a reason code like RELAPSE") String reasonCode,
            LocalDate revertedOn, @Size(max = 1000) String note) {
    }

    public record DismissalRequest(
            @NotNull @Pattern(regexp = Codes.REASON_CODE, message = "must be a reason code like NO_RELAPSE") String reasonCode) {
    }

    public record ReviewView(UUID id, UUID householdId, UUID decisionId, UUID caseId, UUID assessmentId, int score,
            int threshold, LocalDate suspectedOn, String status, String resolvedBy, Instant resolvedAt,
            String resolution) {

        static ReviewView of(RelapseReview r) {
            return new ReviewView(r.id, r.householdId, r.decisionId, r.caseId, r.assessmentId, r.score, r.threshold,
                    r.suspectedOn, r.status, r.resolvedBy, r.resolvedAt, r.resolution);
        }
    }

    @GET
    @RolesAllowed({Roles.ADMIN, Roles.SUPERVISOR, Roles.OFFICER, Roles.SOCIAL_WORKER, Roles.AUDITOR})
    @Path("/households/{householdId}/readiness")
    @Operation(summary = "What graduation knows of a household, from the other services' events",
            description = "The view (registry status, enrollments, case, decision status, latest evaluation) and "
                    + "the facts an evaluation would read today: indicator history, members, enrollments, aid "
                    + "received, latest assessment, P2K2 sessions, latest recommendation, poverty lines.")
    public Uni<ReadinessView> readiness(@PathParam("householdId") UUID householdId) {
        return evaluations.readiness(householdId, caller.scope()).map(r -> ReadinessView.of(r.view(), r.facts()));
    }

    @GET
    @RolesAllowed({Roles.ADMIN, Roles.SUPERVISOR, Roles.OFFICER, Roles.SOCIAL_WORKER, Roles.AUDITOR})
    @Path("/decisions/{id}")
    @Operation(summary = "One graduation decision")
    public Uni<DecisionView> decision(@PathParam("id") UUID id) {
        return proposals.decision(id, caller.scope()).map(DecisionView::of);
    }

    @GET
    @RolesAllowed({Roles.ADMIN, Roles.SUPERVISOR, Roles.OFFICER, Roles.SOCIAL_WORKER, Roles.AUDITOR})
    @Path("/households/{householdId}/decisions")
    @Operation(summary = "A household's decisions, oldest first", description = ListBounds.AT_MOST)
    public Uni<List<DecisionView>> decisionsOf(@PathParam("householdId") UUID householdId) {
        return proposals.decisions(householdId, caller.scope()).map(l -> l.stream().map(DecisionView::of).toList());
    }

    @POST
    @RolesAllowed(Roles.SUPERVISOR)
    @Path("/decisions/{id}/reversal")
    @Operation(summary = "Reverse a decision in force (relapse or error) and announce GraduationReverted",
            description = "200 with the decision, now REVERTED; 403 for the one who decided it (four eyes); 409 if "
                    + "it was already reverted.")
    public Uni<Response> reverse(@PathParam("id") UUID id,
            @HeaderParam(IdempotencyService.HEADER) String key,
            @Valid @NotNull ReversalRequest request) {
        String user = caller.id();
        // The key answers again only to the user who sent it.
        return idempotency.once("reverse-decision", key, id + " " + request + " by " + user,
                () -> proposals.reverse(id, new ProposalService.Reversal(request.reasonCode(), request.revertedOn(),
                        request.note()), user, caller.scope()).map(d -> new IdempotencyService.Answer(200, DecisionView.of(d), null)))
                .map(IdempotencyService.Outcome::toResponse);
    }

    @GET
    @RolesAllowed({Roles.ADMIN, Roles.SUPERVISOR, Roles.OFFICER, Roles.AUDITOR})
    @Path("/relapse-reviews")
    @Operation(summary = "Relapses mentoring suspects, for someone to reverse the decision or dismiss them",
            description = "Only those of households in your regions.")
    public Uni<List<ReviewView>> reviews(
            @QueryParam("status") @Pattern(regexp = "OPEN|DISMISSED|REVERSED") String status) {
        return proposals.reviews(status, 500, caller.scope()).map(l -> l.stream().map(ReviewView::of).toList());
    }

    @POST
    @RolesAllowed(Roles.SUPERVISOR)
    @Path("/relapse-reviews/{id}/dismissal")
    @Operation(summary = "Dismiss an open relapse review (the decision stays in force)")
    public Uni<ReviewView> dismiss(@PathParam("id") UUID id, @Valid @NotNull DismissalRequest request) {
        return proposals.dismissReview(id, request.reasonCode(), caller.id(), caller.scope()).map(ReviewView::of);
    }

}
