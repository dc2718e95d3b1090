package id.graduasi.assistance.payment;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;

/**
 * Open reconciliation exceptions per kind, and the rupiah they put at risk, as gauges read from the database: an
 * exception counts until a person resolves it, on whichever replica, so every replica reports the same value. The
 * {@code _total} counters in {@link PaymentService} count exceptions as they are raised and never go down.
 */
@ApplicationScoped
public class ReconciliationMetrics {

    private static final Logger LOG = Logger.getLogger(ReconciliationMetrics.class);

    /** The kinds a confirmation can raise; registered at start so that a dashboard sees 0, not nothing. */
    static final List<String> KINDS = List.of("PAID_TWICE", "PAID_AFTER_FAILED", "PAID_AFTER_CANCELLED",
            "PAID_FOR_EARLIER_ATTEMPT", "FAILED_AFTER_PAID", PaymentService.UNKNOWN_ENTITLEMENT);

    static final String OPEN_METRIC = "graduasi.payment.reconciliation.exceptions.open";
    static final String OPEN_AT_RISK_METRIC = "graduasi.payment.reconciliation.rupiah.at.risk.open";

    private record Open(AtomicLong count, AtomicLong rupiah) {
    }

    private final Map<String, Open> byKind = new ConcurrentHashMap<>();
    private final MeterRegistry registry;
    private final PaymentRepository repository;

    public ReconciliationMetrics(MeterRegistry registry, PaymentRepository repository) {
        this.registry = registry;
        this.repository = repository;
        // A gauge of the same name and tags registered earlier in this JVM (an application restarted in place, as
        // tests do) would keep reporting its own, no longer updated, value: this bean's gauges replace it.
        List.of(OPEN_METRIC, OPEN_AT_RISK_METRIC)
                .forEach(name -> registry.find(name).meters().forEach(registry::remove));
        KINDS.forEach(this::of);
    }

    private Open of(String kind) {
        return byKind.computeIfAbsent(kind, k -> {
            Open open = new Open(new AtomicLong(), new AtomicLong());
            Gauge.builder(OPEN_METRIC, open.count(), AtomicLong::get).tag("kind", k)
                    .description("Reconciliation exceptions not yet resolved").register(registry);
            Gauge.builder(OPEN_AT_RISK_METRIC, open.rupiah(), AtomicLong::get).tag("kind", k)
                    .description("Rupiah at risk in reconciliation exceptions not yet resolved").register(registry);
            return open;
        });
    }

    @Scheduled(every = "${graduasi.assistance.payment.reconciliation-metrics-interval:30s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> scheduled() {
        return refresh();
    }

    /**
     * Reads the open exceptions again; also called once an exception is raised or resolved here. Never fails: a
     * gauge a little stale is better than an answer refused after its transaction committed.
     */
    public Uni<Void> refresh() {
        return Panache.withSession(() -> repository.openByKind()).invoke(rows -> {
            Map<String, long[]> seen = new java.util.HashMap<>();
            rows.forEach(r -> seen.put(r[0].toString(),
                    new long[] { ((Number) r[1]).longValue(), ((Number) r[2]).longValue() }));
            seen.keySet().forEach(this::of);
            byKind.forEach((kind, open) -> {
                long[] values = seen.getOrDefault(kind, new long[2]);
                open.count().set(values[0]);
                open.rupiah().set(values[1]);
            });
        }).replaceWithVoid().onFailure().invoke(e -> LOG.debugf("reconciliation metrics not refreshed: %s",
                e.toString())).onFailure().recoverWithNull();
    }
}
