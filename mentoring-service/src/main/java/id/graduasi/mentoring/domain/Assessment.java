package id.graduasi.mentoring.domain;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;

/** A scored assessment of a household on the graduation criteria; its scores are {@link AssessmentScore} rows. */
@Entity
@Table(name = "assessment")
public class Assessment extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(name = "case_id")
    public UUID caseId;

    @Column(name = "household_id")
    public UUID householdId;

    @Column(name = "village_code")
    public String villageCode;

    @Column(name = "worker_id")
    public UUID workerId;

    @Column(name = "assessed_on")
    public LocalDate assessedOn;

    @Enumerated(EnumType.STRING)
    @Column(name = "case_status")
    public CaseStatus caseStatus;

    @Column(name = "mean_score")
    public BigDecimal meanScore;

    @Column(name = "relapse_suspected")
    public boolean relapseSuspected;

    public String notes;

    @Column(name = "recorded_at")
    public Instant recordedAt;
}
