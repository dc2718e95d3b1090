package id.graduasi.events.inbox;

import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;


/**
 * Which consumer channels are waiting out a failure (the database is unreachable, a lock or statement timed out):
 * the channel is paused, nothing is dead-lettered, and it resumes where it stopped. {@link ConsumerReadiness}
 * reports it.
 */
@ApplicationScoped
public class ConsumerStatus {

    record Degraded(Instant since, int attempts, String reason) {
    }

    private final Map<String, Degraded> degraded = new ConcurrentHashMap<>();

    void retrying(String channel, int attempt, Throwable reason) {
        degraded.compute(channel, (c, d) -> new Degraded(d == null ? Instant.now() : d.since(), attempt,
                reason.getClass().getSimpleName()));
    }

    void recovered(String channel) {
        degraded.remove(channel);
    }

    Map<String, Degraded> degraded() {
        return Map.copyOf(degraded);
    }
}
