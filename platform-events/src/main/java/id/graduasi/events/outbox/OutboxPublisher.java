package id.graduasi.events.outbox;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BiConsumer;

import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.jboss.logging.Logger;

import id.graduasi.events.contract.CloudEventHeaders;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * One relay round over the slots a replica holds: claim → send → mark, with no database transaction open while
 * the broker works. A replica runs two kinds of round, each on a thread and with a producer of its own, so an
 * officer's change never waits for a bulk round (head of line):
 * <ul>
 * <li>{@link #publishInteractive}: the households with interactive rows (up to {@code interactiveKeys}), each with
 * every pending row of its household (its earlier bulk rows too, so its order holds);</li>
 * <li>{@link #publishBulk}: from where it starts, the households of up to {@code batchSize} rows, then their oldest
 * pending rows, up to {@code batchSize}, of those whose first pending row is bulk (the others are the interactive
 * round's).</li>
 * </ul>
 * The two never have one household in flight at once: a round reserves its households in {@link Households}
 * before sending and leaves out those the other round holds, or published since this round read its rows (the
 * rows it read may be gone).
 * <ol>
 * <li><b>Claim</b>: read the rows of this replica's slots (autocommit). Slot ownership is the claim: a slot
 * is published by the one replica holding its advisory lock ({@link RelaySlots}), so no row lock is needed.
 * Either way a household's rows form a prefix of its pending rows, in {@code seq} order (the writer's
 * per-household lock makes seq order commit order). A household whose first pending row is in back-off after a
 * failure is skipped whole.</li>
 * <li><b>Send</b>: the whole batch at once, without waiting for single acknowledgements. Per-key order comes from
 * the idempotent producer ({@code enable.idempotence=true}, {@code acks=all}, at most 5 requests in flight per
 * connection): the broker accepts a partition's batches only in sequence, and retries keep that order.</li>
 * <li><b>Mark</b>: per household, the acknowledged prefix is deleted (published); from its first failed row on,
 * every row of that household stays (even rows the broker acknowledged) and goes again, in order, after a
 * back-off.
 * </li>
 * </ol>
 * What the producer does <b>not</b> guarantee: when a batch of a partition finally fails (its delivery timeout
 * expires, or a non-retriable error), batches behind it that were already in flight may still be written, and
 * since KIP-360 the producer resets the partition's sequence and goes on. So a household's later event can land on
 * Kafka before an earlier one that failed; this relay then re-sends the earlier one and everything after it, so the
 * log reads e2, e1, e2. Consumers drop the repeated e2 by event id (inbox) and must not let e1, older than what they
 * applied, overwrite newer state (the household revision guard). Crashing between send and mark re-sends the
 * round: at least once, never lost.
 */
public final class OutboxPublisher {

    private static final Logger LOG = Logger.getLogger(OutboxPublisher.class);

    private static final String COLUMNS = """
            select seq, id::text, topic, record_key, type, source, subject, payload,
                   to_char(occurred_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
                   traceparent, tracestate, attempts, lane
            from outbox_event o""";
    /** A household whose failed row is still in back-off is skipped whole. */
    private static final String NOT_BACKING_OFF = """
            not exists (select 1 from outbox_event f where f.record_key = o.record_key
                        and f.attempts > 0 and f.retry_at > now())""";
    private static final String HOT_KEYS = """
            select distinct record_key from (
              select record_key from outbox_event
              where lane = 0 and slot = any($1) and seq >= $3 order by seq limit $2) h""";
    private static final String ROWS_OF_KEYS = COLUMNS
            + " where record_key = any($1) and " + NOT_BACKING_OFF + " order by seq";
    /**
     * Where a round from the start begins. Through the seq index: asked for the oldest rows of a batch instead,
     * PostgreSQL read the whole table, deleted rows included (a sequential scan, since the rows it expects are
     * fewer than a batch): 40-65 ms a round with 100,000-270,000 of them.
     */
    private static final String LOWEST = "select min(seq) from outbox_event";
    /** Households in back-off are passed over here, so that a batch of them does not hold back those after it. */
    private static final String KEYS_FROM = "select distinct record_key from (select o.record_key from outbox_event o"
            + " where slot = any($1) and seq >= $3 and " + NOT_BACKING_OFF + " order by seq limit $2) k";
    /** The oldest rows of these households: in seq order, so each household's are a prefix of its pending rows. */
    private static final String OLDEST_OF_KEYS = ROWS_OF_KEYS + " limit $2";

    private final Pool pool;
    private final Producer<String, String> producer;
    /** Topics the broker answered metadata for: asked once, the answer does not change while it runs. */
    private final Set<String> knownTopics = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final OutboxConfig config;
    private final BiConsumer<String, String> onPublished;
    private final Runnable onFailure;
    private final Households households;

    /**
     * @param onPublished called with (type, payload) of each row once it is marked sent (business counters)
     * @param onFailure called once per row the broker refused
     */
    public OutboxPublisher(Pool pool, Producer<String, String> producer, OutboxConfig config,
            BiConsumer<String, String> onPublished, Runnable onFailure, Households households) {
        this.pool = pool;
        this.producer = producer;
        this.config = config;
        this.onPublished = onPublished;
        this.onFailure = onFailure;
        this.households = households;
    }

    /**
     * The households a replica's rounds have in flight, shared by its interactive and bulk publishers, and which
     * households the interactive round published lately (a bulk round that read their rows before must leave them).
     */
    public static final class Households {
        private final Set<String> inFlight = java.util.concurrent.ConcurrentHashMap.newKeySet();
        private final Map<String, Long> publishedAt = new java.util.concurrent.ConcurrentHashMap<>();
        private final java.util.concurrent.atomic.AtomicLong generation = new java.util.concurrent.atomic.AtomicLong();
        /** Called when a round releases households another round had to leave out. */
        private volatile Runnable onRelease = () -> { };
        private volatile boolean contended;

        void onRelease(Runnable onRelease) {
            this.onRelease = onRelease;
        }

        /** Before a bulk round reads: what was published before now is gone from what it will read. */
        long snapshot() {
            long now = generation.get();
            publishedAt.values().removeIf(g -> g <= now);
            return now;
        }

        /** @return whether this round may publish the household's rows, read at {@code snapshot} */
        boolean reserve(String key, long snapshot) {
            Long published = publishedAt.get(key);
            if (published != null && published > snapshot || !inFlight.add(key)) {
                contended = true;
                return false;
            }
            if (published != null && published > snapshot) { // published between the two checks
                inFlight.remove(key);
                contended = true;
                return false;
            }
            return true;
        }

        void release(Set<String> keys, boolean published) {
            if (published) {
                long g = generation.incrementAndGet();
                keys.forEach(k -> publishedAt.put(k, g));
            }
            inFlight.removeAll(keys);
            if (contended) {
                contended = false;
                onRelease.run();
            }
        }
    }

    /** The outcome of a round: rows marked sent, and whether the batch came back full (more may wait). */
    public record Round(int published, boolean full) {
        static final Round EMPTY = new Round(0, false);
    }

    /**
     * Publishes the households with interactive rows from {@code seq} {@code from} on (0: all), each with all its
     * pending rows; blocks the calling thread (never an event-loop thread). A queue table holds the rows it deleted
     * until a vacuum: a scan from the start read every one of them (25 ms a round with 23,000 dead rows), so a round
     * woken by a commit starts from the lowest seq the commit announced ({@link RelayWorker}).
     */
    public Round publishInteractive(Short[] slots, long from, Runnable beforeMark) {
        if (slots.length == 0) {
            return Round.EMPTY;
        }
        Duration timeout = config.sendTimeout();
        // Its rows are read after the reservation, so no snapshot can be stale.
        long snapshot = Long.MAX_VALUE;
        List<String> hot = new ArrayList<>();
        pool.preparedQuery(HOT_KEYS).execute(Tuple.of(slots, config.interactiveKeys(), from)).await().atMost(timeout)
                .forEach(r -> {
                    if (households.reserve(r.getString(0), snapshot)) {
                        hot.add(r.getString(0));
                    }
                });
        if (hot.isEmpty()) {
            return Round.EMPTY;
        }
        List<Row> rows = new ArrayList<>();
        try {
            // Read after the reservation: whatever the bulk round published of these households is gone.
            pool.preparedQuery(ROWS_OF_KEYS).execute(Tuple.of(hot.toArray(String[]::new))).await().atMost(timeout)
                    .forEach(rows::add);
            return send(rows, beforeMark, hot.size() >= config.interactiveKeys(), false);
        } finally {
            households.release(new HashSet<>(hot), true);
        }
    }

    /**
     * Publishes, from {@code seq} {@code from} on (0: from the start), the oldest pending rows of the households
     * with rows there (a household's earlier rows go first, so its order holds); blocks the calling thread (never an
     * event-loop thread). A round woken by a commit starts from the seq the commit announced ({@link RelayWorker}):
     * the table's start holds the deleted rows not yet vacuumed.
     */
    public Round publishBulk(Short[] slots, long from, Runnable beforeMark) {
        if (slots.length == 0) {
            return Round.EMPTY;
        }
        long snapshot = households.snapshot();
        List<Row> read = new ArrayList<>();
        Duration timeout = config.sendTimeout();
        if (from == 0) {
            Long lowest = pool.preparedQuery(LOWEST).execute().await().atMost(timeout).iterator().next().getLong(0);
            if (lowest == null) {
                return Round.EMPTY;
            }
            from = lowest;
        }
        List<String> keys = new ArrayList<>();
        pool.preparedQuery(KEYS_FROM).execute(Tuple.of(slots, config.batchSize(), from)).await().atMost(timeout)
                .forEach(r -> keys.add(r.getString(0)));
        if (keys.isEmpty()) {
            return Round.EMPTY;
        }
        pool.preparedQuery(OLDEST_OF_KEYS).execute(Tuple.of(keys.toArray(String[]::new), config.batchSize()))
                .await().atMost(timeout).forEach(read::add);
        Set<String> reserved = new HashSet<>();
        Set<String> left = new HashSet<>();
        List<Row> rows = new ArrayList<>(read.size());
        for (Row row : read) {
            String key = row.getString(3);
            if (!reserved.contains(key) && !left.contains(key)) {
                // A household whose first pending row is interactive is the interactive loop's (it takes all of
                // the household's rows, in order). Taken here too, the two rounds contended for it, and each
                // contention woke both for a round from the start: 12 bulk rounds a second instead of one.
                if (row.getShort(12) == Lane.INTERACTIVE.code()) {
                    left.add(key);
                } else {
                    (households.reserve(key, snapshot) ? reserved : left).add(key);
                }
            }
            if (reserved.contains(key)) {
                rows.add(row);
            }
        }
        try {
            // Full only if it published: a batch of rows all left to the interactive loop would be read again.
            return send(rows, beforeMark, read.size() >= config.batchSize() && !rows.isEmpty(), true);
        } finally {
            households.release(reserved, false);
        }
    }

    private Round send(List<Row> rows, Runnable beforeMark, boolean full, boolean flush) {
        Duration timeout = config.sendTimeout();
        if (rows.isEmpty()) {
            return new Round(0, full);
        }
        // A topic the broker does not know makes every send to it wait max.block.ms for metadata, one after
        // another: ask once per topic per round, and fail its rows at once (they back off like any failure).
        Map<String, RuntimeException> unknownTopics = new HashMap<>();
        for (Row row : rows) {
            String topic = row.getString(2);
            if (!knownTopics.contains(topic) && !unknownTopics.containsKey(topic)) {
                try {
                    producer.partitionsFor(topic);
                    knownTopics.add(topic);
                } catch (RuntimeException e) {
                    unknownTopics.put(topic, e);
                }
            }
        }
        List<Future<RecordMetadata>> acks = new ArrayList<>(rows.size());
        for (Row row : rows) {
            RuntimeException unknown = unknownTopics.get(row.getString(2));
            acks.add(unknown != null ? CompletableFuture.failedFuture(unknown) : send(row));
        }
        if (flush) {
            // A bulk batch goes out now rather than after linger.ms; an interactive round waits at most linger.ms.
            producer.flush();
        }

        List<Long> sent = new ArrayList<>(rows.size());
        List<Object[]> published = new ArrayList<>(rows.size());
        Set<String> heldBack = new HashSet<>();
        List<Row> failedRows = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        for (int i = 0; i < rows.size(); i++) {
            Row row = rows.get(i);
            String key = row.getString(3);
            Throwable failure = outcome(acks.get(i), deadline);
            if (heldBack.contains(key)) {
                continue; // an earlier row of this household failed: this one goes again after it
            }
            if (failure == null) {
                sent.add(row.getLong(0));
                published.add(new Object[] { row.getString(4), row.getString(7) });
            } else {
                heldBack.add(key);
                failedRows.add(row);
                errors.add(String.valueOf(failure));
            }
        }
        beforeMark.run();
        if (!sent.isEmpty()) {
            // Published rows leave the table: a delete writes a few bytes where an update rewrote the whole row.
            pool.preparedQuery("delete from outbox_event where seq = any($1)")
                    .execute(Tuple.of(sent.toArray(Long[]::new))).await().atMost(timeout);
            pool.preparedQuery("""
                    insert into outbox_progress (id, published_at) values (1, now())
                    on conflict (id) do update set published_at = excluded.published_at""")
                    .execute().await().atMost(timeout);
            published.forEach(p -> onPublished.accept((String) p[0], (String) p[1]));
        }
        for (int i = 0; i < failedRows.size(); i++) {
            Row row = failedRows.get(i);
            int attempts = row.getInteger(11) + 1;
            long backoff = Math.min(config.maxRetryBackoff().toMillis(),
                    config.retryBackoff().toMillis() << Math.min(20, attempts - 1));
            onFailure.run();
            LOG.warnf("outbox event %s not acknowledged (attempt %d), its household waits %d ms: %s",
                    row.getString(1), attempts, backoff, errors.get(i));
            pool.preparedQuery("""
                    update outbox_event set attempts = attempts + 1, last_error = left($2, 500),
                           retry_at = now() + make_interval(secs => $3::float8 / 1000)
                    where seq = $1""")
                    .execute(Tuple.of(row.getLong(0), errors.get(i), backoff)).await().atMost(timeout);
        }
        return new Round(sent.size(), full);
    }

    private Future<RecordMetadata> send(Row row) {
        var headers = new RecordHeaders();
        CloudEventHeaders.write(headers, CloudEventHeaders.SPEC_VERSION, CloudEventHeaders.SPEC_VERSION_1_0);
        CloudEventHeaders.write(headers, CloudEventHeaders.ID, row.getString(1));
        CloudEventHeaders.write(headers, CloudEventHeaders.TYPE, row.getString(4));
        CloudEventHeaders.write(headers, CloudEventHeaders.SOURCE, row.getString(5));
        CloudEventHeaders.write(headers, CloudEventHeaders.SUBJECT, row.getString(6));
        CloudEventHeaders.write(headers, CloudEventHeaders.TIME, row.getString(8));
        CloudEventHeaders.write(headers, CloudEventHeaders.CONTENT_TYPE, CloudEventHeaders.JSON);
        // The W3C trace context of the request that made the event: consumers continue that trace.
        if (row.getString(9) != null) {
            headers.add("traceparent", row.getString(9).getBytes(StandardCharsets.UTF_8));
            if (row.getString(10) != null) {
                headers.add("tracestate", row.getString(10).getBytes(StandardCharsets.UTF_8));
            }
        }
        try {
            return producer.send(new ProducerRecord<>(row.getString(2), null, row.getString(3), row.getString(7),
                    headers));
        } catch (RuntimeException e) {
            // e.g. no metadata for the topic within max.block.ms: a failed send like any other
            return CompletableFuture.failedFuture(e);
        }
    }

    private static Throwable outcome(Future<RecordMetadata> ack, long deadlineNanos) {
        try {
            ack.get(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
            return null;
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (TimeoutException e) {
            return e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return e;
        }
    }
}
