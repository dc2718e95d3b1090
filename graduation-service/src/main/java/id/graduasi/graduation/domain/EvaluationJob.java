package id.graduasi.graduation.domain;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;

/** A batch evaluation of the households of a region and/or cohort, worked through in id order. */
@Entity
@Table(name = "evaluation_job")
public class EvaluationJob extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(name = "region_prefix")
    public String regionPrefix;

    public Integer cohort;

    /** RUNNING or DONE. */
    public String status;

    public int total;

    public int done;

    public int met;

    @Column(name = "cursor_id")
    public UUID cursorId;

    @Column(name = "created_by")
    public String createdBy;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "finished_at")
    public Instant finishedAt;
}
