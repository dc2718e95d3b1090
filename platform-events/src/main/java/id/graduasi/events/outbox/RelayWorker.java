package id.graduasi.events.outbox;

import java.time.Duration;

import org.apache.kafka.clients.producer.Producer;
import org.jboss.logging.Logger;

import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.pgclient.pubsub.PgSubscriber;
import io.vertx.pgclient.PgConnectOptions;

/**
 * One replica's relay: a thread of its own that runs a round as soon as events commit (PostgreSQL {@code NOTIFY},
 * received through the reactive client's pub/sub), again at once while rounds come back full, and otherwise on a
 * fallback poll. Blocking waits happen on this thread only, never on an event loop; no transaction stays open
 * while the broker works.
 */
public final class RelayWorker implements AutoCloseable {

    static final String CHANNEL = "graduasi_outbox";
    private static final Logger LOG = Logger.getLogger(RelayWorker.class);

    private final OutboxPublisher publisher;
    private final RelaySlots slots;
    private final PgSubscriber subscriber;
    private final Producer<String, String> producer;
    private final OutboxConfig config;
    private final Thread thread;
    private final Object signal = new Object();
    private boolean woken;
    private volatile boolean running = true;
    private final java.util.concurrent.atomic.AtomicLong published = new java.util.concurrent.atomic.AtomicLong();

    public RelayWorker(String name, Vertx vertx, PgConnectOptions options, OutboxPublisher publisher,
            Producer<String, String> producer, OutboxConfig config) {
        this.publisher = publisher;
        this.producer = producer;
        this.config = config;
        this.slots = new RelaySlots(vertx, options, Duration.ofSeconds(10));
        this.subscriber = PgSubscriber.subscriber(vertx, options).reconnectPolicy(retries -> 1000L);
        subscriber.channel(CHANNEL).handler(payload -> wake()).subscribeHandler(this::wake);
        this.thread = new Thread(this::run, name);
        this.thread.setDaemon(true);
    }

    public RelayWorker start() {
        subscriber.connect().subscribe().with(ok -> wake(),
                e -> LOG.warnf("outbox relay cannot listen for commits (polling every %s): %s",
                        config.pollInterval(), e.toString()));
        thread.start();
        return this;
    }

    /** Runs a round now (a commit was announced). */
    public void wake() {
        synchronized (signal) {
            woken = true;
            signal.notifyAll();
        }
    }

    public Short[] heldSlots() {
        return slots.held();
    }

    /** Rows this replica marked sent since it started. */
    public long published() {
        return published.get();
    }

    public int members() {
        return slots.members();
    }

    private void run() {
        long nextBeat = 0;
        long heartbeat = config.heartbeat().toNanos();
        while (running) {
            try {
                if (System.nanoTime() - nextBeat >= 0) {
                    slots.heartbeat();
                    nextBeat = System.nanoTime() + heartbeat;
                }
                OutboxPublisher.Round round = publisher.publish(slots.held());
                published.addAndGet(round.published());
                if (!round.full()) {
                    long untilBeat = Math.max(1, (nextBeat - System.nanoTime()) / 1_000_000);
                    await(Math.min(config.pollInterval().toMillis(), untilBeat));
                }
            } catch (RuntimeException e) {
                if (running) {
                    LOG.warnf("outbox relay round failed, will retry: %s", e.toString());
                    await(config.pollInterval().toMillis());
                }
            }
        }
    }

    private void await(long millis) {
        synchronized (signal) {
            try {
                if (!woken && running) {
                    signal.wait(millis);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                running = false;
            }
            woken = false;
        }
    }

    /** Stops after the round under way, then leaves the slots and closes the producer. */
    @Override
    public void close() {
        running = false;
        wake();
        try {
            thread.join(config.sendTimeout().toMillis() + 5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        slots.close();
        try {
            subscriber.close().await().atMost(Duration.ofSeconds(5));
        } catch (RuntimeException ignored) {
            // closing anyway
        }
        producer.close(Duration.ofSeconds(5));
    }
}
