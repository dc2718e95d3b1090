package id.graduasi.security;

/** A token bucket: {@code capacity} requests at once, refilled at {@code perSecond}. Thread-safe. */
public final class TokenBucket {

    private final double capacity;
    private final double perSecond;
    private double tokens;
    private long last;

    public TokenBucket(int capacity, double perSecond, long nowNanos) {
        this.capacity = capacity;
        this.perSecond = perSecond;
        this.tokens = capacity;
        this.last = nowNanos;
    }

    /** @return 0 when a request may go now, else the whole seconds to wait before the next one may */
    public synchronized long take(long nowNanos) {
        tokens = Math.min(capacity, tokens + (nowNanos - last) / 1e9 * perSecond);
        last = nowNanos;
        if (tokens >= 1) {
            tokens -= 1;
            return 0;
        }
        return Math.max(1, (long) Math.ceil((1 - tokens) / perSecond));
    }
}
