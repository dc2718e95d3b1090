package id.graduasi.events.outbox;

import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;

/** Outbox health for dashboards and alerts: how many events wait, and how long the oldest has waited. */
@ApplicationScoped
public class OutboxMetrics {

    private static final Logger LOG = Logger.getLogger(OutboxMetrics.class);

    private final AtomicLong backlog = new AtomicLong();
    private final AtomicLong oldestPendingSeconds = new AtomicLong();

    public OutboxMetrics(MeterRegistry registry) {
        Gauge.builder("graduasi_outbox_backlog", backlog, AtomicLong::get)
                .description("Outbox events committed but not yet acknowledged by Kafka")
                .register(registry);
        Gauge.builder("graduasi_outbox_oldest_pending_age_seconds", oldestPendingSeconds, AtomicLong::get)
                .description("Age of the oldest unpublished outbox event")
                .baseUnit("seconds")
                .register(registry);
    }

    @Scheduled(every = "${graduasi.outbox.metrics-interval:5s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> refresh() {
        return Panache.withSession(() -> Panache.getSession().chain(session -> session.createNativeQuery("""
                select count(*), coalesce(extract(epoch from now() - min(occurred_at)), 0)::bigint
                from outbox_event where sent_at is null""", Object[].class).getSingleResult()))
                .invoke(row -> {
                    backlog.set(((Number) row[0]).longValue());
                    oldestPendingSeconds.set(((Number) row[1]).longValue());
                })
                .onFailure().invoke(e -> LOG.debugf("outbox metrics not refreshed: %s", e.toString()))
                .onFailure().recoverWithNull()
                .replaceWithVoid();
    }
}
