package id.graduasi.security;

import java.time.Instant;
import java.time.format.DateTimeParseException;
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
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import id.graduasi.rest.ProblemException;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import org.jboss.resteasy.reactive.server.Cancellable;

/** The service's audit log, read-only, for auditors: "who changed this household, when, in which request". */
@Cancellable(false)
@Path("/api/v1/audit")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Audit log")
public class AuditResource {

    /** The next page's cursor, also given in a {@code Link: <...>; rel="next"} header. */
    public static final String NEXT_CURSOR = "X-Next-Cursor";

    private final AuditLog log;
    private final AuditSequencer sequencer;

    public AuditResource(AuditLog log, AuditSequencer sequencer) {
        this.log = log;
        this.sequencer = sequencer;
    }

    public record EntryView(UUID id, String service, Instant at, String actor, String client, String requestId,
            String action, String entityType, String entityId, UUID householdId, String summary, Long seq,
            String hash) {

        static EntryView of(AuditEntry e) {
            return new EntryView(e.id, e.service, e.at, e.actor, e.client, e.requestId, e.action, e.entityType,
                    e.entityId, e.householdId, e.summary, e.seq, e.hash);
        }
    }

    @GET
    @RolesAllowed({Roles.AUDITOR, Roles.ADMIN})
    @WithSession
    @Operation(summary = "Audit entries, newest first: every write (and partners' reads of personal data)",
            description = "Filter by householdId (every change concerning that household, whatever the entity), "
                    + "entityId, entityType, actor and time (from inclusive, to exclusive, ISO 8601 instants); "
                    + "order newest (default) or oldest first; "
                    + "limited to your regions. A full page carries the next page's cursor in the X-Next-Cursor "
                    + "and Link (rel=next) headers: pass it as after.")
    public Uni<Response> find(@QueryParam("householdId") UUID householdId,
            @QueryParam("entityId") @Size(max = 100) String entityId,
            @QueryParam("entityType") @Size(max = 60) String entityType,
            @QueryParam("actor") @Size(max = 200) String actor,
            @QueryParam("from") String from, @QueryParam("to") String to,
            @QueryParam("after") @Size(max = 200) String after,
            @QueryParam("order") @jakarta.validation.constraints.Pattern(regexp = "newest|oldest") String order,
            @QueryParam("limit") @Min(1) @Max(1000) Integer limit, @Context UriInfo uri) {
        int size = limit == null ? 200 : limit;
        Instant since = instant("from", from);
        Instant until = instant("to", to);
        AuditLog.Cursor cursor;
        try {
            cursor = after == null ? null : AuditLog.Cursor.decode(after);
        } catch (IllegalArgumentException e) {
            throw bad("after", "not a cursor from this audit log");
        }
        // Entries still pending are chained first: an auditor reads every write committed before the request.
        return sequencer.drain().chain(() -> log.find(entityId, householdId, entityType, actor, since, until, cursor,
                "oldest".equals(order), size)).map(entries -> {
            Response.ResponseBuilder response = Response.ok(entries.stream().map(EntryView::of).toList());
            if (entries.size() == size) {
                AuditEntry last = entries.get(entries.size() - 1);
                String next = new AuditLog.Cursor(last.at, last.id).encode();
                response.header(NEXT_CURSOR, next)
                        .link(uri.getRequestUriBuilder().replaceQueryParam("after", next).build(), "next");
            }
            return response.build();
        });
    }

    @GET
    @Path("/verification")
    @RolesAllowed({Roles.AUDITOR, Roles.ADMIN})
    @WithSession
    @Operation(summary = "Verify this service's audit hash chain and report the first broken link",
            description = "Recomputes every entry's hash in order: intact, or the first entry (seq, id) that is "
                    + "missing, changed or out of place. Entries written before the chain existed are counted as "
                    + "unchained.")
    public Uni<AuditLog.Verification> verify() {
        return sequencer.drain().chain(log::verify);
    }

    private static Instant instant(String field, String value) {
        if (value == null) {
            return null;
        }
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw bad(field, "an ISO 8601 instant such as 2026-03-31T00:00:00Z");
        }
    }

    private static ProblemException bad(String field, String message) {
        return new ProblemException(400, "Bad Request", field + " must be " + message,
                List.of(new id.graduasi.rest.Problem.FieldError(field, message)));
    }
}
