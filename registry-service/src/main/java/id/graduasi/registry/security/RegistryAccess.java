package id.graduasi.registry.security;

import java.util.UUID;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;

import id.graduasi.registry.domain.Household;
import id.graduasi.rest.ProblemException;
import id.graduasi.security.AuditLog;
import id.graduasi.security.Caller;
import id.graduasi.security.Roles;
import id.graduasi.security.SecurityProblems;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;

/**
 * Region scoping and auditing for the registry's endpoints: a household outside the caller's regions is 404,
 * exactly as one that does not exist; a write and its audit row commit together.
 */
@ApplicationScoped
public class RegistryAccess {

    public static final String HOUSEHOLD = "household";

    private final Caller caller;
    private final AuditLog audit;

    public RegistryAccess(Caller caller, AuditLog audit) {
        this.caller = caller;
        this.audit = audit;
    }

    public Caller caller() {
        return caller;
    }

    /** The household if it exists and lies in the caller's regions; else 404. */
    @WithSession
    public Uni<Household> household(UUID id) {
        return Household.<Household>findById(id).map(h -> {
            if (h == null || !caller.scope().allows(h.villageCode)) {
                throw ProblemException.notFound("household", id);
            }
            return h;
        });
    }

    /** A write to a new household in {@code villageCode} is refused (403) outside the caller's regions. */
    public void requireWritable(String villageCode) {
        if (villageCode != null && !caller.scope().allows(villageCode)) {
            throw SecurityProblems.outOfScope("villageCode");
        }
    }

    /** Runs the write and appends its audit row in one transaction. */
    public <T> Uni<T> audited(Supplier<Uni<T>> write, String action, String entityType,
            java.util.function.Function<T, Object> entityId, java.util.function.Function<T, String> region,
            java.util.function.Function<T, String> summary) {
        return Panache.withTransaction(() -> write.get().call(result -> {
            Object id = entityId.apply(result);
            return audit.record(action, entityType, id, HOUSEHOLD.equals(entityType) ? (UUID) id : null,
                    region.apply(result), summary.apply(result));
        }));
    }

    /** Writes about a household already checked in scope. */
    public <T> Uni<T> auditedOn(Household household, String action, Supplier<Uni<T>> write,
            java.util.function.Function<T, String> summary) {
        return audited(write, action, HOUSEHOLD, r -> household.id, r -> household.villageCode, summary);
    }

    /** A partner's read of personal data is logged (in its own short transaction, before the data is sent). */
    public <T> Uni<T> read(Household household, String what, T result) {
        if (!caller.is(Roles.PARTNER)) {
            return Uni.createFrom().item(result);
        }
        return Panache.withTransaction(() -> audit.record("READ", HOUSEHOLD, household.id, household.id, household.villageCode,
                what)).replaceWith(result);
    }

    public <T> Uni<T> readAudited(String entityType, Object entityId, String region, String what, T result) {
        if (!caller.is(Roles.PARTNER)) {
            return Uni.createFrom().item(result);
        }
        return Panache.withTransaction(() -> audit.record("READ", entityType, entityId, null, region, what))
                .replaceWith(result);
    }
}
