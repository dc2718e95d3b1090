package id.graduasi.assistance.service;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import id.graduasi.assistance.domain.Enrollment;
import id.graduasi.assistance.domain.EnrollmentStatus;
import id.graduasi.assistance.domain.HouseholdProjection;
import id.graduasi.events.contract.EnrollmentActivated;
import id.graduasi.events.contract.EnrollmentEnded;
import id.graduasi.events.contract.GraduationDecided;
import id.graduasi.events.contract.HouseholdRegistered;
import id.graduasi.events.contract.HouseholdStatusChanged;
import id.graduasi.events.outbox.OutboxWriter;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

@ApplicationScoped
public class EnrollmentService {

    /** Administrative exits whose reason code names an enrollment exit reason keep it; others are INELIGIBLE. */
    private static final Set<String> ADMINISTRATIVE_REASONS = Set.of("MOVED", "DECEASED", "DUPLICATE");

    private final OutboxWriter outbox;
    private final String defaultProgramme;

    public EnrollmentService(OutboxWriter outbox,
            @ConfigProperty(name = "graduasi.assistance.default-programme") String defaultProgramme) {
        this.outbox = outbox;
        this.defaultProgramme = defaultProgramme;
    }

    /** A new household gets its projection and an active enrollment in the default programme. */
    @WithTransaction
    public Uni<Void> onRegistered(HouseholdRegistered event) {
        return HouseholdProjection.<HouseholdProjection>findById(event.householdId()).chain(existing -> {
            if (existing != null) {
                return Uni.createFrom().voidItem();
            }
            HouseholdProjection household = new HouseholdProjection();
            household.householdId = event.householdId();
            household.villageCode = event.villageCode();
            household.memberCount = event.memberCount();
            household.status = "REGISTERED";
            household.updatedAt = Instant.now();
            Enrollment enrollment = new Enrollment();
            enrollment.id = UUID.randomUUID();
            enrollment.householdId = event.householdId();
            enrollment.programme = defaultProgramme;
            enrollment.status = EnrollmentStatus.ACTIVE;
            enrollment.activatedOn = today();
            return household.persist()
                    .chain(() -> enrollment.persist())
                    .chain(() -> outbox.append(new EnrollmentActivated(enrollment.id, enrollment.householdId,
                            enrollment.programme, household.villageCode, enrollment.activatedOn)))
                    .replaceWithVoid();
        });
    }

    @WithTransaction
    public Uni<Void> onStatusChanged(HouseholdStatusChanged event) {
        return HouseholdProjection.<HouseholdProjection>findById(event.householdId()).invoke(household -> {
            if (household != null) {
                household.status = event.toStatus();
                household.villageCode = event.villageCode();
                household.updatedAt = Instant.now();
            }
        }).replaceWithVoid();
    }

    /** A graduated (or administratively exited) household leaves every programme; paid history stays. */
    @WithTransaction
    public Uni<Void> onGraduationDecided(GraduationDecided decision) {
        String reason = !"ADMINISTRATIVE_EXIT".equals(decision.pathway()) ? "GRADUATED"
                : ADMINISTRATIVE_REASONS.contains(decision.reasonCode()) ? decision.reasonCode() : "INELIGIBLE";
        return Enrollment.activeOf(decision.householdId())
                .onItem().transformToMulti(list -> Multi.createFrom().iterable(list))
                .onItem().transformToUniAndConcatenate(enrollment -> {
                    enrollment.status = EnrollmentStatus.EXITED;
                    enrollment.exitReason = reason;
                    enrollment.endedOn = decision.decidedOn();
                    return outbox.append(new EnrollmentEnded(enrollment.id, enrollment.householdId,
                            enrollment.programme, reason, enrollment.endedOn));
                })
                .collect().last()
                .replaceWithVoid();
    }

    @WithSession
    public Uni<List<Enrollment>> ofHousehold(UUID householdId) {
        return Enrollment.ofHousehold(householdId);
    }

    private static LocalDate today() {
        return LocalDate.now(ZoneOffset.UTC);
    }
}
