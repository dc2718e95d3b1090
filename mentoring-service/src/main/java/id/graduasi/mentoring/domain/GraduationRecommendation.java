package id.graduasi.mentoring.domain;

import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;

/** A worker's judgement: ready to graduate (with a pathway), or not yet (with reason codes). */
@Entity
@Table(name = "graduation_recommendation")
public class GraduationRecommendation extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(name = "case_id")
    public UUID caseId;

    @Column(name = "household_id")
    public UUID householdId;

    @Column(name = "worker_id")
    public UUID workerId;

    public boolean ready;

    public String pathway;

    /** Comma-separated; empty when there are none. */
    @Column(name = "reason_codes")
    public String reasonCodes;

    public String notes;

    @Column(name = "recommended_on")
    public LocalDate recommendedOn;

    @Column(name = "recorded_at")
    public Instant recordedAt;
}
