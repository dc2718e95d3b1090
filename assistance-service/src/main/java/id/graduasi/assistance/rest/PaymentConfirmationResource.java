package id.graduasi.assistance.rest;

import java.io.IOException;

import jakarta.annotation.security.PermitAll;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Validator;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import com.fasterxml.jackson.databind.ObjectMapper;

import id.graduasi.assistance.payment.PaymentService;
import id.graduasi.assistance.security.CallbackSignature;
import id.graduasi.rest.ProblemException;
import io.smallrye.mutiny.Uni;
import org.jboss.resteasy.reactive.server.Cancellable;

/**
 * Where the payment provider confirms each instruction: PAID or FAILED. Repeats are answered, not applied. Every
 * signed confirmation is stored and answered 200, also one whose reference names no entitlement here: a 404 would
 * leave no trace of money the provider says it moved, and a provider retries a refused callback until it gives up. The
 * provider is a bank's system, not a user of our identity provider: it proves itself by signing the raw body
 * (see {@link CallbackSignature}), so the endpoint needs no bearer token.
 */
@Cancellable(false)
@Path("/api/v1/payment-confirmations")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Payment provider callbacks")
public class PaymentConfirmationResource {

    private final PaymentService payments;
    private final CallbackSignature signature;
    private final ObjectMapper json;
    private final Validator validator;

    public PaymentConfirmationResource(PaymentService payments, CallbackSignature signature, ObjectMapper json,
            Validator validator) {
        this.payments = payments;
        this.signature = signature;
        this.json = json;
        this.validator = validator;
    }

    public record ConfirmationRequest(@NotBlank @Size(max = 100) String reference,
            @NotBlank @Size(max = 100) String providerTransactionId,
            @NotNull @Pattern(regexp = "PAID|FAILED") String status,
            @Pattern(regexp = "[A-Z][A-Z0-9_]{0,59}") String reasonCode,
            @PositiveOrZero Long amount) {
    }

    // @PermitAll: no bearer token, because the caller is the bank; the HMAC signature of the body checked first
    // below is its authentication (401 without it), and nothing is read or written before it passes.
    @POST
    @PermitAll
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Confirm a payment instruction (provider callback, signed)",
            description = "Signed by the provider: X-Graduasi-Timestamp (Unix seconds) and X-Graduasi-Signature: "
                    + "sha256=<hex HMAC-SHA256 of '<timestamp>.<raw body>' under the shared callback secret>; 401 "
                    + "when missing, wrong or older than the allowed age. 200 with {entitlementId, status, "
                    + "duplicate, exception}; the same providerTransactionId again is answered with duplicate=true "
                    + "and changes nothing; a confirmation contradicting what is held is stored as a "
                    + "reconciliation exception, named in exception. So is one whose reference names no entitlement "
                    + "here (UNKNOWN_ENTITLEMENT, entitlementId null): stored and answered 200, so that the provider "
                    + "stops retrying it. amount (optional): the rupiah the provider paid.")
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = ConfirmationRequest.class)))
    public Uni<PaymentService.Settled> confirm(@HeaderParam(CallbackSignature.SIGNATURE) String signed,
            @HeaderParam(CallbackSignature.TIMESTAMP) String timestamp, byte[] body) throws IOException {
        byte[] raw = body == null ? new byte[0] : body;
        signature.verify(signed, timestamp, raw);
        // Read only once signed; unreadable JSON is a 400 naming the field (platform-rest's mappers).
        ConfirmationRequest request = json.readValue(raw, ConfirmationRequest.class);
        if (request == null) {
            throw ProblemException.badRequest("body", "must be a confirmation, not null");
        }
        var violations = validator.validate(request);
        if (!violations.isEmpty()) {
            throw new ConstraintViolationException(violations);
        }
        String reason = "FAILED".equals(request.status()) && request.reasonCode() == null ? "PROVIDER_FAILURE"
                : request.reasonCode();
        return payments.confirm(new PaymentService.Confirmation(request.reference(), request.providerTransactionId(),
                request.status(), reason, request.amount()));
    }
}
