package id.graduasi.registry.security;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import id.graduasi.registry.repository.NikKeyRows;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/**
 * The re-encryption job of key rotation: rewrites every ciphertext not under the current NIK key (an older key,
 * or none: written before key ids) with the current key and its row's AAD, a batch per transaction, each row
 * only if it did not change meanwhile. It runs every {@code graduasi.registry.nik.reencrypt-interval} and only
 * once the keys are verified; when it finds nothing left, a retired key can be removed from the configuration
 * (except the lookup key, docs/security.md). A row rewritten by the application in between with an older value
 * is picked up by the next run.
 */
@ApplicationScoped
public class NikReencryption {

    private static final Logger LOG = Logger.getLogger(NikReencryption.class);

    private final NikProtector niks;
    private final NikKeyCheck check;
    private final int batchSize;

    public NikReencryption(NikProtector niks, NikKeyCheck check, NikKeys config) {
        this.niks = niks;
        this.check = check;
        this.batchSize = Math.max(1, config.reencryptBatchSize());
    }

    @Scheduled(every = "${graduasi.registry.nik.reencrypt-interval:PT1H}", delayed = "1m",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    Uni<Void> scheduled() {
        return check.problem() != null ? Uni.createFrom().voidItem()
                : reencrypt().invoke(n -> {
                    if (n > 0) {
                        LOG.infof("re-encrypted %d ciphertexts with NIK key %s", n, niks.currentKeyId());
                    }
                }).onFailure().invoke(e -> LOG.warnf("NIK re-encryption stopped, will retry: %s", e.toString()))
                .onFailure().recoverWithNull().replaceWithVoid();
    }

    /** Re-encrypts everything not under the current key. @return how many ciphertexts were rewritten */
    public Uni<Long> reencrypt() {
        return Multi.createFrom().items(NikKeyRows.Column.values())
                .onItem().transformToUniAndConcatenate(column -> batches(column, 0L))
                .collect().with(java.util.stream.Collectors.summingLong(Long::longValue));
    }

    private Uni<Long> batches(NikKeyRows.Column column, long done) {
        return Panache.withTransaction(() -> NikKeyRows.notUnder(column, niks.currentKeyId(), batchSize)
                .chain(rows -> rewrite(column, rows).map(n -> new long[] {rows.size(), n})))
                .chain(r -> r[0] == batchSize && r[1] > 0 ? batches(column, done + r[1])
                        : Uni.createFrom().item(done + r[1]));
    }

    private Uni<Long> rewrite(NikKeyRows.Column column, List<NikKeyRows.Cipher> rows) {
        return Multi.createFrom().iterable(rows).onItem().transformToUniAndConcatenate(c -> {
            String context = column.context + c.id();
            return NikKeyRows.replace(column, c.id(), c.value(), niks.encrypt(niks.decrypt(c.value(), context), context));
        }).collect().with(java.util.stream.Collectors.summingLong(Integer::longValue));
    }
}
