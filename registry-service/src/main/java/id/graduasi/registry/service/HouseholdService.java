package id.graduasi.registry.service;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Set;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import id.graduasi.events.contract.GraduationDecidedV2;
import id.graduasi.events.contract.GraduationDecisionEvent;
import id.graduasi.events.contract.GraduationRevertedV2;
import id.graduasi.events.contract.HouseholdEvent;
import id.graduasi.events.contract.HouseholdRegistered;
import id.graduasi.events.contract.HouseholdStatusChanged;
import id.graduasi.events.contract.MemberAdded;
import id.graduasi.events.contract.MemberRemoved;
import id.graduasi.events.inbox.EventConsumer;
import id.graduasi.events.inbox.StaleDecisions;
import id.graduasi.events.outbox.Lane;
import id.graduasi.events.outbox.OutboxWriter;
import id.graduasi.events.persistence.TimeOrderedIds;
import id.graduasi.events.persistence.TransactionLocks;
import id.graduasi.security.RegionScope;
import id.graduasi.registry.domain.DuplicateCandidate;
import id.graduasi.registry.domain.Household;
import id.graduasi.registry.domain.HouseholdStatus;
import id.graduasi.registry.domain.HouseholdRevision;
import id.graduasi.registry.domain.HouseholdStatusChange;
import id.graduasi.registry.domain.Member;
import id.graduasi.registry.domain.Nik;
import id.graduasi.registry.domain.PersonName;
import id.graduasi.registry.domain.Relationship;
import id.graduasi.registry.domain.Sex;
import id.graduasi.registry.reference.RegionDirectory;
import id.graduasi.registry.repository.DecisionRows;
import id.graduasi.registry.repository.RegistrationRows;
import id.graduasi.registry.security.NikProtector;
import id.graduasi.rest.Problem;
import id.graduasi.rest.ProblemException;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

@ApplicationScoped
public class HouseholdService {

    private static final Logger LOG = Logger.getLogger(HouseholdService.class);

    /** The order {@link Member#activeOf} reads members back in: the head first, then by when added, then id. */
    private static final Comparator<Member> ACTIVE_ORDER = Comparator
            .comparing((Member m) -> m.relationship != Relationship.HEAD)
            .thenComparing(m -> m.addedAt)
            .thenComparing(m -> m.id.toString());

    private final OutboxWriter outbox;
    private final RegionDirectory regions;
    private final NikProtector niks;
    private final ObjectMapper mapper;
    private final DuplicateService duplicates;
    private final StaleDecisions staleDecisions;

    public HouseholdService(OutboxWriter outbox, RegionDirectory regions, NikProtector niks, ObjectMapper mapper,
            DuplicateService duplicates, StaleDecisions staleDecisions) {
        this.outbox = outbox;
        this.regions = regions;
        this.niks = niks;
        this.mapper = mapper;
        this.duplicates = duplicates;
        this.staleDecisions = staleDecisions;
    }

    /** Registers one household; a refusal is the failure, as a client should see it. */
    public Uni<HouseholdSnapshot> register(Household household, List<MemberInput> members, String actor,
            RegionScope named) {
        return registerAll(List.of(new NewHousehold(household, members)), actor, named).map(outcomes -> {
            if (outcomes.get(0).refused() != null) {
                throw outcomes.get(0).refused();
            }
            return outcomes.get(0).registered();
        });
    }

    /**
     * Registers households with their members in one transaction, each one whole or refused whole (400 for bad
     * input, 409 for a KK number or a person already registered, also earlier in the same batch). The KK numbers
     * and people are locked first, so a concurrent registration of one of them queues and then sees this one.
     * Rows go in with one statement per table, so a bulk import pays per batch what a client pays per household.
     *
     * @param named the regions whose households a refusal may name (the caller's; an import's own regions): an
     *        existing household elsewhere is "a household outside your regions"
     * @return one outcome per household, in the order given
     */
    @WithTransaction
    public Uni<List<RegistrationOutcome>> registerAll(List<NewHousehold> batch, String actor, RegionScope named) {
        RegistrationOutcome[] outcomes = new RegistrationOutcome[batch.size()];
        List<Integer> valid = new ArrayList<>();
        Map<String, String> nikHashes = new HashMap<>();
        for (int i = 0; i < batch.size(); i++) {
            List<Problem.FieldError> errors = validate(batch.get(i));
            if (errors.isEmpty()) {
                valid.add(i);
                batch.get(i).members().forEach(m -> nikHashes.computeIfAbsent(m.nik(), niks::hash));
            } else {
                outcomes[i] = RegistrationOutcome.refusedWith(invalid(errors));
            }
        }
        if (valid.isEmpty()) {
            return Uni.createFrom().item(List.of(outcomes));
        }
        List<String> kks = valid.stream().map(i -> batch.get(i).household().kkNumber).distinct().toList();
        List<String> hashes = List.copyOf(new HashSet<>(nikHashes.values()));
        List<String> locks = new ArrayList<>(kks.stream().map(kk -> "kk:" + kk).toList());
        hashes.forEach(hash -> locks.add("nik:" + hash));
        return TransactionLocks.lockAll(locks)
                .chain(() -> RegistrationRows.householdsByKk(kks))
                .chain(kkOwners -> RegistrationRows.activeHouseholdsByNikHash(hashes)
                        .chain(nikOwners -> RegistrationRows.villagesOf(
                                        new HashSet<>(concat(kkOwners.values(), nikOwners.values())))
                                .chain(villages -> insert(batch, valid, nikHashes, new HashMap<>(kkOwners),
                                        new HashMap<>(nikOwners), outcomes, actor,
                                        owner -> named.allows(villages.get(owner)) ? "household " + owner
                                                : OUTSIDE))))
                .replaceWith(() -> List.of(outcomes));
    }

    private static final String OUTSIDE = "a household outside your regions";

    private static List<UUID> concat(java.util.Collection<UUID> a, java.util.Collection<UUID> b) {
        List<UUID> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    /** @param owner names an existing household, or says it is outside the regions the refusal may name */
    private Uni<Void> insert(List<NewHousehold> batch, List<Integer> valid, Map<String, String> nikHashes,
            Map<String, UUID> kkOwners, Map<String, UUID> nikOwners, RegistrationOutcome[] outcomes, String actor,
            java.util.function.Function<UUID, String> owner) {
        // Microseconds: what PostgreSQL keeps, so a snapshot taken now reads the same as one read back later.
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        List<Household> households = new ArrayList<>();
        List<List<Member>> membersOf = new ArrayList<>();
        List<Member> members = new ArrayList<>();
        List<HouseholdStatusChange> changes = new ArrayList<>();
        List<HouseholdEvent> events = new ArrayList<>();
        List<Integer> positions = new ArrayList<>();
        Set<UUID> batchIds = new HashSet<>(); // registered earlier in this batch: the caller's own
        for (int i : valid) {
            Household household = batch.get(i).household();
            List<MemberInput> inputs = batch.get(i).members();
            UUID kkOwner = kkOwners.get(household.kkNumber);
            if (kkOwner != null) {
                outcomes[i] = RegistrationOutcome.refusedWith(ProblemException.conflict("kkNumber",
                        "KK number is already registered as " + (batchIds.contains(kkOwner)
                                ? "household " + kkOwner : owner.apply(kkOwner))));
                continue;
            }
            UUID nikOwner = inputs.stream().map(m -> nikOwners.get(nikHashes.get(m.nik()))).filter(Objects::nonNull)
                    .findFirst().orElse(null);
            if (nikOwner != null) {
                outcomes[i] = RegistrationOutcome.refusedWith(ProblemException.conflict("nik",
                        "this person is an active member of " + (batchIds.contains(nikOwner)
                                ? "household " + nikOwner : owner.apply(nikOwner))));
                continue;
            }
            household.id = TimeOrderedIds.next();
            household.status = HouseholdStatus.REGISTERED;
            household.registeredOn = today;
            household.createdAt = now;
            household.updatedAt = now;
            household.version = 0;
            kkOwners.put(household.kkNumber, household.id);
            batchIds.add(household.id);
            households.add(household);
            positions.add(i);
            changes.add(statusChange(household, null, HouseholdStatus.REGISTERED, "REGISTERED", null, actor, now));
            events.add(new HouseholdRegistered(household.id, household.villageCode, inputs.size(), today,
                    household.version));
            List<Member> added = new ArrayList<>();
            for (MemberInput input : inputs) {
                Member member = member(household, input, nikHashes.get(input.nik()), now);
                nikOwners.put(member.nikHash, household.id);
                added.add(member);
                events.add(memberAdded(member, today, household.version));
            }
            members.addAll(added);
            membersOf.add(added);
        }
        List<HouseholdRevision> revisions = new ArrayList<>();
        for (int k = 0; k < households.size(); k++) {
            Household household = households.get(k);
            List<Member> active = new ArrayList<>(membersOf.get(k));
            active.sort(ACTIVE_ORDER);
            HouseholdSnapshot snapshot = snapshot(household, active);
            outcomes[positions.get(k)] = RegistrationOutcome.of(snapshot);
            revisions.add(revision(household, snapshot, "REGISTERED", actor));
        }
        return RegistrationRows.insertHouseholds(households)
                .chain(() -> RegistrationRows.insertMembers(members))
                .chain(() -> RegistrationRows.insertStatusChanges(changes))
                .chain(() -> RegistrationRows.insertRevisions(revisions))
                .chain(() -> outbox.appendAll(events))
                .chain(() -> duplicates.flag(members));
    }

    @WithTransaction
    public Uni<Member> addMember(UUID householdId, MemberInput input, String actor, RegionScope named) {
        List<Problem.FieldError> errors = validateMember("", input);
        if (input.relationship() == Relationship.HEAD) {
            errors.add(new Problem.FieldError("relationship",
                    "a household has one HEAD; change the head through a new KK"));
        }
        if (!errors.isEmpty()) {
            return Uni.createFrom().failure(invalid(errors));
        }
        return TransactionLocks.lock("household:" + householdId)
                .chain(() -> get(householdId))
                .invoke(HouseholdService::requireNotExited)
                .call(household -> lockPeople(List.of(input)))
                .call(household -> ensureNotInAnotherHousehold(List.of(input), householdId, named))
                .chain(household -> {
                    household.updatedAt = Instant.now();
                    return flush().chain(() -> add(household, input, household.updatedAt))
                            .call(() -> Panache.getSession().chain(session -> session.flush()))
                            .call(member -> duplicates.flag(List.of(member)))
                            .call(() -> revise(household, "MEMBER_ADDED", actor));
                });
    }

    @WithTransaction
    public Uni<Void> removeMember(UUID householdId, UUID memberId, String reason, String actor) {
        return TransactionLocks.lock("household:" + householdId)
                .chain(() -> get(householdId))
                .invoke(HouseholdService::requireNotExited)
                .chain(household -> Member.<Member>findById(memberId).chain(member -> {
                    if (member == null || !member.householdId.equals(householdId) || !member.active) {
                        throw ProblemException.notFound("active member", memberId);
                    }
                    if (member.relationship == Relationship.HEAD) {
                        throw ProblemException.conflict("memberId", "the head of household cannot be removed");
                    }
                    Instant now = Instant.now();
                    member.active = false;
                    member.removedAt = now;
                    member.removalReason = reason;
                    household.updatedAt = now;
                    return flush().chain(() -> outbox.append(new MemberRemoved(householdId, memberId, reason,
                            LocalDate.ofInstant(now, ZoneOffset.UTC), household.version)))
                            .call(() -> revise(household, "MEMBER_REMOVED", actor));
                }))
                .replaceWithVoid();
    }

    /**
     * Merges a household registered twice into the one that stays: the duplicate's people who are not already
     * in the survivor move there (their history stays with the duplicate), the duplicate EXITs with reason
     * DUPLICATE, and the open duplicate flags between the two are closed as MERGED.
     */
    @WithTransaction
    public Uni<HouseholdSnapshot> merge(UUID duplicateId, UUID survivorId, String actor) {
        if (duplicateId.equals(survivorId)) {
            return Uni.createFrom().failure(ProblemException.badRequest("survivorId",
                    "must be another household than the duplicate"));
        }
        // Both locks, in a stable order, so two merges of the same pair cannot deadlock.
        List<UUID> ordered = duplicateId.compareTo(survivorId) < 0 ? List.of(duplicateId, survivorId)
                : List.of(survivorId, duplicateId);
        return TransactionLocks.lock("household:" + ordered.get(0))
                .chain(() -> TransactionLocks.lock("household:" + ordered.get(1)))
                .chain(() -> get(duplicateId)).chain(duplicate -> get(survivorId).chain(survivor -> {
                    if (duplicate.status == HouseholdStatus.EXITED) {
                        throw ProblemException.conflict("household " + duplicateId + " has already exited");
                    }
                    if (survivor.status == HouseholdStatus.EXITED) {
                        throw ProblemException.conflict("survivorId", "household " + survivorId + " has exited");
                    }
                    Instant now = Instant.now();
                    survivor.updatedAt = now;
                    return Member.activeOf(survivorId).chain(staying -> Member.activeOf(duplicateId)
                            .chain(moving -> Multi.createFrom().iterable(moving)
                                    .onItem().transformToUniAndConcatenate(
                                            member -> moveMember(member, survivor, staying, now))
                                    .collect().last()))
                            .chain(() -> DuplicateCandidate.openBetween(duplicateId, survivorId))
                            .invoke(candidates -> candidates.forEach(c -> {
                                c.status = DuplicateCandidate.MERGED;
                                c.resolvedBy = actor;
                                c.resolvedAt = now;
                            }))
                            .chain(() -> move(duplicate, HouseholdStatus.EXITED, "DUPLICATE",
                                    "merged into household " + survivorId, actor))
                            .chain(() -> revise(survivor, "MERGED_FROM_DUPLICATE", actor));
                }));
    }

    /** A member of the duplicate leaves it; unless already in the survivor, the person joins the survivor. */
    private Uni<Void> moveMember(Member member, Household survivor, List<Member> staying, Instant now) {
        member.active = false;
        member.removedAt = now;
        member.removalReason = "DUPLICATE";
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        boolean alreadyThere = staying.stream().anyMatch(s -> s.nikHash.equals(member.nikHash)
                || (s.birthDate.equals(member.birthDate) && PersonName.similar(s.name, member.name)));
        // The duplicate's revision as it stands: its EXITED, appended after these, carries the next one.
        Uni<Void> removed = Household.<Household>findById(member.householdId)
                .chain(duplicate -> outbox.append(new MemberRemoved(member.householdId, member.id, "DUPLICATE", today,
                        duplicate.version)))
                .replaceWithVoid();
        if (alreadyThere) {
            return removed;
        }
        MemberInput input = new MemberInput(niks.decrypt(member.nikEncrypted, NikProtector.member(member.id)), member.name, member.sex,
                member.birthDate, member.relationship == Relationship.HEAD ? Relationship.OTHER_RELATIVE
                        : member.relationship, member.educationLevel, member.schoolEnrolled, member.occupation,
                member.disability, member.pregnant);
        // Flush the removal first: the person may be active in one household only (unique index).
        return removed.chain(() -> Panache.getSession().chain(session -> session.flush()))
                .chain(() -> add(survivor, input, now))
                .replaceWithVoid();
    }

    @WithSession
    public Uni<Household> get(UUID id) {
        return Household.<Household>findById(id).onItem().ifNull()
                .failWith(() -> ProblemException.notFound("household", id));
    }

    @WithSession
    public Uni<HouseholdSnapshot> snapshot(UUID id) {
        return get(id).chain(h -> Member.activeOf(h.id).map(members -> snapshot(h, members)));
    }

    /** The household as it stood at the end of {@code date} (UTC), from its revisions. */
    @WithSession
    public Uni<HouseholdSnapshot> asOf(UUID id, LocalDate date) {
        return get(id).chain(h -> HouseholdRevision.lastBefore(h.id, date.plusDays(1).atStartOfDay(ZoneOffset.UTC)
                .toInstant()))
                .map(revision -> {
                    if (revision == null) {
                        throw ProblemException.notFound("household " + id + " as of", date);
                    }
                    try {
                        return mapper.readValue(revision.snapshot, HouseholdSnapshot.class);
                    } catch (JsonProcessingException e) {
                        throw new IllegalStateException("revision " + revision.id + " cannot be read", e);
                    }
                });
    }

    /** Every change of a household: who, when, what kind, and the household after it. */
    @WithSession
    public Uni<List<HouseholdRevision>> revisions(UUID id) {
        return get(id).chain(h -> HouseholdRevision.of(h.id));
    }

    @WithSession
    public Uni<List<HouseholdStatusChange>> history(UUID id) {
        return get(id).chain(household -> HouseholdStatusChange.history(household.id));
    }

    /**
     * An officer's status change; an invalid transition is a 409 naming the allowed ones. GRADUATED is not an
     * officer's to set: it follows the graduation service's decision, which every other service acts on too.
     */
    @WithTransaction
    public Uni<HouseholdSnapshot> transition(UUID id, HouseholdStatus target, String reason, String note,
            String actor) {
        if (target == HouseholdStatus.GRADUATED) {
            return Uni.createFrom().failure(ProblemException.conflict("status",
                    "a household becomes GRADUATED through a graduation decision (graduation-service)"));
        }
        return TransactionLocks.lock("household:" + id).chain(() -> get(id)).chain(household -> {
            if (!household.status.canMoveTo(target)) {
                throw ProblemException.conflict("status", "household " + id + " is " + household.status
                        + " and cannot become " + target + "; allowed: " + household.status.next());
            }
            return move(household, target, reason, note, actor);
        });
    }

    /** A graduation decision or reversal (v2) as received, with its source (the actor of the change). */
    public record ReceivedDecision(GraduationDecisionEvent event, String source) {
    }

    /**
     * Applies graduation decisions and reversals in their order, set by set (issue #14: one by one, a decision cost
     * a dozen round trips). Each household's events come in waves of one per household; a wave locks its
     * households, reads them, their members and their decision sequences once, applies its events in memory, and
     * writes the households, their status changes, revisions and events with one statement each.
     * <ul>
     * <li>A decision makes the household its outcome (GRADUATED or EXITED); what a pathway means is
     * graduation-service's alone. A reversal makes a GRADUATED household ACTIVE again; EXITED is final.</li>
     * <li>One the registry cannot apply (the household unknown, already there, or exited) changes nothing but the
     * sequence; one not newer than the decision sequence applied changes nothing at all (issue #16): the relay
     * re-sent an older one. An event without a sequence (written before the field existed) is judged by the
     * household's status alone.</li>
     * </ul>
     */
    @WithTransaction
    public Uni<Void> decideAll(List<ReceivedDecision> decisions) {
        return EventConsumer.inOrder(EventConsumer.waves(decisions, d -> d.event().householdId()),
                this::decideWave);
    }

    private Uni<Void> decideWave(List<ReceivedDecision> wave) {
        List<UUID> ids = wave.stream().map(d -> d.event().householdId()).toList();
        return TransactionLocks.lockAll(ids.stream().map(id -> "household:" + id).toList())
                .chain(() -> DecisionRows.households(ids))
                .chain(households -> DecisionRows.activeMembers(ids)
                        .chain(members -> decideWave(wave, households, members)));
    }

    private Uni<Void> decideWave(List<ReceivedDecision> wave, Map<UUID, DecisionRows.Stored> households,
            List<Member> members) {
        Map<UUID, List<Member>> membersOf = new HashMap<>();
        members.stream().sorted(Member.IN_SNAPSHOT_ORDER)
                .forEach(m -> membersOf.computeIfAbsent(m.householdId, h -> new ArrayList<>()).add(m));
        List<DecisionRows.Decided> written = new ArrayList<>();
        List<HouseholdStatusChange> changes = new ArrayList<>();
        List<HouseholdRevision> revisions = new ArrayList<>();
        List<HouseholdStatusChanged> events = new ArrayList<>();
        for (ReceivedDecision received : wave) {
            GraduationDecisionEvent event = received.event();
            DecisionRows.Stored stored = households.get(event.householdId());
            if (stored == null) {
                LOG.warnf("graduation decision event for decision %s not applied: household %s is unknown",
                        event.decisionId(), event.householdId());
                continue;
            }
            Household household = stored.household();
            Long applied = stored.decisionSequence();
            if (event.decisionSequence() != null && applied != null && event.decisionSequence() <= applied) {
                staleDecisions.ignored(event);
                continue;
            }
            Long sequence = event.decisionSequence() != null ? event.decisionSequence() : applied;
            HouseholdStatus target = target(event);
            boolean moves = event instanceof GraduationRevertedV2 ? household.status == HouseholdStatus.GRADUATED
                    : household.status.canMoveTo(target);
            if (!moves) {
                LOG.warnf("graduation decision event for decision %s not applied: household %s is %s",
                        event.decisionId(), household.id, household.status);
                if (!Objects.equals(sequence, applied)) {
                    written.add(new DecisionRows.Decided(household.id, household.status.name(), household.updatedAt,
                            household.version, household.version, sequence));
                }
                continue;
            }
            Instant now = Instant.now();
            HouseholdStatus from = household.status;
            long read = household.version;
            household.status = target;
            household.updatedAt = now;
            household.version = read + 1;
            String reason = reason(event, target);
            written.add(new DecisionRows.Decided(household.id, target.name(), now, household.version, read, sequence));
            changes.add(statusChange(household, from, target, reason, null, received.source(), now));
            events.add(new HouseholdStatusChanged(household.id, household.villageCode, from.name(), target.name(),
                    reason, now, household.version, event.decisionId()));
            revisions.add(revision(household, snapshot(household, membersOf.getOrDefault(household.id, List.of())),
                    "STATUS_" + target.name(), received.source()));
        }
        return DecisionRows.write(written)
                .chain(() -> RegistrationRows.insertStatusChanges(changes))
                .chain(() -> RegistrationRows.insertRevisions(revisions))
                .chain(() -> events.isEmpty() ? Uni.createFrom().voidItem()
                        : outbox.appendAll(events, Lane.INTERACTIVE).replaceWithVoid());
    }

    /** What a decision makes the household: its outcome; a reversal, ACTIVE again if it is GRADUATED. */
    private static HouseholdStatus target(GraduationDecisionEvent event) {
        if (event instanceof GraduationDecidedV2 decision) {
            return decision.outcome() == GraduationDecidedV2.Outcome.EXITED ? HouseholdStatus.EXITED
                    : HouseholdStatus.GRADUATED;
        }
        return HouseholdStatus.ACTIVE;
    }

    /**
     * The status change's reason: a reversal's own; an administrative exit's (MOVED, DECEASED, ...), so followers
     * can use it; else the pathway, or the outcome.
     */
    private static String reason(GraduationDecisionEvent event, HouseholdStatus target) {
        if (event instanceof GraduationRevertedV2 reversal) {
            return reversal.reasonCode();
        }
        GraduationDecidedV2 decision = (GraduationDecidedV2) event;
        return target == HouseholdStatus.EXITED && decision.reasonCode() != null ? decision.reasonCode()
                : decision.pathway() != null ? decision.pathway() : decision.outcome().name();
    }

    public HouseholdSnapshot snapshot(Household h, List<Member> members) {
        return new HouseholdSnapshot(h.id, h.kkNumber, h.villageCode, regions.villageName(h.villageCode).orElse(null),
                h.address, h.latitude, h.longitude, h.welfareCategory, h.dtsenDecile, h.registrationSource, h.status,
                h.registeredOn, h.updatedAt, h.version, members.stream().map(this::snapshot).toList());
    }

    public HouseholdSnapshot.MemberSnapshot snapshot(Member m) {
        return new HouseholdSnapshot.MemberSnapshot(m.id, NikProtector.mask(niks.decrypt(m.nikEncrypted, NikProtector.member(m.id))), m.name,
                m.sex, m.birthDate, m.relationship, m.educationLevel, m.schoolEnrolled, m.occupation, m.disability,
                m.pregnant, m.addedAt);
    }

    private Uni<Void> flush() {
        return Panache.getSession().chain(session -> session.flush());
    }

    /** Records the household as it stands after a change (flushed first, so its version is the new one). */
    private Uni<HouseholdSnapshot> revise(Household household, String change, String actor) {
        return Panache.getSession().chain(session -> session.flush())
                .chain(() -> Member.activeOf(household.id))
                .chain(members -> {
                    HouseholdSnapshot snapshot = snapshot(household, members);
                    return revision(household, snapshot, change, actor).persist().replaceWith(snapshot);
                });
    }

    private HouseholdRevision revision(Household household, HouseholdSnapshot snapshot, String change, String actor) {
        HouseholdRevision revision = new HouseholdRevision();
        revision.id = TimeOrderedIds.next();
        revision.householdId = household.id;
        revision.revision = household.version;
        revision.change = change;
        revision.changedBy = actor;
        revision.changedAt = household.updatedAt;
        try {
            revision.snapshot = mapper.writeValueAsString(snapshot);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("snapshot of household " + household.id + " cannot be written", e);
        }
        return revision;
    }

    private List<Problem.FieldError> validate(NewHousehold registration) {
        List<MemberInput> members = registration.members();
        List<Problem.FieldError> errors = new ArrayList<>(validateRegion(registration.household().villageCode));
        if (members.stream().filter(m -> m.relationship() == Relationship.HEAD).count() != 1) {
            errors.add(new Problem.FieldError("members", "exactly one member must be the HEAD of household"));
        }
        for (int i = 0; i < members.size(); i++) {
            errors.addAll(validateMember("members[" + i + "]", members.get(i)));
        }
        if (members.stream().map(MemberInput::nik).distinct().count() != members.size()) {
            errors.add(new Problem.FieldError("members", "a NIK appears twice"));
        }
        return errors;
    }

    private List<Problem.FieldError> validateRegion(String villageCode) {
        return regions.isVillage(villageCode) ? List.of()
                : List.of(new Problem.FieldError("villageCode", "is not a village code in the official region table"));
    }

    private List<Problem.FieldError> validateMember(String path, MemberInput m) {
        List<Problem.FieldError> errors = new ArrayList<>();
        String prefix = path.isEmpty() ? "" : path + ".";
        for (String problem : Nik.problems(m.nik(), m.sex(), m.birthDate(), regions::isProvince)) {
            errors.add(new Problem.FieldError(prefix + "nik", problem));
        }
        if (m.birthDate() != null && m.birthDate().isAfter(LocalDate.now(ZoneOffset.UTC))) {
            errors.add(new Problem.FieldError(prefix + "birthDate", "is in the future"));
        }
        if (m.pregnant() && m.sex() == Sex.M) {
            errors.add(new Problem.FieldError(prefix + "pregnant", "cannot be true for sex M"));
        }
        return errors;
    }

    private Uni<Void> lockPeople(List<MemberInput> members) {
        return TransactionLocks.lockAll(members.stream().map(m -> "nik:" + niks.hash(m.nik())).toList());
    }

    /** A person belongs to at most one active household. */
    private Uni<Void> ensureNotInAnotherHousehold(List<MemberInput> members, UUID allowedHousehold,
            RegionScope named) {
        return Member.activeByNikHashes(members.stream().map(m -> niks.hash(m.nik())).toList())
                .invoke(found -> {
                    if (!found.isEmpty()) {
                        Member existing = found.get(0);
                        throw ProblemException.conflict("nik", existing.householdId.equals(allowedHousehold)
                                ? "this person is already a member of this household"
                                : "this person is an active member of " + (named.allows(existing.villageCode)
                                        ? "household " + existing.householdId : OUTSIDE));
                    }
                })
                .replaceWithVoid();
    }

    private Uni<Member> add(Household household, MemberInput input, Instant now) {
        Member member = member(household, input, niks.hash(input.nik()), now);
        return member.<Member>persist()
                .call(() -> outbox.append(memberAdded(member, LocalDate.ofInstant(now, ZoneOffset.UTC),
                        household.version)));
    }

    private Member member(Household household, MemberInput input, String nikHash, Instant now) {
        Member member = new Member();
        member.id = TimeOrderedIds.next();
        member.householdId = household.id;
        member.villageCode = household.villageCode;
        member.nikHash = nikHash;
        member.nikEncrypted = niks.encrypt(input.nik(), NikProtector.member(member.id));
        member.name = input.name().strip();
        member.sex = input.sex();
        member.birthDate = input.birthDate();
        member.relationship = input.relationship();
        member.educationLevel = input.educationLevel();
        member.schoolEnrolled = input.schoolEnrolled();
        member.occupation = input.occupation();
        member.disability = input.disability();
        member.pregnant = input.pregnant();
        member.active = true;
        member.addedAt = now;
        return member;
    }

    private static MemberAdded memberAdded(Member member, LocalDate on, long revision) {
        return new MemberAdded(member.householdId, member.id, member.relationship.name(), member.sex.name(),
                member.birthDate, member.educationLevel == null ? null : member.educationLevel.name(),
                member.schoolEnrolled, member.disability, member.pregnant, on, revision);
    }

    /**
     * Moves the household and announces it with the revision the change makes (the household is flushed first,
     * so its version is the new one).
     *
     * @return the household as its new revision records it: what a read after the commit returns
     */
    private Uni<HouseholdSnapshot> move(Household household, HouseholdStatus target, String reason, String note,
            String actor) {
        // Microseconds: what PostgreSQL keeps, so the snapshot returned reads the same as one read back later.
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        HouseholdStatus from = household.status;
        household.status = target;
        household.updatedAt = now;
        return record(household, from, target, reason, note, actor, now)
                .call(this::flush)
                .call(() -> outbox.append(new HouseholdStatusChanged(household.id, household.villageCode,
                        from.name(), target.name(), reason, now, household.version, null)))
                .chain(() -> revise(household, "STATUS_" + target.name(), actor));
    }

    private Uni<HouseholdStatusChange> record(Household household, HouseholdStatus from, HouseholdStatus to,
            String reason, String note, String actor, Instant at) {
        return statusChange(household, from, to, reason, note, actor, at).persist();
    }

    private static HouseholdStatusChange statusChange(Household household, HouseholdStatus from, HouseholdStatus to,
            String reason, String note, String actor, Instant at) {
        HouseholdStatusChange change = new HouseholdStatusChange();
        change.id = TimeOrderedIds.next();
        change.householdId = household.id;
        change.fromStatus = from;
        change.toStatus = to;
        change.reason = reason;
        change.note = note;
        change.changedBy = actor;
        change.changedAt = at;
        return change;
    }

    /** An exited household (moved, deceased, merged away) keeps its members as they were. */
    private static void requireNotExited(Household household) {
        if (household.status == HouseholdStatus.EXITED) {
            throw ProblemException.conflict("household " + household.id + " has exited; its members cannot change");
        }
    }

    private static ProblemException invalid(List<Problem.FieldError> errors) {
        String detail = String.join("; ", errors.stream().map(e -> e.field() + ": " + e.message()).toList());
        return new ProblemException(400, "Bad Request", detail, errors);
    }
}
