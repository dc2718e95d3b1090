package id.graduasi.security;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;

/**
 * One row of a service's append-only audit log (table {@code audit_log}; the database refuses updates and
 * deletes), chained by hash to the previous entry of its service ({@link AuditChain}). Never holds NIKs or names:
 * {@code summary} says what changed in codes and ids.
 */
@Entity
@Table(name = "audit_log")
public class AuditEntry extends PanacheEntityBase {

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
    /** Position in the service's hash chain (1, 2, ...); null for entries written before the chain existed. */
    public Long seq;
    @Column(name = "prev_hash")
    public String prevHash;
    /** {@link AuditChain#hash} of this entry. */
    public String hash;
}
