package id.graduasi.mentoring.domain;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;

/** One (re)assignment of a case to a worker; the rows of a case are its assignment history. */
@Entity
@Table(name = "case_assignment")
public class CaseAssignment extends PanacheEntityBase {

    public static final String BALANCED = "BALANCED";
    public static final String REASSIGNED = "REASSIGNED";
    public static final String WORKER_LEFT = "WORKER_LEFT";
    public static final String SYSTEM = "system";

    @Id
    public UUID id;

    @Column(name = "case_id")
    public UUID caseId;

    @Column(name = "household_id")
    public UUID householdId;

    @Column(name = "worker_id")
    public UUID workerId;

    @Column(name = "previous_worker_id")
    public UUID previousWorkerId;

    public String reason;

    @Column(name = "assigned_by")
    public String assignedBy;

    @Column(name = "assigned_at")
    public Instant assignedAt;
}
