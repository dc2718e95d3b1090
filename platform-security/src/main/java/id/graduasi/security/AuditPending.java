package id.graduasi.security;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;

/**
 * An audit entry committed with its write and not yet chained (table {@code audit_pending}); {@link AuditSequencer}
 * moves it into the log.
 */
@Entity
@Table(name = "audit_pending")
public class AuditPending extends PanacheEntityBase {

    @Id
    public UUID id;
    public String service;
    public Instant at;
    public String actor;
    public String client;
    @Column(name = "request_id")
    public String requestId;
    public String action;
    @Column(name = "entity_type")
    public String entityType;
    @Column(name = "entity_id")
    public String entityId;
    @Column(name = "household_id")
    public UUID householdId;
    public String region;
    public String summary;

    /** The log's entry for it, chained after {@code previousHash} as entry {@code seq}. */
    AuditEntry chainedAfter(long seq, String previousHash) {
        AuditEntry entry = new AuditEntry();
        entry.id = id;
        entry.service = service;
        entry.at = at;
        entry.actor = actor;
        entry.client = client;
        entry.requestId = requestId;
        entry.action = action;
        entry.entityType = entityType;
        entry.entityId = entityId;
        entry.householdId = householdId;
        entry.region = region;
        entry.summary = summary;
        entry.seq = seq;
        entry.prevHash = previousHash;
        entry.hash = AuditChain.hash(previousHash, seq, entry);
        return entry;
    }
}
