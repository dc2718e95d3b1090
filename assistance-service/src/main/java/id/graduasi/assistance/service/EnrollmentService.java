package id.graduasi.assistance.service;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;

import id.graduasi.assistance.config.Programmes;
import id.graduasi.assistance.config.Programmes.Enrolment;
import id.graduasi.assistance.config.Programmes.ExitPolicy;
import id.graduasi.assistance.config.Programmes.Programme;
import id.graduasi.assistance.domain.Eligibility;
import id.graduasi.assistance.domain.Enrollment;
import id.graduasi.assistance.domain.EnrollmentStatus;
import id.graduasi.assistance.domain.HouseholdProjection;
import id.graduasi.assistance.domain.MemberProjection;
import id.graduasi.assistance.repository.HouseholdRepository;
import id.graduasi.assistance.security.AssistanceAccess;
import id.graduasi.assistance.service.EligibilityService.Verdict;
import id.graduasi.events.contract.EnrollmentActivated;
import id.graduasi.events.contract.EnrollmentEnded;
import id.graduasi.events.contract.EnrollmentSuspended;
import id.graduasi.events.contract.GraduationDecidedV2;
import id.graduasi.events.contract.GraduationDecisionEvent;
import id.graduasi.events.contract.GraduationRevertedV2;
import id.graduasi.events.contract.HouseholdEvent;
import id.graduasi.events.contract.HouseholdRegistered;
import id.graduasi.events.contract.HouseholdStatusChanged;
import id.graduasi.events.contract.HouseholdUpdated;
import id.graduasi.events.contract.MemberAdded;
import id.graduasi.events.contract.MemberRemoved;
import id.graduasi.events.contract.RegistryHouseholdEvent;
import id.graduasi.events.inbox.EventConsumer;
import id.graduasi.events.inbox.StaleDecisions;
import id.graduasi.events.outbox.Lane;
import id.graduasi.events.outbox.OutboxWriter;
import id.graduasi.events.persistence.TimeOrderedIds;
import id.graduasi.events.persistence.TransactionLocks;
import id.graduasi.rest.ProblemException;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;

/**
 * Enrollments follow the household and the programmes' rules. Every change to what eligibility reads
 * re-evaluates it: an AUTOMATIC programme (PKH) enrols an eligible household and suspends one that no longer is;
 * a PROPOSED programme (RTLH) proposes eligible households to an officer. Officers enrol by hand with a
 * justification, activate proposals within the year's quota, suspend for unmet PKH conditions and end
 * enrollments. Graduation applies each programme's exit policy; a reversal re-opens per programme. Everything a
 * household's events or commands change happens under that household's lock.
 */
@ApplicationScoped
public class EnrollmentService {

    /** Exit reasons that keep their name; any other reason for leaving is INELIGIBLE. */
    public static final Set<String> EXIT_REASONS = Set.of("INELIGIBLE", "MOVED", "DECEASED", "DUPLICATE");
    /** PKH conditions whose breach holds payments (only for conditional programmes). */
    public static final Set<String> CONDITIONS = Set.of("HEALTH_CHECKS_MISSED", "SCHOOL_ATTENDANCE_BELOW_85",
            "FAMILY_SESSIONS_MISSED");
    /** Set by eligibility alone, and lifted by it. */
    public static final String NO_LONGER_ELIGIBLE = "NO_LONGER_ELIGIBLE";
    public static final String ELIGIBILITY_REVIEW = "ELIGIBILITY_REVIEW";

    private final OutboxWriter outbox;
    private final CycleService cycles;
    private final EligibilityService eligibility;
    private final Programmes programmes;
    private final Allocations allocations;
    private final AssistanceAccess access;
    private final StaleDecisions staleDecisions;
    private final HouseholdRepository repository;

    public EnrollmentService(OutboxWriter outbox, CycleService cycles, EligibilityService eligibility,
            Programmes programmes, Allocations allocations, AssistanceAccess access, StaleDecisions staleDecisions,
            HouseholdRepository repository) {
        this.outbox = outbox;
        this.cycles = cycles;
        this.eligibility = eligibility;
        this.programmes = programmes;
        this.allocations = allocations;
        this.access = access;
        this.staleDecisions = staleDecisions;
        this.repository = repository;
    }

    // ---- registry and graduation events ----

    // What eligibility reads (members, size, housing indicators) is recorded by recordAll, which says whose inputs
    // changed; the on* methods re-evaluate at once, while a consumer applying a batch records all its registry
    // events first and re-evaluates each household it changed once, after all of them (reevaluateAll): a household
    // registered with five members is judged on all five, not five times on the way.

    @WithTransaction
    public Uni<Void> onMemberAdded(MemberAdded event) {
        return recordAndReevaluate(event);
    }

    @WithTransaction
    public Uni<Void> onMemberRemoved(MemberRemoved event) {
        return recordAndReevaluate(event);
    }

    @WithTransaction
    public Uni<Void> onRegistered(HouseholdRegistered event) {
        return recordAndReevaluate(event);
    }

    @WithTransaction
    public Uni<Void> onUpdated(HouseholdUpdated event) {
        return recordAndReevaluate(event);
    }

    private Uni<Void> recordAndReevaluate(HouseholdEvent event) {
        return recordAll(List.of(event)).chain(this::reevaluateAll);
    }

    /**
     * Records what a run of registry events (registrations, updates, members added and removed, of any
     * households, each household's in its order) says about what eligibility reads, without re-evaluating:
     * the households' locks in one statement, their projections and members read in one each, the events applied
     * to them in memory, and what changed written in one statement per table ({@link HouseholdRepository}). A
     * household's events arrive in order, so a member already known is not added again, and an event older than
     * the registry revision applied changes nothing.
     *
     * @return the households whose eligibility inputs changed, in the order of their first change
     */
    @WithTransaction
    public Uni<Set<UUID>> recordAll(List<? extends HouseholdEvent> events) {
        List<UUID> householdIds = events.stream().map(HouseholdEvent::householdId).distinct().toList();
        List<UUID> memberIds = events.stream().map(EnrollmentService::memberOf).filter(java.util.Objects::nonNull)
                .distinct().toList();
        // The projections are read and written here in SQL: the session must hold none of them, and nothing unsaved.
        return EventConsumer.flushAndForget()
                .chain(() -> TransactionLocks.lockAll(householdIds.stream().map(id -> "household:" + id).toList()))
                .chain(() -> repository.households(householdIds))
                .chain(households -> repository.membersActive(memberIds).chain(known -> {
                    Recorded recorded = new Recorded(households, new HashMap<>(known));
                    Set<UUID> changed = new java.util.LinkedHashSet<>();
                    for (HouseholdEvent event : events) {
                        if (recorded.apply(event)) {
                            changed.add(event.householdId());
                        }
                    }
                    Instant now = Instant.now();
                    return repository.saveRecorded(recorded.touched.values(), now)
                            .chain(() -> repository.addMembers(recorded.added.values()))
                            .chain(() -> repository.deactivateMembers(recorded.removed))
                            .replaceWith(changed);
                }));
    }

    /** A run of registry events applied to the projections in hand, and what they changed. */
    private static final class Recorded {
        private final Map<UUID, HouseholdProjection> households;
        /** Members known, and whether active. */
        private final Map<UUID, Boolean> members;
        private final Map<UUID, HouseholdProjection> touched = new LinkedHashMap<>();
        private final Map<UUID, MemberProjection> added = new LinkedHashMap<>();
        private final Set<UUID> removed = new java.util.LinkedHashSet<>();

        Recorded(Map<UUID, HouseholdProjection> households, Map<UUID, Boolean> members) {
            this.households = households;
            this.members = members;
        }

        /** Applies one registry event. @return whether eligibility's inputs changed */
        boolean apply(HouseholdEvent event) {
            if (event instanceof MemberAdded a) {
                if (members.containsKey(a.memberId())) {
                    return false; // already known: a household's events arrive in order
                }
                MemberProjection member = new MemberProjection();
                member.memberId = a.memberId();
                member.householdId = a.householdId();
                member.birthDate = a.birthDate();
                member.educationLevel = a.educationLevel();
                member.schoolEnrolled = a.schoolEnrolled();
                member.disability = a.disability();
                member.pregnant = a.pregnant();
                member.active = true;
                members.put(member.memberId, true);
                added.put(member.memberId, member);
                return true;
            }
            if (event instanceof MemberRemoved r) {
                if (!Boolean.TRUE.equals(members.get(r.memberId()))) {
                    return false;
                }
                members.put(r.memberId(), false);
                MemberProjection fresh = added.get(r.memberId());
                if (fresh != null) {
                    fresh.active = false; // added in this run: inserted inactive
                } else {
                    removed.add(r.memberId());
                }
                return true;
            }
            if (event instanceof HouseholdRegistered registered) {
                HouseholdProjection household = touch(registered.householdId(), registered.villageCode());
                if (!advance(household, registered)) {
                    return false;
                }
                household.memberCount = registered.memberCount();
                return true;
            }
            if (event instanceof HouseholdUpdated updated) {
                // Keeps the indicators eligibility reads; an older observation arriving late changes nothing.
                HouseholdProjection household = touch(updated.householdId(), updated.villageCode());
                if (!advance(household, updated) || household.indicatorsObservedOn != null
                        && household.indicatorsObservedOn.isAfter(updated.observedOn())) {
                    return false;
                }
                household.indicatorsObservedOn = updated.observedOn();
                household.floorMaterial = updated.floorMaterial();
                household.wallMaterial = updated.wallMaterial();
                household.wallCondition = updated.wallCondition();
                household.roofCondition = updated.roofCondition();
                household.sanitation = updated.sanitation();
                household.floorAreaPerPerson = updated.floorAreaPerPerson();
                return true;
            }
            throw new IllegalArgumentException(event.getClass().getSimpleName() + " is not what eligibility reads");
        }

        /** The household's projection, created on its first event, in its latest region; written back at the end. */
        private HouseholdProjection touch(UUID householdId, String villageCode) {
            HouseholdProjection household = households.computeIfAbsent(householdId, EnrollmentService::newProjection);
            household.villageCode = villageCode;
            touched.put(householdId, household);
            return household;
        }
    }

    private static UUID memberOf(HouseholdEvent event) {
        return event instanceof MemberAdded added ? added.memberId()
                : event instanceof MemberRemoved removed ? removed.memberId() : null;
    }

    private static HouseholdProjection newProjection(UUID householdId) {
        HouseholdProjection household = new HouseholdProjection();
        household.householdId = householdId;
        household.status = "REGISTERED";
        return household;
    }

    /**
     * Re-evaluates the households whose inputs changed (those known to assistance), together: their member facts
     * in one query, their verdicts stored in one statement, their enrollments read in one query and the events
     * this announces appended in one statement.
     */
    @WithTransaction
    public Uni<Void> reevaluateAll(java.util.Collection<UUID> householdIds) {
        return householdIds.isEmpty() ? done()
                : repository.households(householdIds).chain(found -> reevaluate(householdIds.stream()
                        .map(found::get).filter(java.util.Objects::nonNull).toList(), null));
    }

    private static Uni<Void> done() {
        return Uni.createFrom().voidItem();
    }

    /**
     * The registry's status as far as assistance acts on it (issue #16: one fact, one handler, in causal order).
     * An event older than the registry revision already applied changes nothing (the topics are not ordered
     * against each other, and the relay may deliver e2, e1, e2). A change the registry made because of a
     * graduation decision names it ({@code decisionId}): that fact is the decision's, applied from
     * GraduationDecided/GraduationReverted, so its echo is only noted. Of an officer's changes: EXITED ends
     * everything; a relapse (GRADUATED to ACTIVE) is only noted too, since graduation-service turns it into the
     * GraduationReverted on which assistance re-opens (the one reversal path); the steps before graduation
     * (REGISTERED, VERIFIED, ACTIVE) never change a household that graduated or exited, however late they arrive.
     */
    @WithTransaction
    public Uni<Void> onStatusChanged(HouseholdStatusChanged event) {
        return locked(event.householdId()).chain(() -> projection(event.householdId(), event.villageCode()))
                .chain(household -> {
                    if (!noted(household, event) || event.decisionId() != null) {
                        return Uni.createFrom().voidItem();
                    }
                    if ("EXITED".equals(event.toStatus())) {
                        if ("EXITED".equals(household.status)) {
                            return Uni.createFrom().voidItem();
                        }
                        household.status = "EXITED";
                        return endAll(household, exitReason(event.reason()), today())
                                .chain(() -> reevaluate(household));
                    }
                    if (!EligibilityService.GONE.contains(household.status)
                            && !"GRADUATED".equals(event.toStatus())) {
                        household.status = event.toStatus();
                    }
                    return reevaluate(household);
                });
    }

    /**
     * Status changes in their order, as {@link #onStatusChanged} applies them one by one. The registry's echoes of
     * decisions, which only note the registry's status and revision, are noted set by set: in waves of one event
     * per household, each wave's households locked in one statement, their projections read in one query and
     * written in one flush. An officer's change, and an echo for a household assistance has not seen, is applied
     * on its own, in its place in the wave.
     */
    @WithTransaction
    public Uni<Void> onStatusChangedAll(List<HouseholdStatusChanged> events) {
        return each(EventConsumer.waves(events, HouseholdStatusChanged::householdId), wave -> {
            List<UUID> echoed = wave.stream().filter(e -> e.decisionId() != null)
                    .map(HouseholdStatusChanged::householdId).toList();
            Uni<Map<UUID, HouseholdProjection>> found = echoed.isEmpty() ? Uni.createFrom().item(Map.of())
                    : TransactionLocks.lockAll(echoed.stream().map(id -> "household:" + id).toList())
                            .chain(() -> HouseholdProjection.byIds(echoed)).map(list -> {
                                Map<UUID, HouseholdProjection> byId = new HashMap<>();
                                list.forEach(h -> byId.put(h.householdId, h));
                                return byId;
                            });
            return found.chain(projections -> {
                List<HouseholdStatusChanged> alone = new ArrayList<>();
                for (HouseholdStatusChanged event : wave) {
                    HouseholdProjection household = event.decisionId() == null ? null
                            : projections.get(event.householdId());
                    if (household == null) {
                        alone.add(event);
                        continue;
                    }
                    household.villageCode = event.villageCode();
                    household.updatedAt = Instant.now();
                    noted(household, event);
                }
                return each(alone, this::onStatusChanged);
            }).chain(EventConsumer::flushAndForget);
        });
    }

    /**
     * Notes the registry's status and revision. @return false when the event is not newer than the revision
     * applied: then it must change nothing.
     */
    private static boolean noted(HouseholdProjection household, HouseholdStatusChanged event) {
        if (event.notNewerThan(household.registryRevision) || !advance(household, event)) {
            return false;
        }
        household.registryStatus = event.toStatus();
        return true;
    }

    /**
     * Notes the event's registry revision. @return false when the event is older than one already applied: then
     * it must change nothing.
     */
    private static boolean advance(HouseholdProjection household, RegistryHouseholdEvent event) {
        if (event.olderThan(household.registryRevision)) {
            return false;
        }
        if (event.revision() != null) {
            household.registryRevision = event.revision();
        }
        return true;
    }

    /**
     * Notes the decision event's sequence. @return false when the event is not newer than one already applied
     * (the relay re-sent it after a newer one): then it must change nothing.
     */
    private boolean advance(HouseholdProjection household, GraduationDecisionEvent event) {
        if (staleDecisions.stale(event, household.decisionSequence)) {
            return false;
        }
        if (event.decisionSequence() != null) {
            household.decisionSequence = event.decisionSequence();
        }
        return true;
    }

    /** A graduation decision (v2): see {@link #decideAll}. */
    @WithTransaction
    public Uni<Void> onGraduationDecided(GraduationDecidedV2 decision) {
        return decideAll(List.of(decision));
    }

    /** A graduation's reversal (v2): see {@link #decideAll}. */
    @WithTransaction
    public Uni<Void> onGraduationReverted(GraduationRevertedV2 reversal) {
        return decideAll(List.of(reversal));
    }

    /**
     * Graduation decisions and their reversals (v2), in their order, applied set by set: in waves that take the
     * events up to the first household met twice, so that a wave holds one event per household and its outcome is
     * the one-by-one outcome. A wave locks its households in one statement, reads their projections and their
     * enrollments in one query each, applies each event to them in memory ({@link #decide}, {@link #revert}),
     * cancels the unpaid entitlements of what ended in one statement per reason, appends the events in one
     * statement and re-evaluates the households it changed together. A consumer applying a lane's decisions
     * makes a few round trips per wave, not a dozen per decision.
     */
    @WithTransaction
    public Uni<Void> decideAll(List<? extends GraduationDecisionEvent> events) {
        return each(EventConsumer.<GraduationDecisionEvent>waves(events, GraduationDecisionEvent::householdId),
                this::decideWave);
    }

    private Uni<Void> decideWave(List<GraduationDecisionEvent> wave) {
        List<UUID> ids = wave.stream().map(GraduationDecisionEvent::householdId).toList();
        return TransactionLocks.lockAll(ids.stream().map(id -> "household:" + id).toList())
                .chain(() -> projections(wave))
                .chain(households -> repository.enrollmentsOf(ids).chain(enrollments -> {
                    Map<UUID, List<Enrollment>> byHousehold = new HashMap<>();
                    enrollments.forEach(e -> byHousehold.computeIfAbsent(e.householdId, h -> new ArrayList<>()).add(e));
                    Effects effects = new Effects();
                    List<HouseholdProjection> changed = new ArrayList<>();
                    for (GraduationDecisionEvent event : wave) {
                        HouseholdProjection household = households.get(event.householdId());
                        List<Enrollment> own = byHousehold.getOrDefault(event.householdId(), List.of());
                        if (event instanceof GraduationDecidedV2 decision ? decide(household, decision, own, effects)
                                : revert(household, (GraduationRevertedV2) event, own, effects)) {
                            changed.add(household);
                        }
                    }
                    return effects.apply().chain(() -> reevaluate(changed, Lane.INTERACTIVE));
                }))
                // The next wave reads its own households again: a session that kept every wave's entities would
                // dirty-check all of them before each statement.
                .chain(EventConsumer::flushAndForget);
    }

    /** The wave's households' projections, created for a household not seen before, each in its event's village. */
    private Uni<Map<UUID, HouseholdProjection>> projections(List<GraduationDecisionEvent> wave) {
        return HouseholdProjection.byIds(wave.stream().map(GraduationDecisionEvent::householdId).toList())
                .chain(found -> {
                    Map<UUID, HouseholdProjection> byId = new HashMap<>();
                    found.forEach(h -> byId.put(h.householdId, h));
                    List<HouseholdProjection> created = new ArrayList<>();
                    for (GraduationDecisionEvent event : wave) {
                        HouseholdProjection household = byId.computeIfAbsent(event.householdId(), id -> {
                            HouseholdProjection h = newProjection(id);
                            created.add(h);
                            return h;
                        });
                        household.villageCode = event.villageCode();
                        household.updatedAt = Instant.now();
                    }
                    return created.isEmpty() ? Uni.createFrom().item(byId)
                            : PanacheEntityBase.persist(created).replaceWith(byId);
                });
    }

    /** What a wave does beyond its entities: unpaid entitlements cancelled, by reason, and events announced. */
    private final class Effects {
        private final Map<String, List<UUID>> cancelled = new LinkedHashMap<>();
        private final List<HouseholdEvent> announced = new ArrayList<>();

        void cancel(Enrollment e, String reason) {
            cancelled.computeIfAbsent(reason, r -> new ArrayList<>()).add(e.id);
        }

        void end(Enrollment e, String reason, LocalDate endedOn) {
            EnrollmentEnded event = ended(e, reason, endedOn);
            if (event != null) {
                announce(event);
            }
        }

        void announce(HouseholdEvent event) {
            announced.add(event);
        }

        Uni<Void> apply() {
            return each(List.copyOf(cancelled.entrySet()), c -> cycles.cancelUnpaid(c.getValue(), c.getKey()))
                    .chain(() -> announced.isEmpty() ? done()
                            : outbox.appendAll(announced, Lane.INTERACTIVE).replaceWithVoid());
        }
    }

    /**
     * An administrative exit ends everything at once; a graduation applies each programme's exit policy; proposals
     * and suspended enrollments simply end. Paid history stays either way. A decision event older than the decision
     * sequence applied, and the decision already applied (a redelivery, also after its reversal), change nothing;
     * an exit is final. What the decision means comes with it (v2): its outcome, never its pathway.
     * @return whether the household changed (and is re-evaluated)
     */
    private boolean decide(HouseholdProjection household, GraduationDecidedV2 decision, List<Enrollment> enrollments,
            Effects effects) {
        if (!advance(household, decision) || decision.decisionId().equals(household.decisionId)
                || "EXITED".equals(household.status)) {
            return false;
        }
        boolean exit = decision.outcome() == GraduationDecidedV2.Outcome.EXITED;
        boolean wasGraduated = "GRADUATED".equals(household.status);
        household.decisionId = decision.decisionId();
        household.decisionReverted = false;
        household.status = exit ? "EXITED" : "GRADUATED";
        List<Enrollment> current = enrollments.stream().filter(e -> e.status != EnrollmentStatus.EXITED)
                .sorted(Comparator.comparing(e -> e.programme)).toList();
        if (exit) {
            String reason = exitReason(decision.reasonCode());
            current.forEach(e -> effects.cancel(e, reason));
            current.forEach(e -> effects.end(e, reason, decision.effectiveOn()));
        } else if (!wasGraduated) {
            for (Enrollment e : current) {
                Programme programme = programmes.get(e.programme);
                ExitPolicy policy = e.status == EnrollmentStatus.ACTIVE ? programme.exitPolicy() : ExitPolicy.END_NOW;
                switch (policy) {
                    case END_NOW -> {
                        effects.cancel(e, "GRADUATED");
                        effects.end(e, "GRADUATED", decision.effectiveOn());
                    }
                    case END_AFTER_CURRENT_CYCLE -> effects.end(e, "GRADUATED", decision.effectiveOn());
                    case CONTINUE_TRANSITIONAL ->
                        e.transitionalUntil = decision.effectiveOn().plusMonths(programme.transitionalMonths());
                }
            }
        }
        return true;
    }

    /**
     * A reversed graduation: the household is poor again. This is the one event that re-opens: a relapse an officer
     * records in the registry reaches assistance as this reversal, announced by graduation-service. Only the
     * reversal of the decision this projection follows re-opens (a household that graduated before this projection
     * kept decisions has none); the registry's status change that echoes it is recognised by its decisionId and
     * changes nothing. A reversal with a decision sequence above the one applied is the household's newest decision
     * state, whichever decision it names: no decision is in force (the one it undoes may not have been read yet; its
     * own event is older and will change nothing). One not above it changes nothing. Programmes that re-open give
     * back what the graduation ended; transitional support becomes full again; an exit is not undone.
     * @return whether the household changed (and is re-evaluated)
     */
    private boolean revert(HouseholdProjection household, GraduationRevertedV2 reversal, List<Enrollment> enrollments,
            Effects effects) {
        if (!advance(household, reversal)) {
            return false;
        }
        boolean followed = reversal.decisionSequence() != null || household.decisionId == null
                || household.decisionId.equals(reversal.decisionId()) && !household.decisionReverted;
        if (!followed || !"GRADUATED".equals(household.status)) {
            return false;
        }
        household.decisionId = reversal.decisionId();
        household.decisionReverted = true;
        household.status = household.registryStatus == null || "GRADUATED".equals(household.registryStatus)
                || "EXITED".equals(household.registryStatus) ? "ACTIVE" : household.registryStatus;
        List<Enrollment> byActivation = enrollments.stream().sorted(Comparator
                .comparing((Enrollment e) -> e.activatedOn, Comparator.nullsLast(Comparator.naturalOrder()))
                .thenComparing(e -> e.programme)).toList();
        for (Enrollment e : byActivation) {
            if (e.status == EnrollmentStatus.ACTIVE && e.transitionalUntil != null) {
                e.transitionalUntil = null;
            } else if (e.status == EnrollmentStatus.EXITED && "GRADUATED".equals(e.exitReason)
                    && programmes.get(e.programme).reopenOnReversal()) {
                effects.announce(activated(e, household.villageCode));
            }
        }
        return true;
    }

    /** Ends active post-graduation support whose months have run out. */
    @WithTransaction
    public Uni<Integer> endTransitions(LocalDate today, int limit) {
        return Enrollment.transitionOverBefore(today, limit).chain(list -> each(list, e -> {
            e.transitionalUntil = null;
            return end(e, "GRADUATED", today);
        }).replaceWith(list.size()));
    }

    // ---- officers' commands ----

    /**
     * An officer enrols a household by hand; the justification is kept, and overriding eligibility says so. A
     * household outside the officer's regions is unknown (404).
     */
    @WithTransaction
    public Uni<Enrollment> enrol(UUID householdId, String programmeCode, String justification,
            boolean overrideEligibility) {
        String actor = access.actor();
        Programme programme = programme(programmeCode);
        if (programme.enrolment() == Enrolment.GROUP) {
            throw ProblemException.conflict("programme", programme.code() + " households enter by forming a group "
                    + "(POST /api/v1/kube-groups)");
        }
        return locked(householdId).chain(() -> scopedHousehold(householdId)).chain(household -> {
            requireNotGone(household);
            return Enrollment.of(householdId, programme.code()).chain(existing -> {
                if (existing != null && existing.status != EnrollmentStatus.EXITED) {
                    throw ProblemException.conflict("programme", "household " + householdId + " already has a "
                            + existing.status + " " + programme.code() + " enrollment " + existing.id
                            + (existing.status == EnrollmentStatus.PROPOSED ? "; activate it instead" : ""));
                }
                return requireEligible(household, programme, overrideEligibility)
                        .chain(() -> requireNotReceivedOnce(existing, programme))
                        .chain(() -> requireQuota(programme, 1))
                        .chain(() -> {
                            Enrollment e = existing != null ? existing : newEnrollment(householdId, programme);
                            e.justification = justification;
                            e.enrolledBy = actor;
                            e.exitReason = null;
                            e.endedOn = null;
                            return (existing != null ? Uni.createFrom().item(e) : e.<Enrollment>persist())
                                    .chain(() -> activate(e, household.villageCode))
                                    .chain(() -> audit("ENROL", e, household, e.programme + " ACTIVE"
                                            + (overrideEligibility ? ", eligibility overridden" : "")))
                                    .replaceWith(e);
                        });
            });
        });
    }

    /** An officer accepts a proposal, within the year's quota. */
    @WithTransaction
    public Uni<Enrollment> activateProposed(UUID enrollmentId, String justification) {
        String actor = access.actor();
        return lockedEnrollment(enrollmentId).chain(e -> {
            requireStatus(e, EnrollmentStatus.PROPOSED);
            Programme programme = programmes.get(e.programme);
            return household(e.householdId).chain(household -> {
                requireNotGone(household);
                return Eligibility.<Eligibility>findById(new Eligibility.Key(e.householdId, e.programme))
                        .chain(verdict -> {
                            if (verdict == null || !verdict.eligible) {
                                throw ProblemException.conflict("enrollmentId", "household " + e.householdId
                                        + " is no longer eligible for " + e.programme + ": see its eligibility");
                            }
                            return requireQuota(programme, 1);
                        })
                        .chain(() -> {
                            e.justification = justification;
                            e.enrolledBy = actor;
                            return activate(e, household.villageCode)
                                    .chain(() -> audit("ACTIVATE", e, household, e.programme + " PROPOSED -> ACTIVE"));
                        }).replaceWith(e);
            });
        });
    }

    /**
     * Payments are held: a PKH condition was not met, or eligibility is under review. Entitlements not yet sent
     * are cancelled; what was sent stays.
     */
    @WithTransaction
    public Uni<Enrollment> suspend(UUID enrollmentId, String reason) {
        return lockedEnrollment(enrollmentId).chain(e -> {
            requireStatus(e, EnrollmentStatus.ACTIVE);
            Programme programme = programmes.get(e.programme);
            boolean condition = CONDITIONS.contains(reason);
            if (!condition && !ELIGIBILITY_REVIEW.equals(reason)) {
                throw ProblemException.badRequest("reason", "must be one of " + CONDITIONS + " or "
                        + ELIGIBILITY_REVIEW);
            }
            if (condition && !programme.conditional()) {
                throw ProblemException.badRequest("reason", programme.code() + " has no conditions; "
                        + reason + " applies to conditional programmes such as PKH");
            }
            return household(e.householdId).chain(h -> suspendWith(e, reason, h.villageCode)
                    .chain(() -> audit("SUSPEND", e, h, e.programme + " ACTIVE -> SUSPENDED, reason " + reason)))
                    .replaceWith(e);
        });
    }

    /** Payments resume from the next cycle computed. */
    @WithTransaction
    public Uni<Enrollment> resume(UUID enrollmentId) {
        return lockedEnrollment(enrollmentId).chain(e -> {
            requireStatus(e, EnrollmentStatus.SUSPENDED);
            if (NO_LONGER_ELIGIBLE.equals(e.suspensionReason)) {
                throw ProblemException.conflict("enrollmentId", "suspended because the household is no longer "
                        + "eligible; it resumes by itself when eligibility returns");
            }
            return household(e.householdId).chain(h -> {
                requireNotGone(h);
                return activate(e, h.villageCode)
                        .chain(() -> audit("RESUME", e, h, e.programme + " SUSPENDED -> ACTIVE"));
            }).replaceWith(e);
        });
    }

    /** An officer ends an enrollment: INELIGIBLE, MOVED, DECEASED or DUPLICATE. Unsent entitlements are cancelled. */
    @WithTransaction
    public Uni<Enrollment> exit(UUID enrollmentId, String reason) {
        if (!EXIT_REASONS.contains(reason)) {
            throw ProblemException.badRequest("reason", "must be one of " + EXIT_REASONS);
        }
        return lockedEnrollment(enrollmentId).chain(e -> {
            if (e.status == EnrollmentStatus.EXITED) {
                throw ProblemException.conflict("status", "enrollment " + enrollmentId + " has already ended");
            }
            EnrollmentStatus was = e.status;
            return cycles.cancelUnpaid(List.of(e.id), reason).chain(() -> end(e, reason, today()))
                    .chain(() -> household(e.householdId))
                    .chain(h -> audit("EXIT", e, h, e.programme + " " + was + " -> EXITED, reason " + reason))
                    .replaceWith(e);
        });
    }

    // ---- reads ----

    @WithSession
    public Uni<HouseholdProjection> household(UUID householdId) {
        return HouseholdProjection.<HouseholdProjection>findById(householdId).onItem().ifNull()
                .failWith(() -> ProblemException.notFound("household", householdId));
    }

    /** The household if it lies in the caller's regions; else 404, as if unknown. */
    @WithSession
    public Uni<HouseholdProjection> scopedHousehold(UUID householdId) {
        return HouseholdProjection.<HouseholdProjection>findById(householdId)
                .map(h -> access.inScope(h, householdId));
    }

    /**
     * A household's enrollments the caller may see: in its regions (and, for a partner, its programmes), filtered
     * in the query; none for a household out of scope, as for an unknown one.
     */
    @WithSession
    public Uni<List<Enrollment>> ofHousehold(UUID householdId) {
        Map<String, Object> params = new java.util.HashMap<>();
        params.put("household", householdId);
        StringBuilder where = new StringBuilder("householdId = :household");
        String region = access.regionCondition("p.villageCode", params);
        if (region != null) {
            where.append(" and householdId in (select p.householdId from HouseholdProjection p where ")
                    .append(region).append(')');
        }
        String granted = access.programmeCondition("programme", params);
        if (granted != null) {
            where.append(" and ").append(granted);
        }
        return Enrollment.<Enrollment>list(where + " order by activatedOn, programme", params);
    }

    /** One enrollment, if its household lies in the caller's regions (and its programme is granted); else 404. */
    @WithSession
    public Uni<Enrollment> enrollment(UUID id) {
        return Enrollment.<Enrollment>findById(id).chain(e -> e == null || !access.programmeAllowed(e.programme)
                ? Uni.createFrom().failure(ProblemException.notFound("enrollment", id))
                : HouseholdProjection.<HouseholdProjection>findById(e.householdId).map(h -> {
                    if (h == null || !access.allows(h.villageCode)) {
                        throw ProblemException.notFound("enrollment", id);
                    }
                    return e;
                }));
    }

    /**
     * The household's verdicts, evaluated now (and stored) so that they reflect the current rules. Derived data,
     * not a user's change: not audited.
     */
    @WithTransaction
    public Uni<Map<String, Verdict>> eligibilityOf(UUID householdId) {
        return scopedHousehold(householdId).chain(eligibility::evaluate);
    }

    /** The household's village code (for audit rows of reads), or null when unknown; call in a session. */
    public Uni<String> regionOf(UUID householdId) {
        return HouseholdProjection.<HouseholdProjection>findById(householdId).map(h -> h == null ? null : h.villageCode);
    }

    /** The audit row of an officer's command on an enrollment, in the command's transaction. */
    private Uni<Void> audit(String action, Enrollment e, HouseholdProjection household, String summary) {
        return access.record(action, AssistanceAccess.ENROLLMENT, e.id, e.householdId, household.villageCode,
                summary);
    }

    // ---- shared with group enrolment ----

    Uni<Void> requireQuota(Programme programme, int more) {
        if (!programme.capped()) {
            return Uni.createFrom().voidItem();
        }
        int year = today().getYear();
        var allocation = allocations.of(programme.code(), year).orElseThrow(() -> ProblemException.conflict(
                "programme", programme.code() + " has no allocation for " + year + ": nobody can be enrolled"));
        return TransactionLocks.lock("quota:" + programme.code() + ":" + year)
                .chain(() -> Enrollment.activatedIn(programme.code(), year)).invoke(used -> {
                    if (used + more > allocation.targetHouseholds()) {
                        throw ProblemException.conflict("programme", programme.code() + " " + year + " quota is "
                                + allocation.targetHouseholds() + " households and " + used + " are enrolled: "
                                + more + " more would exceed it");
                    }
                }).replaceWithVoid();
    }

    Uni<Void> requireEligible(HouseholdProjection household, Programme programme, boolean override) {
        return eligibility.evaluate(household).invoke(verdicts -> {
            Verdict verdict = verdicts.get(programme.code());
            if (!verdict.eligible() && !override) {
                throw ProblemException.conflict("householdId", "household " + household.householdId
                        + " is not eligible for " + programme.code() + ": " + String.join("; ", verdict.reasons()
                        .stream().filter(r -> !r.met()).map(EligibilityService.Reason::explanation).toList())
                        + " (an officer may override with a justification)");
            }
        }).replaceWithVoid();
    }

    static void requireNotGone(HouseholdProjection household) {
        if (EligibilityService.GONE.contains(household.status)) {
            throw ProblemException.conflict("householdId", "household " + household.householdId + " is "
                    + household.status + ": it receives no new aid");
        }
    }

    Uni<Void> activate(Enrollment e, String villageCode) {
        return outbox.append(activated(e, villageCode)).replaceWithVoid();
    }

    /** Makes the enrollment active from today. @return the event announcing it */
    static EnrollmentActivated activated(Enrollment e, String villageCode) {
        e.status = EnrollmentStatus.ACTIVE;
        e.suspensionReason = null;
        e.exitReason = null;
        e.endedOn = null;
        e.activatedOn = today();
        return new EnrollmentActivated(e.id, e.householdId, e.programme, villageCode, e.activatedOn);
    }

    static Enrollment newEnrollment(UUID householdId, Programme programme) {
        Enrollment e = new Enrollment();
        e.id = TimeOrderedIds.next();
        e.householdId = householdId;
        e.programme = programme.code();
        e.status = EnrollmentStatus.PROPOSED;
        e.proposedOn = today();
        return e;
    }

    static Uni<Void> locked(UUID householdId) {
        return TransactionLocks.lock("household:" + householdId);
    }

    // ---- internals ----

    private Uni<Void> requireNotReceivedOnce(Enrollment existing, Programme programme) {
        if (existing == null || !programme.benefit().once()) {
            return Uni.createFrom().voidItem();
        }
        return cycles.hasEntitlement(existing.id).invoke(received -> {
            if (received) {
                throw ProblemException.conflict("programme", programme.code() + " is one-off aid and household "
                        + existing.householdId + " already has it");
            }
        }).replaceWithVoid();
    }

    private Uni<Enrollment> lockedEnrollment(UUID id) {
        return enrollment(id).chain(e -> locked(e.householdId).chain(() -> Enrollment.<Enrollment>findById(id)));
    }

    private static void requireStatus(Enrollment e, EnrollmentStatus expected) {
        if (e.status != expected) {
            throw ProblemException.conflict("status", "enrollment " + e.id + " is " + e.status + ", not " + expected);
        }
    }

    private Programme programme(String code) {
        return programmes.find(code).orElseThrow(() -> ProblemException.badRequest("programme",
                "unknown programme " + code + "; known: " + programmes.all().stream().map(Programme::code).toList()));
    }

    /** Evaluates eligibility and applies what AUTOMATIC and PROPOSED programmes do with it. */
    private Uni<Void> reevaluate(HouseholdProjection household) {
        return reevaluate(List.of(household), null);
    }

    /**
     * Evaluates the households' eligibility together and applies what AUTOMATIC and PROPOSED programmes do with
     * it; the events this announces are appended together, each household's in its order, in the relay's queue
     * {@code lane} (null: by how many households they announce; decisions name the interactive one).
     */
    private Uni<Void> reevaluate(List<HouseholdProjection> households, Lane lane) {
        if (households.isEmpty()) {
            return done();
        }
        // Verdicts are stored for every household; a household that left gets no new enrollment.
        List<HouseholdProjection> present = households.stream()
                .filter(h -> !EligibilityService.GONE.contains(h.status)).toList();
        return eligibility.evaluateAll(households).chain(verdicts -> present.isEmpty() ? done()
                : repository.enrollmentsOf(present.stream().map(h -> h.householdId).toList()).chain(existing -> {
                    Map<UUID, Map<String, Enrollment>> byHousehold = new java.util.HashMap<>();
                    existing.forEach(e -> byHousehold.computeIfAbsent(e.householdId, h -> new java.util.HashMap<>())
                            .put(e.programme, e));
                    List<HouseholdEvent> announced = new java.util.ArrayList<>();
                    return each(present, household -> each(programmes.all(), programme -> follow(programme,
                            verdicts.get(household.householdId).get(programme.code()),
                            byHousehold.getOrDefault(household.householdId, Map.of()).get(programme.code()),
                            household, announced)))
                            .chain(() -> announced.isEmpty() ? done()
                                    : outbox.appendAll(announced, lane).replaceWithVoid());
                }));
    }

    private Uni<Void> follow(Programme programme, Verdict verdict, Enrollment e, HouseholdProjection household,
            List<HouseholdEvent> announced) {
        boolean eligible = verdict.eligible();
        if (programme.enrolment() == Enrolment.AUTOMATIC) {
            if (e == null && eligible) {
                Enrollment created = newEnrollment(household.householdId, programme);
                announced.add(activated(created, household.villageCode));
                return created.persist().replaceWithVoid();
            }
            if (e != null && e.status == EnrollmentStatus.ACTIVE && !eligible && e.transitionalUntil == null) {
                return held(e, NO_LONGER_ELIGIBLE, household.villageCode).invoke(announced::add).replaceWithVoid();
            }
            if (e != null && e.status == EnrollmentStatus.SUSPENDED && eligible
                    && NO_LONGER_ELIGIBLE.equals(e.suspensionReason)) {
                announced.add(activated(e, household.villageCode));
            }
        } else if (programme.enrolment() == Enrolment.PROPOSED) {
            if (e == null && eligible) {
                return newEnrollment(household.householdId, programme).persist().replaceWithVoid();
            }
            if (e != null && e.status == EnrollmentStatus.PROPOSED && !eligible) {
                e.status = EnrollmentStatus.EXITED; // a withdrawn proposal: it was never active, so no event
                e.exitReason = "INELIGIBLE";
                e.endedOn = today();
            }
        }
        return done();
    }

    private Uni<Void> suspendWith(Enrollment e, String reason, String villageCode) {
        return held(e, reason, villageCode).chain(outbox::append).replaceWithVoid();
    }

    /** Holds the enrollment's payments: what was not yet sent is cancelled. @return the event announcing it */
    private Uni<EnrollmentSuspended> held(Enrollment e, String reason, String villageCode) {
        e.status = EnrollmentStatus.SUSPENDED;
        e.suspensionReason = reason;
        return cycles.cancelUnpaid(List.of(e.id), "SUSPENDED_" + reason)
                .replaceWith(() -> new EnrollmentSuspended(e.id, e.householdId, e.programme, villageCode, reason,
                        today()));
    }

    private Uni<Void> endAll(HouseholdProjection household, String reason, LocalDate endedOn) {
        return Enrollment.currentOf(household.householdId).chain(current -> cycles
                .cancelUnpaid(current.stream().map(e -> e.id).toList(), reason)
                .chain(() -> each(current, e -> end(e, reason, endedOn))));
    }

    private Uni<Void> end(Enrollment e, String reason, LocalDate endedOn) {
        EnrollmentEnded event = ended(e, reason, endedOn);
        return event == null ? done() : outbox.append(event).replaceWithVoid();
    }

    /** Ends the enrollment. @return the event announcing it, or null for a proposal (never active: no event) */
    private static EnrollmentEnded ended(Enrollment e, String reason, LocalDate endedOn) {
        boolean wasActive = e.status != EnrollmentStatus.PROPOSED;
        e.status = EnrollmentStatus.EXITED;
        e.exitReason = reason;
        e.endedOn = endedOn;
        e.suspensionReason = null;
        return wasActive ? new EnrollmentEnded(e.id, e.householdId, e.programme, reason, endedOn) : null;
    }

    private Uni<HouseholdProjection> projection(UUID householdId, String villageCode) {
        return HouseholdProjection.<HouseholdProjection>findById(householdId).chain(found -> {
            HouseholdProjection household = found != null ? found : newProjection(householdId);
            household.villageCode = villageCode;
            household.updatedAt = Instant.now();
            return found != null ? Uni.createFrom().item(household) : household.<HouseholdProjection>persist();
        });
    }

    static <T> Uni<Void> each(List<T> items, Function<T, Uni<Void>> action) {
        return EventConsumer.inOrder(items, action);
    }

    private static String exitReason(String reason) {
        return reason != null && EXIT_REASONS.contains(reason) ? reason : "INELIGIBLE";
    }

    static LocalDate today() {
        return LocalDate.now(ZoneOffset.UTC);
    }
}
