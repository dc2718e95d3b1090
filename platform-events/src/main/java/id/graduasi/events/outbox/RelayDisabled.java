package id.graduasi.events.outbox;

import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import jakarta.interceptor.Interceptor;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.scheduler.ScheduledExecution;

/**
 * Skips relay rounds until the application has fully started (reactive messaging connects the outbox channel
 * during startup, which on a busy machine outlasts any fixed delay) and once it is shutting down. A test can
 * also stop the relay ({@code graduasi.outbox.relay.enabled=false}) to stand for a service that committed events
 * and crashed before publishing them.
 */
@Singleton
public class RelayDisabled implements Scheduled.SkipPredicate {

    private final boolean enabled;
    private volatile boolean running;

    public RelayDisabled(@ConfigProperty(name = "graduasi.outbox.relay.enabled", defaultValue = "true") boolean enabled) {
        this.enabled = enabled;
    }

    void started(@Observes @Priority(Interceptor.Priority.LIBRARY_AFTER + 500) StartupEvent event) {
        running = true;
    }

    void stopping(@Observes ShutdownEvent event) {
        running = false;
    }

    @Override
    public boolean test(ScheduledExecution execution) {
        return !enabled || !running;
    }
}
