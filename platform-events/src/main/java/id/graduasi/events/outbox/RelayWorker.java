package id.graduasi.events.outbox;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantReadWriteLock;

import org.apache.kafka.clients.producer.Producer;
import org.jboss.logging.Logger;

import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.pgclient.pubsub.PgSubscriber;
import io.vertx.pgclient.PgConnectOptions;

/**
 * One replica's relay: two threads of its own, one for interactive rounds and one for bulk rounds (each with its
 * own producer, so an officer's change is never queued behind a bulk batch), that run a round as soon as events
 * commit (PostgreSQL {@code NOTIFY}, received through the reactive client's pub/sub), again at once while rounds
 * come back full, and otherwise on a fallback poll; and a third that beats the slots' heartbeat.
 * <p>
 * A commit's notifications say what it added (the outbox triggers, {@code V0_19_1} and {@code V0_20_1}): each
 * interactive row's {@code seq}, and {@code bulk:<seq>} for a statement of bulk rows, seq at most its lowest. So a
 * commit wakes only the loop its rows are for, and each loop reads from the lowest seq announced to it since its
 * last round instead of from the start of a table full of deleted rows not yet vacuumed. A loop's round from the
 * start still runs at least once per poll interval (rows in back-off, rows committed while the listen connection
 * was down), and whenever the announcement
 * cannot be trusted: a notification it cannot read, a new listen connection, slots taken over, a household
 * released that a round had to leave out. Rounds hold
 * {@link #rounds} shared and the heartbeat releases slots only holding it exclusively, so a slot never passes to
 * another replica while this one has its rows in flight. Blocking waits happen on these threads only, never on an
 * event loop; no transaction stays open while the broker works.
 */
public final class RelayWorker implements AutoCloseable {

    static final String CHANNEL = "graduasi_outbox";
    private static final Logger LOG = Logger.getLogger(RelayWorker.class);

    private final RelaySlots slots;
    private final PgSubscriber subscriber;
    private final Producer<String, String> interactiveProducer;
    private final Producer<String, String> bulkProducer;
    private final OutboxConfig config;
    private final Loop interactive;
    private final Loop bulk;
    private volatile boolean running = true;
    private final AtomicLong published = new AtomicLong();
    private final ReentrantReadWriteLock rounds = new ReentrantReadWriteLock(true);
    private final Thread heartbeat;
    private final Object beatSignal = new Object();
    /** The lowest interactive seq announced since the last interactive round: 0 for all, none announced MAX_VALUE. */
    private final AtomicLong interactiveAnnounced = new AtomicLong(0);
    /** The same for the bulk loop. */
    private final AtomicLong bulkAnnounced = new AtomicLong(0);

    public RelayWorker(String name, Vertx vertx, PgConnectOptions options, OutboxPublisher interactivePublisher,
            Producer<String, String> interactiveProducer, OutboxPublisher bulkPublisher,
            Producer<String, String> bulkProducer, OutboxPublisher.Households households, OutboxConfig config) {
        this.interactiveProducer = interactiveProducer;
        this.bulkProducer = bulkProducer;
        this.config = config;
        this.slots = new RelaySlots(vertx, options, Duration.ofSeconds(10));
        this.interactive = new Loop(name + "-interactive", (held, from) -> interactivePublisher.publishInteractive(
                held, from, () -> { }), interactiveAnnounced);
        this.bulk = new Loop(name + "-bulk", (held, from) -> bulkPublisher.publishBulk(held, from, () -> { }),
                bulkAnnounced);
        households.onRelease(this::wake);
        this.heartbeat = new Thread(this::beat, name + "-heartbeat");
        this.heartbeat.setDaemon(true);
        this.subscriber = PgSubscriber.subscriber(vertx, options).reconnectPolicy(retries -> 1000L);
        subscriber.channel(CHANNEL).handler(this::announce).subscribeHandler(this::wake);
    }

    /**
     * What a notification announces: where each loop should read from, the lowest seq of interactive rows and a
     * seq at most the lowest of bulk rows ({@code Long.MAX_VALUE}: none of that lane; 0: from the start);
     * {@code null} for a payload this relay cannot read (an older or newer trigger's).
     */
    record Announcement(long interactiveFrom, long bulkFrom) {
        /**
         * @param payload space-separated tokens: an interactive row's {@code seq}, {@code bulk:<seq>} for bulk rows,
         *        or {@code bulk} (V0_19_1's trigger: bulk rows, anywhere)
         */
        static Announcement parse(String payload) {
            if (payload == null || payload.isBlank()) {
                return null;
            }
            long from = Long.MAX_VALUE;
            long bulkFrom = Long.MAX_VALUE;
            for (String token : payload.trim().split(" +")) {
                try {
                    if (token.equals("bulk")) {
                        bulkFrom = 0;
                    } else if (token.startsWith("bulk:")) {
                        bulkFrom = Math.min(bulkFrom, Long.parseLong(token.substring(5)));
                    } else {
                        from = Math.min(from, Long.parseLong(token));
                    }
                } catch (NumberFormatException e) {
                    return null;
                }
            }
            return new Announcement(from, bulkFrom);
        }
    }

    private void announce(String payload) {
        Announcement announcement = Announcement.parse(payload);
        if (announcement == null) {
            wake(); // everything, from the start
            return;
        }
        if (announcement.interactiveFrom() != Long.MAX_VALUE) {
            interactiveAnnounced.accumulateAndGet(announcement.interactiveFrom(), Math::min);
            interactive.wake();
        }
        if (announcement.bulkFrom() != Long.MAX_VALUE) {
            bulkAnnounced.accumulateAndGet(announcement.bulkFrom(), Math::min);
            bulk.wake();
        }
    }

    public RelayWorker start() {
        subscriber.connect().subscribe().with(ok -> wake(),
                e -> LOG.warnf("outbox relay cannot listen for commits (polling every %s): %s",
                        config.pollInterval(), e.toString()));
        // The first heartbeat takes the slots before either loop looks for rows.
        slots.heartbeat(rounds.writeLock());
        interactive.thread.start();
        bulk.thread.start();
        heartbeat.start();
        return this;
    }

    /** Runs a round now in both loops, each from the start (see the class comment for when). */
    public void wake() {
        interactiveAnnounced.set(0);
        bulkAnnounced.set(0);
        interactive.wake();
        bulk.wake();
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

    private void beat() {
        while (running) {
            synchronized (beatSignal) {
                try {
                    if (running) {
                        beatSignal.wait(config.heartbeat().toMillis()); // close() notifies
                    }
                } catch (InterruptedException e) {
                    return;
                }
            }
            if (running) {
                Short[] before = slots.held();
                slots.heartbeat(rounds.writeLock());
                if (!java.util.Arrays.equals(before, slots.held())) {
                    wake(); // slots taken over: their rows were announced to the replica that held them
                }
            }
        }
    }

    /** A round over the held slots from a seq (0: from the start). */
    @FunctionalInterface
    private interface RoundFrom {
        OutboxPublisher.Round run(Short[] held, long from);
    }

    /** A loop of rounds on a thread of its own. */
    private final class Loop {
        private final Thread thread;
        private final Object signal = new Object();
        private boolean woken;
        /** Where the loop's next round reads from: the lowest seq announced to it since its last round. */
        private final AtomicLong announced;
        /** When the loop's last round from the start ran (System.nanoTime). */
        private long scannedAll;

        Loop(String name, RoundFrom round, AtomicLong announced) {
            this.announced = announced;
            this.thread = new Thread(() -> run(round), name);
            this.thread.setDaemon(true);
        }

        private void run(RoundFrom round) {
            while (running) {
                try {
                    OutboxPublisher.Round done;
                    rounds.readLock().lock();
                    try {
                        done = round(round, slots.held());
                    } finally {
                        rounds.readLock().unlock();
                    }
                    published.addAndGet(done.published());
                    // A full round may have left more: go again at once; else wait for a commit or a release.
                    if (!done.full()) {
                        await(config.pollInterval().toMillis());
                    }
                } catch (RuntimeException e) {
                    if (running) {
                        LOG.warnf("outbox relay round failed, will retry: %s", e.toString());
                        await(config.pollInterval().toMillis());
                    }
                }
            }
        }

        /**
         * A round from the lowest seq announced, or from the start once per poll interval; none when nothing was
         * announced. A round that fails or comes back full leaves its start for the next.
         */
        private OutboxPublisher.Round round(RoundFrom round, Short[] held) {
            long now = System.nanoTime();
            long from = announced.getAndSet(Long.MAX_VALUE);
            if (now - scannedAll >= config.pollInterval().toNanos()) {
                from = 0;
            }
            if (from == Long.MAX_VALUE) {
                return OutboxPublisher.Round.EMPTY;
            }
            if (from == 0) {
                scannedAll = now;
            }
            OutboxPublisher.Round done;
            try {
                done = round.run(held, from);
            } catch (RuntimeException e) {
                announced.accumulateAndGet(from, Math::min);
                throw e;
            }
            if (done.full()) {
                announced.accumulateAndGet(from, Math::min);
            }
            return done;
        }

        void wake() {
            synchronized (signal) {
                woken = true;
                signal.notifyAll();
            }
        }

        private void await(long millis) {
            synchronized (signal) {
                try {
                    if (!woken && running) {
                        signal.wait(Math.max(1, millis));
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    running = false;
                }
                woken = false;
            }
        }

        void join() {
            try {
                thread.join(config.sendTimeout().toMillis() + 5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Stops after the rounds under way, then leaves the slots and closes the producers. */
    @Override
    public void close() {
        running = false;
        wake();
        interactive.join();
        bulk.join();
        synchronized (beatSignal) {
            beatSignal.notifyAll();
        }
        try {
            heartbeat.join(config.sendTimeout().toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        slots.close();
        try {
            subscriber.close().await().atMost(Duration.ofSeconds(5));
        } catch (RuntimeException ignored) {
            // closing anyway
        }
        interactiveProducer.close(Duration.ofSeconds(5));
        bulkProducer.close(Duration.ofSeconds(5));
    }
}
