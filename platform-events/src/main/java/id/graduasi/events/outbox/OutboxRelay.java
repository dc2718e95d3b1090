package id.graduasi.events.outbox;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import id.graduasi.events.metrics.BusinessMetrics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.pgclient.PgBuilder;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.pgclient.PgConnectOptions;

/**
 * Publishes committed outbox rows to Kafka ({@code acks=all}, idempotent producer) and deletes them once the
 * broker acknowledged them; see {@link OutboxPublisher} for a round and {@link RelaySlots} for how replicas share
 * the work. A crash between acknowledgement and mark republishes; consumers drop the duplicates by event id.
 */
@ApplicationScoped
public class OutboxRelay {

    private static final Short[] ALL_SLOTS = IntStream.range(0, RelaySlots.SLOTS).mapToObj(s -> (short) s)
            .toArray(Short[]::new);

    private Pool pool;
    private final Vertx vertx;
    private final OutboxConfig config;
    private final MeterRegistry meters;
    private final BusinessMetrics businessMetrics;
    private final Counter failures;
    private final String bootstrapServers;
    private final String applicationName;
    private final PgConnectOptions connectOptions;
    private final AtomicInteger workers = new AtomicInteger();
    private RelayWorker worker;

    public OutboxRelay(Vertx vertx, OutboxConfig config, MeterRegistry meters,
            BusinessMetrics businessMetrics,
            @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers,
            @ConfigProperty(name = "quarkus.application.name") String applicationName,
            @ConfigProperty(name = "quarkus.datasource.reactive.url") String reactiveUrl,
            @ConfigProperty(name = "quarkus.datasource.username") Optional<String> username,
            @ConfigProperty(name = "quarkus.datasource.password") Optional<String> password) {
        if (config.batchSize() < 1 || config.batchSize() > 50_000) {
            throw new IllegalArgumentException("graduasi.outbox.batch-size must be between 1 and 50000");
        }
        this.vertx = vertx;
        this.config = config;
        this.meters = meters;
        this.businessMetrics = businessMetrics;
        this.bootstrapServers = bootstrapServers;
        this.applicationName = applicationName;
        this.failures = Counter.builder("graduasi_outbox_publish_failures_total")
                .description("Outbox events the broker did not acknowledge (they stay pending and are retried)")
                .register(meters);
        String url = reactiveUrl.split(",")[0].replaceFirst("^vertx-reactive:", "");
        // The relay's own connections (slot locks, LISTEN) use the service's reactive datasource settings.
        this.connectOptions = PgConnectOptions.fromUri(url);
        username.ifPresent(connectOptions::setUser);
        password.ifPresent(connectOptions::setPassword);
    }

    void start(@Observes StartupEvent event) {
        if (config.relay().enabled()) {
            worker = newWorker();
        }
    }

    void stop(@Observes ShutdownEvent event) {
        if (worker != null) {
            worker.close();
            worker = null;
        }
        if (pool != null) {
            pool.closeAndAwait();
        }
    }

    /**
     * The relay's own small pool, so the service's pool stays free for requests and consumers. Its statements
     * are prepared once and kept, but planned at every execution ({@code plan_cache_mode=force_custom_plan}, 0.3–4
     * ms against a claim's 15–30 ms): the outbox swings between empty and millions of rows, and a generic plan
     * made while it was empty (after an ANALYZE of the empty table) joined every pending row with a scan of the
     * whole table. Inserts never invalidate a cached plan, so after a PKH tranche's approval every claim ran into
     * the statement timeout and 992,364 events waited until the connection was replaced (docs/benchmarks.md).
     * Its statements end on the server when the relay stops waiting for them ({@code statement_timeout} = the
     * send timeout): a claim given up on once kept a core busy for ten minutes.
     */
    private synchronized Pool pool() {
        if (pool == null) {
            pool = PgBuilder.pool().with(new PoolOptions().setMaxSize(3).setName("graduasi-outbox-relay"))
                    .connectingTo(new PgConnectOptions(connectOptions).setCachePreparedStatements(true)
                            .addProperty("statement_timeout", Long.toString(config.sendTimeout().toMillis()))
                            .addProperty("plan_cache_mode", "force_custom_plan"))
                    .using(vertx).build();
        }
        return pool;
    }

    /**
     * A relay replica of its own (its own producer, lock connection and thread), started: the service runs one;
     * tests run several against one database to prove they share the work.
     */
    public RelayWorker newWorker() {
        String name = applicationName + "-outbox-relay-" + workers.incrementAndGet();
        Producer<String, String> interactive = producer(name + "-interactive");
        Producer<String, String> bulk = producer(name + "-bulk");
        new KafkaClientMetrics((KafkaProducer<String, String>) interactive).bindTo(meters);
        new KafkaClientMetrics((KafkaProducer<String, String>) bulk).bindTo(meters);
        var households = new OutboxPublisher.Households();
        return new RelayWorker(name, vertx, connectOptions, publisher(interactive, households), interactive,
                publisher(bulk, households), bulk, households, config).start();
    }

    /**
     * One round over every slot with a producer of its own, on the calling thread (not an event loop): for tests
     * and tools that stand for the only replica. @return rows published (and deleted)
     */
    public int publishPending() {
        return publishPending(() -> { });
    }

    /** As {@link #publishPending()}, running {@code beforeMark} between the broker's acks and the mark. */
    public int publishPending(Runnable beforeMark) {
        try (var producer = (KafkaProducer<String, String>) producer(applicationName + "-outbox-once")) {
            OutboxPublisher publisher = publisher(producer, new OutboxPublisher.Households());
            return publisher.publishInteractive(ALL_SLOTS, 0, beforeMark).published()
                    + publisher.publishBulk(ALL_SLOTS, 0, beforeMark).published();
        }
    }

    private OutboxPublisher publisher(Producer<String, String> producer, OutboxPublisher.Households households) {
        return new OutboxPublisher(pool(), producer, config, businessMetrics::published, failures::increment,
                households);
    }

    private Producer<String, String> producer(String clientId) {
        Map<String, Object> props = new HashMap<>(config.producer());
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        // Not negotiable: nothing is deleted as published before every in-sync replica has it, and retries keep key order.
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        Object inFlight = props.getOrDefault(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "5");
        if (Integer.parseInt(inFlight.toString()) > 5) {
            throw new IllegalArgumentException("max.in.flight.requests.per.connection above 5 breaks key order");
        }
        return new KafkaProducer<>(props);
    }
}
