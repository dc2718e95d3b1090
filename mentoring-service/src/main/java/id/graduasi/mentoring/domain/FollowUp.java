package id.graduasi.mentoring.domain;

import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;

/** A home visit due after a disbursement, to check the aid is used as intended. */
@Entity
@Table(name = "follow_up")
public class FollowUp extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(name = "case_id")
    public UUID caseId;

    @Column(name = "household_id")
    public UUID householdId;

    @Column(name = "village_code")
    public String villageCode;

    @Column(name = "entitlement_id")
    public UUID entitlementId;

    @Column(name = "paid_on")
    public LocalDate paidOn;

    @Column(name = "due_on")
    public LocalDate dueOn;

    @Enumerated(EnumType.STRING)
    public FollowUpStatus status;

    @Column(name = "fulfilled_by_visit_id")
    public UUID fulfilledByVisitId;

    @Column(name = "fulfilled_on")
    public LocalDate fulfilledOn;

    @Column(name = "created_at")
    public Instant createdAt;

    @Version
    public long version;
}
