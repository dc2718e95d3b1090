package id.graduasi.assistance.domain;

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
import io.smallrye.mutiny.Uni;

/** A payment round of a programme (e.g. PKH 2026 tranche 1): its entitlements, computed, then approved. */
@Entity
@Table(name = "disbursement_cycle")
public class DisbursementCycle extends PanacheEntityBase {

    public enum Status {
        DRAFT, APPROVED
    }

    @Id
    public UUID id;

    public String programme;

    public int year;

    public short tranche;

    @Column(name = "reference_date")
    public LocalDate referenceDate;

    @Enumerated(EnumType.STRING)
    public Status status;

    @Column(name = "created_by")
    public String createdBy;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "approved_by")
    public String approvedBy;

    @Column(name = "approved_at")
    public Instant approvedAt;

    @Column(name = "entitlement_count")
    public long entitlementCount;

    /** Rupiah. */
    @Column(name = "total_amount")
    public long totalAmount;

    @Version
    public long version;

    public static Uni<DisbursementCycle> of(String programme, int year, int tranche) {
        return find("programme = ?1 and year = ?2 and tranche = ?3", programme, year, (short) tranche)
                .firstResult();
    }
}
