package id.graduasi.assistance.rest;

import java.net.URI;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

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
import id.graduasi.assistance.service.CycleService;
import id.graduasi.rest.IdempotencyService;
import io.smallrye.mutiny.Uni;

/**
 * Disbursement cycles. Commands name their user in {@code X-Graduasi-User} (until authentication arrives, the
 * user is declared, not proven) and may carry an {@code Idempotency-Key}: a retried command answers as the first
 * time and changes nothing.
 */
@Path("/api/v1/disbursement-cycles")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Disbursement cycles")
public class CycleResource {

    /** Who acts, until #7 brings tokens: declared in X-Graduasi-User. */
    static final String USER_PATTERN = "[A-Za-z0-9._@:-]{1,120}";

    private final CycleService cycles;
    private final PaymentService payments;
    private final IdempotencyService idempotency;

    public CycleResource(CycleService cycles, PaymentService payments, IdempotencyService idempotency) {
        this.cycles = cycles;
        this.payments = payments;
        this.idempotency = idempotency;
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
    @Operation(summary = "Create a cycle and compute its entitlements",
            description = "201 with the new cycle (DRAFT, entitlements computed for every ACTIVE enrollment); 200 "
                    + "with the existing cycle of that programme, year and tranche (nothing new is created).")
    public Uni<Response> create(@HeaderParam("X-Graduasi-User") @NotNull @Pattern(regexp = USER_PATTERN) String user,
            @HeaderParam("Idempotency-Key") String key, @Valid @NotNull CreateCycle request) {
        return idempotency.once("create-cycle", key, request.toString(),
                () -> cycles.create(request.programme(), request.year(), request.tranche(), user).map(created ->
                        new IdempotencyService.Answer(created.created() ? 201 : 200, CycleView.of(created.cycle()),
                                created.created() ? "/api/v1/disbursement-cycles/" + created.cycle().id : null)))
                .map(CycleResource::response);
    }

    @POST
    @Path("/{id}/computation")
    @Operation(summary = "Compute entitlements for enrollments that have none in this DRAFT cycle yet")
    public Uni<CycleView> recompute(@PathParam("id") UUID id,
            @HeaderParam("X-Graduasi-User") @NotNull @Pattern(regexp = USER_PATTERN) String user) {
        return cycles.recompute(id).map(CycleView::of);
    }

    @POST
    @Path("/{id}/approval")
    @Operation(summary = "Approve a DRAFT cycle (four eyes: not by its creator); its entitlements become APPROVED")
    public Uni<Response> approve(@PathParam("id") UUID id,
            @HeaderParam("X-Graduasi-User") @NotNull @Pattern(regexp = USER_PATTERN) String user,
            @HeaderParam("Idempotency-Key") String key) {
        return idempotency.once("approve-cycle", key, id.toString(),
                () -> cycles.approve(id, user).map(c -> new IdempotencyService.Answer(200, CycleView.of(c), null)))
                .map(CycleResource::response);
    }

    @POST
    @Path("/{id}/dispatch")
    @Operation(summary = "Send an APPROVED cycle's entitlements to the payment provider",
            description = "202 with how many were queued; they are sent in the background and settled by the "
                    + "provider's confirmations. Entitlements already queued or sent are not queued again.")
    public Uni<Response> dispatch(@PathParam("id") UUID id,
            @HeaderParam("X-Graduasi-User") @NotNull @Pattern(regexp = USER_PATTERN) String user,
            @HeaderParam("Idempotency-Key") String key) {
        return idempotency.once("dispatch-cycle", key, id.toString(),
                () -> payments.dispatch(id).map(q -> new IdempotencyService.Answer(202, q, null)))
                .map(CycleResource::response);
    }

    @POST
    @Path("/{id}/retry-failed")
    @Operation(summary = "Send FAILED entitlements again (new attempt); those of households no longer enrolled "
            + "are CANCELLED")
    public Uni<Response> retryFailed(@PathParam("id") UUID id,
            @HeaderParam("X-Graduasi-User") @NotNull @Pattern(regexp = USER_PATTERN) String user,
            @HeaderParam("Idempotency-Key") String key) {
        return idempotency.once("retry-failed", key, id.toString(),
                () -> payments.retryFailed(id).map(q -> new IdempotencyService.Answer(202, q, null)))
                .map(CycleResource::response);
    }

    @GET
    @Path("/{id}/reconciliation")
    @Operation(summary = "Entitlements by status: count and rupiah (what was approved, sent, paid, failed)")
    public Uni<List<PaymentService.StatusTotal>> reconciliation(@PathParam("id") UUID id) {
        return payments.reconciliation(id);
    }

    @GET
    @Path("/{id}")
    public Uni<CycleView> get(@PathParam("id") UUID id) {
        return cycles.get(id).map(CycleView::of);
    }

    @GET
    @Path("/{id}/entitlements")
    @Operation(summary = "A cycle's entitlements by id, a page at a time (after = the previous page's nextCursor)")
    public Uni<EntitlementPage> entitlements(@PathParam("id") UUID id, @QueryParam("after") UUID after,
            @QueryParam("limit") @Min(1) @Max(1000) Integer limit) {
        int size = limit == null ? 100 : limit;
        return cycles.entitlements(id, after, size).map(page -> new EntitlementPage(
                page.stream().map(EntitlementView::of).toList(),
                page.size() == size ? page.get(page.size() - 1).id : null));
    }

    private static Response response(IdempotencyService.Outcome outcome) {
        Response.ResponseBuilder builder = Response.status(outcome.status()).type(MediaType.APPLICATION_JSON)
                .entity(outcome.json());
        if (outcome.location() != null) {
            builder.location(URI.create(outcome.location()));
        }
        if (outcome.replayed()) {
            builder.header("Idempotent-Replayed", "true");
        }
        return builder.build();
    }
}
