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

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;

/**
 * A household seen once: a home visit (with the checklist) or its attendance at a group session. Checklist
 * answers are null when not asked; notes are free text and never leave this service.
 */
@Entity
@Table(name = "visit")
public class Visit extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(name = "session_id")
    public UUID sessionId;

    @Column(name = "case_id")
    public UUID caseId;

    @Column(name = "household_id")
    public UUID householdId;

    @Column(name = "village_code")
    public String villageCode;

    @Column(name = "worker_id")
    public UUID workerId;

    @Enumerated(EnumType.STRING)
    public VisitKind kind;

    @Column(name = "visited_on")
    public LocalDate visitedOn;

    public boolean attended;

    @Column(name = "aid_used_as_intended")
    public Boolean aidUsedAsIntended;

    @Column(name = "business_running")
    public Boolean businessRunning;

    @Column(name = "income_reported")
    public Boolean incomeReported;

    @Column(name = "savings_kept")
    public Boolean savingsKept;

    @Column(name = "children_attending_school")
    public Boolean childrenAttendingSchool;

    @Column(name = "health_checks_done")
    public Boolean healthChecksDone;

    public String notes;

    @Column(name = "request_hash")
    public String requestHash;

    @Column(name = "recorded_at")
    public Instant recordedAt;
}
