package id.graduasi.security;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Bearer tokens already verified, so that a client sending the same token again is not verified again: the RSA
 * signature check and the claims' parsing were about a seventh of a service's CPU per read. A token is kept until
 * the earlier of its expiry and {@code ttlMillis} after its verification (the longest a token keeps passing after
 * its signing key is withdrawn); a rejected token is never kept. At most {@code capacity} tokens are held: when
 * full, the cache starts again empty, so its memory stays bounded whatever the number of clients.
 */
public final class VerifiedTokens<T> {

    /** How a token is verified; its expiry, in epoch milliseconds, comes with what it verifies to. */
    public interface Verifier<T, E extends Exception> {
        Verified<T> verify(String token) throws E;
    }

    public record Verified<T>(T value, long expiresAtMillis) {
    }

    private final Map<String, Verified<T>> tokens = new ConcurrentHashMap<>();
    private final int capacity;
    private final long ttlMillis;
    private final LongSupplier clock;

    public VerifiedTokens(int capacity, long ttlMillis, LongSupplier clock) {
        this.capacity = capacity;
        this.ttlMillis = ttlMillis;
        this.clock = clock;
    }

    public <E extends Exception> T get(String token, Verifier<T, E> verifier) throws E {
        long now = clock.getAsLong();
        Verified<T> known = tokens.get(token);
        if (known != null && now < known.expiresAtMillis()) {
            return known.value();
        }
        Verified<T> verified = verifier.verify(token);
        if (tokens.size() >= capacity) {
            tokens.clear();
        }
        tokens.put(token, new Verified<>(verified.value(), Math.min(verified.expiresAtMillis(), now + ttlMillis)));
        return verified.value();
    }

    int size() {
        return tokens.size();
    }
}
