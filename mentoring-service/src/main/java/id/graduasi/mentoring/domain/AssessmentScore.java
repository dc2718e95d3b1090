package id.graduasi.mentoring.domain;

import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import id.graduasi.events.contract.AssessmentCriterion;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;

/** One criterion's score (0-100) in an assessment, with the worker's evidence note. */
@Entity
@Table(name = "assessment_score")
public class AssessmentScore extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(name = "assessment_id")
    public UUID assessmentId;

    @Enumerated(EnumType.STRING)
    public AssessmentCriterion criterion;

    public int score;

    public String evidence;
}
