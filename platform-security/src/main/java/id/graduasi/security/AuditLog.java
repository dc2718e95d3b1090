package id.graduasi.security;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

/**
 * Appends to the audit log. Call {@link #record} inside the transaction of the write it describes (chain it in
 * the same {@code Panache.withTransaction}): the entry commits with the write or not at all. It commits as pending
 * ({@link AuditPending}), taking no lock another write waits for; {@link AuditSequencer} chains it by hash to the
 * previous entry of this service ({@link AuditChain}) within about a second, and before the log is read.
 */
@ApplicationScoped
public class AuditLog {

    /** Entries read per round when verifying the chain. */
    static final int VERIFY_PAGE = 500;

    private final Caller caller;
    private final String service;

    public AuditLog(Caller caller, @ConfigProperty(name = "quarkus.application.name") String service) {
        this.caller = caller;
        this.service = service;
    }

    /**
     * @param householdId the household the change concerns, or {@code null} (e.g. a disbursement cycle)
     * @param summary what changed, in codes and ids only: never a NIK, a name or an address
     */
    public Uni<Void> record(String action, String entityType, Object entityId, UUID householdId, String region,
            String summary) {
        return recordAs(caller.id(), caller.clientId(), action, entityType, entityId, householdId, region, summary);
    }

    /** A write made by a party that is not the token's caller (e.g. a payment provider proving itself otherwise). */
    public Uni<Void> recordAs(String actor, String client, String action, String entityType, Object entityId,
            UUID householdId, String region, String summary) {
        AuditPending entry = new AuditPending();
        entry.id = UUID.randomUUID();
        entry.service = service;
        entry.at = Instant.now().truncatedTo(ChronoUnit.MICROS);
        entry.actor = actor;
        entry.client = client;
        entry.requestId = caller.requestId();
        entry.action = action;
        entry.entityType = entityType;
        entry.entityId = entityId == null ? null : entityId.toString();
        entry.householdId = householdId;
        entry.region = region;
        entry.summary = summary;
        // Joins the caller's transaction (the write's).
        return Panache.withTransaction(entry::persist).replaceWithVoid();
    }

    /** A keyset position in the newest-first order: the last entry of the previous page. */
    public record Cursor(Instant at, UUID id) {

        public String encode() {
            return Base64.getUrlEncoder().withoutPadding()
                    .encodeToString((at + "|" + id).getBytes(StandardCharsets.UTF_8));
        }

        /** @throws IllegalArgumentException when the text is not a cursor this log made */
        public static Cursor decode(String text) {
            try {
                String[] parts = new String(Base64.getUrlDecoder().decode(text), StandardCharsets.UTF_8).split("\\|");
                if (parts.length != 2) {
                    throw new IllegalArgumentException("not a cursor");
                }
                return new Cursor(Instant.parse(parts[0]), UUID.fromString(parts[1]));
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("not a cursor", e);
            }
        }
    }

    /**
     * Entries, newest first (or oldest first), limited to the caller's regions; call in a session.
     *
     * @param from entries at or after (null: no bound)
     * @param to entries before (null: no bound)
     * @param after the previous page's last entry (null: the first page)
     */
    public Uni<List<AuditEntry>> find(String entityId, UUID householdId, String entityType, String actor,
            Instant from, Instant to, Cursor after, boolean oldestFirst, int limit) {
        List<String> where = new ArrayList<>();
        Map<String, Object> params = new HashMap<>();
        if (householdId != null) {
            where.add("householdId = :householdId");
            params.put("householdId", householdId);
        }
        if (entityId != null) {
            where.add("entityId = :entityId");
            params.put("entityId", entityId);
        }
        if (entityType != null) {
            where.add("entityType = :entityType");
            params.put("entityType", entityType);
        }
        if (actor != null) {
            where.add("actor = :actor");
            params.put("actor", actor);
        }
        if (from != null) {
            where.add("at >= :from");
            params.put("from", from);
        }
        if (to != null) {
            where.add("at < :to");
            params.put("to", to);
        }
        if (after != null) {
            where.add(oldestFirst ? "(at > :afterAt or (at = :afterAt and id > :afterId))"
                    : "(at < :afterAt or (at = :afterAt and id < :afterId))");
            params.put("afterAt", after.at());
            params.put("afterId", after.id());
        }
        String scoped = caller.scope().condition("region", "scope", params);
        if (scoped != null) {
            where.add(scoped);
        }
        String query = (where.isEmpty() ? "" : "where " + String.join(" and ", where)) + (oldestFirst ? " order by at, id" : " order by at desc, id desc");
        return AuditEntry.<AuditEntry>find(query, params).page(0, limit).list();
    }

    /**
     * What {@link #verify} found: whether the chain is intact, how many entries it checked, and the first broken
     * link (its position, the entry found there if any, and what is wrong).
     */
    public record Verification(String service, boolean intact, long entriesChecked, long unchainedEntries,
            Long firstBrokenSeq, UUID firstBrokenId, String problem) {
    }

    /**
     * Walks this service's whole chain in order and recomputes every hash; call in a session. Reads every entry
     * whatever the caller's regions, and reports only positions and ids.
     */
    public Uni<Verification> verify() {
        return AuditEntry.count("service = ?1 and seq is null", service)
                .chain(unchained -> walk(0, AuditChain.GENESIS, unchained));
    }

    private Uni<Verification> walk(long lastSeq, String lastHash, long unchained) {
        return AuditEntry.<AuditEntry>find("service = ?1 and seq > ?2 order by seq", service, lastSeq)
                .page(0, VERIFY_PAGE).list().chain(page -> {
                    long seq = lastSeq;
                    String previous = lastHash;
                    for (AuditEntry e : page) {
                        long expected = seq + 1;
                        if (e.seq != expected) {
                            return broken(seq, unchained, expected, null,
                                    "missing (the next entry in the log is " + e.seq + ")");
                        }
                        if (!previous.equals(e.prevHash)) {
                            return broken(seq, unchained, expected, e.id,
                                    "its previous hash is not the hash of entry " + seq);
                        }
                        if (!AuditChain.hash(previous, e.seq, e).equals(e.hash)) {
                            return broken(seq, unchained, expected, e.id, "its content does not match its hash");
                        }
                        seq = expected;
                        previous = e.hash;
                    }
                    if (page.size() == VERIFY_PAGE) {
                        return walk(seq, previous, unchained);
                    }
                    long last = seq;
                    String lastOk = previous;
                    return AuditChainHead.<AuditChainHead>findById(service).map(head -> {
                        long headSeq = head == null ? 0 : head.seq;
                        if (headSeq != last || (head != null && !head.hash.equals(lastOk))) {
                            return new Verification(service, false, last, unchained, last + 1, null,
                                    "the chain ends at entry " + last + " but its head records entry " + headSeq
                                            + ": entries at the end are missing or were replaced");
                        }
                        return new Verification(service, true, last, unchained, null, null, null);
                    });
                });
    }

    private Uni<Verification> broken(long checked, long unchained, long seq, UUID id, String problem) {
        return Uni.createFrom().item(new Verification(service, false, checked, unchained, seq, id,
                "entry " + seq + ": " + problem));
    }
}
