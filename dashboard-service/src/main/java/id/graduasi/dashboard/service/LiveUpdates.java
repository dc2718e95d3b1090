package id.graduasi.dashboard.service;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import id.graduasi.dashboard.messaging.ConsumerLag;
import id.graduasi.dashboard.repository.ProjectionRepository;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.operators.multi.processors.BroadcastProcessor;

/**
 * The live stream behind the pages: every {@code graduasi.dashboard.stream-interval} it reads the projections'
 * change counter (advanced in the consumer's transactions, so it counts events of every replica) and sends each
 * open page an update: {@code changed} when events were applied since the last one, so the page fetches its view
 * again, and the consumer lag either way. A change is announced on two ticks in a row, so a page never misses a
 * transaction that committed just after the counter was read.
 */
@ApplicationScoped
public class LiveUpdates {

    private static final org.jboss.logging.Logger LOG = org.jboss.logging.Logger.getLogger(LiveUpdates.class);

    private final ProjectionRepository repository;
    private final ConsumerLag lag;
    private final BroadcastProcessor<Map<String, Object>> updates = BroadcastProcessor.create();
    private volatile long lastCount = -1;
    private volatile boolean changedLastTick;

    public LiveUpdates(ProjectionRepository repository, ConsumerLag lag) {
        this.repository = repository;
        this.lag = lag;
    }

    public Multi<Map<String, Object>> stream() {
        Map<String, Object> hello = update(true, lastCount);
        return Multi.createBy().concatenating().streams(Multi.createFrom().item(hello), updates);
    }

    @Scheduled(every = "${graduasi.dashboard.stream-interval}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> tick() {
        return repository.changeCount().invoke(count -> {
            boolean changed = count != lastCount;
            boolean announce = changed || changedLastTick;
            changedLastTick = changed;
            lastCount = count;
            updates.onNext(update(announce, count));
        }).replaceWithVoid().onFailure().invoke(e -> LOG.warnf("live update not sent: %s", e))
                .onFailure().recoverWithNull().replaceWithVoid();
    }

    private Map<String, Object> update(boolean changed, long version) {
        Map<String, Object> update = new LinkedHashMap<>();
        update.put("changed", changed);
        update.put("version", version);
        update.put("sentAt", Instant.now().toString());
        update.put("status", lag.status());
        return update;
    }
}
