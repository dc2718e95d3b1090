package id.graduasi.registry.spdci;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;

/** A callback to a partner (on-search, notify, ...), sent by {@link SpdciDeliveryWorker} until it is taken. */
@Entity
@Table(name = "spdci_delivery")
public class SpdciDelivery extends PanacheEntityBase {

    public static final String PENDING = "PENDING";
    public static final String DELIVERED = "DELIVERED";
    public static final String FAILED = "FAILED";

    @Id
    public UUID id;

    @Column(name = "transaction_id")
    public UUID transactionId;

    public String subscription;

    public String url;

    public String action;

    /** The whole envelope, encrypted: it carries NIKs. */
    @Column(name = "body_encrypted")
    public String bodyEncrypted;

    public String status;

    public int attempts;

    @Column(name = "next_attempt_at")
    public Instant nextAttemptAt;

    @Column(name = "last_error")
    public String lastError;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "delivered_at")
    public Instant deliveredAt;
}
