package id.graduasi.events.outbox;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;
import org.hibernate.reactive.mutiny.Mutiny;
import org.jboss.logging.Logger;

import id.graduasi.events.contract.CloudEventHeaders;
import id.graduasi.events.metrics.BusinessMetrics;
import id.graduasi.events.persistence.Pruning;
import id.graduasi.events.persistence.TransactionLocks;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.TracingMetadata;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.vertx.core.Context;
import io.vertx.core.Vertx;

/**
 * Publishes committed outbox rows to Kafka and marks them sent only after the broker acknowledged them
 * ({@code acks=all}, idempotent producer). A crash between ack and mark republishes them; consumers drop the
 * duplicates by event id.
 * <p>
 * Any number of replicas may run the relay: a transaction-scoped advisory lock lets one publish at a time. Rows
 * are read in seq order, and the writer's per-household lock makes seq order equal commit order for one
 * household. Each household's rows are sent one after another, the next only after the broker acked the one
 * before, so a failed send can never let a later event of the same household overtake it; different households
 * are sent in parallel. A row that fails stays pending with its error and holds back only its own household.
 */
@ApplicationScoped
public class OutboxRelay {

    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);
    private static final int MAX_BATCH = 1000;

    private final Emitter<String> emitter;
    private final int batchSize;
    private final Duration sendTimeout;
    private final Duration retention;
    private final Counter failures;
    private final BusinessMetrics businessMetrics;

    public OutboxRelay(
            @Channel("graduasi-outbox") @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = MAX_BATCH)
            Emitter<String> emitter,
            @ConfigProperty(name = "graduasi.outbox.batch-size", defaultValue = "200") int batchSize,
            @ConfigProperty(name = "graduasi.outbox.send-timeout", defaultValue = "PT60S") Duration sendTimeout,
            @ConfigProperty(name = "graduasi.outbox.retention", defaultValue = "P7D") Duration retention,
            MeterRegistry meters, BusinessMetrics businessMetrics) {
        if (batchSize < 1 || batchSize > MAX_BATCH) {
            throw new IllegalArgumentException("graduasi.outbox.batch-size must be between 1 and " + MAX_BATCH);
        }
        this.emitter = emitter;
        this.batchSize = batchSize;
        this.sendTimeout = sendTimeout;
        this.retention = retention;
        this.failures = Counter.builder("graduasi_outbox_publish_failures_total")
                .description("Outbox events the broker did not acknowledge (they stay pending and are retried)")
                .register(meters);
        this.businessMetrics = businessMetrics;
    }

    @Scheduled(every = "${graduasi.outbox.poll-interval:1s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = RelayDisabled.class)
    Uni<Void> relay() {
        return drain()
                .onFailure().invoke(e -> LOG.warnf("outbox relay round failed, will retry: %s", e.toString()))
                .onFailure().recoverWithNull()
                .replaceWithVoid();
    }

    /** Publishes batch after batch while batches go out full, so a backlog does not wait for the next tick. */
    Uni<Integer> drain() {
        return publishPending().chain(n -> n < batchSize ? Uni.createFrom().item(n) : drain().map(m -> n + m));
    }

    /** Publishes one batch. @return how many events the broker acknowledged (0 if another replica publishes). */
    public Uni<Integer> publishPending() {
        Queue<Object[]> published = new ConcurrentLinkedQueue<>();
        return Panache.withTransaction(() -> TransactionLocks.tryLock("graduasi:outbox-relay").chain(leader -> {
            if (!leader) {
                return Uni.createFrom().item(0);
            }
            return Panache.getSession().chain(session -> session
                    // If this process dies mid-round, PostgreSQL ends the transaction and frees the lock.
                    .createNativeQuery("select set_config('idle_in_transaction_session_timeout', ?1, true)")
                    .setParameter(1, (sendTimeout.toMillis() + 30_000) + "ms")
                    .getSingleResult()
                    .chain(() -> session.createNativeQuery("""
                            select id::text, topic, record_key, type, source, subject, payload,
                                   to_char(occurred_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
                                   traceparent, tracestate
                            from outbox_event o where sent_at is null
                              -- rows behind a failing row of their household wait without taking batch places
                              and not exists (select 1 from outbox_event f where f.record_key = o.record_key
                                              and f.sent_at is null and f.attempts > 0 and f.seq < o.seq)
                            order by seq limit ?1""", Object[].class)
                            .setParameter(1, batchSize)
                            .getResultList())
                    .chain(rows -> rows.isEmpty() ? Uni.createFrom().item(0) : publish(session, rows, published)));
        }))
                // Counted after the transaction that marks the rows sent: a round that fails to commit publishes again.
                .invoke(() -> published.forEach(row -> businessMetrics.published((String) row[3], (String) row[6])));
    }

    private Uni<Integer> publish(Mutiny.Session session, List<Object[]> rows, Queue<Object[]> published) {
        Context context = Vertx.currentContext();
        Map<String, List<Object[]>> byHousehold = new LinkedHashMap<>();
        for (Object[] row : rows) {
            byHousehold.computeIfAbsent((String) row[2], key -> new ArrayList<>()).add(row);
        }
        Queue<UUID> sent = new ConcurrentLinkedQueue<>();
        Map<UUID, String> failed = new ConcurrentHashMap<>();
        List<Uni<Void>> households = byHousehold.values().stream()
                .map(householdRows -> sendInOrder(householdRows, 0, context, sent, published, failed))
                .toList();
        return Uni.join().all(households).andFailFast()
                .chain(() -> sent.isEmpty() ? Uni.createFrom().item(0) : session.createNativeQuery(
                        "update outbox_event set sent_at = now() where id = any(?1)")
                        .setParameter(1, sent.toArray(UUID[]::new))
                        .executeUpdate())
                .chain(() -> recordFailures(session, failed))
                .replaceWith(() -> sent.size());
    }

    /** Sends one household's rows in order, each after the previous was acked; stops at the first failure. */
    private Uni<Void> sendInOrder(List<Object[]> rows, int index, Context context, Queue<UUID> sent,
            Queue<Object[]> published, Map<UUID, String> failed) {
        if (index == rows.size()) {
            return Uni.createFrom().voidItem();
        }
        Object[] row = rows.get(index);
        UUID id = UUID.fromString((String) row[0]);
        return send(row, context)
                .map(ignored -> Boolean.TRUE)
                .onFailure().recoverWithItem(e -> {
                    failed.put(id, String.valueOf(e));
                    return Boolean.FALSE;
                })
                .chain(acked -> {
                    if (!acked) {
                        return Uni.createFrom().voidItem();
                    }
                    sent.add(id);
                    published.add(row);
                    return sendInOrder(rows, index + 1, context, sent, published, failed);
                });
    }

    private Uni<Void> send(Object[] row, Context context) {
        var headers = new RecordHeaders();
        CloudEventHeaders.write(headers, CloudEventHeaders.SPEC_VERSION, CloudEventHeaders.SPEC_VERSION_1_0);
        CloudEventHeaders.write(headers, CloudEventHeaders.ID, (String) row[0]);
        CloudEventHeaders.write(headers, CloudEventHeaders.TYPE, (String) row[3]);
        CloudEventHeaders.write(headers, CloudEventHeaders.SOURCE, (String) row[4]);
        CloudEventHeaders.write(headers, CloudEventHeaders.SUBJECT, (String) row[5]);
        CloudEventHeaders.write(headers, CloudEventHeaders.TIME, (String) row[7]);
        CloudEventHeaders.write(headers, CloudEventHeaders.CONTENT_TYPE, CloudEventHeaders.JSON);
        var metadata = OutgoingKafkaRecordMetadata.<String>builder()
                .withTopic((String) row[1])
                .withKey((String) row[2])
                .withHeaders(headers)
                .build();
        var ack = new CompletableFuture<Void>();
        // The Kafka connector (tracing-enabled) starts its producer span as a child of this context and writes
        // the traceparent header itself: one header, continuing the trace of the request that made the event.
        var trace = TracingMetadata.withCurrent(new TraceContext((String) row[8], (String) row[9]).toContext());
        emitter.send(Message.of((String) row[6])
                .addMetadata(metadata)
                .addMetadata(trace)
                .withAck(() -> {
                    ack.complete(null);
                    return CompletableFuture.completedFuture(null);
                })
                .withNack(failure -> {
                    ack.completeExceptionally(failure);
                    return CompletableFuture.completedFuture(null);
                }));
        // Acks complete on the Kafka producer's thread; the session must be used back on its own Vert.x context.
        return Uni.createFrom().completionStage(ack)
                .ifNoItem().after(sendTimeout).fail()
                .emitOn(task -> context.runOnContext(ignored -> task.run()));
    }

    private Uni<Void> recordFailures(Mutiny.Session session, Map<UUID, String> failed) {
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (Map.Entry<UUID, String> failure : failed.entrySet()) {
            failures.increment();
            LOG.warnf("outbox event %s not acknowledged, will retry: %s", failure.getKey(), failure.getValue());
            chain = chain.chain(() -> session.createNativeQuery(
                    "update outbox_event set attempts = attempts + 1, last_error = left(?2, 500) where id = ?1")
                    .setParameter(1, failure.getKey())
                    .setParameter(2, failure.getValue())
                    .executeUpdate()
                    .replaceWithVoid());
        }
        return chain;
    }

    /** Deletes sent rows older than the retention, in chunks, until none is left; one replica at a time. */
    @Scheduled(every = "${graduasi.outbox.prune-interval:1h}", delayed = "1m",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> prune() {
        return Pruning.inChunks("graduasi:outbox-prune", """
                delete from outbox_event where id in (
                  select id from outbox_event where sent_at < now() - make_interval(secs => ?1) limit ?2)""",
                retention)
                .onFailure().invoke(e -> LOG.warnf("outbox prune failed: %s", e.toString()))
                .onFailure().recoverWithNull()
                .replaceWithVoid();
    }
}
