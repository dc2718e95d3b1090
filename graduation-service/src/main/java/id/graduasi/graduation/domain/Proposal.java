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
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

import id.graduasi.graduation.security.HouseholdScope;
import id.graduasi.security.RegionScope;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import io.smallrye.mutiny.Uni;

/** A proposal to take a household out through a pathway, waiting for a second person's decision. */
@Entity
@Table(name = "proposal")
public class Proposal extends PanacheEntityBase {

    public enum Status {
        PENDING, GRADUATED, REJECTED, DEFERRED
    }

    @Id
    public UUID id;

    @Column(name = "household_id")
    public UUID householdId;

    @Enumerated(EnumType.STRING)
    public Pathway pathway;

    @Column(name = "evaluation_id")
    public UUID evaluationId;

    @Column(name = "recommendation_id")
    public UUID recommendationId;

    @Column(name = "reason_code")
    public String reasonCode;

    public String note;

    @Enumerated(EnumType.STRING)
    public Status status;

    @Column(name = "proposed_by")
    public String proposedBy;

    @Column(name = "proposed_at")
    public Instant proposedAt;

    /** Comma-separated reason codes of the decision. */
    @Column(name = "decision_reasons")
    public String decisionReasons;

    @Column(name = "decision_note")
    public String decisionNote;

    @Column(name = "decided_on")
    public LocalDate decidedOn;

    @Column(name = "decided_by")
    public String decidedBy;

    @Column(name = "decided_at")
    public Instant decidedAt;

    @Column(name = "decision_id")
    public UUID decisionId;

    @Version
    public long version;

    public static Uni<Proposal> pending(UUID householdId) {
        return find("householdId = ?1 and status = ?2", householdId, Status.PENDING).firstResult();
    }

    /** PENDING ones oldest first, or all newest first; only households in {@code scope}, in the query. */
    public static Uni<List<Proposal>> list(Status status, int limit, RegionScope scope) {
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
        return find("from Proposal" + (where.isEmpty() ? "" : " where " + String.join(" and ", where))
                + (status == null ? " order by proposedAt desc" : " order by proposedAt"), params)
                .page(0, limit).list();
    }
}
