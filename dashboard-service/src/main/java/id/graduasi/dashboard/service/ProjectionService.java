package id.graduasi.dashboard.service;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import id.graduasi.dashboard.config.Regions;
import id.graduasi.dashboard.repository.ProjectionRepository;
import id.graduasi.events.contract.AidDisbursed;
import id.graduasi.events.contract.AssessmentRecorded;
import id.graduasi.events.contract.CaseClosed;
import id.graduasi.events.contract.CaseMonitoringStarted;
import id.graduasi.events.contract.CaseOpened;
import id.graduasi.events.contract.EnrollmentActivated;
import id.graduasi.events.contract.EnrollmentEnded;
import id.graduasi.events.contract.EventType;
import id.graduasi.events.contract.GraduationDecidedV2;
import id.graduasi.events.contract.GraduationDecisionEvent;
import id.graduasi.events.contract.GraduationRecommended;
import id.graduasi.events.contract.GraduationRevertedV2;
import id.graduasi.events.contract.HouseholdRegistered;
import id.graduasi.events.contract.HouseholdStatusChanged;
import id.graduasi.events.contract.HouseholdUpdated;
import id.graduasi.events.contract.ProgrammeAllocated;
import id.graduasi.events.contract.RelapseSuspected;
import id.graduasi.events.contract.VisitRecorded;
import id.graduasi.events.contract.WorkerAssigned;
import id.graduasi.events.inbox.EventConsumer;
import id.graduasi.events.inbox.ReceivedEvent;
import io.smallrye.mutiny.Uni;

/**
 * Applies the platform's events to the dashboard's projections. The funnel stages are what the events say:
 * registered (household.registered), verified (status VERIFIED or later), enrolled (an enrollment activated),
 * assessed (an assessment recorded), proposed (a pendamping's ready recommendation, or a decision, which needs a
 * proposal), graduated (a decision GRADUATED in force, v2), relapsed (a graduation reverted, v2).
 */
@ApplicationScoped
public class ProjectionService {

    private static final Set<String> VERIFIED_OR_LATER = Set.of("VERIFIED", "ACTIVE", "GRADUATED");

    /**
     * The events {@link #apply} acts on. The rest (v1 decisions, published next to v2; member events; payments
     * held or failed; entitlements) move no figure, and the consumer skips them unread.
     */
    public static final Set<EventType> APPLIED = java.util.EnumSet.of(EventType.HOUSEHOLD_REGISTERED,
            EventType.HOUSEHOLD_STATUS_CHANGED, EventType.ENROLLMENT_ACTIVATED, EventType.ENROLLMENT_ENDED,
            EventType.AID_DISBURSED, EventType.HOUSEHOLD_UPDATED, EventType.PROGRAMME_ALLOCATED,
            EventType.CASE_OPENED, EventType.CASE_MONITORING_STARTED, EventType.CASE_CLOSED,
            EventType.WORKER_ASSIGNED, EventType.VISIT_RECORDED, EventType.ASSESSMENT_RECORDED,
            EventType.GRADUATION_RECOMMENDED, EventType.RELAPSE_SUSPECTED, EventType.GRADUATION_DECIDED_V2,
            EventType.GRADUATION_REVERTED_V2);

    private final ProjectionRepository repository;

    public ProjectionService(ProjectionRepository repository) {
        this.repository = repository;
    }

    public Uni<Void> apply(ReceivedEvent event) {
        return switch (event.type()) {
            case HOUSEHOLD_REGISTERED -> {
                HouseholdRegistered e = event.payload(HouseholdRegistered.class);
                yield reached(e.householdId(), e.villageCode(), "registered")
                        .chain(() -> repository.registered(e.householdId(), e.registeredOn()));
            }
            // One way for these: a run of one.
            case HOUSEHOLD_STATUS_CHANGED, GRADUATION_DECIDED_V2, GRADUATION_REVERTED_V2 -> applyAll(List.of(event));
            case ENROLLMENT_ACTIVATED -> {
                EnrollmentActivated e = event.payload(EnrollmentActivated.class);
                yield reached(e.householdId(), e.villageCode(), "enrolled")
                        .chain(() -> repository.enrollmentActivated(e.enrollmentId(), e.householdId(), e.programme(),
                                Regions.district(e.villageCode()), e.activatedOn()));
            }
            case ENROLLMENT_ENDED -> {
                EnrollmentEnded e = event.payload(EnrollmentEnded.class);
                yield repository.enrollmentEnded(e.enrollmentId(), e.householdId(), e.programme(), e.endedOn(),
                        e.reason());
            }
            case AID_DISBURSED -> {
                AidDisbursed e = event.payload(AidDisbursed.class);
                yield repository.aidDisbursed(e.entitlementId(), e.householdId(), e.programme(), e.year(),
                        Regions.district(e.villageCode()), e.amount(), e.paidOn());
            }
            case HOUSEHOLD_UPDATED -> {
                HouseholdUpdated e = event.payload(HouseholdUpdated.class);
                yield repository.observed(e.householdId(), Regions.district(e.villageCode()), e.observedOn(),
                        e.expenditurePerCapitaMonth());
            }
            case PROGRAMME_ALLOCATED -> {
                ProgrammeAllocated e = event.payload(ProgrammeAllocated.class);
                yield repository.allocated(e.programme(), e.year(), e.region(), e.fundingSource(), e.budget(),
                        e.targetHouseholds(), e.revision());
            }
            case CASE_OPENED -> {
                CaseOpened e = event.payload(CaseOpened.class);
                yield repository.caseState(e.caseId(), e.householdId(), Regions.district(e.villageCode()), null,
                        "OPEN");
            }
            case CASE_MONITORING_STARTED -> {
                CaseMonitoringStarted e = event.payload(CaseMonitoringStarted.class);
                yield repository.caseState(e.caseId(), e.householdId(), null, null, "MONITORING");
            }
            case CASE_CLOSED -> {
                CaseClosed e = event.payload(CaseClosed.class);
                yield repository.caseState(e.caseId(), e.householdId(), null, null, "CLOSED");
            }
            case WORKER_ASSIGNED -> {
                WorkerAssigned e = event.payload(WorkerAssigned.class);
                yield repository.caseState(e.caseId(), e.householdId(), Regions.district(e.villageCode()),
                        e.workerId(), null);
            }
            case VISIT_RECORDED -> {
                VisitRecorded e = event.payload(VisitRecorded.class);
                yield repository.visit(e.visitId(), e.householdId(), e.workerId(), Regions.district(e.villageCode()),
                        e.kind(), e.visitedOn(), e.attended());
            }
            case ASSESSMENT_RECORDED -> {
                AssessmentRecorded e = event.payload(AssessmentRecorded.class);
                yield reached(e.householdId(), e.villageCode(), "assessed");
            }
            case GRADUATION_RECOMMENDED -> {
                GraduationRecommended e = event.payload(GraduationRecommended.class);
                yield e.ready() ? reached(e.householdId(), e.villageCode(), "proposed")
                        : Uni.createFrom().voidItem();
            }
            case RELAPSE_SUSPECTED -> {
                RelapseSuspected e = event.payload(RelapseSuspected.class);
                yield reached(e.householdId(), e.villageCode(), "relapse_suspected");
            }
            // Not in APPLIED: skipped by the consumer (v1 decisions are counted once, from v2).
            default -> Uni.createFrom().voidItem();
        };
    }

    /**
     * The events {@link #applyAll} applies set by set: the registry's status changes (most of them its echoes of
     * decisions) and the decisions themselves, a few statements per run instead of three per event.
     */
    public static final Set<EventType> TOGETHER = java.util.EnumSet.of(EventType.HOUSEHOLD_STATUS_CHANGED,
            EventType.GRADUATION_DECIDED_V2, EventType.GRADUATION_REVERTED_V2);

    /**
     * A run of {@link #TOGETHER} events, in order, with the effect of applying them one by one: the stages reached
     * and each household's region (the last one named) in one statement; each household's newest status
     * revision in one; decisions and reversals in waves of one per household (a decision's reversal after it),
     * then every household's outcome once, from its decisions as they then stand.
     */
    public Uni<Void> applyAll(List<ReceivedEvent> events) {
        Map<UUID, Reached> reached = new LinkedHashMap<>();
        Map<UUID, Status> statuses = new LinkedHashMap<>();
        List<GraduationDecisionEvent> decisions = new ArrayList<>();
        for (ReceivedEvent event : events) {
            if (event.type() == EventType.HOUSEHOLD_STATUS_CHANGED) {
                HouseholdStatusChanged e = event.payload(HouseholdStatusChanged.class);
                Reached r = reached.computeIfAbsent(e.householdId(), h -> new Reached()).at(e.villageCode());
                r.registered = true;
                r.verified |= VERIFIED_OR_LATER.contains(e.toStatus());
                statuses.put(e.householdId(), Status.after(statuses.get(e.householdId()), e));
            } else {
                GraduationDecisionEvent e = (GraduationDecisionEvent) event.payload(event.type().payloadClass());
                Reached r = reached.computeIfAbsent(e.householdId(), h -> new Reached()).at(e.villageCode());
                r.proposed |= e instanceof GraduationDecidedV2;
                decisions.add(e);
            }
        }
        Uni<Void> done = reachedAll(reached).chain(() -> statusesAll(statuses));
        if (decisions.isEmpty()) {
            return done;
        }
        for (List<GraduationDecisionEvent> wave : EventConsumer.waves(decisions,
                GraduationDecisionEvent::householdId)) {
            done = done.chain(() -> decisionsAll(wave));
        }
        String[] households = decisions.stream().map(e -> e.householdId().toString()).distinct()
                .toArray(String[]::new);
        return done.chain(() -> repository.outcomes(households));
    }

    /** What a run says of one household: stages reached, and the last region named. */
    private static final class Reached {
        String villageCode;
        boolean registered;
        boolean verified;
        boolean proposed;

        Reached at(String villageCode) {
            if (villageCode != null) {
                this.villageCode = villageCode;
            }
            return this;
        }
    }

    private Uni<Void> reachedAll(Map<UUID, Reached> reached) {
        int n = reached.size();
        String[] ids = new String[n];
        String[] villages = new String[n];
        String[] districts = new String[n];
        Boolean[] registered = new Boolean[n];
        Boolean[] verified = new Boolean[n];
        Boolean[] proposed = new Boolean[n];
        int i = 0;
        for (var entry : reached.entrySet()) {
            Reached r = entry.getValue();
            ids[i] = entry.getKey().toString();
            villages[i] = r.villageCode;
            districts[i] = Regions.district(r.villageCode);
            registered[i] = r.registered;
            verified[i] = r.verified;
            proposed[i] = r.proposed;
            i++;
        }
        return repository.householdsReached(ids, villages, districts, registered, verified, proposed);
    }

    /**
     * A household's status as a run leaves it. Without an event lacking a revision, the newest revision (an equal
     * one does not replace the one before it), applied only over an older stored one. An event without one
     * (written before revisions) is always applied, so from it on the run alone decides: {@code force}.
     */
    record Status(String status, Long revision, boolean force) {
        static Status after(Status before, HouseholdStatusChanged e) {
            Long r = e.revision();
            if (before == null || r == null) {
                return new Status(e.toStatus(), r, r == null);
            }
            return before.revision() == null || r > before.revision() ? new Status(e.toStatus(), r, before.force())
                    : before;
        }
    }

    private Uni<Void> statusesAll(Map<UUID, Status> statuses) {
        if (statuses.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<UUID> households = List.copyOf(statuses.keySet());
        return repository.statuses(households.stream().map(UUID::toString).toArray(String[]::new),
                households.stream().map(h -> statuses.get(h).status()).toArray(String[]::new),
                households.stream().map(h -> statuses.get(h).revision()).toArray(Long[]::new),
                households.stream().map(h -> statuses.get(h).force()).toArray(Boolean[]::new));
    }

    /** A wave's decisions, then its reversals: at most one event per household, so per decision too. */
    private Uni<Void> decisionsAll(List<GraduationDecisionEvent> wave) {
        List<GraduationDecisionEvent> decided = wave.stream().filter(e -> e instanceof GraduationDecidedV2).toList();
        List<GraduationDecisionEvent> reverted = wave.stream().filter(e -> e instanceof GraduationRevertedV2).toList();
        return decisionRows(false, decided).chain(() -> decisionRows(true, reverted));
    }

    private Uni<Void> decisionRows(boolean reversals, List<GraduationDecisionEvent> events) {
        if (events.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        String[][] columns = new String[7][events.size()];
        for (int i = 0; i < events.size(); i++) {
            GraduationDecisionEvent e = events.get(i);
            columns[0][i] = e.decisionId().toString();
            columns[1][i] = e.householdId().toString();
            columns[2][i] = Regions.district(e.villageCode());
            if (e instanceof GraduationDecidedV2 d) {
                columns[3][i] = d.outcome().name();
                columns[4][i] = d.pathway();
                columns[5][i] = text(d.effectiveOn());
                columns[6][i] = text(d.decidedOn());
            } else {
                GraduationRevertedV2 r = (GraduationRevertedV2) e;
                columns[3][i] = r.outcome().name();
                columns[4][i] = r.pathway();
                columns[5][i] = text(r.effectiveOn());
                columns[6][i] = text(r.revertedOn());
            }
        }
        return repository.decisionsAll(reversals, columns[0], columns[1], columns[2], columns[3], columns[4],
                columns[5], columns[6]);
    }

    private static String text(java.time.LocalDate date) {
        return date == null ? null : date.toString();
    }

    public Uni<Void> changed() {
        return repository.changed();
    }

    private Uni<Void> reached(java.util.UUID householdId, String villageCode, String flag) {
        return repository.householdReached(householdId, villageCode, Regions.district(villageCode), flag);
    }
}
