package id.graduasi.graduation.service;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import id.graduasi.events.contract.AidDisbursed;
import id.graduasi.events.contract.AssessmentRecorded;
import id.graduasi.events.contract.CaseClosed;
import id.graduasi.events.contract.CaseMonitoringStarted;
import id.graduasi.events.contract.CaseOpened;
import id.graduasi.events.contract.EnrollmentActivated;
import id.graduasi.events.contract.EnrollmentEnded;
import id.graduasi.events.contract.GraduationRecommended;
import id.graduasi.events.contract.HouseholdEvent;
import id.graduasi.events.contract.HouseholdRegistered;
import id.graduasi.events.contract.HouseholdStatusChanged;
import id.graduasi.events.contract.HouseholdUpdated;
import id.graduasi.events.contract.MemberAdded;
import id.graduasi.events.contract.MemberRemoved;
import id.graduasi.events.contract.RelapseSuspected;
import id.graduasi.events.contract.VisitRecorded;
import id.graduasi.events.inbox.EventConsumer;
import id.graduasi.events.outbox.OutboxWriter;
import id.graduasi.events.persistence.TimeOrderedIds;
import id.graduasi.events.persistence.TransactionLocks;
import id.graduasi.graduation.domain.GraduationDecision;
import id.graduasi.graduation.domain.HouseholdView;
import id.graduasi.graduation.domain.RelapseReview;
import id.graduasi.graduation.repository.FactsRepository;
import io.smallrye.mutiny.Uni;

/**
 * Keeps the readiness view in step with the events of the other services. Each handler runs inside the
 * consumer's inbox transaction. An event that may change an evaluation marks the household dirty (if it is
 * ACTIVE and not decided), and the {@link EvaluationWorker} re-evaluates it shortly after.
 */
@ApplicationScoped
public class ReadinessService {

    private static final Logger LOG = Logger.getLogger(ReadinessService.class);

    private final FactsRepository facts;
    private final OutboxWriter outbox;

    public ReadinessService(FactsRepository facts, OutboxWriter outbox) {
        this.facts = facts;
        this.outbox = outbox;
    }

    /**
     * The facts of households that come in backlogs: the registry's (registrations, observations, members),
     * assistance's enrollments and mentoring's case statuses. A run of them is applied together with the outcome
     * of applying them one by one: a few statements for a whole backlog's batch. Households whose facts changed
     * are marked for re-evaluation.
     */
    public Uni<Void> recordAll(List<? extends HouseholdEvent> run) {
        List<HouseholdRegistered> registered = new ArrayList<>();
        List<HouseholdUpdated> observed = new ArrayList<>();
        List<MemberAdded> added = new ArrayList<>();
        List<MemberRemoved> removed = new ArrayList<>();
        List<HouseholdEvent> enrollments = new ArrayList<>();
        List<HouseholdEvent> cases = new ArrayList<>();
        Set<UUID> changed = new LinkedHashSet<>();
        for (HouseholdEvent event : run) {
            if (event instanceof HouseholdRegistered e) {
                registered.add(e);
                continue;
            }
            if (event instanceof CaseOpened || event instanceof CaseMonitoringStarted || event instanceof CaseClosed) {
                cases.add(event); // shown with the readiness; no criterion weighs it, so nothing to re-evaluate
                continue;
            }
            if (event instanceof HouseholdUpdated e) {
                observed.add(e);
            } else if (event instanceof MemberAdded e) {
                added.add(e);
            } else if (event instanceof MemberRemoved e) {
                removed.add(e);
            } else if (event instanceof EnrollmentActivated || event instanceof EnrollmentEnded) {
                enrollments.add(event);
            } else {
                throw new IllegalArgumentException(event.getClass().getSimpleName() + " is not a fact");
            }
            changed.add(event.householdId());
        }
        Instant now = Instant.now();
        return facts.registered(registered, now)
                .chain(() -> facts.observations(observed))
                .chain(() -> facts.membersAdded(added))
                .chain(() -> facts.membersRemoved(removed))
                .chain(() -> facts.enrollments(enrollments, now))
                .chain(() -> facts.caseStatuses(cases, now))
                .chain(() -> facts.dirty(changed, now));
    }

    /**
     * The registry's status, in causal order (issue #16): an event older than the registry revision applied changes
     * nothing. A change the registry made in answer to a decision here names it ({@code decisionId}): graduation
     * already did what it means. A relapse an officer recorded in the registry (GRADUATED to ACTIVE) reverts the
     * decision in force, if that is the graduation the registry left (one read after the household graduated again
     * is stale), and announces GraduationReverted: the one event on which the other services re-open.
     */
    public Uni<Void> onStatusChanged(HouseholdStatusChanged event) {
        boolean relapse = relapse(event);
        UUID[] echoedBefore = new UUID[1];
        boolean[] current = new boolean[1];
        // A relapse may revert a decision, which takes the household's next decision sequence: under the lock the
        // officers' commands hold, taken first (before the view's row) as they do.
        Uni<Void> locked = relapse ? TransactionLocks.lock("household:" + event.householdId())
                : Uni.createFrom().voidItem();
        return locked.chain(() -> update(event.householdId(), view -> {
            echoedBefore[0] = view.registryDecisionId;
            current[0] = noted(view, event);
        })).chain(() -> !relapse || !current[0] ? Uni.createFrom().voidItem()
                : GraduationDecision.inForce(event.householdId()).chain(decision -> {
                    if (decision == null || !decision.pathway.isGraduation()) {
                        return Uni.createFrom().voidItem();
                    }
                    if (event.revision() != null && echoedBefore[0] != null && !echoedBefore[0].equals(decision.id)) {
                        LOG.infof("registry relapse of household %s read after decision %s: it left an older "
                                + "graduation, nothing reverted", event.householdId(), decision.id);
                        return Uni.createFrom().voidItem();
                    }
                    LOG.infof("registry re-activated household %s: decision %s reverted (%s)",
                            event.householdId(), decision.id, event.reason());
                    decision.revertedAt = event.changedAt() == null ? Instant.now() : event.changedAt();
                    decision.revertedOn = decision.revertedAt.atZone(java.time.ZoneOffset.UTC).toLocalDate();
                    decision.revertedBy = "registry";
                    decision.revertReasonCode = event.reason() == null ? "RELAPSE" : event.reason();
                    return update(event.householdId(), view -> {
                        view.decisionStatus = null;
                        decision.revertedSequence = view.nextDecisionSequence();
                    })
                            .chain(() -> DecisionEvents.reverted(outbox, decision))
                            .replaceWithVoid();
                }));
    }

    /**
     * Status changes in their order, as {@link #onStatusChanged} applies them one by one, set by set: in waves of
     * one event per household. A change that is not an officer's relapse only notes the registry's status in the
     * household's view, so a wave's views are read in one query and written in one flush; a relapse is applied
     * on its own, in its place in the wave.
     */
    public Uni<Void> onStatusChangedAll(List<HouseholdStatusChanged> events) {
        return EventConsumer.inOrder(EventConsumer.waves(events, HouseholdStatusChanged::householdId), wave -> {
            List<HouseholdStatusChanged> relapses = wave.stream().filter(ReadinessService::relapse).toList();
            List<HouseholdStatusChanged> notes = wave.stream().filter(e -> !relapse(e)).toList();
            Uni<List<HouseholdView>> found = notes.isEmpty() ? Uni.createFrom().item(List.of())
                    : HouseholdView.byIds(notes.stream().map(HouseholdStatusChanged::householdId).toList());
            return found.chain(views -> {
                Map<UUID, HouseholdView> byId = new HashMap<>();
                views.forEach(v -> byId.put(v.householdId, v));
                List<HouseholdView> created = new ArrayList<>();
                for (HouseholdStatusChanged event : notes) {
                    HouseholdView view = byId.get(event.householdId());
                    if (view == null) {
                        view = new HouseholdView();
                        view.householdId = event.householdId();
                        created.add(view);
                    }
                    noted(view, event);
                    view.updatedAt = Instant.now();
                }
                // Panache refuses to persist an empty list.
                return (created.isEmpty() ? Uni.createFrom().voidItem() : HouseholdView.persist(created))
                        .chain(() -> EventConsumer.inOrder(relapses, this::onStatusChanged));
            }).chain(EventConsumer::flushAndForget);
        });
    }

    /** An officer's relapse recorded in the registry (GRADUATED to ACTIVE, naming no decision). */
    private static boolean relapse(HouseholdStatusChanged event) {
        return "GRADUATED".equals(event.fromStatus()) && "ACTIVE".equals(event.toStatus())
                && event.decisionId() == null;
    }

    /**
     * Notes the registry's status in the view. @return false when the event is not newer than the registry
     * revision applied: then it changes nothing.
     */
    private static boolean noted(HouseholdView view, HouseholdStatusChanged event) {
        if (event.notNewerThan(view.registryRevision)) {
            return false;
        }
        if (event.revision() != null) {
            view.registryRevision = event.revision();
        }
        view.registryDecisionId = event.decisionId();
        view.registryStatus = event.toStatus();
        view.villageCode = event.villageCode();
        markDirty(view);
        return true;
    }

    public Uni<Void> onAidDisbursed(AidDisbursed event) {
        return facts.aidDisbursed(event);
    }

    public Uni<Void> onVisitRecorded(VisitRecorded event) {
        if (!"P2K2_SESSION".equals(event.kind())) {
            return Uni.createFrom().voidItem(); // home visits carry no criterion graduation weighs
        }
        return facts.visit(event).chain(() -> dirty(event.householdId()));
    }

    public Uni<Void> onAssessmentRecorded(AssessmentRecorded event) {
        return facts.assessment(event).chain(() -> dirty(event.householdId()));
    }

    public Uni<Void> onGraduationRecommended(GraduationRecommended event) {
        return facts.recommendation(event).chain(() -> dirty(event.householdId()));
    }

    /** Not a reversal: an open review of the decision in force, for a person to reverse or dismiss. */
    public Uni<Void> onRelapseSuspected(RelapseSuspected event) {
        return GraduationDecision.inForce(event.householdId()).chain(decision -> {
            RelapseReview review = new RelapseReview();
            review.id = TimeOrderedIds.next();
            review.householdId = event.householdId();
            review.decisionId = decision == null ? null : decision.id;
            review.caseId = event.caseId();
            review.assessmentId = event.assessmentId();
            review.score = event.score();
            review.threshold = event.threshold();
            review.suspectedOn = event.suspectedOn();
            review.status = "OPEN";
            return review.persist().replaceWithVoid();
        });
    }

    private static void markDirty(HouseholdView view) {
        if ("ACTIVE".equals(view.registryStatus) && view.decisionStatus == null && view.dirtySince == null) {
            view.dirtySince = Instant.now();
        }
    }

    private Uni<Void> dirty(UUID householdId) {
        return facts.dirty(List.of(householdId), Instant.now());
    }

    /**
     * Topics are ordered per household only within one topic, so an enrollment or case event may arrive before
     * the registry's announcement: whichever comes first creates the view, the others fill it in.
     */
    private Uni<Void> update(UUID householdId, Consumer<HouseholdView> change) {
        return HouseholdView.<HouseholdView>findById(householdId).chain(found -> {
            HouseholdView view = found != null ? found : new HouseholdView();
            view.householdId = householdId;
            change.accept(view);
            view.updatedAt = Instant.now();
            return found != null ? Uni.createFrom().voidItem() : view.persist().replaceWithVoid();
        });
    }
}
