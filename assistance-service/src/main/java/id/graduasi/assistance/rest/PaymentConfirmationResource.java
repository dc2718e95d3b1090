package id.graduasi.assistance.rest;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import id.graduasi.assistance.payment.PaymentService;
import io.smallrye.mutiny.Uni;

/** Where the payment provider confirms each instruction: PAID or FAILED. Repeats are answered, not applied. */
@Path("/api/v1/payment-confirmations")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Payment provider callbacks")
public class PaymentConfirmationResource {

    private final PaymentService payments;

    public PaymentConfirmationResource(PaymentService payments) {
        this.payments = payments;
    }

    public record ConfirmationRequest(@NotBlank @Size(max = 100) String reference,
            @NotBlank @Size(max = 100) String providerTransactionId,
            @NotNull @Pattern(regexp = "PAID|FAILED") String status,
            @Pattern(regexp = "[A-Z][A-Z0-9_]{0,59}") String reasonCode) {
    }

    @POST
    @Operation(summary = "Confirm a payment instruction (provider callback)",
            description = "200 with {entitlementId, status, duplicate}; the same providerTransactionId again is "
                    + "answered with duplicate=true and changes nothing.")
    public Uni<PaymentService.Settled> confirm(@Valid @NotNull ConfirmationRequest request) {
        String reason = "FAILED".equals(request.status()) && request.reasonCode() == null ? "PROVIDER_FAILURE"
                : request.reasonCode();
        return payments.confirm(new PaymentService.Confirmation(request.reference(), request.providerTransactionId(),
                request.status(), reason));
    }
}
