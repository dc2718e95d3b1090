package id.graduasi.security;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Id;
import jakarta.persistence.MappedSuperclass;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;

/** What an audit entry says, pending ({@link AuditPending}) or chained in the log ({@link AuditEntry}). */
@MappedSuperclass
public abstract class AuditRecord extends PanacheEntityBase {

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
    /** The household the change is about (an enrollment's, a case's, ...), when there is one. */
    @Column(name = "household_id")
    public UUID householdId;
    /** The region the entity belongs to, so that reading the log honours region scopes too. */
    public String region;
    public String summary;

    void copyTo(AuditRecord other) {
        other.id = id;
        other.service = service;
        other.at = at;
        other.actor = actor;
        other.client = client;
        other.requestId = requestId;
        other.action = action;
        other.entityType = entityType;
        other.entityId = entityId;
        other.householdId = householdId;
        other.region = region;
        other.summary = summary;
    }
}
