package id.graduasi.rest;

import java.time.Duration;
import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import id.graduasi.events.persistence.NativeSql;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;

/**
 * Deletes {@code idempotency_record} rows older than {@code graduasi.idempotency.retention} (default 7 days), in
 * bounded batches, so the table does not grow forever. After that a resend under the same key runs as a new
 * request: clients retry within minutes, not days. Services without the table (it is created by the services
 * that use {@link IdempotencyService}) are skipped.
 */
@ApplicationScoped
public class IdempotencyPruner {

    private static final Logger LOG = Logger.getLogger(IdempotencyPruner.class);
    /** Rows deleted per statement, so one round never holds long locks. */
    static final int BATCH = 1000;

    private final Duration retention;

    public IdempotencyPruner(
            @ConfigProperty(name = "graduasi.idempotency.retention", defaultValue = "P7D") Duration retention) {
        this.retention = retention;
    }

    @Scheduled(every = "${graduasi.idempotency.prune-interval:1h}", delayed = "1m",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    Uni<Void> scheduled() {
        return prune().onFailure().invoke(e -> LOG.warnf("idempotency records not pruned: %s", e.toString()))
                .onFailure().recoverWithNull().replaceWithVoid();
    }

    /** Deletes every record older than the retention. @return how many */
    public Uni<Long> prune() {
        Instant before = Instant.now().minus(retention);
        return Panache.withSession(() -> NativeSql.rows("select to_regclass('idempotency_record') is not null"))
                .chain(rows -> Boolean.TRUE.equals(rows.get(0)[0]) ? batches(before, 0L) : Uni.createFrom().item(0L));
    }

    private Uni<Long> batches(Instant before, long deleted) {
        return Panache.withTransaction(() -> NativeSql.update("delete from idempotency_record where ctid in"
                + " (select ctid from idempotency_record where created_at < ?1 limit " + BATCH + ")", before))
                .chain(n -> n == BATCH ? batches(before, deleted + n) : Uni.createFrom().item(deleted + n));
    }
}
