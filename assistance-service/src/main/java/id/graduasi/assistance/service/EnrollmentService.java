package id.graduasi.assistance.service;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import id.graduasi.assistance.domain.Enrollment;
import id.graduasi.assistance.domain.EnrollmentStatus;
import id.graduasi.assistance.domain.HouseholdProjection;
import id.graduasi.assistance.domain.MemberProjection;
import id.graduasi.events.contract.EnrollmentActivated;
import id.graduasi.events.contract.EnrollmentEnded;
import id.graduasi.events.contract.GraduationDecided;
import id.graduasi.events.contract.HouseholdRegistered;
import id.graduasi.events.contract.HouseholdStatusChanged;
import id.graduasi.events.contract.MemberAdded;
import id.graduasi.events.contract.MemberRemoved;
import id.graduasi.events.outbox.OutboxWriter;
import id.graduasi.rest.ProblemException;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/**
 * Enrollments follow the household: a new household is enrolled in the default programme, a graduated or
 * exited one leaves every programme (paid history stays), and a relapsed one (GRADUATED back to ACTIVE in the
 * registry) gets back the enrollments its graduation ended.
 */
@ApplicationScoped
public class EnrollmentService {

    /** Exit reasons that keep their name; any other reason for leaving is INELIGIBLE. */
    private static final Set<String> EXIT_REASONS = Set.of("MOVED", "DECEASED", "DUPLICATE");
    private static final Set<String> GONE = Set.of("GRADUATED", "EXITED");

    private final OutboxWriter outbox;
    private final CycleService cycles;
    private final String defaultProgramme;

    public EnrollmentService(OutboxWriter outbox, CycleService cycles,
            @ConfigProperty(name = "graduasi.assistance.default-programme") String defaultProgramme) {
        this.outbox = outbox;
        this.cycles = cycles;
        this.defaultProgramme = defaultProgramme;
    }

    /** Keeps what PKH components depend on. */
    @WithTransaction
    public Uni<Void> onMemberAdded(MemberAdded event) {
        return MemberProjection.<MemberProjection>findById(event.memberId()).chain(found -> {
            if (found != null) {
                return Uni.createFrom().voidItem(); // already known: one household's events arrive in order
            }
            MemberProjection member = new MemberProjection();
            member.memberId = event.memberId();
            member.householdId = event.householdId();
            member.birthDate = event.birthDate();
            member.educationLevel = event.educationLevel();
            member.schoolEnrolled = event.schoolEnrolled();
            member.disability = event.disability();
            member.pregnant = event.pregnant();
            member.active = true;
            return member.persist().replaceWithVoid();
        });
    }

    @WithTransaction
    public Uni<Void> onMemberRemoved(MemberRemoved event) {
        return MemberProjection.<MemberProjection>findById(event.memberId()).invoke(member -> {
            if (member != null) {
                member.active = false;
            }
        }).replaceWithVoid();
    }

    @WithTransaction
    public Uni<Void> onRegistered(HouseholdRegistered event) {
        return projection(event.householdId(), event.villageCode()).chain(household -> {
            household.memberCount = event.memberCount();
            // A decision read before the registration (another topic) already made it GRADUATED or EXITED.
            if (GONE.contains(household.status)) {
                return Uni.createFrom().voidItem();
            }
            return Enrollment.ofHousehold(household.householdId).chain(existing -> existing.isEmpty()
                    ? enroll(household) : Uni.createFrom().voidItem());
        });
    }

    @WithTransaction
    public Uni<Void> onStatusChanged(HouseholdStatusChanged event) {
        return projection(event.householdId(), event.villageCode()).chain(household -> {
            household.status = event.toStatus();
            if ("EXITED".equals(event.toStatus())) {
                return endActive(household.householdId, exitReason(event.reason()), today());
            }
            if ("GRADUATED".equals(event.fromStatus()) && "ACTIVE".equals(event.toStatus())) {
                return reopenGraduated(household);
            }
            return Uni.createFrom().voidItem();
        });
    }

    @WithTransaction
    public Uni<Void> onGraduationDecided(GraduationDecided decision) {
        boolean exit = "ADMINISTRATIVE_EXIT".equals(decision.pathway());
        return projection(decision.householdId(), decision.villageCode()).chain(household -> {
            household.status = exit ? "EXITED" : "GRADUATED";
            return endActive(household.householdId, exit ? exitReason(decision.reasonCode()) : "GRADUATED",
                    decision.decidedOn());
        });
    }

    @WithSession
    public Uni<HouseholdProjection> household(UUID householdId) {
        return HouseholdProjection.<HouseholdProjection>findById(householdId).onItem().ifNull()
                .failWith(() -> ProblemException.notFound("household", householdId));
    }

    @WithSession
    public Uni<List<Enrollment>> ofHousehold(UUID householdId) {
        return Enrollment.ofHousehold(householdId);
    }

    private Uni<HouseholdProjection> projection(UUID householdId, String villageCode) {
        return HouseholdProjection.<HouseholdProjection>findById(householdId).chain(found -> {
            HouseholdProjection household = found;
            if (household == null) {
                household = new HouseholdProjection();
                household.householdId = householdId;
                household.status = "REGISTERED";
            }
            household.villageCode = villageCode;
            household.updatedAt = Instant.now();
            return found != null ? Uni.createFrom().item(household) : household.<HouseholdProjection>persist();
        });
    }

    private Uni<Void> enroll(HouseholdProjection household) {
        Enrollment enrollment = new Enrollment();
        enrollment.id = UUID.randomUUID();
        enrollment.householdId = household.householdId;
        enrollment.programme = defaultProgramme;
        enrollment.status = EnrollmentStatus.ACTIVE;
        enrollment.activatedOn = today();
        return enrollment.persist().chain(() -> announceActivated(enrollment, household.villageCode));
    }

    private Uni<Void> endActive(UUID householdId, String reason, LocalDate endedOn) {
        return cycles.cancelUnpaid(householdId, reason).chain(() -> each(Enrollment.activeOf(householdId), enrollment -> {
            enrollment.status = EnrollmentStatus.EXITED;
            enrollment.exitReason = reason;
            enrollment.endedOn = endedOn;
            return outbox.append(new EnrollmentEnded(enrollment.id, enrollment.householdId, enrollment.programme,
                    reason, endedOn)).replaceWithVoid();
        }));
    }

    private Uni<Void> reopenGraduated(HouseholdProjection household) {
        return each(Enrollment.endedByGraduation(household.householdId), enrollment -> {
                    enrollment.status = EnrollmentStatus.ACTIVE;
                    enrollment.exitReason = null;
                    enrollment.endedOn = null;
                    enrollment.activatedOn = today();
                    return announceActivated(enrollment, household.villageCode);
                });
    }

    private Uni<Void> announceActivated(Enrollment enrollment, String villageCode) {
        return outbox.append(new EnrollmentActivated(enrollment.id, enrollment.householdId, enrollment.programme,
                villageCode, enrollment.activatedOn)).replaceWithVoid();
    }

    private static <T> Uni<Void> each(Uni<List<T>> items, Function<T, Uni<Void>> action) {
        return items.onItem().<T>transformToMulti(list -> Multi.createFrom().iterable(list))
                .onItem().transformToUniAndConcatenate(action::apply)
                .collect().last()
                .replaceWithVoid();
    }

    private static String exitReason(String reason) {
        return reason != null && EXIT_REASONS.contains(reason) ? reason : "INELIGIBLE";
    }

    private static LocalDate today() {
        return LocalDate.now(ZoneOffset.UTC);
    }
}
