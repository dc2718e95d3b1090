package id.graduasi.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The audit log's hash chain: entry n's hash is SHA-256 over entry n-1's hash, n and every field of entry n, each
 * written with its length (so no two different entries encode alike). The first entry's previous hash is
 * {@link #GENESIS}.
 */
public final class AuditChain {

    public static final String GENESIS = "0".repeat(64);

    private AuditChain() {
    }

    public static String hash(String previous, long seq, AuditEntry e) {
        StringBuilder s = new StringBuilder("graduasi-audit-v1");
        for (Object field : new Object[] {previous, seq, e.id, e.service, e.at, e.actor, e.client, e.requestId,
                e.action, e.entityType, e.entityId, e.householdId, e.region, e.summary}) {
            if (field == null) {
                s.append("|-");
            } else {
                String text = field.toString();
                s.append('|').append(text.length()).append(':').append(text);
            }
        }
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(s.toString().getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException(ex);
        }
    }
}
