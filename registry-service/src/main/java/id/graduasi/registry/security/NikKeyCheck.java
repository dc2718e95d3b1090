package id.graduasi.registry.security;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import id.graduasi.registry.repository.NikKeyRows;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/**
 * Checks at start-up that every configured NIK key is the one the data was written with: each key must decrypt
 * its stored key-check value ({@code nik_key_check}); a key without one (first start, a key just added) must
 * decrypt a stored ciphertext written under it, if any, before its check value is stored. Until the check passes
 * the service is not ready ({@link NikKeyReadiness}: DOWN, naming the key) and answers 503 instead of failing on every request
 * that touches a member ({@link NikKeyGate}). A failed check is repeated every 30 s, so that a corrected key
 * (or a restored database) needs no restart.
 */
@ApplicationScoped
public class NikKeyCheck {

    private static final Logger LOG = Logger.getLogger(NikKeyCheck.class);

    private final NikProtector niks;
    private volatile String problem = "the NIK keys have not been checked yet";
    private volatile boolean checked;

    public NikKeyCheck(NikProtector niks) {
        this.niks = niks;
    }

    void atStart(@Observes StartupEvent event) throws Throwable {
        VertxContextSupport.subscribeAndAwait(this::verify);
    }

    @Scheduled(every = "30s", delayed = "30s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    Uni<Void> retry() {
        return problem == null ? Uni.createFrom().voidItem() : verify().replaceWithVoid();
    }

    /** Runs the check again. @return the problem found, or null when every key is right */
    public Uni<String> verify() {
        return Panache.withTransaction(() -> NikKeyRows.checkValues().chain(stored -> {
            List<String> ids = niks.keyIds();
            return Multi.createFrom().iterable(ids).onItem().transformToUniAndConcatenate(id -> check(id, stored))
                    .collect().asList()
                    .map(problems -> problems.stream().filter(p -> p != null && !p.isEmpty()).findFirst().orElse(null));
        })).onFailure().invoke(e -> LOG.warnf("NIK key check failed: %s", e.toString()))
                .onFailure().recoverWithItem(e -> "the NIK keys could not be checked: " + e.getClass().getSimpleName())
                .invoke(found -> {
                    if (found != null && !found.equals(problem)) {
                        LOG.errorf("not ready: %s", found);
                    } else if (found == null && problem != null) {
                        LOG.infof("NIK keys %s verified (current key %s)", niks.keyIds(), niks.currentKeyId());
                    }
                    problem = found;
                    checked = true;
                });
    }

    private Uni<String> check(String keyId, Map<String, String> stored) {
        String value = stored.get(keyId);
        if (value != null) {
            return Uni.createFrom().item(niks.verifies(keyId, value) ? "" : "NIK key " + keyId
                    + " does not decrypt its stored key-check value: it is not the key the data was written with");
        }
        // No check value yet: the key must read what is already stored under it before it is trusted.
        List<Uni<String>> samples = new ArrayList<>();
        for (NikKeyRows.Column column : NikKeyRows.Column.values()) {
            samples.add(sampleProblem(column, keyId, false));
            if (keyId.equals(niks.legacyKeyId())) {
                samples.add(sampleProblem(column, keyId, true));
            }
        }
        return Multi.createFrom().iterable(samples).onItem().transformToUniAndConcatenate(u -> u)
                .collect().asList()
                .chain(problems -> {
                    String first = problems.stream().filter(p -> !p.isEmpty()).findFirst().orElse("");
                    return first.isEmpty()
                            ? NikKeyRows.insertCheck(keyId, niks.checkValue(keyId)).replaceWith("")
                            : Uni.createFrom().item(first);
                });
    }

    private Uni<String> sampleProblem(NikKeyRows.Column column, String keyId, boolean legacy) {
        return NikKeyRows.sample(column, keyId, legacy).map(c -> c == null
                || niks.decrypts(c.value(), column.context + c.id()) ? ""
                : "NIK key " + keyId + " does not decrypt the " + (legacy ? "ciphertexts written before key ids"
                        : "ciphertexts written under it") + ": it is not the key the data was written with");
    }

    /** Null when every key was verified. */
    public String problem() {
        return problem;
    }

    /** The problem the last check found; null when it passed or has not run yet. */
    public String failure() {
        return checked ? problem : null;
    }

    public boolean passed() {
        return checked && problem == null;
    }

    public List<String> keyIds() {
        return niks.keyIds();
    }

    public String currentKeyId() {
        return niks.currentKeyId();
    }
}
