package id.graduasi.assistance.service;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import id.graduasi.assistance.repository.AllocationRepository;
import id.graduasi.events.contract.ProgrammeAllocated;
import id.graduasi.events.outbox.OutboxWriter;
import id.graduasi.events.persistence.TransactionLocks;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;

/**
 * Announces the allocations file to subscribers (ProgrammeAllocated, e.g. the dashboard's realization against
 * target and budget): every allocation that is new or differs from what was announced last, with the next
 * revision of its key, through the outbox. The file is read once at start-up, so the first run after a start
 * (a deploy with a new file) announces the changes; the later runs find nothing to do unless the first failed
 * (the database was down). The topic is compacted, so what was announced once stays readable.
 */
@ApplicationScoped
public class AllocationAnnouncer {

    private final Allocations allocations;
    private final AllocationRepository repository;
    private final OutboxWriter outbox;

    public AllocationAnnouncer(Allocations allocations, AllocationRepository repository, OutboxWriter outbox) {
        this.allocations = allocations;
        this.repository = repository;
        this.outbox = outbox;
    }

    @Scheduled(every = "${graduasi.assistance.allocations-announce-interval:5m}", delayed = "2s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> scheduled() {
        return announce().replaceWithVoid();
    }

    /** @return the allocations announced now (0: every one was announced before as it stands). */
    @WithTransaction
    public Uni<Integer> announce() {
        // Replicas starting together: one compares and announces, the others then find nothing changed.
        return TransactionLocks.lock("assistance:allocations").chain(repository::announced).chain(announced -> {
            LocalDate today = LocalDate.now(ZoneOffset.UTC);
            List<ProgrammeAllocated> changed = new ArrayList<>();
            for (Allocations.Allocation a : allocations.all()) {
                var last = announced.get(ProgrammeAllocated.key(a.programme(), a.year(), a.region()));
                if (last == null || !last.fundingSource().equals(a.fundingSource()) || last.budget() != a.budget()
                        || last.targetHouseholds() != a.targetHouseholds()) {
                    changed.add(new ProgrammeAllocated(a.programme(), a.year(), a.region(), a.fundingSource(),
                            a.budget(), a.targetHouseholds(), last == null ? 1 : last.revision() + 1, today));
                }
            }
            if (changed.isEmpty()) {
                return Uni.createFrom().item(0);
            }
            return repository.save(changed).chain(() -> outbox.appendAll(changed)).map(ids -> ids.size());
        });
    }
}
