package id.graduasi.assistance.rest;

import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import id.graduasi.assistance.payment.ReconciliationMetrics;
import id.graduasi.assistance.payment.ReconciliationService;
import id.graduasi.assistance.security.AssistanceAccess;
import id.graduasi.rest.IdempotencyService;
import id.graduasi.rest.ProblemException;
import id.graduasi.security.Roles;
import io.smallrye.mutiny.Uni;
import org.jboss.resteasy.reactive.server.Cancellable;

/**
 * Reconciliation exceptions: contradictions between the payment provider's confirmations and assistance's books
 * (issue #16), listed for staff and resolved by a supervisor or an administrator with every region, since
 * reconciliation with the provider spans regions as a disbursement cycle does.
 */
@Cancellable(false)
@Path("/api/v1/reconciliation-exceptions")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Disbursement cycles")
public class ReconciliationResource {

    private final ReconciliationService reconciliation;
    private final ReconciliationMetrics metrics;
    private final IdempotencyService idempotency;
    private final AssistanceAccess access;

    public ReconciliationResource(ReconciliationService reconciliation, ReconciliationMetrics metrics,
            IdempotencyService idempotency, AssistanceAccess access) {
        this.reconciliation = reconciliation;
        this.metrics = metrics;
        this.idempotency = idempotency;
        this.access = access;
    }

    public record Resolve(
            @NotNull @Pattern(regexp = "PAID|NOT_PAID", message = "must be PAID (the money reached the household) "
                    + "or NOT_PAID (it did not)") String outcome,
            @NotBlank @Size(min = 10, max = 1000) String note) {
    }

    @GET
    @RolesAllowed({Roles.ADMIN, Roles.SUPERVISOR, Roles.OFFICER, Roles.AUDITOR})
    @Operation(summary = "Reconciliation exceptions in your regions, oldest first, with totals open and resolved",
            description = "state OPEN or RESOLVED (both when absent), cycleId, limit 1-1000 (default 100), after = "
                    + "the previous page's nextCursor. totals: per kind, open and resolved count and rupiah at risk "
                    + "of the same selection (every state). An exception for a reference naming no entitlement has "
                    + "no region: only a caller with every region sees it.")
    public Uni<ReconciliationService.Page> list(@QueryParam("state") String state, @QueryParam("cycleId") UUID cycleId,
            @QueryParam("after") UUID after, @QueryParam("limit") @Min(1) @Max(1000) Integer limit) {
        if (state != null && !state.equals("OPEN") && !state.equals("RESOLVED")) {
            throw ProblemException.badRequest("state", "must be OPEN or RESOLVED");
        }
        return reconciliation.list(state, cycleId, after, limit == null ? 100 : limit);
    }

    @POST
    @Path("/{id}/resolution")
    @RolesAllowed({Roles.SUPERVISOR, Roles.ADMIN})
    @Operation(summary = "Resolve a reconciliation exception: what became of the money, and a note",
            description = "{outcome: PAID | NOT_PAID, note: 10-1000 characters}; header Idempotency-Key. Needs "
                    + "regions [*]. For the entitlement's last open exception: PAID settles a FAILED entitlement or "
                    + "a held retry as PAID (announced as AidDisbursed); NOT_PAID releases a held retry to be sent "
                    + "and lets retry-failed send a FAILED one again. 409 when already resolved, or while the "
                    + "entitlement's attempt is with the provider.")
    public Uni<Response> resolve(@PathParam("id") UUID id, @HeaderParam(IdempotencyService.HEADER) String key,
            @Valid @NotNull Resolve request) {
        access.requireEverywhere();
        return idempotency.once("resolve-reconciliation", key,
                access.actor() + " " + id + " " + request.outcome() + " " + request.note(),
                () -> reconciliation.resolve(id, request.outcome(), request.note())
                        .map(x -> new IdempotencyService.Answer(200, x, null)))
                .call(metrics::refresh)
                .map(IdempotencyService.Outcome::toResponse);
    }
}
