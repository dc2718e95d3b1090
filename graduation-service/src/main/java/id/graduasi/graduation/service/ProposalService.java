package id.graduasi.graduation.service;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import id.graduasi.events.persistence.NativeSql;
import id.graduasi.events.outbox.OutboxWriter;
import id.graduasi.events.persistence.TimeOrderedIds;
import id.graduasi.events.persistence.TransactionLocks;
import id.graduasi.graduation.domain.Criteria;
import id.graduasi.graduation.domain.Evaluation;
import id.graduasi.graduation.domain.EvaluationResult;
import id.graduasi.graduation.domain.GraduationDecision;
import id.graduasi.graduation.domain.HouseholdView;
import id.graduasi.graduation.domain.Pathway;
import id.graduasi.graduation.domain.Proposal;
import id.graduasi.graduation.domain.RelapseReview;
import id.graduasi.graduation.repository.FactsRepository;
import id.graduasi.graduation.security.HouseholdScope;
import id.graduasi.rest.ProblemException;
import id.graduasi.security.AuditLog;
import id.graduasi.security.RegionScope;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;

/**
 * The decision workflow: a proposal (from an evaluation that found the pathway met, or from a social worker's
 * recommendation; an administrative exit from a reason code) is decided GRADUATED, REJECTED or DEFERRED by
 * someone other than its proposer. GRADUATED needs a fresh evaluation that finds the pathway met (except for an
 * administrative exit) and is announced as GraduationDecided in the same transaction. A decision may be
 * reversed (relapse or error) by someone other than the one who made it, announced as GraduationReverted. One
 * command at a time per household: each holds the household's advisory lock until it commits. Every command is
 * refused (404) for a household outside the caller's regions and appends its audit row in its own transaction
 * (the command's, not a separate one).
 */
@ApplicationScoped
public class ProposalService {

    public enum Outcome {
        GRADUATED, REJECTED, DEFERRED
    }

    public record NewProposal(UUID householdId, Pathway pathway, UUID evaluationId, UUID recommendationId,
            String reasonCode, String note) {
    }

    public record Decision(Outcome outcome, List<String> reasons, LocalDate decidedOn, String note) {
    }

    public record Reversal(String reasonCode, LocalDate revertedOn, String note) {
    }

    private final OutboxWriter outbox;
    private final CriteriaService criteria;
    private final EvaluationService evaluations;
    private final FactsRepository facts;
    private final AuditLog audit;

    public ProposalService(OutboxWriter outbox, CriteriaService criteria, EvaluationService evaluations,
            FactsRepository facts, AuditLog audit) {
        this.outbox = outbox;
        this.criteria = criteria;
        this.evaluations = evaluations;
        this.facts = facts;
        this.audit = audit;
    }

    @WithTransaction
    public Uni<Proposal> propose(NewProposal request, String actor, RegionScope scope) {
        UUID householdId = request.householdId();
        return TransactionLocks.lock("household:" + householdId)
                .chain(() -> HouseholdScope.require(householdId, scope, "household", householdId))
                .chain(view -> {
                    if (view.decisionStatus != null) {
                        throw ProblemException.conflict("household " + householdId + " has already been decided "
                                + view.decisionStatus + " (a reversal or a relapse reported by the registry "
                                + "re-opens it)");
                    }
                    return Proposal.pending(householdId);
                })
                .chain(pending -> {
                    if (pending != null) {
                        throw ProblemException.conflict("household " + householdId + " already has proposal "
                                + pending.id + " waiting for a decision");
                    }
                    return criteria.current();
                })
                .chain(version -> {
                    Criteria.PathwayRules rules = rules(version, request.pathway());
                    return evidence(request, rules).chain(() -> {
                        Proposal p = new Proposal();
                        p.id = TimeOrderedIds.next();
                        p.householdId = householdId;
                        p.pathway = request.pathway();
                        p.evaluationId = request.evaluationId();
                        p.recommendationId = request.recommendationId();
                        p.reasonCode = request.reasonCode();
                        p.note = request.note();
                        p.status = Proposal.Status.PENDING;
                        p.proposedBy = actor;
                        p.proposedAt = Instant.now();
                        if (rules.approvalRequired()) {
                            return p.<Proposal>persist().call(() -> audited("PROPOSE", p, proposed(p)));
                        }
                        // The criteria say this pathway needs no second person: decided as proposed.
                        return p.<Proposal>persist().chain(() -> graduate(p, new Decision(Outcome.GRADUATED,
                                List.of(), null, null), actor, version))
                                .call(d -> audited("PROPOSE", p, proposed(p) + "; decided GRADUATED at once (the "
                                        + "pathway needs no approval), decision " + d.id))
                                .replaceWith(p);
                    });
                });
    }

    private static String proposed(Proposal p) {
        return "proposed " + p.pathway + (p.evaluationId != null ? " from evaluation " + p.evaluationId : "")
                + (p.recommendationId != null ? " from recommendation " + p.recommendationId : "")
                + (p.reasonCode != null ? ", reason " + p.reasonCode : "");
    }

    /** The audit row of a command on a proposal, with the household's current region. */
    private Uni<Void> audited(String action, Proposal p, String summary) {
        return HouseholdView.<HouseholdView>findById(p.householdId).chain(view -> audit.record(action, "proposal",
                p.id, p.householdId, view == null ? null : view.villageCode, "proposal " + p.id + " " + summary));
    }

    /** What a proposal rests on: a met evaluation, a worker's ready recommendation, or an exit reason. */
    private Uni<Void> evidence(NewProposal request, Criteria.PathwayRules rules) {
        if (!rules.evaluated()) {
            if (request.reasonCode() == null || !rules.exitReasons().contains(request.reasonCode())) {
                throw ProblemException.badRequest("reasonCode", "an administrative exit needs one of "
                        + rules.exitReasons());
            }
            return Uni.createFrom().voidItem();
        }
        if (request.evaluationId() == null && request.recommendationId() == null) {
            throw ProblemException.badRequest("evaluationId", "a proposal rests on an evaluation that found the "
                    + "pathway met, or on a social worker's recommendation (recommendationId)");
        }
        if (request.evaluationId() != null) {
            return Evaluation.<Evaluation>findById(request.evaluationId()).map(e -> {
                if (e == null || !e.householdId.equals(request.householdId())) {
                    throw ProblemException.badRequest("evaluationId", "is not an evaluation of household "
                            + request.householdId());
                }
                EvaluationResult.PathwayResult result = evaluations.result(e).of(request.pathway());
                if (result == null || !result.met()) {
                    throw ProblemException.conflict("evaluation " + e.id + " did not find " + request.pathway()
                            + " met" + (result == null ? "" : ": " + String.join(" ", result.whyNotYet())));
                }
                return null;
            }).replaceWithVoid();
        }
        return facts.recommendation(request.householdId(), request.recommendationId()).map(r -> {
            if (r == null) {
                throw ProblemException.badRequest("recommendationId", "is not a recommendation for household "
                        + request.householdId());
            }
            if (!r.ready()) {
                throw ProblemException.conflict("the social worker recommended household " + request.householdId()
                        + " as not ready yet" + (r.reasonCodes().isEmpty() ? ""
                                : " (" + String.join(", ", r.reasonCodes()) + ")"));
            }
            return null;
        }).replaceWithVoid();
    }

    @WithTransaction
    public Uni<Proposal> decide(UUID proposalId, Decision decision, String actor, RegionScope scope) {
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        if (decision.decidedOn() != null && decision.decidedOn().isAfter(today)) {
            return Uni.createFrom().failure(ProblemException.badRequest("decidedOn", "must not be in the future"));
        }
        if (decision.outcome() != Outcome.GRADUATED && (decision.reasons() == null || decision.reasons().isEmpty())) {
            return Uni.createFrom().failure(ProblemException.badRequest("reasons",
                    "a " + decision.outcome() + " decision gives at least one reason code"));
        }
        return proposal(proposalId, scope)
                .call(p -> TransactionLocks.lock("household:" + p.householdId))
                .call(p -> Panache.getSession().chain(s -> s.refresh(p)))
                .chain(p -> {
                    if (p.status != Proposal.Status.PENDING) {
                        throw ProblemException.conflict("status", "proposal " + p.id + " has already been decided "
                                + p.status);
                    }
                    if (p.proposedBy.equals(actor)) {
                        throw new ProblemException(403, "Forbidden", "a proposal is decided by someone other than "
                                + "its proposer (four eyes): " + actor + " proposed it", List.of());
                    }
                    String reasons = decision.reasons() == null || decision.reasons().isEmpty() ? ""
                            : ", reasons " + String.join(",", decision.reasons());
                    if (decision.outcome() != Outcome.GRADUATED) {
                        close(p, decision, actor, today);
                        p.status = decision.outcome() == Outcome.REJECTED ? Proposal.Status.REJECTED
                                : Proposal.Status.DEFERRED;
                        return audited("DECIDE", p, "decided " + p.status + reasons).replaceWith(p);
                    }
                    return criteria.current().chain(version -> graduate(p, decision, actor, version))
                            .call(d -> audited("DECIDE", p, "decided GRADUATED" + reasons + ", decision " + d.id
                                    + (d.evaluationId == null ? "" : " on evaluation " + d.evaluationId)))
                            .replaceWith(p);
                });
    }

    private Uni<GraduationDecision> graduate(Proposal p, Decision decision, String actor,
            CriteriaService.Version version) {
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        Criteria.PathwayRules rules = rules(version, p.pathway);
        return HouseholdView.locked(p.householdId).chain(view -> {
            if (view.decisionStatus != null) {
                throw ProblemException.conflict("household " + view.householdId + " has already been decided "
                        + view.decisionStatus);
            }
            if (view.villageCode == null) {
                throw ProblemException.conflict("the registry has not announced household " + view.householdId
                        + " yet");
            }
            Uni<UUID> evaluated = !rules.evaluated() ? Uni.createFrom().nullItem()
                    : evaluations.evaluate(view, version, Evaluation.Trigger.DECISION, null, actor).map(fresh -> {
                        EvaluationResult.PathwayResult result = fresh.result().of(p.pathway);
                        if (result == null || !result.met()) {
                            throw ProblemException.conflict(p.pathway + " is not met for household "
                                    + view.householdId + " today: " + (result == null ? ""
                                            : String.join(" ", result.whyNotYet())));
                        }
                        return fresh.evaluation().id;
                    });
            return evaluated.chain(evaluationId -> {
                close(p, decision, actor, today);
                p.status = Proposal.Status.GRADUATED;
                GraduationDecision d = new GraduationDecision();
                d.id = TimeOrderedIds.next();
                d.householdId = p.householdId;
                d.pathway = p.pathway;
                d.reasonCode = p.reasonCode != null ? p.reasonCode
                        : decision.reasons() == null || decision.reasons().isEmpty() ? null : decision.reasons().get(0);
                d.decidedOn = p.decidedOn;
                d.decidedBy = actor;
                d.proposedBy = p.proposedBy;
                d.proposalId = p.id;
                d.evaluationId = evaluationId;
                d.villageCode = view.villageCode;
                d.monitoringUntil = rules.monitoringMonths() == 0 ? null
                        : d.decidedOn.plusMonths(rules.monitoringMonths());
                d.createdAt = Instant.now();
                d.decidedSequence = view.nextDecisionSequence();
                p.decisionId = d.id;
                view.decisionStatus = p.pathway.isGraduation() ? "GRADUATED" : "EXITED";
                view.dirtySince = null;
                return d.<GraduationDecision>persist()
                        .call(() -> DecisionEvents.decided(outbox, d, version.id()));
            });
        });
    }

    private static void close(Proposal p, Decision decision, String actor, LocalDate today) {
        p.decisionReasons = decision.reasons() == null || decision.reasons().isEmpty() ? null
                : String.join(",", decision.reasons());
        p.decisionNote = decision.note();
        p.decidedOn = decision.decidedOn() == null ? today : decision.decidedOn();
        p.decidedBy = actor;
        p.decidedAt = Instant.now();
    }

    /**
     * Undoes a decision in force: the household may be proposed again; open relapse reviews are closed. Four eyes
     * here too: the one who decided the graduation cannot reverse it alone.
     */
    @WithTransaction
    public Uni<GraduationDecision> reverse(UUID decisionId, Reversal reversal, String actor, RegionScope scope) {
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        if (reversal.revertedOn() != null && reversal.revertedOn().isAfter(today)) {
            return Uni.createFrom().failure(ProblemException.badRequest("revertedOn", "must not be in the future"));
        }
        return decision(decisionId, scope)
                .call(d -> TransactionLocks.lock("household:" + d.householdId))
                .call(d -> Panache.getSession().chain(s -> s.refresh(d)))
                .chain(d -> {
                    if (!d.inForce()) {
                        throw ProblemException.conflict("decision " + d.id + " was already reverted on "
                                + d.revertedOn + " (" + d.revertReasonCode + ")");
                    }
                    if (actor.equals(d.decidedBy)) {
                        throw new ProblemException(403, "Forbidden", "a decision is reversed by someone other than "
                                + "the one who decided it (four eyes): " + actor + " decided it", List.of());
                    }
                    d.revertedAt = Instant.now();
                    d.revertedOn = reversal.revertedOn() == null ? today : reversal.revertedOn();
                    d.revertedBy = actor;
                    d.revertReasonCode = reversal.reasonCode();
                    d.revertNote = reversal.note();
                    return HouseholdView.locked(d.householdId).chain(view -> {
                        view.decisionStatus = null;
                        d.revertedSequence = view.nextDecisionSequence();
                        return NativeSql.update("""
                                update relapse_review set status = 'REVERSED', resolved_by = ?2, resolved_at = ?3,
                                                          resolution = ?4
                                where household_id = ?1 and status = 'OPEN'""", d.householdId, actor, d.revertedAt,
                                reversal.reasonCode());
                    }).call(() -> DecisionEvents.reverted(outbox, d))
                            .call(() -> HouseholdView.<HouseholdView>findById(d.householdId).chain(view ->
                                    audit.record("REVERSE", "graduation-decision", d.id, d.householdId,
                                            view.villageCode, "decision " + d.id + " (" + d.pathway + ") reverted on "
                                                    + d.revertedOn + ", reason " + d.revertReasonCode)))
                            .replaceWith(d);
                });
    }

    @WithTransaction
    public Uni<RelapseReview> dismissReview(UUID reviewId, String reasonCode, String actor, RegionScope scope) {
        return RelapseReview.<RelapseReview>findById(reviewId).onItem().ifNull()
                .failWith(() -> ProblemException.notFound("relapse review", reviewId))
                .chain(r -> HouseholdScope.village(r.householdId, scope, "relapse review", reviewId).chain(village -> {
                    if (!"OPEN".equals(r.status)) {
                        throw ProblemException.conflict("status", "relapse review " + r.id + " is already "
                                + r.status);
                    }
                    r.status = "DISMISSED";
                    r.resolvedBy = actor;
                    r.resolvedAt = Instant.now();
                    r.resolution = reasonCode;
                    return audit.record("DISMISS", "relapse-review", r.id, r.householdId, village,
                            "relapse review " + r.id + " of decision " + r.decisionId + " dismissed, reason "
                                    + reasonCode).replaceWith(r);
                }));
    }

    /** The proposal if it exists and its household lies in {@code scope}; else 404. */
    @WithSession
    public Uni<Proposal> proposal(UUID id, RegionScope scope) {
        return Proposal.<Proposal>findById(id).onItem().ifNull()
                .failWith(() -> ProblemException.notFound("proposal", id))
                .call(p -> HouseholdScope.village(p.householdId, scope, "proposal", id));
    }

    /** The decision if it exists and its household lies in {@code scope}; else 404. */
    @WithSession
    public Uni<GraduationDecision> decision(UUID id, RegionScope scope) {
        return GraduationDecision.<GraduationDecision>findById(id).onItem().ifNull()
                .failWith(() -> ProblemException.notFound("graduation decision", id))
                .call(d -> HouseholdScope.village(d.householdId, scope, "graduation decision", id));
    }

    @WithSession
    public Uni<List<GraduationDecision>> decisions(UUID householdId, RegionScope scope) {
        return HouseholdScope.require(householdId, scope, "household", householdId)
                .chain(view -> GraduationDecision.ofHousehold(householdId));
    }

    /** Proposals of households in {@code scope} only (filtered in the query, before the limit). */
    @WithSession
    public Uni<List<Proposal>> proposals(Proposal.Status status, int limit, RegionScope scope) {
        return Proposal.list(status, limit, scope);
    }

    /** Relapse reviews of households in {@code scope} only (filtered in the query, before the limit). */
    @WithSession
    public Uni<List<RelapseReview>> reviews(String status, int limit, RegionScope scope) {
        return RelapseReview.list(status, limit, scope);
    }

    private static Criteria.PathwayRules rules(CriteriaService.Version version, Pathway pathway) {
        return version.criteria().rules(pathway).orElseThrow(() -> ProblemException.conflict("criteria version "
                + version.id() + " (" + version.label() + ") has no pathway " + pathway));
    }
}
