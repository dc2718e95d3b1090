package id.graduasi.graduation.rest;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
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

import id.graduasi.graduation.domain.Pathway;
import id.graduasi.graduation.domain.Proposal;
import id.graduasi.graduation.service.ProposalService;
import id.graduasi.rest.IdempotencyService;
import id.graduasi.security.Caller;
import id.graduasi.security.Roles;
import io.smallrye.mutiny.Uni;
import org.jboss.resteasy.reactive.server.Cancellable;

/**
 * Proposals and their four-eyes decision: an OFFICER proposes, a SUPERVISOR other than the proposer decides; the
 * acting user is the token's. Commands may carry an {@code Idempotency-Key}: a retry by the same user answers as
 * the first time and changes nothing.
 */
@Cancellable(false)
@Path("/api/v1/proposals")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Proposals")
public class ProposalResource {

    private final ProposalService proposals;
    private final IdempotencyService idempotency;
    private final Caller caller;

    public ProposalResource(ProposalService proposals, IdempotencyService idempotency, Caller caller) {
        this.proposals = proposals;
        this.idempotency = idempotency;
        this.caller = caller;
    }

    public record ProposalRequest(@NotNull UUID householdId, @NotNull Pathway pathway, UUID evaluationId,
            UUID recommendationId,
            @Pattern(regexp = Codes.REASON_CODE, message = "must be a reason code like EKONOMI_MEMBAIK") String reasonCode,
            @Size(max = 1000) String note) {
    }

    public record DecisionRequest(@NotNull ProposalService.Outcome outcome,
            @Size(max = 20) List<@NotNull @Pattern(regexp = Codes.REASON_CODE,
                    message = "must be a reason code like EKONOMI_MEMBAIK") String> reasons,
            LocalDate decidedOn, @Size(max = 1000) String note) {
    }

    public record ProposalView(UUID id, UUID householdId, Pathway pathway, UUID evaluationId, UUID recommendationId,
            String reasonCode, String note, Proposal.Status status, String proposedBy, Instant proposedAt,
            List<String> decisionReasons, String decisionNote, LocalDate decidedOn, String decidedBy,
            Instant decidedAt, UUID decisionId) {

        static ProposalView of(Proposal p) {
            return new ProposalView(p.id, p.householdId, p.pathway, p.evaluationId, p.recommendationId, p.reasonCode,
                    p.note, p.status, p.proposedBy, p.proposedAt, p.decisionReasons == null ? List.of()
                            : Arrays.asList(p.decisionReasons.split(",")), p.decisionNote, p.decidedOn, p.decidedBy,
                    p.decidedAt, p.decisionId);
        }
    }

    @POST
    @RolesAllowed(Roles.OFFICER)
    @Operation(summary = "Propose a household's graduation (or administrative exit)",
            description = "From an evaluation that found the pathway met (evaluationId) or a social worker's ready "
                    + "recommendation (recommendationId); an administrative exit gives its reasonCode (MOVED, "
                    + "DECEASED, DUPLICATE, ASN_TNI_POLRI). 201 PENDING; 409 if the household is decided or has a "
                    + "pending proposal, or the evaluation did not find the pathway met (why, in words); 404 for a "
                    + "household outside your regions.")
    public Uni<Response> propose(@HeaderParam(IdempotencyService.HEADER) String key,
            @Valid @NotNull ProposalRequest request) {
        String user = caller.id();
        // The key answers again only to the user who sent it.
        return idempotency.once("propose", key, request + " by " + user,
                () -> proposals.propose(new ProposalService.NewProposal(request.householdId(), request.pathway(),
                        request.evaluationId(), request.recommendationId(), request.reasonCode(), request.note()), user,
                        caller.scope())
                        .map(p -> new IdempotencyService.Answer(201, ProposalView.of(p), "/api/v1/proposals/" + p.id)))
                .map(IdempotencyService.Outcome::toResponse);
    }

    @POST
    @RolesAllowed(Roles.SUPERVISOR)
    @Path("/{id}/decision")
    @Operation(summary = "Decide a proposal GRADUATED, REJECTED or DEFERRED (four eyes: not by its proposer)",
            description = "GRADUATED re-evaluates the household now and needs the pathway met (an administrative "
                    + "exit needs no evaluation); the decision is announced as GraduationDecided. REJECTED and "
                    + "DEFERRED need reasons. 403 for the proposer; 409 if already decided or not met.")
    public Uni<Response> decide(@PathParam("id") UUID id, @HeaderParam(IdempotencyService.HEADER) String key,
            @Valid @NotNull DecisionRequest request) {
        String user = caller.id();
        return idempotency.once("decide-proposal", key, id + " " + request + " by " + user,
                () -> proposals.decide(id, new ProposalService.Decision(request.outcome(), request.reasons(),
                        request.decidedOn(), request.note()), user, caller.scope())
                        .map(p -> new IdempotencyService.Answer(200, ProposalView.of(p), null)))
                .map(IdempotencyService.Outcome::toResponse);
    }

    @GET
    @RolesAllowed({Roles.ADMIN, Roles.SUPERVISOR, Roles.OFFICER, Roles.AUDITOR})
    @Path("/{id}")
    @Operation(summary = "One proposal")
    public Uni<ProposalView> get(@PathParam("id") UUID id) {
        return proposals.proposal(id, caller.scope()).map(ProposalView::of);
    }

    @GET
    @RolesAllowed({Roles.ADMIN, Roles.SUPERVISOR, Roles.OFFICER, Roles.AUDITOR})
    @Operation(summary = "Proposals, PENDING ones oldest first (the verifier's queue), or all newest first",
            description = "Only those of households in your regions.")
    public Uni<List<ProposalView>> list(
            @QueryParam("status") @Pattern(regexp = "PENDING|GRADUATED|REJECTED|DEFERRED") String status,
            @QueryParam("limit") @Min(1) @Max(1000) Integer limit) {
        return proposals.proposals(status == null ? null : Proposal.Status.valueOf(status), limit == null ? 100 : limit,
                        caller.scope())
                .map(l -> l.stream().map(ProposalView::of).toList());
    }
}
