package id.graduasi.mentoring.service;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import id.graduasi.events.contract.AidDisbursed;
import id.graduasi.events.contract.CaseClosed;
import id.graduasi.events.contract.CaseMonitoringStarted;
import id.graduasi.events.contract.CaseOpened;
import id.graduasi.events.contract.EnrollmentActivated;
import id.graduasi.events.contract.GraduationDecidedV2;
import id.graduasi.events.contract.GraduationDecisionEvent;
import id.graduasi.events.contract.GraduationRevertedV2;
import id.graduasi.events.contract.HouseholdRegistered;
import id.graduasi.events.contract.HouseholdStatusChanged;
import id.graduasi.events.inbox.StaleDecisions;
import id.graduasi.events.outbox.OutboxWriter;
import id.graduasi.events.persistence.TimeOrderedIds;
import id.graduasi.events.persistence.TransactionLocks;
import id.graduasi.mentoring.domain.CaseAssignment;
import id.graduasi.mentoring.domain.CaseStatus;
import id.graduasi.mentoring.domain.FollowUpStatus;
import id.graduasi.mentoring.domain.MentoringCase;
import id.graduasi.mentoring.domain.SocialWorker;
import id.graduasi.mentoring.domain.WorkerStatus;
import id.graduasi.mentoring.security.MentoringAccess;
import io.quarkus.hibernate.reactive.panache.Panache;
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
     */
    @WithTransaction
    public Uni<Void> onStatusChanged(HouseholdStatusChanged event) {
        return MentoringCase.ofHousehold(event.householdId()).chain(mentoringCase -> {
            if (mentoringCase == null || event.notNewerThan(mentoringCase.registryRevision)) {
                return Uni.createFrom().voidItem();
            }
            if (event.revision() != null) {
                mentoringCase.registryRevision = event.revision();
            }
            return event.decisionId() == null && "EXITED".equals(event.toStatus())
                    ? close(mentoringCase, "HOUSEHOLD_EXITED")
                    : Uni.createFrom().voidItem();
        });
    }

    /**
     * The decision the case follows was undone (an officer's relapse in the registry, a relapse review or an error):
     * the household is coached again. This is the one event that re-opens a case. A reversal with a decision
     * sequence above the one applied is the household's newest decision state, whichever decision it names (the one
     * it undoes may not have been read yet; its own event is older and will change nothing); one not above it
     * changes nothing. Without a sequence, the reversal of another decision (an older one, or one already reverted)
     * changes nothing.
     */
    @WithTransaction
    public Uni<Void> onGraduationReverted(GraduationRevertedV2 event) {
        return MentoringCase.ofHousehold(event.householdId()).chain(mentoringCase -> {
            if (mentoringCase == null) {
                MentoringCase created = newCase(event.householdId(), event.villageCode());
                created.decisionId = event.decisionId();
                created.decisionReverted = true;
                created.decisionSequence = event.decisionSequence();
                return open(created);
            }
            if (!advance(mentoringCase, event)) {
                return Uni.createFrom().voidItem();
            }
            boolean followed = event.decisionSequence() != null || mentoringCase.decisionId == null
                    || mentoringCase.decisionId.equals(event.decisionId()) && !mentoringCase.decisionReverted;
            if (!followed) {
                return Uni.createFrom().voidItem();
            }
            mentoringCase.decisionId = event.decisionId();
            mentoringCase.decisionReverted = true;
            return reopen(mentoringCase);
        });
    }

    /**
     * A graduated family is monitored until the decision says (its monitoringUntil, from the pathway's rules in
     * graduation-service); an administrative exit (outcome EXITED: moved, deceased,
     * duplicate) closes the case at once, since there is nobody left to visit. The decision the case already
     * follows (a redelivery, also after its reversal) changes nothing, nor does a decision event older than the
     * decision sequence applied (re-sent after a newer one); a newer decision for a household still monitored under
     * an older one starts its monitoring anew.
     */
    @WithTransaction
    public Uni<Void> onGraduationDecided(GraduationDecidedV2 decision) {
        return MentoringCase.ofHousehold(decision.householdId()).chain(found -> {
            if (found != null && (!advance(found, decision) || decision.decisionId().equals(found.decisionId)
                    || found.status == CaseStatus.CLOSED)) {
                return Uni.createFrom().voidItem();
            }
            if (decision.outcome() == GraduationDecidedV2.Outcome.EXITED) {
                if (found != null) {
                    found.decisionId = decision.decisionId();
                    found.decisionReverted = false;
                    return close(found, "HOUSEHOLD_EXITED");
                }
                MentoringCase created = newCase(decision.householdId(), decision.villageCode());
                created.decisionId = decision.decisionId();
                created.decisionSequence = decision.decisionSequence();
                return created.persist().chain(() -> close(created, "HOUSEHOLD_EXITED"));
            }
            // The decision may be read before the registration (another topic): the case is then created here,
            // without case.opened, and given a worker for the monitoring visits.
            MentoringCase mentoringCase = found != null ? found : newCase(decision.householdId(), decision.villageCode());
            mentoringCase.decisionId = decision.decisionId();
            if (found == null) {
                mentoringCase.decisionSequence = decision.decisionSequence();
            }
            mentoringCase.decisionReverted = false;
            Uni<Map<UUID, UUID>> plan = found != null ? Uni.createFrom().item(Map.of())
                    : mentoringCase.persist().chain(() -> assignments.plan(List.of(mentoringCase), null, List.of()));
            return plan.chain(chosen -> {
                mentoringCase.status = CaseStatus.MONITORING;
                // No monitoring period (null): it ends on the effective day, and the closer closes the case.
                mentoringCase.monitoringUntil = decision.monitoringUntil() != null ? decision.monitoringUntil()
                        : decision.effectiveOn();
                return outbox.append(new CaseMonitoringStarted(mentoringCase.id, mentoringCase.householdId,
                                mentoringCase.monitoringUntil))
                        .chain(() -> assignments.apply(List.of(mentoringCase), chosen, CaseAssignment.BALANCED,
                                CaseAssignment.SYSTEM));
            });
        });
    }

    /**
     * Notes the decision event's sequence. @return false when the event is not newer than one the case applied
     * (the relay re-sent it after a newer one): then it must change nothing.
     */
    private boolean advance(MentoringCase mentoringCase, GraduationDecisionEvent event) {
        if (staleDecisions.stale(event, mentoringCase.decisionSequence)) {
            return false;
        }
        if (event.decisionSequence() != null) {
            mentoringCase.decisionSequence = event.decisionSequence();
        }
        return true;
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

    /**
     * A MONITORING or CLOSED case becomes OPEN again; it keeps its worker if that worker is still active, else it
     * is balanced like a new case. An OPEN case does not change.
     */
    private Uni<Void> reopen(MentoringCase mentoringCase) {
        if (mentoringCase.status == CaseStatus.OPEN) {
            return Uni.createFrom().voidItem();
        }
        Uni<SocialWorker> worker = mentoringCase.workerId == null ? Uni.createFrom().nullItem()
                : SocialWorker.findById(mentoringCase.workerId);
        // Worker locks first, before the case row is changed (and flushed): the lock order is workers, then rows
        // and households, as in a redistribution.
        return worker.chain(w -> w != null && w.status == WorkerStatus.ACTIVE
                        ? Uni.createFrom().item(Map.<UUID, UUID>of())
                        : assignments.plan(List.of(mentoringCase), null, List.of()))
                .invoke(plan -> {
                    mentoringCase.status = CaseStatus.OPEN;
                    mentoringCase.monitoringUntil = null;
                    mentoringCase.closedAt = null;
                })
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
        return Panache.getSession().chain(session -> session.createNativeQuery(
                        "update follow_up set status = ?1, version = version + 1 where case_id = ?2 and status = ?3")
                        .setParameter(1, FollowUpStatus.CANCELLED.name())
                        .setParameter(2, mentoringCase.id)
                        .setParameter(3, FollowUpStatus.OPEN.name())
                        .executeUpdate())
                .chain(() -> outbox.append(new CaseClosed(mentoringCase.id, mentoringCase.householdId, reason,
                        mentoringCase.closedAt)))
                .replaceWithVoid();
    }
}
