package id.graduasi.security;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.smallrye.mutiny.Uni;

/**
 * Appends to the audit log. Call {@link #record} inside the transaction of the write it describes (chain it in
 * the same {@code Panache.withTransaction}): the row commits with the write or not at all.
 */
@ApplicationScoped
public class AuditLog {

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
        AuditEntry entry = new AuditEntry();
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
        return entry.persist().replaceWithVoid();
    }

    /** Entries about one entity (or all), oldest first, limited to the caller's regions; call in a session. */
    public Uni<List<AuditEntry>> find(String entityId, UUID householdId, String entityType, String actor,
            int limit) {
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
        String scoped = caller.scope().condition("region", "scope", params);
        if (scoped != null) {
            where.add(scoped);
        }
        String query = (where.isEmpty() ? "" : "where " + String.join(" and ", where)) + " order by at, id";
        return AuditEntry.<AuditEntry>find(query, params).page(0, limit).list();
    }
}
