package id.graduasi.graduation.domain;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import io.smallrye.mutiny.Uni;

/** Mentoring suspects a graduated family relapsed: someone reviews the decision (and may reverse it). */
@Entity
@Table(name = "relapse_review")
public class RelapseReview extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(name = "household_id")
    public UUID householdId;

    @Column(name = "decision_id")
    public UUID decisionId;

    @Column(name = "case_id")
    public UUID caseId;

    @Column(name = "assessment_id")
    public UUID assessmentId;

    public int score;

    public int threshold;

    @Column(name = "suspected_on")
    public LocalDate suspectedOn;

    /** OPEN, DISMISSED or REVERSED. */
    public String status;

    @Column(name = "resolved_by")
    public String resolvedBy;

    @Column(name = "resolved_at")
    public Instant resolvedAt;

    public String resolution;

    public static Uni<List<RelapseReview>> list(String status, int limit) {
        return status == null ? find("order by suspectedOn desc").page(0, limit).list()
                : find("status = ?1 order by suspectedOn", status).page(0, limit).list();
    }
}
