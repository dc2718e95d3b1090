package id.graduasi.graduation.domain;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;

/** The readiness view of one household, assembled from registry, assistance and mentoring events. */
@Entity
@Table(name = "household_view")
public class HouseholdView extends PanacheEntityBase {

    @Id
    @Column(name = "household_id")
    public UUID householdId;

    @Column(name = "village_code")
    public String villageCode;

    @Column(name = "registry_status")
    public String registryStatus;

    @Column(name = "active_enrollments")
    public int activeEnrollments;

    @Column(name = "case_status")
    public String caseStatus;

    /** GRADUATED or EXITED once this service decided; cleared when the registry reports a relapse. */
    @Column(name = "decision_status")
    public String decisionStatus;

    @Column(name = "updated_at")
    public Instant updatedAt;

    @Version
    public long version;
}
