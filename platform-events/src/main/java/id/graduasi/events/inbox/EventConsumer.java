package id.graduasi.events.inbox;

import io.smallrye.mutiny.Uni;

/**
 * A service's handler for one consumer channel. The {@code @Incoming} method hands its batches to
 * {@link EventProcessor}; the dead-letter replay finds the handler by its channel.
 */
public interface EventConsumer {

    /**
     * The reactive-messaging channel (its consumer group names the dead-letter topic): a service's one consumer
     * reads {@code graduasi-events}; a second consumer (the registry's SPDCI notifier) names its own.
     */
    default String channel() {
        return "graduasi-events";
    }

    /**
     * Applies one event inside the caller's transaction. Throw {@link PoisonMessageException} for an event that
     * can never be applied; any other failure is retried.
     */
    Uni<Void> handle(ReceivedEvent event);
}
