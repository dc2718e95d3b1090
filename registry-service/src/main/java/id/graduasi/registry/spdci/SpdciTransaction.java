package id.graduasi.registry.spdci;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;

/** One request a partner sent (search, subscribe, unsubscribe, txn-status) and the answer it got. */
@Entity
@Table(name = "spdci_transaction")
public class SpdciTransaction extends PanacheEntityBase {

    public static final String SUCCESS = "succ";
    public static final String REJECTED = "rjct";

    /** Our correlation_id. */
    @Id
    public UUID id;

    @Column(name = "sender_id")
    public String senderId;

    /** The authenticated client (token client id) that made it: the only one who may see or change it. */
    @Column(name = "client_id")
    public String clientId;

    /** The client's regions when it was made (sorted, comma-separated; {@code *} for all). */
    @Column(name = "scope_regions")
    public String scopeRegions;

    /** The client's programmes when it was made (sorted, comma-separated). */
    @Column(name = "scope_programmes")
    public String scopeProgrammes;

    @Column(name = "message_id")
    public String messageId;

    /** The sender's transaction_id. */
    @Column(name = "transaction_id")
    public String transactionId;

    public String action;

    public String status;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "request_summary")
    public String requestSummary;

    @Column(name = "response_encrypted")
    public String responseEncrypted;

    @Column(name = "created_at")
    public Instant createdAt;
}
