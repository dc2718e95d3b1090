package id.graduasi.registry.spdci;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import id.graduasi.registry.security.NikProtector;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.ext.web.client.WebClient;

/**
 * Sends the queued SPDCI callbacks (on-search, on-subscribe, on-unsubscribe, txn-on-status, notify) with the
 * Vert.x web client, never blocking the event loop. A delivery is claimed in a short transaction (its next
 * attempt pushed past the send timeout, so a crash mid-send retries it and two replicas do not send it at the
 * same time), sent, then marked DELIVERED on a 2xx, else retried with exponential back-off until
 * max-attempts, after which it is FAILED and stays in the table for an operator.
 */
@ApplicationScoped
public class SpdciDeliveryWorker {

    private static final Logger LOG = Logger.getLogger(SpdciDeliveryWorker.class);

    private final WebClient client;
    private final Vertx vertx;
    private final CallbackPolicy policy;
    private final NikProtector niks;
    private final SpdciSignatures signatures;
    private final int batchSize;
    private final int maxAttempts;
    private final Duration initialBackoff;
    private final Duration maxBackoff;
    private final Duration timeout;

    public SpdciDeliveryWorker(Vertx vertx, NikProtector niks, CallbackPolicy policy, SpdciSignatures signatures,
            @ConfigProperty(name = "graduasi.registry.spdci.delivery.batch-size", defaultValue = "20") int batchSize,
            @ConfigProperty(name = "graduasi.registry.spdci.delivery.max-attempts", defaultValue = "12") int maxAttempts,
            @ConfigProperty(name = "graduasi.registry.spdci.delivery.initial-backoff", defaultValue = "PT5S")
            Duration initialBackoff,
            @ConfigProperty(name = "graduasi.registry.spdci.delivery.max-backoff", defaultValue = "PT1H")
            Duration maxBackoff,
            @ConfigProperty(name = "graduasi.registry.spdci.delivery.timeout", defaultValue = "PT10S")
            Duration timeout) {
        this.client = WebClient.create(vertx, new WebClientOptions()
                .setConnectTimeout((int) timeout.toMillis())
                .setFollowRedirects(false)
                .setUserAgent("graduasi-registry-spdci"));
        this.vertx = vertx;
        this.policy = policy;
        this.niks = niks;
        this.signatures = signatures;
        this.batchSize = batchSize;
        this.maxAttempts = maxAttempts;
        this.initialBackoff = initialBackoff;
        this.maxBackoff = maxBackoff;
        this.timeout = timeout;
    }

    @PreDestroy
    void close() {
        client.close();
    }

    record Claimed(UUID id, String url, String body) {
    }

    private final java.util.concurrent.atomic.AtomicBoolean waking = new java.util.concurrent.atomic.AtomicBoolean();
    private final java.util.concurrent.atomic.AtomicBoolean wokenAgain = new java.util.concurrent.atomic.AtomicBoolean();

    /**
     * Delivers what is due now, without waiting for the next poll: called once a request that queued a callback
     * has committed, so that an on-* callback leaves within moments of the work (issue #15). One wake round at a
     * time; a wake during a round runs one more. Rounds and polls claim rows under lock, so none is sent twice.
     */
    public void wake() {
        wokenAgain.set(true);
        if (waking.compareAndSet(false, true)) {
            round();
        }
    }

    private void round() {
        wokenAgain.set(false);
        // A context of its own: the request's holds its (closed) session.
        io.vertx.core.Context context = io.smallrye.common.vertx.VertxContext.createNewDuplicatedContext(
                vertx.getDelegate().getOrCreateContext());
        io.quarkus.vertx.core.runtime.context.VertxContextSafetyToggle.setContextSafe(context, true);
        context.runOnContext(v -> deliverDue().subscribe().with(ok -> roundEnded(), e -> roundEnded()));
    }

    private void roundEnded() {
        waking.set(false);
        if (wokenAgain.get() && waking.compareAndSet(false, true)) {
            round();
        }
    }

    @Scheduled(every = "${graduasi.registry.spdci.delivery.interval:1s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    Uni<Void> deliverDue() {
        return claim()
                .chain(claimed -> claimed.isEmpty() ? Uni.createFrom().item(0)
                        // Sent in parallel; outcomes recorded afterwards in one transaction, as a session must
                        // not be used by two operations at once.
                        : Uni.join().all(claimed.stream().map(this::send).toList()).andFailFast()
                                .chain(this::record).replaceWith(claimed.size()))
                // A full batch may hide more due deliveries: go on without waiting for the next tick.
                .chain(n -> n == batchSize ? deliverDue() : Uni.createFrom().voidItem())
                .onFailure().invoke(e -> LOG.warnf("SPDCI delivery round failed, will retry: %s", e.toString()))
                .onFailure().recoverWithNull()
                .replaceWithVoid();
    }

    private Uni<List<Claimed>> claim() {
        if (batchSize < 1) {
            return Uni.createFrom().item(List.of());
        }
        Instant now = Instant.now();
        return Panache.withTransaction(() -> SpdciDelivery.<SpdciDelivery>find(
                        "status = ?1 and nextAttemptAt <= ?2 order by nextAttemptAt", SpdciDelivery.PENDING, now)
                .withLock(LockModeType.PESSIMISTIC_WRITE)
                .page(0, batchSize).list()
                .map(due -> due.stream().map(d -> {
                    d.attempts++;
                    d.nextAttemptAt = now.plus(timeout).plusSeconds(30);
                    return new Claimed(d.id, d.url, d.bodyEncrypted);
                }).toList()));
    }

    /** @param refused the target is not allowed: not retried */
    record Outcome(UUID id, String error, boolean refused) {
    }

    /**
     * Never fails: a refused or failed POST is an outcome with its error. The host is resolved (on a worker
     * thread) and checked against the callback policy first: a name that has come to point at an internal
     * address is refused, not called.
     */
    private Uni<Outcome> send(Claimed delivery) {
        return vertx.executeBlocking(Uni.createFrom().item(() -> policy.refusal(delivery.url())), false)
                .chain(refusal -> refusal != null
                        ? Uni.createFrom().item(new Outcome(delivery.id(), "refused target: " + refusal, true))
                        : post(delivery));
    }

    private Uni<Outcome> post(Claimed delivery) {
        return client.postAbs(delivery.url())
                .timeout(timeout.toMillis())
                .putHeader(HttpHeaders.CONTENT_TYPE.toString(), "application/json")
                .sendBuffer(Buffer.buffer(signatures.signJson(niks.decrypt(delivery.body(),
                        SpdciService.delivery(delivery.id())))))
                .map(response -> response.statusCode() >= 200 && response.statusCode() < 300 ? null
                        : "HTTP " + response.statusCode())
                .onFailure().recoverWithItem(e -> e.getClass().getSimpleName() + ": " + e.getMessage())
                .map(error -> new Outcome(delivery.id(), error, false));
    }

    private Uni<Void> record(List<Outcome> outcomes) {
        return Panache.withTransaction(() -> Multi.createFrom().iterable(outcomes)
                .onItem().transformToUniAndConcatenate(outcome -> SpdciDelivery.<SpdciDelivery>findById(outcome.id())
                        .invoke(d -> record(d, outcome.error(), outcome.refused())))
                .collect().last()).replaceWithVoid();
    }

    private void record(SpdciDelivery d, String error, boolean refused) {
        Instant now = Instant.now();
        if (error == null) {
            d.status = SpdciDelivery.DELIVERED;
            d.deliveredAt = now;
            d.lastError = null;
            return;
        }
        d.lastError = error.length() > 500 ? error.substring(0, 500) : error;
        if (refused || d.attempts >= maxAttempts) {
            d.status = SpdciDelivery.FAILED;
            LOG.warnf("SPDCI %s delivery %s failed for good after %d attempts: %s", d.action, d.id, d.attempts,
                    d.lastError);
        } else {
            d.nextAttemptAt = now.plus(backoff(d.attempts));
            LOG.infof("SPDCI %s delivery %s attempt %d failed (%s); next at %s", d.action, d.id, d.attempts,
                    d.lastError, d.nextAttemptAt);
        }
    }

    /** initial-backoff doubled for every failed attempt, at most max-backoff. */
    Duration backoff(int attempts) {
        Duration delay = initialBackoff;
        for (int i = 1; i < attempts && delay.compareTo(maxBackoff) < 0; i++) {
            delay = delay.multipliedBy(2);
        }
        return delay.compareTo(maxBackoff) > 0 ? maxBackoff : delay;
    }
}
