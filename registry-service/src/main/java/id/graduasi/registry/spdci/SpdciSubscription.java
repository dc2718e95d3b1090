package id.graduasi.registry.spdci;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import io.smallrye.mutiny.Uni;

/** A partner's subscription to registry events; notifies go to its callback_uri while it is active. */
@Entity
@Table(name = "spdci_subscription")
public class SpdciSubscription extends PanacheEntityBase {

    public static final String ACTIVE = "subscribe";
    public static final String ENDED = "unsubscribe";

    @Id
    public String code;

    @Column(name = "transaction_id")
    public UUID transactionId;

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

    /** The subscriber's transaction_id: notifies belong to that business transaction. */
    @Column(name = "sender_transaction")
    public String senderTransaction;

    @Column(name = "reference_id")
    public String referenceId;

    @Column(name = "callback_uri")
    public String callbackUri;

    @Column(name = "reg_event_type")
    public String regEventType;

    @Column(name = "filter_type")
    public String filterType;

    public String filter;

    @Column(name = "notify_record_type")
    public String notifyRecordType;

    public String status;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "ended_at")
    public Instant endedAt;

    /**
     * A page of the active subscriptions to an event made at or before {@code madeBy}, in (createdAt, code) order
     * after the given position ({@code null}: the first page).
     */
    public static Uni<List<SpdciSubscription>> active(String regEventType, Instant madeBy, SpdciSubscription after,
            int limit) {
        return (after == null
                ? find("regEventType = ?1 and status = ?2 and createdAt <= ?3 order by createdAt, code",
                        regEventType, ACTIVE, madeBy)
                : find("regEventType = ?1 and status = ?2 and createdAt <= ?3"
                        + " and (createdAt > ?4 or (createdAt = ?4 and code > ?5)) order by createdAt, code",
                        regEventType, ACTIVE, madeBy, after.createdAt, after.code))
                .page(0, limit).list();
    }
}
