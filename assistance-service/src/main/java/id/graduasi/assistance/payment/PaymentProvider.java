package id.graduasi.assistance.payment;

import java.util.List;
import java.util.UUID;

import io.smallrye.mutiny.Uni;

/**
 * A payment channel (a bank, the post office) as assistance sees it: it takes payment instructions and later
 * confirms each one, PAID or FAILED, to the callback URL. It must treat a reference it has seen as the same
 * instruction (a resend after a crash or a timeout pays nothing twice).
 */
public interface PaymentProvider {

    /** One payment: the reference is the entitlement id and its attempt, {@code <uuid>:<attempt>}. */
    record Instruction(String reference, UUID householdId, long amount, String programme, int year, int tranche) {
    }

    /** Completes when the provider has accepted every instruction; fails otherwise (nothing is then marked). */
    Uni<Void> send(List<Instruction> instructions);
}
