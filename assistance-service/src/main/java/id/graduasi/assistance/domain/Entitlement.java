package id.graduasi.assistance.domain;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;

/** What one enrollment is owed in one cycle, frozen when the cycle was computed. */
@Entity
public class Entitlement extends PanacheEntityBase {

    public static final String DRAFT = "DRAFT";
    public static final String APPROVED = "APPROVED";
    public static final String SENT = "SENT";
    public static final String PAID = "PAID";
    public static final String FAILED = "FAILED";
    public static final String CANCELLED = "CANCELLED";

    @Id
    public UUID id;

    @Column(name = "cycle_id")
    public UUID cycleId;

    @Column(name = "enrollment_id")
    public UUID enrollmentId;

    @Column(name = "household_id")
    public UUID householdId;

    @Column(name = "village_code")
    public String villageCode;

    /** Rupiah. */
    public long amount;

    /** The PKH components paid for, highest first, comma-separated. */
    public String components;

    public String status;

    @Column(name = "status_reason")
    public String statusReason;

    @Column(name = "created_at")
    public Instant createdAt;

    /** Payment instructions sent so far; the provider's reference is {@code <id>:<attempt>}. */
    public int attempt;

    @Column(name = "send_due")
    public boolean sendDue;

    @Column(name = "sent_at")
    public Instant sentAt;

    @Column(name = "settled_at")
    public Instant settledAt;

    @Column(name = "provider_transaction_id")
    public String providerTransactionId;
}
