package id.graduasi.events.inbox;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import org.jboss.logging.Logger;

import id.graduasi.events.persistence.Pruning;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;

/**
 * Forgets processed event ids once no redelivery can bring them back: keep them longer than the topics'
 * retention (Kafka's default is 7 days), so the default here is 30 days.
 */
@ApplicationScoped
public class InboxPruner {

    private static final Logger LOG = Logger.getLogger(InboxPruner.class);

    private final Duration retention;

    public InboxPruner(@ConfigProperty(name = "graduasi.inbox.retention", defaultValue = "P30D") Duration retention) {
        this.retention = retention;
    }

    @Scheduled(every = "${graduasi.inbox.prune-interval:1h}", delayed = "1m",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> prune() {
        return Pruning.inChunks("graduasi:inbox-prune", """
                delete from inbox_event where event_id in (
                  select event_id from inbox_event where received_at < now() - make_interval(secs => ?1) limit ?2)""",
                retention)
                .onFailure().invoke(e -> LOG.warnf("inbox prune failed: %s", e.toString()))
                .onFailure().recoverWithNull()
                .replaceWithVoid();
    }
}
