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

    public static Uni<List<GraduationDecision>> ofHousehold(UUID householdId) {
        return list("householdId = ?1 order by createdAt", householdId);
    }
}
