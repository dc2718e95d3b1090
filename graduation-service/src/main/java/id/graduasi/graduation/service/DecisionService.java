package id.graduasi.graduation.service;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import id.graduasi.events.contract.GraduationDecided;
import id.graduasi.events.outbox.OutboxWriter;
import id.graduasi.events.persistence.TransactionLocks;
import id.graduasi.graduation.domain.GraduationDecision;
import id.graduasi.graduation.domain.HouseholdView;
import id.graduasi.graduation.domain.Pathway;
import id.graduasi.rest.ProblemException;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;

/**
 * Records graduation decisions and announces them. The rule here is deliberately minimal (the household is
 * ACTIVE in the registry and, to graduate, has a social worker's open case); the criteria engine with
 * pathways, evidence and four-eyes approval replaces it.
 */
@ApplicationScoped
public class DecisionService {

    private final OutboxWriter outbox;

    public DecisionService(OutboxWriter outbox) {
        this.outbox = outbox;
    }

    public record Proposal(UUID householdId, Pathway pathway, String reasonCode) {
    }

    /** One decision at a time per household: a second proposal waits for the first and then sees it. */
    @WithTransaction
    public Uni<GraduationDecision> decide(Proposal proposal, String actor) {
        return TransactionLocks.lock("household:" + proposal.householdId())
                .chain(() -> view(proposal.householdId())).chain(view -> {
            List<String> unmet = unmetConditions(view, proposal.pathway());
            if (!unmet.isEmpty()) {
                throw ProblemException.conflict("household " + view.householdId + " cannot take "
                        + proposal.pathway() + " yet: " + String.join("; ", unmet));
            }
            GraduationDecision decision = new GraduationDecision();
            decision.id = UUID.randomUUID();
            decision.householdId = view.householdId;
            decision.pathway = proposal.pathway();
            decision.reasonCode = proposal.reasonCode();
            decision.decidedOn = LocalDate.now(ZoneOffset.UTC);
            decision.decidedBy = actor;
            decision.createdAt = Instant.now();
            view.decisionStatus = decision.pathway.isGraduation() ? "GRADUATED" : "EXITED";
            return decision.<GraduationDecision>persist()
                    .call(() -> outbox.append(new GraduationDecided(decision.id, decision.householdId,
                            view.villageCode, decision.pathway.name(), decision.reasonCode, decision.decidedOn)));
        });
    }

    @WithSession
    public Uni<HouseholdView> view(UUID householdId) {
        return HouseholdView.<HouseholdView>findById(householdId).onItem().ifNull()
                .failWith(() -> ProblemException.notFound("household", householdId));
    }

    @WithSession
    public Uni<GraduationDecision> decision(UUID id) {
        return GraduationDecision.<GraduationDecision>findById(id).onItem().ifNull()
                .failWith(() -> ProblemException.notFound("graduation decision", id));
    }

    @WithSession
    public Uni<List<GraduationDecision>> decisions(UUID householdId) {
        return view(householdId).chain(view -> GraduationDecision.ofHousehold(householdId));
    }

    /** The reasons, in words an officer can act on, why a household cannot take the pathway now. */
    static List<String> unmetConditions(HouseholdView view, Pathway pathway) {
        List<String> unmet = new ArrayList<>();
        if (view.decisionStatus != null) {
            unmet.add("it has already been decided " + view.decisionStatus
                    + " (a relapse reported by the registry re-opens it)");
        }
        if (view.registryStatus == null) {
            unmet.add("the registry has not announced it yet");
        } else if (!"ACTIVE".equals(view.registryStatus)) {
            unmet.add("the registry lists it as " + view.registryStatus + ", not ACTIVE");
        }
        if (pathway.isGraduation() && !"OPEN".equals(view.caseStatus)) {
            unmet.add(view.caseStatus == null ? "no social worker's case has been opened for it"
                    : "its mentoring case is " + view.caseStatus + ", not OPEN");
        }
        return unmet;
    }
}
