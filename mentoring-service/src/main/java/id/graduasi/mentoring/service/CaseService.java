package id.graduasi.mentoring.service;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import id.graduasi.events.contract.AidDisbursed;
import id.graduasi.events.contract.CaseClosed;
import id.graduasi.events.contract.CaseMonitoringStarted;
import id.graduasi.events.contract.CaseOpened;
import id.graduasi.events.contract.ContractEvent;
import id.graduasi.events.contract.EnrollmentActivated;
import id.graduasi.events.contract.GraduationDecidedV2;
import id.graduasi.events.contract.GraduationDecisionEvent;
import id.graduasi.events.contract.GraduationRevertedV2;
import id.graduasi.events.contract.HouseholdRegistered;
import id.graduasi.events.contract.HouseholdStatusChanged;
import id.graduasi.events.inbox.EventConsumer;
import id.graduasi.events.inbox.StaleDecisions;
import id.graduasi.events.outbox.Lane;
import id.graduasi.events.outbox.OutboxWriter;
import id.graduasi.events.persistence.NativeSql;
import id.graduasi.events.persistence.TimeOrderedIds;
import id.graduasi.events.persistence.TransactionLocks;
import id.graduasi.mentoring.domain.CaseAssignment;
import id.graduasi.mentoring.domain.CaseStatus;
import id.graduasi.mentoring.domain.FollowUpStatus;
import id.graduasi.mentoring.domain.MentoringCase;
import id.graduasi.mentoring.domain.SocialWorker;
import id.graduasi.mentoring.security.MentoringAccess;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/**
 * A household's case follows its life: OPEN while a social worker coaches it, MONITORING for the configured
 * months after graduation, CLOSED when monitoring ends or the household leaves the registry; the graduation
 * decision reverted (GraduationReverted, also for a relapse recorded in the registry) re-opens it. Every new or
 * re-opened case without an active worker is given to the least-loaded worker covering its village.
 */
@ApplicationScoped
public class CaseService {

    private final OutboxWriter outbox;
    private final AssignmentService assignments;
    private final FollowUpService followUps;
    private final MentoringAccess access;
    private final StaleDecisions staleDecisions;

    public CaseService(OutboxWriter outbox, AssignmentService assignments, FollowUpService followUps,
            MentoringAccess access, StaleDecisions staleDecisions) {
        this.outbox = outbox;
        this.assignments = assignments;
        this.followUps = followUps;
        this.access = access;
        this.staleDecisions = staleDecisions;
    }

    @WithTransaction
    public Uni<Void> onRegistered(HouseholdRegistered event) {
        return openIfNone(event.householdId(), event.villageCode()).replaceWithVoid();
    }

    /** An enrolled household is coached too; it normally has its case from the registration already. */
    @WithTransaction
    public Uni<Void> onEnrollmentActivated(EnrollmentActivated event) {
        return openIfNone(event.householdId(), event.villageCode()).replaceWithVoid();
    }

    /** A payment: the household's worker must check, within the configured days, that it is used as intended. */
    @WithTransaction
    public Uni<Void> onAidDisbursed(AidDisbursed event) {
        return openIfNone(event.householdId(), event.villageCode())
                .chain(mentoringCase -> mentoringCase.status == CaseStatus.CLOSED
                        ? Uni.createFrom().voidItem()
                        : followUps.open(mentoringCase, event.entitlementId(), event.paidOn()));
    }

    /**
     * The registry's status changes, in causal order (issue #16): an event older than the registry revision the
     * case applied changes nothing; a change the registry made because of a graduation decision names it
     * ({@code decisionId}) and is left to GraduationDecided/GraduationReverted, so the fact is applied once. Of an
     * officer's changes, EXITED closes the case; a relapse (GRADUATED to ACTIVE) only advances the revision, since
     * graduation-service turns it into the GraduationReverted on which the case re-opens (the one reversal path).
     * Applied set by set: in waves of one event per household, each wave's cases read in one query and written in
     * one flush (most are the registry's echoes of decisions, which only advance the revision).
     */
    @WithTransaction
    public Uni<Void> onStatusChangedAll(List<HouseholdStatusChanged> events) {
        return EventConsumer.inOrder(EventConsumer.waves(events, HouseholdStatusChanged::householdId),
                wave -> MentoringCase.ofHouseholds(wave.stream().map(HouseholdStatusChanged::householdId).toList())
                        .chain(found -> {
                            Map<UUID, MentoringCase> byHousehold = new HashMap<>();
                            found.forEach(c -> byHousehold.put(c.householdId, c));
                            List<MentoringCase> exited = new ArrayList<>();
                            for (HouseholdStatusChanged event : wave) {
                                MentoringCase mentoringCase = byHousehold.get(event.householdId());
                                if (mentoringCase == null || event.notNewerThan(mentoringCase.registryRevision)) {
                                    continue;
                                }
                                if (event.revision() != null) {
                                    mentoringCase.registryRevision = event.revision();
                                }
                                if (event.decisionId() == null && "EXITED".equals(event.toStatus())) {
                                    exited.add(mentoringCase);
                                }
                            }
                            return EventConsumer.inOrder(exited, c -> close(c, "HOUSEHOLD_EXITED"));
                        })
                        .chain(EventConsumer::flushAndForget));
    }

    /**
     * Graduation decisions and their reversals (v2), in their order, applied set by set: in waves of one event per
     * household ({@link EventConsumer#waves}), so the outcome is the one-by-one outcome. A wave reads its cases in
     * one query and the workers its reversals would keep in another, decides what each event does
     * ({@link #change}), chooses the workers of the cases that need one in one plan (its locks taken before any
     * case row changes), then writes the cases in one flush and the events in one statement. A consumer applying a
     * lane's decisions makes a few round trips per wave, not four or five per decision. One event is a list of one.
     */
    @WithTransaction
    public Uni<Void> decideAll(List<? extends GraduationDecisionEvent> events) {
        return EventConsumer.inOrder(EventConsumer.<GraduationDecisionEvent>waves(events,
                GraduationDecisionEvent::householdId), this::decideWave);
    }

    private Uni<Void> decideWave(List<GraduationDecisionEvent> wave) {
        return MentoringCase.ofHouseholds(wave.stream().map(GraduationDecisionEvent::householdId).toList())
                .chain(found -> {
                    Map<UUID, MentoringCase> byHousehold = new HashMap<>();
                    found.forEach(c -> byHousehold.put(c.householdId, c));
                    List<UUID> kept = wave.stream().filter(e -> e instanceof GraduationRevertedV2)
                            .map(e -> byHousehold.get(e.householdId())).filter(c -> c != null && c.workerId != null)
                            .map(c -> c.workerId).distinct().toList();
                    return SocialWorker.activeAmong(kept).chain(active -> {
                        List<Change> changes = new ArrayList<>();
                        for (GraduationDecisionEvent event : wave) {
                            Change change = change(event, byHousehold.get(event.householdId()), active);
                            if (change != null) {
                                changes.add(change);
                            }
                        }
                        List<MentoringCase> unassigned = changes.stream().filter(Change::needsWorker)
                                .map(Change::mentoringCase).toList();
                        Uni<Map<UUID, UUID>> planned = unassigned.isEmpty() ? Uni.createFrom().item(Map.of())
                                : assignments.plan(unassigned, null, List.of());
                        return planned.chain(plan -> write(changes).chain(() -> assignments.apply(unassigned, plan,
                                        CaseAssignment.BALANCED, CaseAssignment.SYSTEM, Lane.INTERACTIVE)));
                    });
                })
                // The next wave reads its own cases again: a session that kept every wave's cases would dirty-check
                // all of them before each statement.
                .chain(EventConsumer::flushAndForget);
    }

    /** What a decision event does to its household's case. */
    private enum Step {
        /** Only the decision it follows, or its sequence, is noted. */
        NOTE,
        /** A graduated family is monitored until the decision says. */
        MONITOR,
        /** An administrative exit: there is nobody left to visit. */
        CLOSE,
        /** The decision was undone: the family is coached again. */
        OPEN
    }

    /**
     * An event's effect on a case, decided before anything is written.
     *
     * @param created whether the case is new (the decision was read before the registration, another topic)
     * @param follows whether the case now follows the event's decision (else only its sequence is noted)
     * @param needsWorker whether the case is given the least-loaded worker covering its village
     */
    private record Change(GraduationDecisionEvent event, MentoringCase mentoringCase, boolean created,
            boolean follows, Step step, boolean needsWorker) {
    }

    /**
     * What a decision or reversal does to the household's case ({@code found}, or null if it has none).
     * <p>
     * A decision: one the case already follows (a redelivery, also after its reversal), one older than the decision
     * sequence applied (re-sent after a newer one) or one for a closed case changes nothing but the sequence; an
     * administrative exit (outcome EXITED: moved, deceased, duplicate) closes the case; any other outcome starts its
     * monitoring (anew, for a household still monitored under an older decision), and a case created for it is
     * given a worker for the monitoring visits.
     * <p>
     * A reversal (an officer's relapse in the registry, a relapse review or an error) is the one event that re-opens
     * a case. One with a decision sequence above the one applied is the household's newest decision state, whichever
     * decision it names (the one it undoes may not have been read yet; its own event is older and will change
     * nothing); one not above it changes nothing. Without a sequence, the reversal of another decision (an older
     * one, or one already reverted) changes nothing. A re-opened case keeps its worker if that worker is still
     * active ({@code activeWorkers}), else it is balanced like a new case; an OPEN case stays as it is.
     *
     * @return null when the event is older than the decision state the case applied
     */
    private Change change(GraduationDecisionEvent event, MentoringCase found, Set<UUID> activeWorkers) {
        if (found == null) {
            MentoringCase created = newCase(event.householdId(), event.villageCode());
            boolean exit = event instanceof GraduationDecidedV2 decision
                    && decision.outcome() == GraduationDecidedV2.Outcome.EXITED;
            return new Change(event, created, true, true, event instanceof GraduationDecidedV2
                    ? exit ? Step.CLOSE : Step.MONITOR : Step.OPEN, !exit);
        }
        if (staleDecisions.stale(event, found.decisionSequence)) {
            return null;
        }
        if (event instanceof GraduationDecidedV2 decision) {
            if (decision.decisionId().equals(found.decisionId) || found.status == CaseStatus.CLOSED) {
                return new Change(event, found, false, false, Step.NOTE, false);
            }
            return new Change(event, found, false, true, decision.outcome() == GraduationDecidedV2.Outcome.EXITED
                    ? Step.CLOSE : Step.MONITOR, false);
        }
        boolean followed = event.decisionSequence() != null || found.decisionId == null
                || found.decisionId.equals(event.decisionId()) && !found.decisionReverted;
        if (!followed || found.status == CaseStatus.OPEN) {
            return new Change(event, found, false, followed, Step.NOTE, false);
        }
        return new Change(event, found, false, true, Step.OPEN,
                found.workerId == null || !activeWorkers.contains(found.workerId));
    }

    /**
     * Writes a wave's changes: the new cases, each case's new state, the follow-ups of closed cases cancelled, and
     * the events they announce (before the workers' assignments, which follow them per household).
     */
    private Uni<Void> write(List<Change> changes) {
        List<MentoringCase> created = new ArrayList<>();
        List<UUID> closed = new ArrayList<>();
        List<ContractEvent> events = new ArrayList<>();
        for (Change change : changes) {
            MentoringCase mentoringCase = change.mentoringCase();
            GraduationDecisionEvent event = change.event();
            if (change.created()) {
                created.add(mentoringCase);
            }
            if (event.decisionSequence() != null) {
                mentoringCase.decisionSequence = event.decisionSequence();
            }
            if (change.follows()) {
                mentoringCase.decisionId = event.decisionId();
                mentoringCase.decisionReverted = event instanceof GraduationRevertedV2;
            }
            switch (change.step()) {
                case NOTE -> {
                }
                case MONITOR -> {
                    GraduationDecidedV2 decision = (GraduationDecidedV2) event;
                    mentoringCase.status = CaseStatus.MONITORING;
                    // No monitoring period (null): it ends on the effective day, and the closer closes the case.
                    mentoringCase.monitoringUntil = decision.monitoringUntil() != null ? decision.monitoringUntil()
                            : decision.effectiveOn();
                    events.add(new CaseMonitoringStarted(mentoringCase.id, mentoringCase.householdId,
                            mentoringCase.monitoringUntil));
                }
                case CLOSE -> {
                    mentoringCase.status = CaseStatus.CLOSED;
                    mentoringCase.closedAt = now();
                    closed.add(mentoringCase.id);
                    events.add(new CaseClosed(mentoringCase.id, mentoringCase.householdId, "HOUSEHOLD_EXITED",
                            mentoringCase.closedAt));
                }
                case OPEN -> {
                    mentoringCase.status = CaseStatus.OPEN;
                    mentoringCase.monitoringUntil = null;
                    mentoringCase.closedAt = null;
                    events.add(openedEvent(mentoringCase));
                }
            }
        }
        // Panache refuses to persist an empty list.
        return (created.isEmpty() ? Uni.createFrom().voidItem() : MentoringCase.persist(created))
                .chain(() -> EventConsumer.inOrder(closed, this::cancelFollowUps))
                .chain(() -> events.isEmpty() ? Uni.createFrom().voidItem()
                        : outbox.appendAll(events, Lane.INTERACTIVE).replaceWithVoid());
    }

    /**
     * Closes the cases whose monitoring ended before {@code today}, a bounded batch per call, on one replica
     * at a time.
     */
    @WithTransaction
    public Uni<Integer> closeEndedMonitoring(LocalDate today, int limit) {
        return TransactionLocks.tryLock("mentoring:monitoring-closer").chain(owner -> !owner
                ? Uni.createFrom().item(0)
                : closeBatch(today, limit));
    }

    private Uni<Integer> closeBatch(LocalDate today, int limit) {
        return MentoringCase.<MentoringCase>find("status = ?1 and monitoringUntil < ?2 order by monitoringUntil",
                        CaseStatus.MONITORING, today)
                .page(0, limit).list()
                .chain(cases -> Multi.createFrom().iterable(cases)
                        .onItem().transformToUniAndConcatenate(c -> close(c, "MONITORING_ENDED"))
                        .collect().asList()
                        .replaceWith(cases.size()));
    }

    /** The household's case as the caller may see it (its regions; a worker's own caseload), else 404. */
    @WithSession
    public Uni<MentoringCase> ofHousehold(UUID householdId) {
        return access.readableCase(householdId);
    }

    /** Now, as PostgreSQL stores it (microseconds): an answer replayed from the database equals the first one. */
    public static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }

    public static LocalDate today() {
        return LocalDate.now(ZoneOffset.UTC);
    }

    private static MentoringCase newCase(UUID householdId, String villageCode) {
        MentoringCase mentoringCase = new MentoringCase();
        mentoringCase.id = TimeOrderedIds.next();
        mentoringCase.householdId = householdId;
        mentoringCase.villageCode = villageCode;
        mentoringCase.status = CaseStatus.OPEN;
        mentoringCase.openedAt = now();
        return mentoringCase;
    }

    /**
     * Opens a case for each of these households that has none (a consumer's run of registrations and
     * enrollments), together: the cases read in one query, the new ones written in one flush, their workers
     * chosen in one plan, their CaseOpened and WorkerAssigned events appended in one statement each. The same
     * outcome as opening them one by one, in the order given.
     *
     * @param villages each household's village, as its first event in the run gave it
     */
    @WithTransaction
    public Uni<Void> openAll(Map<UUID, String> villages) {
        List<UUID> households = List.copyOf(villages.keySet());
        return MentoringCase.ofHouseholds(households).chain(existing -> {
            java.util.Set<UUID> known = new java.util.HashSet<>();
            existing.forEach(c -> known.add(c.householdId));
            List<MentoringCase> opened = households.stream().filter(h -> !known.contains(h))
                    .map(h -> newCase(h, villages.get(h))).toList();
            if (opened.isEmpty()) {
                return Uni.createFrom().voidItem();
            }
            return MentoringCase.persist(opened)
                    .chain(() -> assignments.plan(opened, null, List.of()))
                    .chain(plan -> outbox.appendAll(opened.stream().map(CaseService::openedEvent).toList())
                            .chain(() -> assignments.apply(opened, plan, CaseAssignment.BALANCED,
                                    CaseAssignment.SYSTEM)));
        });
    }

    /** The household's case, opened (and announced, and assigned) if it has none. */
    private Uni<MentoringCase> openIfNone(UUID householdId, String villageCode) {
        return MentoringCase.ofHousehold(householdId).chain(existing -> existing != null
                ? Uni.createFrom().item(existing)
                : Uni.createFrom().item(newCase(householdId, villageCode))
                        .call(this::open));
    }

    /** Persists a new case, chooses its worker, then announces it opened and assigned, in that order. */
    private Uni<Void> open(MentoringCase mentoringCase) {
        return mentoringCase.persist()
                .chain(() -> assignments.plan(List.of(mentoringCase), null, List.of()))
                .chain(plan -> announceOpened(mentoringCase)
                        .chain(() -> assignments.apply(List.of(mentoringCase), plan, CaseAssignment.BALANCED,
                                CaseAssignment.SYSTEM)));
    }

    private Uni<Void> announceOpened(MentoringCase mentoringCase) {
        return outbox.append(openedEvent(mentoringCase)).replaceWithVoid();
    }

    private static CaseOpened openedEvent(MentoringCase mentoringCase) {
        return new CaseOpened(mentoringCase.id, mentoringCase.householdId, mentoringCase.villageCode, now());
    }

    /** Closes the case and cancels its open follow-up; nothing happens (or is announced) for a closed case. */
    private Uni<Void> close(MentoringCase mentoringCase, String reason) {
        if (mentoringCase.status == CaseStatus.CLOSED) {
            return Uni.createFrom().voidItem();
        }
        mentoringCase.status = CaseStatus.CLOSED;
        mentoringCase.closedAt = now();
        return cancelFollowUps(mentoringCase.id)
                .chain(() -> outbox.append(new CaseClosed(mentoringCase.id, mentoringCase.householdId, reason,
                        mentoringCase.closedAt)))
                .replaceWithVoid();
    }

    /** A closed case's open follow-up is cancelled: nobody will check how the payment was used. */
    private Uni<Void> cancelFollowUps(UUID caseId) {
        return NativeSql.update("update follow_up set status = ?1, version = version + 1 where case_id = ?2"
                + " and status = ?3", FollowUpStatus.CANCELLED.name(), caseId, FollowUpStatus.OPEN.name())
                .replaceWithVoid();
    }
}
