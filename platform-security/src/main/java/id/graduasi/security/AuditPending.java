package id.graduasi.security;

import jakarta.persistence.Entity;
import jakarta.persistence.Table;

/**
 * An audit entry committed with its write and not yet chained (table {@code audit_pending}); {@link AuditSequencer}
 * moves it into the log.
 */
@Entity
@Table(name = "audit_pending")
public class AuditPending extends AuditRecord {

    /** The log's entry for it, chained after {@code previousHash} as entry {@code seq}. */
    AuditEntry chainedAfter(long seq, String previousHash) {
        AuditEntry entry = new AuditEntry();
        copyTo(entry);
        entry.seq = seq;
        entry.prevHash = previousHash;
        entry.hash = AuditChain.hash(previousHash, seq, entry);
        return entry;
    }
}
