package id.graduasi.graduation.domain;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import id.graduasi.rest.ListBounds;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import io.smallrye.mutiny.Uni;

@Entity
@Table(name = "graduation_decision")
public class GraduationDecision extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(name = "household_id")
    public UUID householdId;

    @Enumerated(EnumType.STRING)
    public Pathway pathway;

    @Column(name = "reason_code")
    public String reasonCode;

    @Column(name = "decided_on")
    public LocalDate decidedOn;

    @Column(name = "decided_by")
    public String decidedBy;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "proposal_id")
    public UUID proposalId;

    /** The fresh evaluation that found the pathway met (null for an administrative exit). */
    @Column(name = "evaluation_id")
    public UUID evaluationId;

    @Column(name = "proposed_by")
    public String proposedBy;

    @Column(name = "village_code")
    public String villageCode;

    @Column(name = "monitoring_until")
    public LocalDate monitoringUntil;

    @Column(name = "reverted_on")
    public LocalDate revertedOn;

    @Column(name = "reverted_by")
    public String revertedBy;

    @Column(name = "reverted_at")
    public Instant revertedAt;

    @Column(name = "revert_reason_code")
    public String revertReasonCode;

    @Column(name = "revert_note")
    public String revertNote;

    /** Its place among the household's decisions and reversals ({@link HouseholdView#nextDecisionSequence}). */
    @Column(name = "decided_sequence")
    public long decidedSequence;

    /** The reversal's place, once reverted. */
    @Column(name = "reverted_sequence")
    public Long revertedSequence;

    @jakarta.persistence.Version
    public long version;

    public boolean inForce() {
        return revertedAt == null;
    }

    /** The household's decision still in force (not reverted), if any. */
    public static Uni<GraduationDecision> inForce(UUID householdId) {
        return find("householdId = ?1 and revertedAt is null order by createdAt desc", householdId).firstResult();
    }

    /** Oldest first: the newest {@link ListBounds#MAX_ROWS}. */
    public static Uni<List<GraduationDecision>> ofHousehold(UUID householdId) {
        return find("householdId = ?1 order by createdAt desc, id desc", householdId).page(0, ListBounds.MAX_ROWS)
                .<GraduationDecision>list().map(ListBounds::oldestFirst);
    }
}
