package id.graduasi.security;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

/**
 * One row of a service's append-only audit log (table {@code audit_log}; the database refuses updates and
 * deletes), chained by hash to the previous entry of its service ({@link AuditChain}). Never holds NIKs or names:
 * {@code summary} says what changed in codes and ids.
 */
@Entity
@Table(name = "audit_log")
public class AuditEntry extends AuditRecord {

    /** Position in the service's hash chain (1, 2, ...); null for entries written before the chain existed. */
    public Long seq;
    @Column(name = "prev_hash")
    public String prevHash;
    /** {@link AuditChain#hash} of this entry. */
    public String hash;
}
