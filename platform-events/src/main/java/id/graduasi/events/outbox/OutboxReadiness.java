package id.graduasi.events.outbox;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Not ready while the outbox cannot publish: an event has waited longer than {@code graduasi.outbox.max-stall}
 * and nothing at all was published for that long. A long backlog that drains (a bulk import) keeps the service
 * ready; a broker that refuses everything does not. Reads the figures {@link OutboxMetrics} refreshes.
 */
@Readiness
@ApplicationScoped
public class OutboxReadiness implements HealthCheck {

    private final OutboxMetrics metrics;
    private final long maxStallSeconds;

    public OutboxReadiness(OutboxMetrics metrics,
            @ConfigProperty(name = "graduasi.outbox.max-stall", defaultValue = "PT5M") Duration maxStall) {
        this.metrics = metrics;
        this.maxStallSeconds = maxStall.toSeconds();
    }

    @Override
    public HealthCheckResponse call() {
        long waiting = metrics.oldestPendingSeconds();
        long sinceLastPublish = metrics.lastPublishSeconds();
        boolean stalled = waiting > maxStallSeconds && (sinceLastPublish < 0 || sinceLastPublish > maxStallSeconds);
        return HealthCheckResponse.named("outbox").status(!stalled)
                .withData("backlog", metrics.backlog())
                .withData("oldestPendingSeconds", waiting)
                .withData("lastPublishSeconds", sinceLastPublish)
                .withData("maxStallSeconds", maxStallSeconds)
                .build();
    }
}
