package id.graduasi.mentoring.rest;

import java.net.URI;
import java.util.List;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import id.graduasi.mentoring.rest.Views.RecordedView;
import id.graduasi.mentoring.service.VisitCommands;
import id.graduasi.mentoring.service.VisitService;
import id.graduasi.mentoring.service.VisitSync;
import id.graduasi.rest.Problem;
import id.graduasi.security.Roles;
import io.smallrye.mutiny.Uni;
import org.jboss.resteasy.reactive.server.Cancellable;

/**
 * Home visits and group sessions, recorded by the worker the token names (for households of its caseload, now or
 * before) under an id the app generated: 201 when recorded, 200 with the same content when that id was recorded before with the same
 * content (nothing new is written or published), 409 when it was recorded with different content.
 */
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Visits")
@Cancellable(false)
@Path("/api/v1/visits")
public class VisitResource {

    private final VisitService visits;
    private final VisitSync sync;

    public VisitResource(VisitService visits, VisitSync sync) {
        this.visits = visits;
        this.sync = sync;
    }

    @POST
    @RolesAllowed(Roles.SOCIAL_WORKER)
    @Operation(summary = "Record a home visit with its checklist and notes",
            description = "By a social worker (the token's user) for a household of its caseload, now or before; "
                    + "any other household is 404.")
    public Uni<Response> homeVisit(@Valid @NotNull VisitCommands.HomeVisit request) {
        return visits.recordHomeVisit(request).map(r -> respond(r, "/api/v1/visits/"));
    }

    public record ItemResult(UUID id, VisitSync.ItemType type, int status, RecordedView recorded, Problem problem) {
    }

    public record BatchResult(int recorded, int replayed, int rejected, List<ItemResult> results) {
    }

    @POST
    @Path("/batch")
    @RolesAllowed(Roles.SOCIAL_WORKER)
    @Operation(summary = "Sync visits and sessions recorded offline",
            description = "200 with one result per item, in the order sent (visits, then sessions): status 201 "
                    + "recorded, 200 recorded before (a resend), or a problem (400, 403, 404, 409) for that item "
                    + "alone; an item for a household outside your caseload is a 404 naming its householdId. Each item is recorded in its own transaction. A body that is not JSON or has a wrong "
                    + "type somewhere fails as a whole (400).")
    public Uni<BatchResult> batch(@Valid @NotNull VisitCommands.Batch request) {
        return sync.sync(request).map(outcomes -> {
            List<ItemResult> results = outcomes.stream().map(o -> new ItemResult(o.id(), o.type(), o.status(),
                    o.recorded() == null ? null : RecordedView.of(o.recorded()), o.problem())).toList();
            return new BatchResult((int) results.stream().filter(r -> r.status() == 201).count(),
                    (int) results.stream().filter(r -> r.status() == 200).count(),
                    (int) results.stream().filter(r -> r.status() >= 400).count(), results);
        });
    }

    static Response respond(VisitService.Recorded recorded, String location) {
        return recorded.replayed() ? Response.ok(RecordedView.of(recorded)).build()
                : Response.created(URI.create(location + recorded.id())).entity(RecordedView.of(recorded)).build();
    }
}
