package id.graduasi.security;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;

/** The service's audit log, read-only, for auditors: "who changed this household, when, in which request". */
@Path("/api/v1/audit")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Audit log")
public class AuditResource {

    private final AuditLog log;

    public AuditResource(AuditLog log) {
        this.log = log;
    }

    public record EntryView(UUID id, String service, Instant at, String actor, String client, String requestId,
            String action, String entityType, String entityId, UUID householdId, String summary) {

        static EntryView of(AuditEntry e) {
            return new EntryView(e.id, e.service, e.at, e.actor, e.client, e.requestId, e.action, e.entityType,
                    e.entityId, e.householdId, e.summary);
        }
    }

    @GET
    @RolesAllowed({Roles.AUDITOR, Roles.ADMIN})
    @WithSession
    @Operation(summary = "Audit entries, oldest first: every write (and partners' reads of personal data)",
            description = "Filter by householdId (every change concerning that household, whatever the entity), "
                    + "entityId, entityType and actor; limited to your regions.")
    public Uni<List<EntryView>> find(@QueryParam("householdId") UUID householdId,
            @QueryParam("entityId") @Size(max = 100) String entityId,
            @QueryParam("entityType") @Size(max = 60) String entityType,
            @QueryParam("actor") @Size(max = 200) String actor,
            @QueryParam("limit") @Min(1) @Max(1000) Integer limit) {
        return log.find(entityId, householdId, entityType, actor, limit == null ? 200 : limit)
                .map(list -> list.stream().map(EntryView::of).toList());
    }
}
