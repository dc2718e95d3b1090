package id.graduasi.events.outbox;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

import id.graduasi.events.contract.CloudEventHeaders;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.vertx.core.Context;
import io.vertx.core.Vertx;

/**
 * Publishes committed outbox rows to Kafka and marks them sent only after the broker acknowledged them
 * ({@code acks=all}, idempotent producer). A crash between ack and mark republishes the batch; consumers drop
 * the duplicates by event id. Any number of replicas may run the relay: a transaction-scoped advisory lock lets
 * one publish at a time, in seq order. The writer's per-household lock makes seq order equal commit order for
 * one household, so each household's events are published in the order they happened.
 */
@ApplicationScoped
public class OutboxRelay {

    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);
    /** Advisory lock key (two-int keyspace, apart from the per-household bigint locks of the writer). */
    private static final int LOCK_CLASS = 0x47524144; // "GRAD"
    private static final int LOCK_RELAY = 1;

    private final Emitter<String> emitter;
    private final int batchSize;
    private final Duration retention;

    public OutboxRelay(@Channel("graduasi-outbox") Emitter<String> emitter,
            @ConfigProperty(name = "graduasi.outbox.batch-size", defaultValue = "200") int batchSize,
            @ConfigProperty(name = "graduasi.outbox.retention", defaultValue = "P7D") Duration retention) {
        this.emitter = emitter;
        this.batchSize = batchSize;
        this.retention = retention;
    }

    // The delay lets reactive messaging connect the emitter before the first round.
    @Scheduled(every = "${graduasi.outbox.poll-interval:1s}", delayed = "${graduasi.outbox.start-delay:2s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = RelayDisabled.class)
    Uni<Void> relay() {
        return drain()
                .onFailure().invoke(e -> LOG.warnf("outbox relay round failed, will retry: %s", e.toString()))
                .onFailure().recoverWithNull()
                .replaceWithVoid();
    }

    /** Publishes batch after batch while batches come back full, so a backlog does not wait for the next tick. */
    Uni<Integer> drain() {
        return publishPending().chain(n -> n < batchSize ? Uni.createFrom().item(n) : drain().map(m -> n + m));
    }

    /** Publishes one batch. @return how many events were published (0 if another replica holds the lock). */
    public Uni<Integer> publishPending() {
        return Panache.withTransaction(() -> Panache.getSession().chain(session -> session
                .createNativeQuery("select pg_try_advisory_xact_lock(?1, ?2)", Boolean.class)
                .setParameter(1, LOCK_CLASS)
                .setParameter(2, LOCK_RELAY)
                .getSingleResult()
                .chain(leader -> !leader ? Uni.createFrom().item(List.<Object[]>of()) : session
                        .createNativeQuery("""
                                select id::text, topic, record_key, type, source, subject, payload,
                                       to_char(occurred_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')
                                from outbox_event where sent_at is null order by seq limit ?1""", Object[].class)
                        .setParameter(1, batchSize)
                        .getResultList())
                .chain(rows -> rows.isEmpty() ? Uni.createFrom().item(0) : send(rows)
                        .chain(() -> session.createNativeQuery(
                                "update outbox_event set sent_at = now() where id = any(?1)")
                                .setParameter(1, rows.stream().map(r -> UUID.fromString((String) r[0]))
                                        .toArray(UUID[]::new))
                                .executeUpdate())
                        .replaceWith(rows.size()))));
    }

    /** Emits every row in order without waiting between them, then waits until the broker acked them all. */
    private Uni<Void> send(List<Object[]> rows) {
        List<CompletableFuture<Void>> acks = new ArrayList<>(rows.size());
        for (Object[] row : rows) {
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
            acks.add(ack);
            emitter.send(Message.of((String) row[6])
                    .addMetadata(metadata)
                    .withAck(() -> {
                        ack.complete(null);
                        return CompletableFuture.completedFuture(null);
                    })
                    .withNack(failure -> {
                        ack.completeExceptionally(failure);
                        return CompletableFuture.completedFuture(null);
                    }));
        }
        // Acks complete on the Kafka producer's thread; the session must be used back on its own Vert.x context.
        Context context = Vertx.currentContext();
        return Uni.createFrom().completionStage(CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new)))
                .emitOn(task -> context.runOnContext(ignored -> task.run()));
    }

    /** Deletes sent rows older than the retention, in bounded chunks so no delete holds locks for long. */
    @Scheduled(every = "${graduasi.outbox.prune-interval:1h}", delayed = "1m",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> prune() {
        return Panache.withTransaction(() -> Panache.getSession().chain(session -> session.createNativeQuery("""
                delete from outbox_event where id in (
                  select id from outbox_event where sent_at < now() - make_interval(secs => ?1) limit 10000)""")
                .setParameter(1, (double) retention.toSeconds())
                .executeUpdate()))
                .onFailure().invoke(e -> LOG.warnf("outbox prune failed: %s", e.toString()))
                .onFailure().recoverWithNull()
                .replaceWithVoid();
    }
}
