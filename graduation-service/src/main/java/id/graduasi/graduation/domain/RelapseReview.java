package id.graduasi.graduation.domain;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import id.graduasi.graduation.security.HouseholdScope;
import id.graduasi.security.RegionScope;
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

    /** Of one status oldest first, or all newest first; only households in {@code scope}, in the query. */
    public static Uni<List<RelapseReview>> list(String status, int limit, RegionScope scope) {
        Map<String, Object> params = new HashMap<>();
        List<String> where = new ArrayList<>();
        if (status != null) {
            where.add("status = :status");
            params.put("status", status);
        }
        String inScope = HouseholdScope.hql("householdId", scope, params);
        if (inScope != null) {
            where.add(inScope);
        }
        return find("from RelapseReview" + (where.isEmpty() ? "" : " where " + String.join(" and ", where))
                + (status == null ? " order by suspectedOn desc" : " order by suspectedOn"), params)
                .page(0, limit).list();
    }
}
