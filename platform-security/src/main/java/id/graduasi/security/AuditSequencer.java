package id.graduasi.security;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;

/**
 * Chains pending audit entries ({@link AuditPending}) into the log: in one transaction it locks this service's chain
 * head, takes the oldest pending entries, hashes each over the one before, moves them into {@code audit_log}
 * ({@link AuditRows#chain}) and moves the head. Only the sequencer holds the head, for one batch at a time, so writes
 * never wait for each other's audit rows; replicas take turns on the head row.
 */
@ApplicationScoped
public class AuditSequencer {

    private static final Logger LOG = Logger.getLogger(AuditSequencer.class);
    /** Entries chained per transaction. */
    static final int BATCH = 1000;

    private final String service;

    public AuditSequencer(@ConfigProperty(name = "quarkus.application.name") String service) {
        this.service = service;
    }

    @Scheduled(every = "${graduasi.audit.sequence-interval:1s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    Uni<Void> scheduled() {
        return drain().onFailure().invoke(e -> LOG.warnf("audit entries not chained yet, will retry: %s", e.toString()))
                .onFailure().recoverWithNull().replaceWithVoid();
    }

    /** Chains every entry pending now, batch by batch. @return how many */
    public Uni<Long> drain() {
        return Uni.createFrom().deferred(this::batch).repeat().whilst(n -> n == BATCH)
                .collect().with(Collectors.summingLong(n -> n));
    }

    private Uni<Integer> batch() {
        // An idle service does not lock its head every second: only when something is pending.
        return Panache.withTransaction(() -> AuditPending.count("service", service).chain(waiting -> waiting == 0
                ? Uni.createFrom().item(0)
                : head().chain(head -> AuditPending.<AuditPending>find(
                        "service = ?1 order by at, id", service).page(0, BATCH).list()
                .chain(pending -> {
                    if (pending.isEmpty()) {
                        return Uni.createFrom().item(0);
                    }
                    List<AuditEntry> entries = new ArrayList<>(pending.size());
                    for (AuditPending p : pending) {
                        AuditEntry entry = p.chainedAfter(head.seq + 1, head.hash);
                        head.seq = entry.seq;
                        head.hash = entry.hash;
                        entries.add(entry);
                    }
                    return AuditRows.chain(service, entries).map(moved -> {
                        if (moved != entries.size()) {
                            // Rolls the batch back: the head must not move past entries the log did not get.
                            throw new IllegalStateException(moved + " of " + entries.size() + " entries chained");
                        }
                        return moved;
                    });
                }))));
    }

    /** This service's chain head, locked; created (empty chain) on the first append. */
    private Uni<AuditChainHead> head() {
        return AuditRows.startChain(service)
                .chain(() -> AuditChainHead.<AuditChainHead>findById(service, LockModeType.PESSIMISTIC_WRITE));
    }
}
