package id.graduasi.events.outbox;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.ThreadLocalRandom;

import org.jboss.logging.Logger;

import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.pgclient.PgConnection;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vertx.pgclient.PgConnectOptions;

/**
 * Which of the outbox's {@value #SLOTS} slots this replica publishes. Each replica holds, on a connection of its
 * own, a session advisory lock naming it a member, and one lock per slot it publishes. Members are read from
 * {@code pg_locks}; member i of n (in id order) takes the slots s with s mod n = i. A replica that dies loses its
 * connection and with it every lock, so the others take its slots at their next heartbeat; a replica that joins
 * makes the others release slots, which it then takes. A slot is never held by two replicas at once, so a
 * household's events are published by one replica at a time, in order. If the lock connection breaks (a database
 * restart) the replica holds nothing and publishes nothing until it has reconnected and taken its slots again.
 */
public final class RelaySlots implements AutoCloseable {

    public static final int SLOTS = 64;
    /** Advisory lock namespaces (the first key of the two-key form): members, and slots. */
    static final int MEMBER_NAMESPACE = 0x47524431;
    static final int SLOT_NAMESPACE = 0x47524432;

    private static final Logger LOG = Logger.getLogger(RelaySlots.class);

    private final Vertx vertx;
    private final PgConnectOptions options;
    private final Duration timeout;
    private final int memberId = ThreadLocalRandom.current().nextInt(1, Integer.MAX_VALUE);
    private PgConnection connection;
    private volatile Short[] held = new Short[0];
    private volatile int members;

    public RelaySlots(Vertx vertx, PgConnectOptions options, Duration timeout) {
        this.vertx = vertx;
        this.options = options;
        this.timeout = timeout;
    }

    /** The slots this replica publishes now. */
    public Short[] held() {
        return held;
    }

    /** Members seen at the last heartbeat (this replica included). */
    public int members() {
        return members;
    }

    /**
     * Renews membership and takes or releases slots to this replica's share. Slots are released only while
     * {@code releasing} is held: the relay's rounds hold it shared, so a slot never changes hands while a round
     * of this replica still has its rows in flight (the next owner would read and send them again).
     */
    public void heartbeat(java.util.concurrent.locks.Lock releasing) {
        try {
            if (connection == null) {
                connect();
            }
            List<Integer> ids = new ArrayList<>();
            connection.preparedQuery("""
                    select objid::bigint from pg_locks where locktype = 'advisory' and granted and objsubid = 2
                      and classid = $1::bigint::oid
                      and database = (select oid from pg_database where datname = current_database())
                    order by 1""").execute(Tuple.of(MEMBER_NAMESPACE))
                    .await().atMost(timeout).forEach(r -> ids.add((int) (long) r.getLong(0)));
            int index = ids.indexOf(memberId);
            if (index < 0) {
                throw new IllegalStateException("this relay's membership lock is gone");
            }
            members = ids.size();
            TreeSet<Short> wanted = new TreeSet<>();
            for (int s = index; s < SLOTS; s += ids.size()) {
                wanted.add((short) s);
            }
            TreeSet<Short> current = new TreeSet<>(List.of(held));
            List<Short> release = current.stream().filter(s -> !wanted.contains(s)).toList();
            if (!release.isEmpty()) {
                releasing.lock();
                try {
                    current.removeAll(release);
                    held = current.toArray(Short[]::new);
                    connection.preparedQuery("select count(pg_advisory_unlock($1, s)) from unnest($2::int4[]) s")
                            .execute(Tuple.of(SLOT_NAMESPACE,
                                    release.stream().map(Short::intValue).toArray(Integer[]::new)))
                            .await().atMost(timeout);
                } finally {
                    releasing.unlock();
                }
            }
            List<Short> take = wanted.stream().filter(s -> !current.contains(s)).toList();
            if (!take.isEmpty()) {
                connection.preparedQuery("select s from unnest($2::int4[]) s where pg_try_advisory_lock($1, s)")
                        .execute(Tuple.of(SLOT_NAMESPACE, take.stream().map(Short::intValue).toArray(Integer[]::new)))
                        .await().atMost(timeout).forEach((Row r) -> current.add(r.getInteger(0).shortValue()));
            }
            held = current.toArray(Short[]::new);
        } catch (RuntimeException e) {
            LOG.warnf("outbox relay lost its slots (will reconnect): %s", e.toString());
            releasing.lock(); // leaving on purpose: not while a round has rows of these slots in flight
            try {
                close();
            } finally {
                releasing.unlock();
            }
        }
    }

    private void connect() {
        connection = PgConnection.connect(vertx, options).await().atMost(timeout);
        connection.closeHandler(() -> held = new Short[0]);
        connection.preparedQuery("select pg_advisory_lock($1, $2)").execute(Tuple.of(MEMBER_NAMESPACE, memberId))
                .await().atMost(timeout);
    }

    /** Leaves: every lock goes with the connection. */
    @Override
    public void close() {
        held = new Short[0];
        members = 0;
        PgConnection c = connection;
        connection = null;
        if (c != null) {
            try {
                c.close().await().atMost(timeout);
            } catch (RuntimeException ignored) {
                // the connection is already gone
            }
        }
    }
}
