package id.graduasi.assistance.rest;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
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

import id.graduasi.assistance.domain.DisbursementCycle;
import id.graduasi.assistance.domain.Entitlement;
import id.graduasi.assistance.payment.PaymentService;
import id.graduasi.assistance.security.AssistanceAccess;
import id.graduasi.assistance.service.CycleService;
import id.graduasi.rest.IdempotencyService;
import id.graduasi.security.Roles;
import io.smallrye.mutiny.Uni;
import org.jboss.resteasy.reactive.server.Cancellable;

/**
 * Disbursement cycles. The acting user is the bearer token's. A cycle spans every region, so its commands need
 * regions [*]; reads are limited to the caller's regions (entitlements, totals). Commands may carry an
 * {@code Idempotency-Key}: a retried command answers as the first time and changes nothing. The key's request
 * includes the user, so another user's retry under the same key is refused rather than answered.
 */
@Cancellable(false)
@Path("/api/v1/disbursement-cycles")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Disbursement cycles")
public class CycleResource {

    private final CycleService cycles;
    private final PaymentService payments;
    private final IdempotencyService idempotency;
    private final AssistanceAccess access;

    public CycleResource(CycleService cycles, PaymentService payments, IdempotencyService idempotency,
            AssistanceAccess access) {
        this.cycles = cycles;
        this.payments = payments;
        this.idempotency = idempotency;
        this.access = access;
    }



    public record CreateCycle(@NotBlank @Pattern(regexp = "[A-Z_]{2,40}") String programme,
            @NotNull @Min(2000) @Max(2100) Integer year, @NotNull @Min(1) @Max(12) Integer tranche) {
    }

    public record CycleView(UUID id, String programme, int year, int tranche, LocalDate referenceDate,
            DisbursementCycle.Status status, long entitlementCount, long totalAmount, String createdBy,
            Instant createdAt, String approvedBy, Instant approvedAt) {

        static CycleView of(DisbursementCycle c) {
            return new CycleView(c.id, c.programme, c.year, c.tranche, c.referenceDate, c.status, c.entitlementCount,
                    c.totalAmount, c.createdBy, c.createdAt, c.approvedBy, c.approvedAt);
        }
    }

    public record EntitlementView(UUID id, UUID cycleId, UUID enrollmentId, UUID householdId, String villageCode,
            long amount, List<String> components, String status, String statusReason, int attempt,
            String providerTransactionId) {

        static EntitlementView of(Entitlement e) {
            return new EntitlementView(e.id, e.cycleId, e.enrollmentId, e.householdId, e.villageCode, e.amount,
                    List.of(e.components.split(",")), e.status, e.statusReason, e.attempt, e.providerTransactionId);
        }
    }

    public record EntitlementPage(List<EntitlementView> items, UUID nextCursor) {
    }

    @POST
    @RolesAllowed({Roles.OFFICER, Roles.ADMIN})
    @Operation(summary = "Create a cycle and compute its entitlements",
            description = "201 with the new cycle (DRAFT, entitlements computed for every ACTIVE enrollment); 200 "
                    + "with the existing cycle of that programme, year and tranche (nothing new is created).")
    public Uni<Response> create(@HeaderParam(IdempotencyService.HEADER) String key, @Valid @NotNull CreateCycle request) {
        access.requireEverywhere();
        return idempotency.once("create-cycle", key, access.actor() + " " + request.toString(),
                () -> cycles.create(request.programme(), request.year(), request.tranche()).map(created ->
                        new IdempotencyService.Answer(created.created() ? 201 : 200, CycleView.of(created.cycle()),
                                created.created() ? "/api/v1/disbursement-cycles/" + created.cycle().id : null)))
                .map(IdempotencyService.Outcome::toResponse);
    }

    @POST
    @Path("/{id}/computation")
    @RolesAllowed({Roles.OFFICER, Roles.ADMIN})
    @Operation(summary = "Compute entitlements for enrollments that have none in this DRAFT cycle yet")
    public Uni<CycleView> recompute(@PathParam("id") UUID id) {
        access.requireEverywhere();
        return cycles.recompute(id).map(CycleView::of);
    }

    @POST
    @Path("/{id}/approval")
    @RolesAllowed(Roles.SUPERVISOR)
    @Operation(summary = "Approve a DRAFT cycle (four eyes: not by its creator); its entitlements become APPROVED",
            description = "403 when the token's user created the cycle.")
    public Uni<Response> approve(@PathParam("id") UUID id, @HeaderParam(IdempotencyService.HEADER) String key) {
        access.requireEverywhere();
        return idempotency.once("approve-cycle", key, access.actor() + " " + id.toString(),
                () -> cycles.approve(id).map(c -> new IdempotencyService.Answer(200, CycleView.of(c), null)))
                .map(IdempotencyService.Outcome::toResponse);
    }

    @POST
    @Path("/{id}/dispatch")
    @RolesAllowed({Roles.OFFICER, Roles.SUPERVISOR, Roles.ADMIN})
    @Operation(summary = "Send an APPROVED cycle's entitlements to the payment provider",
            description = "202 with how many were queued; they are sent in the background and settled by the "
                    + "provider's confirmations. Entitlements already queued or sent are not queued again.")
    public Uni<Response> dispatch(@PathParam("id") UUID id, @HeaderParam(IdempotencyService.HEADER) String key) {
        access.requireEverywhere();
        return idempotency.once("dispatch-cycle", key, access.actor() + " " + id.toString(),
                () -> payments.dispatch(id).map(q -> new IdempotencyService.Answer(202, q, null)))
                .map(IdempotencyService.Outcome::toResponse);
    }

    @POST
    @Path("/{id}/retry-failed")
    @RolesAllowed({Roles.OFFICER, Roles.SUPERVISOR, Roles.ADMIN})
    @Operation(summary = "Send FAILED entitlements again (new attempt); those of households no longer enrolled "
            + "are CANCELLED")
    public Uni<Response> retryFailed(@PathParam("id") UUID id, @HeaderParam(IdempotencyService.HEADER) String key) {
        access.requireEverywhere();
        return idempotency.once("retry-failed", key, access.actor() + " " + id.toString(),
                () -> payments.retryFailed(id).map(q -> new IdempotencyService.Answer(202, q, null)))
                .map(IdempotencyService.Outcome::toResponse);
    }

    @GET
    @Path("/{id}/reconciliation")
    @RolesAllowed({Roles.ADMIN, Roles.SUPERVISOR, Roles.OFFICER, Roles.AUDITOR})
    @Operation(summary = "Entitlements by status: count and rupiah (what was approved, sent, paid, failed)",
            description = "Counts only entitlements in your regions. Then one EXCEPTION_<kind> row per kind of "
                    + "open reconciliation exception: count, and the rupiah at risk.")
    public Uni<List<PaymentService.StatusTotal>> reconciliation(@PathParam("id") UUID id) {
        return payments.reconciliation(id);
    }

    @GET
    @Path("/{id}")
    @RolesAllowed({Roles.ADMIN, Roles.SUPERVISOR, Roles.OFFICER, Roles.AUDITOR})
    @Operation(summary = "A cycle", description = "entitlementCount and totalAmount count your regions only.")
    public Uni<CycleView> get(@PathParam("id") UUID id) {
        return cycles.get(id).chain(c -> access.everywhere() ? Uni.createFrom().item(CycleView.of(c))
                : cycles.totalsInScope(id).map(t -> {
                    CycleView all = CycleView.of(c);
                    return new CycleView(all.id(), all.programme(), all.year(), all.tranche(), all.referenceDate(),
                            all.status(), t.count(), t.amount(), all.createdBy(), all.createdAt(), all.approvedBy(),
                            all.approvedAt());
                }));
    }

    @GET
    @Path("/{id}/entitlements")
    @RolesAllowed({Roles.ADMIN, Roles.SUPERVISOR, Roles.OFFICER, Roles.AUDITOR})
    @Operation(summary = "A cycle's entitlements in your regions by id, a page at a time (after = the previous "
            + "page's nextCursor)")
    public Uni<EntitlementPage> entitlements(@PathParam("id") UUID id, @QueryParam("after") UUID after,
            @QueryParam("limit") @Min(1) @Max(1000) Integer limit) {
        int size = limit == null ? 100 : limit;
        return cycles.entitlements(id, after, size).map(page -> new EntitlementPage(
                page.stream().map(EntitlementView::of).toList(),
                page.size() == size ? page.get(page.size() - 1).id : null));
    }

}
