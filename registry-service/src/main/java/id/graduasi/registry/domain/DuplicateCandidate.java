package id.graduasi.registry.domain;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import io.smallrye.mutiny.Uni;

@Entity
@Table(name = "duplicate_candidate")
public class DuplicateCandidate extends PanacheEntityBase {

    public static final String OPEN = "OPEN";
    public static final String DISMISSED = "DISMISSED";
    public static final String MERGED = "MERGED";

    @Id
    public UUID id;

    @Column(name = "household_id")
    public UUID householdId;

    @Column(name = "member_id")
    public UUID memberId;

    @Column(name = "other_household_id")
    public UUID otherHouseholdId;

    @Column(name = "other_member_id")
    public UUID otherMemberId;

    public String reason;

    public String status;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "resolved_by")
    public String resolvedBy;

    @Column(name = "resolved_at")
    public Instant resolvedAt;

    public static Uni<List<DuplicateCandidate>> withStatus(String status, int limit) {
        return find("status = ?1 order by createdAt, id", status).page(0, limit).list();
    }

    public static Uni<List<DuplicateCandidate>> openBetween(UUID household, UUID other) {
        return list("status = ?1 and ((householdId = ?2 and otherHouseholdId = ?3)"
                + " or (householdId = ?3 and otherHouseholdId = ?2))", OPEN, household, other);
    }
}
