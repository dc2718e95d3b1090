package id.graduasi.assistance.payment;

import java.util.List;
import java.util.UUID;

import io.smallrye.mutiny.Uni;

/**
 * A payment channel (a bank, the post office) as assistance sees it: it takes payment instructions and later
 * confirms each one, PAID or FAILED, to the callback URL. It must treat a reference it has seen as the same
 * instruction (a resend after a crash or a timeout pays nothing twice), and answer what became of a reference
 * when asked (a confirmation that never arrived).
 */
public interface PaymentProvider {

    /** One payment: the reference is the entitlement id and its attempt, {@code <uuid>:<attempt>}. */
    record Instruction(String reference, UUID householdId, long amount, String programme, int year, int tranche) {
    }

    /** What the provider holds of one reference. */
    record ReferenceStatus(String reference, State state, String providerTransactionId, String reasonCode) {
    }

    enum State {
        /** Paid out; {@code providerTransactionId} names the payment. */
        PAID,
        /** Not paid and will not be; {@code reasonCode} says why. */
        FAILED,
        /** Received, not settled yet. */
        PENDING,
        /** Never received: the instruction was lost before the provider took it. */
        UNKNOWN
    }

    /** Completes when the provider has accepted every instruction; fails otherwise (nothing is then marked). */
    Uni<Void> send(List<Instruction> instructions);

    /** What became of each reference (one answer per reference asked, in any order). */
    Uni<List<ReferenceStatus>> status(List<String> references);
}
