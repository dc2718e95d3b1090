package id.graduasi.mentoring.domain;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import io.smallrye.mutiny.Uni;

/** A household's mentoring case ("case" is a Java keyword, hence the name). */
@Entity
@Table(name = "mentoring_case")
public class MentoringCase extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(name = "household_id")
    public UUID householdId;

    @Column(name = "village_code")
    public String villageCode;

    @Enumerated(EnumType.STRING)
    public CaseStatus status;

    @Column(name = "opened_at")
    public Instant openedAt;

    @Column(name = "monitoring_until")
    public LocalDate monitoringUntil;

    @Column(name = "closed_at")
    public Instant closedAt;

    /** The social worker in charge; null while no active worker covers the village. */
    @Column(name = "worker_id")
    public UUID workerId;

    @Column(name = "assigned_at")
    public Instant assignedAt;

    /** The highest registry revision applied: a registry event with a lower one changes nothing. */
    @Column(name = "registry_revision")
    public Long registryRevision;

    /** The graduation decision the case follows, and whether it was reverted since. */
    @Column(name = "decision_id")
    public UUID decisionId;

    @Column(name = "decision_reverted")
    public boolean decisionReverted;

    /** The highest graduation decision sequence applied: a decision event not above it changes nothing. */
    @Column(name = "decision_sequence")
    public Long decisionSequence;

    @Version
    public long version;

    public static Uni<MentoringCase> ofHousehold(UUID householdId) {
        return find("householdId", householdId).firstResult();
    }

    /** The cases of several households (a consumer's batch): at most one each. */
    public static Uni<List<MentoringCase>> ofHouseholds(List<UUID> householdIds) {
        return list("householdId in ?1", householdIds);
    }
}
