package id.graduasi.events.inbox;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Readiness of the event consumers: DOWN while a channel waits out a failure before applying its next event;
 * UP again with the first event applied after it.
 */
@Readiness
@ApplicationScoped
public class ConsumerReadiness implements HealthCheck {

    private final ConsumerStatus status;

    public ConsumerReadiness(ConsumerStatus status) {
        this.status = status;
    }

    @Override
    public HealthCheckResponse call() {
        var degraded = status.degraded();
        var response = HealthCheckResponse.named("event-consumers").status(degraded.isEmpty());
        degraded.forEach((channel, d) -> response.withData(channel,
                "retrying since " + d.since() + " (attempt " + d.attempts() + ", " + d.reason() + ")"));
        return response.build();
    }
}
