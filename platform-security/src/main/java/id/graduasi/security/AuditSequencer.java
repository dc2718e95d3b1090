package id.graduasi.security;

import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;

/**
 * Chains pending audit entries ({@link AuditPending}) into the log: in one transaction it locks this service's chain
 * head, takes the oldest pending entries, appends them to {@code audit_log} each hashed over the one before, moves
 * the head and deletes them from the queue. Only the sequencer holds the head, for one batch at a time, so writes
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
                .collect().with(java.util.stream.Collectors.summingLong(n -> n));
    }

    private Uni<Integer> batch() {
        return Panache.withTransaction(() -> head().chain(head -> AuditPending.<AuditPending>find(
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
                    return Panache.getSession().chain(session -> session.persistAll(entries.toArray()))
                            .chain(() -> AuditPending.delete("id in ?1", pending.stream().map(p -> p.id).toList()))
                            .replaceWith(pending.size());
                })));
    }

    /** This service's chain head, locked; created (empty chain) on the first append. */
    private Uni<AuditChainHead> head() {
        return Panache.getSession().chain(session -> session.createNativeQuery(
                        "insert into audit_chain_head (service, seq, hash) values (:service, 0, :genesis)"
                                + " on conflict (service) do nothing")
                .setParameter("service", service).setParameter("genesis", AuditChain.GENESIS).executeUpdate())
                .chain(() -> AuditChainHead.<AuditChainHead>findById(service, LockModeType.PESSIMISTIC_WRITE));
    }
}
