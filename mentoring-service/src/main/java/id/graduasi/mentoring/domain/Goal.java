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

/** One goal of a household's action plan (start a business, open savings, repair the house ...). */
@Entity
@Table(name = "goal")
public class Goal extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(name = "case_id")
    public UUID caseId;

    @Column(name = "household_id")
    public UUID householdId;

    @Enumerated(EnumType.STRING)
    public GoalKind kind;

    public String description;

    @Enumerated(EnumType.STRING)
    public GoalStatus status;

    @Column(name = "target_date")
    public LocalDate targetDate;

    @Column(name = "created_by")
    public String createdBy;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "updated_at")
    public Instant updatedAt;

    @Version
    public long version;
}
