package id.graduasi.mentoring.service;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;

/** Ends post-graduation monitoring when its months have passed. */
@ApplicationScoped
public class MonitoringCloser {

    private static final Logger LOG = Logger.getLogger(MonitoringCloser.class);
    private static final int BATCH = 500;

    private final CaseService cases;

    public MonitoringCloser(CaseService cases) {
        this.cases = cases;
    }

    @Scheduled(every = "${graduasi.mentoring.close-check-interval:1h}", delayed = "30s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> closeDue() {
        return closeAll()
                .onFailure().invoke(e -> LOG.warnf("closing ended monitoring failed, will retry: %s", e.toString()))
                .onFailure().recoverWithNull()
                .replaceWithVoid();
    }

    /** Batch after batch until no case is due. @return how many cases were closed */
    public Uni<Integer> closeAll() {
        return cases.closeEndedMonitoring(CaseService.today(), BATCH)
                .chain(n -> n < BATCH ? Uni.createFrom().item(n) : closeAll().map(m -> n + m));
    }
}
