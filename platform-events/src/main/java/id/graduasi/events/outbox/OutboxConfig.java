package id.graduasi.events.outbox;

import java.time.Duration;
import java.util.Map;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The outbox relay's settings ({@code graduasi.outbox.*}); every service carries the same relay. */
@ConfigMapping(prefix = "graduasi.outbox")
public interface OutboxConfig {

    /** Rows read and sent per round: the whole batch is in flight at once. */
    @WithDefault("5000")
    int batchSize();

    /** How many interactive keys a round serves before bulk rows fill the rest of the batch. */
    @WithDefault("500")
    int interactiveKeys();

    /** Fallback poll when no NOTIFY arrives (a lost listen connection, another writer). */
    @WithDefault("1s")
    Duration pollInterval();

    /** How often a replica renews its membership and rebalances its slots. */
    @WithDefault("1s")
    Duration heartbeat();

    /** First wait before a row the broker refused is sent again; doubles per attempt up to the maximum. */
    @WithDefault("PT1S")
    Duration retryBackoff();

    @WithDefault("PT1M")
    Duration maxRetryBackoff();

    /** How long a round waits for the broker's acknowledgements before counting the rest as failed. */
    @WithDefault("PT60S")
    Duration sendTimeout();

    Relay relay();

    /**
     * Kafka producer settings for the relay (any producer property, e.g. {@code graduasi.outbox.producer."linger.ms"});
     * {@code acks=all} and the idempotent producer cannot be turned off.
     */
    Map<String, String> producer();

    interface Relay {
        /** {@code false} stops publishing (events stay pending): a service that crashed after committing. */
        @WithDefault("true")
        boolean enabled();
    }
}
