package id.graduasi.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

class VerifiedTokensTest {

    private final AtomicLong now = new AtomicLong(1_000_000);
    private final AtomicInteger verifications = new AtomicInteger();
    private final VerifiedTokens<String> tokens = new VerifiedTokens<>(3, 60_000, now::get);

    /** Verifies every token as its own upper case, expiring {@code validFor} ms from now. */
    private VerifiedTokens.Verifier<String, RuntimeException> valid(long validFor) {
        return token -> {
            verifications.incrementAndGet();
            return new VerifiedTokens.Verified<>(token.toUpperCase(), now.get() + validFor);
        };
    }

    @Test
    void aTokenSentAgainIsVerifiedOnce() {
        assertEquals("A", tokens.get("a", valid(300_000)));
        assertEquals("A", tokens.get("a", valid(300_000)));
        assertEquals("B", tokens.get("b", valid(300_000)));
        assertEquals(2, verifications.get());
    }

    @Test
    void aTokenIsVerifiedAgainOnceItHasExpired() {
        tokens.get("a", valid(10_000));
        now.addAndGet(9_999);
        tokens.get("a", valid(10_000));
        assertEquals(1, verifications.get());
        now.addAndGet(1);
        tokens.get("a", valid(10_000));
        assertEquals(2, verifications.get(), "kept until its expiry, not after");
    }

    @Test
    void aLongLivedTokenIsVerifiedAgainAfterTheTimeToLive() {
        tokens.get("a", valid(3_600_000));
        now.addAndGet(59_999);
        tokens.get("a", valid(3_600_000));
        assertEquals(1, verifications.get());
        now.addAndGet(1);
        tokens.get("a", valid(3_600_000));
        assertEquals(2, verifications.get(), "a withdrawn key stops a token within the time to live");
    }

    @Test
    void aRejectedTokenIsNeverKept() {
        VerifiedTokens.Verifier<String, IllegalStateException> reject = token -> {
            verifications.incrementAndGet();
            throw new IllegalStateException("bad signature");
        };
        assertThrows(IllegalStateException.class, () -> tokens.get("forged", reject));
        assertThrows(IllegalStateException.class, () -> tokens.get("forged", reject));
        assertEquals(2, verifications.get());
        assertEquals(0, tokens.size());
    }

    @Test
    void theCacheHoldsNoMoreThanItsCapacity() {
        for (int i = 0; i < 10; i++) {
            tokens.get("t" + i, valid(300_000));
            org.junit.jupiter.api.Assertions.assertTrue(tokens.size() <= 3, "held " + tokens.size());
        }
    }
}
