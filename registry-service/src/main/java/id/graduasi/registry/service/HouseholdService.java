package id.graduasi.registry.service;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import id.graduasi.events.contract.GraduationDecided;
import id.graduasi.events.contract.HouseholdRegistered;
import id.graduasi.events.contract.HouseholdStatusChanged;
import id.graduasi.events.outbox.OutboxWriter;
import id.graduasi.events.persistence.TransactionLocks;
import id.graduasi.registry.domain.Household;
import id.graduasi.registry.domain.HouseholdStatus;
import id.graduasi.registry.domain.HouseholdStatusChange;
import id.graduasi.rest.ProblemException;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;

@ApplicationScoped
public class HouseholdService {

    private static final Logger LOG = Logger.getLogger(HouseholdService.class);

    private final OutboxWriter outbox;

    public HouseholdService(OutboxWriter outbox) {
        this.outbox = outbox;
    }

    public record Registration(String kkNumber, String villageCode, String headName, int memberCount) {
    }

    /** Concurrent registrations of one KK number queue on its lock, so the second sees the first and gets 409. */
    @WithTransaction
    public Uni<Household> register(Registration registration, String actor) {
        return TransactionLocks.lock("kk:" + registration.kkNumber())
                .chain(() -> Household.findByKkNumber(registration.kkNumber())).chain(existing -> {
            if (existing != null) {
                throw ProblemException.conflict("kkNumber",
                        "KK number is already registered as household " + existing.id);
            }
            Instant now = Instant.now();
            Household household = new Household();
            household.id = UUID.randomUUID();
            household.kkNumber = registration.kkNumber();
            household.villageCode = registration.villageCode();
            household.headName = registration.headName();
            household.memberCount = registration.memberCount();
            household.status = HouseholdStatus.REGISTERED;
            household.registeredOn = LocalDate.ofInstant(now, ZoneOffset.UTC);
            household.createdAt = now;
            household.updatedAt = now;
            return household.<Household>persist()
                    .call(() -> record(household, null, HouseholdStatus.REGISTERED, "REGISTERED", null, actor, now))
                    .call(() -> outbox.append(new HouseholdRegistered(household.id, household.villageCode,
                            household.memberCount, household.registeredOn)));
        });
    }

    @WithSession
    public Uni<Household> get(UUID id) {
        return Household.<Household>findById(id).onItem().ifNull()
                .failWith(() -> ProblemException.notFound("household", id));
    }

    @WithSession
    public Uni<List<HouseholdStatusChange>> history(UUID id) {
        return get(id).chain(household -> HouseholdStatusChange.history(household.id));
    }

    /** An officer's status change; an invalid transition is a 409 naming the allowed ones. */
    @WithTransaction
    public Uni<Household> transition(UUID id, HouseholdStatus target, String reason, String note, String actor) {
        return get(id).chain(household -> {
            if (!household.status.canMoveTo(target)) {
                throw ProblemException.conflict("status", "household " + id + " is " + household.status
                        + " and cannot become " + target + "; allowed: " + household.status.next());
            }
            return move(household, target, reason, note, actor);
        });
    }

    /**
     * The graduation service decided: the household is GRADUATED (or EXITED for an administrative exit). A
     * decision for a household the registry cannot move (already there, or exited) changes nothing.
     */
    @WithTransaction
    public Uni<Void> applyGraduation(GraduationDecided decision, String source) {
        HouseholdStatus target = "ADMINISTRATIVE_EXIT".equals(decision.pathway())
                ? HouseholdStatus.EXITED : HouseholdStatus.GRADUATED;
        return Household.<Household>findById(decision.householdId()).chain(household -> {
            if (household == null || !household.status.canMoveTo(target)) {
                LOG.warnf("graduation decision %s not applied: household %s is %s", decision.decisionId(),
                        decision.householdId(), household == null ? "unknown" : household.status);
                return Uni.createFrom().voidItem();
            }
            return move(household, target, decision.pathway(), null, source).replaceWithVoid();
        });
    }

    private Uni<Household> move(Household household, HouseholdStatus target, String reason, String note,
            String actor) {
        Instant now = Instant.now();
        HouseholdStatus from = household.status;
        household.status = target;
        household.updatedAt = now;
        return record(household, from, target, reason, note, actor, now)
                .call(() -> outbox.append(new HouseholdStatusChanged(household.id, household.villageCode,
                        from.name(), target.name(), reason, now)))
                .replaceWith(household);
    }

    private Uni<HouseholdStatusChange> record(Household household, HouseholdStatus from, HouseholdStatus to,
            String reason, String note, String actor, Instant at) {
        HouseholdStatusChange change = new HouseholdStatusChange();
        change.id = UUID.randomUUID();
        change.householdId = household.id;
        change.fromStatus = from;
        change.toStatus = to;
        change.reason = reason;
        change.note = note;
        change.changedBy = actor;
        change.changedAt = at;
        return change.persist();
    }
}
