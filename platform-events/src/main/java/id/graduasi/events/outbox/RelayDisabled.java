package id.graduasi.events.outbox;

import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.ConfigProvider;

import io.quarkus.scheduler.Scheduled;
import io.quarkus.scheduler.ScheduledExecution;

/**
 * Lets a test stop the relay ({@code graduasi.outbox.relay.enabled=false}) to simulate a service that committed
 * events and crashed before publishing them.
 */
@Singleton
public class RelayDisabled implements Scheduled.SkipPredicate {

    @Override
    public boolean test(ScheduledExecution execution) {
        return !ConfigProvider.getConfig().getOptionalValue("graduasi.outbox.relay.enabled", Boolean.class).orElse(true);
    }
}
