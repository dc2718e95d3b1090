package id.graduasi.graduation.domain;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import io.smallrye.mutiny.Uni;

/** One evaluation of a household: its input snapshot, the criteria version, and what was found (JSON). */
@Entity
@Table(name = "evaluation")
public class Evaluation extends PanacheEntityBase {

    public enum Trigger {
        ON_DEMAND, EVENT, BATCH, DECISION
    }

    @Id
    public UUID id;

    @Column(name = "household_id")
    public UUID householdId;

    @Column(name = "criteria_version_id")
    public Integer criteriaVersionId;

    @Column(name = "as_of")
    public LocalDate asOf;

    @jakarta.persistence.Enumerated(jakarta.persistence.EnumType.STRING)
    public Trigger trigger;

    @Column(name = "job_id")
    public UUID jobId;

    @Column(name = "requested_by")
    public String requestedBy;

    @Column(name = "evaluated_at")
    public Instant evaluatedAt;

    @Column(name = "met_pathway")
    public String metPathway;

    @JdbcTypeCode(SqlTypes.JSON)
    public String snapshot;

    @JdbcTypeCode(SqlTypes.JSON)
    public String result;

    public static Uni<List<Evaluation>> latestOf(UUID householdId, int limit) {
        return find("householdId = ?1 order by evaluatedAt desc", householdId).page(0, limit).list();
    }
}
