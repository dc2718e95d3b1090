package id.graduasi.events.inbox;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.common.header.Headers;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import id.graduasi.events.contract.CloudEventHeaders;
import id.graduasi.events.contract.EventSchemas;
import id.graduasi.events.contract.EventType;
import id.graduasi.events.persistence.NativeSql;
import io.quarkus.vertx.core.runtime.context.VertxContextSafetyToggle;
import io.smallrye.common.vertx.VertxContext;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.smallrye.mutiny.vertx.core.ContextAwareScheduler;
import io.smallrye.reactive.messaging.kafka.KafkaRecord;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;

/**
 * The one way a service consumes events. A polled batch is applied in one transaction with one inbox claim for
 * all its event ids, so a redelivered event has no second effect. If that transaction fails, the batch is applied
 * event by event, each in its own transaction, to find the one that fails:
 * <ul>
 * <li>a transient failure (the database unreachable, a lock or statement timeout, a lost connection, a
 * serialization failure) is retried with back-off for as long as it takes, on the record's own Vert.x context; the
 * channel is paused meanwhile (no further batch is taken) and readiness says so ({@link ConsumerReadiness});</li>
 * <li>a message that can never be processed (not a CloudEvent, not JSON, a schema violation, a handler's
 * {@link PoisonMessageException}) goes to the channel's dead-letter topic with the reason in its headers;</li>
 * <li>any other failure (a bug) is retried {@code graduasi.inbox.attempts} times, then dead-lettered as a
 * processing failure, to be replayed after the fix ({@link DeadLetters}).</li>
 * </ul>
 * An event type this service does not know (a newer version during a rolling deploy), or knows but does not act on,
 * is skipped and counted, never claimed nor dead-lettered.
 */
@ApplicationScoped
public class EventProcessor {

    private static final Logger LOG = Logger.getLogger(EventProcessor.class);

    private final ObjectMapper mapper;
    private final MeterRegistry meters;
    private final ConsumerStatus health;
    private final DeadLetters deadLetters;
    private final Failures failures;
    private final int attempts;
    private final Duration maxBackoff;
    private final int concurrency;

    public EventProcessor(ObjectMapper mapper, MeterRegistry meters, ConsumerStatus health, DeadLetters deadLetters,
            Failures failures,
            @ConfigProperty(name = "graduasi.inbox.attempts", defaultValue = "8") int attempts,
            @ConfigProperty(name = "graduasi.inbox.max-backoff", defaultValue = "PT10S") Duration maxBackoff,
            @ConfigProperty(name = "graduasi.inbox.concurrency", defaultValue = "1") int concurrency) {
        this.mapper = mapper;
        this.meters = meters;
        this.health = health;
        this.deadLetters = deadLetters;
        this.failures = failures;
        this.attempts = Math.max(1, attempts);
        this.maxBackoff = maxBackoff;
        this.concurrency = Math.max(1, concurrency);
    }

    /** An event of a polled batch, with the record it came in (for the dead-letter topic). */
    record Pending(KafkaRecord<String, String> record, ReceivedEvent event) {
    }

    /**
     * Applies a polled batch, then acknowledges it (its offsets are committed). Two timers tell where an event's
     * time goes in a consumer: {@code graduasi_events_waited_seconds}, from the record's timestamp (the producer's
     * send) to its batch starting here (the broker, the poll, the batches before it), and
     * {@code graduasi_events_applied_seconds}, from there to the batch applied (its transactions committed).
     */
    public Uni<Void> process(KafkaRecordBatch<String, String> batch, EventConsumer consumer) {
        ScheduledExecutorService context = contextScheduler();
        long started = System.currentTimeMillis();
        Timer waited = timer("graduasi_events_waited_seconds", consumer,
                "A record's timestamp to its batch starting to be applied");
        List<Pending> events = new ArrayList<>();
        Uni<Void> poison = Uni.createFrom().voidItem();
        for (KafkaRecord<String, String> record : batch.getRecords()) {
            if (record.getTimestamp() != null) {
                waited.record(Math.max(0, started - record.getTimestamp().toEpochMilli()), TimeUnit.MILLISECONDS);
            }
            try {
                ReceivedEvent event = parse(record.getHeaders(), record.getPayload(), consumer);
                if (event != null) {
                    events.add(new Pending(record, event));
                }
            } catch (PoisonMessageException e) {
                poison = poison.chain(() -> deadLetters.write(record, consumer.channel(), DeadLetters.POISON, e,
                        context));
            }
        }
        int records = batch.getRecords().size();
        return poison.chain(() -> applyAll(events, consumer))
                .invoke(() -> {
                    // Once per record, so that its percentiles are an event's, not a batch's.
                    Timer applied = timer("graduasi_events_applied_seconds", consumer,
                            "A record's batch starting to its events applied");
                    long took = System.currentTimeMillis() - started;
                    for (int i = 0; i < records; i++) {
                        applied.record(took, TimeUnit.MILLISECONDS);
                    }
                })
                .chain(() -> Uni.createFrom().completionStage(batch.ack()));
    }

    private Timer timer(String name, EventConsumer consumer, String description) {
        return Timer.builder(name).description(description).tag("channel", consumer.channel())
                .publishPercentiles(0.5, 0.99).register(meters);
    }

    /**
     * Back-off delays would otherwise resume on a worker thread, where no session can be opened; and each lane
     * must resume on its own context, whose session is its own.
     */
    private static ScheduledExecutorService contextScheduler() {
        return ContextAwareScheduler.delegatingTo(Infrastructure.getDefaultWorkerPool()).withCurrentContext();
    }

    /**
     * Keyed concurrency: the batch is split by record key (the household) into at most {@code concurrency} lanes,
     * each applied in its own transaction on its own connection, all at once. A household's events stay in one
     * lane, in their order; the lanes overlap their database round trips. A batch the consumer wants in one lane
     * ({@link EventConsumer#oneLane}) is one lane. One lane by default: where the cores are few and busy, each
     * lane's transaction costs more than its overlapped round trips save, and one lane ordered in stretches
     * ({@link #inStretches}) did fan-out faster (docs/benchmarks.md, twenty-fifth session).
     */
    private Uni<Void> applyAll(List<Pending> events, EventConsumer consumer) {
        List<List<Pending>> lanes = lanes(events, laneCount(events, consumer, concurrency));
        if (lanes.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        // A single lane too runs on a context of its own: its session must not be one a batch before it left.
        Context origin = Vertx.currentContext();
        List<Uni<Void>> running = new ArrayList<>(lanes.size());
        for (List<Pending> lane : lanes) {
            running.add(onOwnContext(origin, () -> applyLane(lane, consumer)));
        }
        Uni<Void> all = Uni.join().all(running).andCollectFailures().replaceWithVoid();
        // The batch is acknowledged where it was received.
        return origin == null ? all : all.emitOn(command -> origin.runOnContext(ignored -> command.run()));
    }

    /** One lane when every event of the batch is one the consumer wants in one lane, else {@code max}. */
    static int laneCount(List<Pending> events, EventConsumer consumer, int max) {
        for (Pending p : events) {
            if (!consumer.oneLane(p.event().type())) {
                return max;
            }
        }
        return 1;
    }

    /** Splits events by key into at most {@code max} lanes, each keeping its events' order. */
    static List<List<Pending>> lanes(List<Pending> events, int max) {
        Map<Integer, List<Pending>> byLane = new LinkedHashMap<>();
        for (Pending p : events) {
            String key = p.record().getKey();
            int lane = key == null ? 0 : Math.floorMod(key.hashCode(), max);
            byLane.computeIfAbsent(lane, l -> new ArrayList<>()).add(p);
        }
        return new ArrayList<>(byLane.values());
    }

    /**
     * Runs work on a new duplicated context of the receiving one (same event loop), flagged safe for Hibernate
     * Reactive: its session is the lane's alone.
     */
    private static Uni<Void> onOwnContext(Context origin, Supplier<Uni<Void>> work) {
        if (origin == null) {
            return Uni.createFrom().deferred(work::get);
        }
        Context lane = VertxContext.createNewDuplicatedContext(origin);
        VertxContextSafetyToggle.setContextSafe(lane, true);
        return Uni.createFrom().emitter(emitter -> lane.runOnContext(ignored -> {
            Uni<Void> started;
            try {
                started = work.get();
            } catch (RuntimeException e) {
                emitter.fail(e);
                return;
            }
            started.subscribe().with(emitter::complete, emitter::fail);
        }));
    }

    /** Applies one lane's events in one transaction, or one by one when that fails. */
    private Uni<Void> applyLane(List<Pending> polled, EventConsumer consumer) {
        ScheduledExecutorService context = contextScheduler();
        List<Pending> events = inStretches(polled, p -> consumer.stretch(p.event().type()));
        if (events.size() == 1) {
            return applyOne(events.get(0), consumer, 0, context);
        }
        return Panache.withTransaction(() -> claimAll(events).chain(fresh -> {
            List<ReceivedEvent> first = new ArrayList<>(events.size());
            for (Pending p : events) {
                // remove: a record polled twice in one batch (a redelivery) is applied once
                if (fresh.remove(p.event().id())) {
                    first.add(p.event());
                } else {
                    duplicate(p.event());
                }
            }
            return consumer.handleAll(first);
        }))
                .invoke(() -> meters.counter("graduasi_events_batched_total", "channel", consumer.channel())
                        .increment(events.size()))
                .invoke(() -> health.recovered(consumer.channel()))
                .onFailure().recoverWithUni(e -> {
                    // Counted: a batch path that keeps failing costs a transaction per event, silently.
                    meters.counter("graduasi_events_batch_fallbacks_total", "channel", consumer.channel()).increment();
                    LOG.debugf("batch of %d events failed (%s); applying them one by one", events.size(), e);
                    return applyEach(events, 0, consumer, context);
                });
    }

    /**
     * A lane's events ordered in stretches ({@link EventConsumer#stretch}) as long as the households' own orders
     * allow: each household's events (by record key) keep their order, and across households the order is free, as
     * it is between lanes and between partitions. Decisions and the registry's echoes of earlier ones arrive
     * interleaved, household after household; in their polled order a lane of 100 of them was up to 100 stretches,
     * each its own statements inside one transaction. Greedy: the stretch of the earliest event whose household has
     * nothing before it takes every such event of that stretch, household by household, then the next.
     */
    static List<Pending> inStretches(List<Pending> events, Function<Pending, Object> stretch) {
        if (events.size() < 3) {
            return events;
        }
        Object[] stretches = new Object[events.size()];
        Map<String, ArrayDeque<Integer>> byKey = new LinkedHashMap<>();
        for (int i = 0; i < events.size(); i++) {
            stretches[i] = stretch.apply(events.get(i));
            byKey.computeIfAbsent(String.valueOf(events.get(i).record().getKey()), k -> new ArrayDeque<>()).add(i);
        }
        List<ArrayDeque<Integer>> households = new ArrayList<>(byKey.values());
        List<Pending> ordered = new ArrayList<>(events.size());
        while (!households.isEmpty()) {
            int earliest = Integer.MAX_VALUE;
            for (ArrayDeque<Integer> household : households) {
                earliest = Math.min(earliest, household.peek());
            }
            Object current = stretches[earliest];
            for (Iterator<ArrayDeque<Integer>> it = households.iterator(); it.hasNext();) {
                ArrayDeque<Integer> household = it.next();
                while (!household.isEmpty() && current.equals(stretches[household.peek()])) {
                    ordered.add(events.get(household.poll()));
                }
                if (household.isEmpty()) {
                    it.remove();
                }
            }
        }
        return ordered;
    }

    private Uni<Void> applyEach(List<Pending> events, int index, EventConsumer consumer, ScheduledExecutorService context) {
        if (index == events.size()) {
            return Uni.createFrom().voidItem();
        }
        return applyOne(events.get(index), consumer, 0, context)
                .chain(() -> applyEach(events, index + 1, consumer, context));
    }

    private Uni<Void> applyOne(Pending p, EventConsumer consumer, int attempt, ScheduledExecutorService context) {
        ReceivedEvent event = p.event();
        return Panache.withTransaction(() -> claim(event)
                        .chain(first -> !first ? Uni.createFrom().voidItem().invoke(() -> duplicate(event))
                                : event.traced(() -> consumer.handle(event))))
                .invoke(() -> health.recovered(consumer.channel()))
                .onFailure().recoverWithUni(e -> failures.classify(e).chain(kind -> switch (kind) {
                    case PERMANENT -> deadLetters.write(p.record(), consumer.channel(), DeadLetters.POISON,
                            Failures.root(e), context).invoke(() -> health.recovered(consumer.channel()));
                    case TRANSIENT -> retry(p, consumer, attempt, e, context);
                    case OTHER -> attempt + 1 < attempts ? retry(p, consumer, attempt, e, context)
                            : deadLetters.write(p.record(), consumer.channel(), DeadLetters.PROCESSING,
                                    Failures.root(e), context).invoke(() -> health.recovered(consumer.channel()));
                }));
    }

    private Uni<Void> retry(Pending p, EventConsumer consumer, int attempt, Throwable e, ScheduledExecutorService context) {
        health.retrying(consumer.channel(), attempt + 1, Failures.root(e));
        meters.counter("graduasi_events_retries_total", "channel", consumer.channel()).increment();
        if (attempt == 0 || attempt % 10 == 0) {
            LOG.warnf("%s: event %s (%s) not applied, retrying (attempt %d): %s", consumer.channel(),
                    p.event().id(), p.event().type().type(), attempt + 1, Failures.root(e).toString());
        }
        Duration backoff = Duration.ofMillis(Math.min(maxBackoff.toMillis(), 100L << Math.min(attempt, 16)));
        return Uni.createFrom().voidItem().onItem().delayIt().onExecutor(context).by(backoff)
                .chain(() -> applyOne(p, consumer, attempt + 1, context));
    }

    /**
     * Claims every id of the batch in one statement. The ids go as text: the PostgreSQL client does not coerce a
     * {@code String[]} to {@code uuid[]}, and a claim that always failed would send every batch down the
     * one-by-one path unnoticed. @return the ids not seen before
     */
    private Uni<java.util.Set<UUID>> claimAll(List<Pending> events) {
        String[] ids = events.stream().map(p -> p.event().id().toString()).toArray(String[]::new);
        String[] types = events.stream().map(p -> p.event().type().type()).toArray(String[]::new);
        return NativeSql.rows("""
                with claimed as (
                  insert into inbox_event (event_id, type)
                  select distinct on (id) id, type
                  from unnest(cast(cast(?1 as text[]) as uuid[]), cast(?2 as text[])) as e(id, type)
                  on conflict (event_id) do nothing
                  returning event_id)
                select event_id from claimed""", ids, types)
                .map(claimed -> {
                    var fresh = new java.util.HashSet<UUID>();
                    claimed.forEach(row -> fresh.add((UUID) row[0]));
                    return fresh;
                });
    }

    private Uni<Boolean> claim(ReceivedEvent event) {
        return NativeSql.update(
                "insert into inbox_event (event_id, type) values (?1, ?2) on conflict (event_id) do nothing",
                event.id(), event.type().type())
                .map(inserted -> inserted == 1);
    }

    private void duplicate(ReceivedEvent event) {
        LOG.debugf("event %s (%s) already processed; ignoring redelivery", event.id(), event.type().type());
        meters.counter("graduasi_events_duplicates_total", "type", event.type().type()).increment();
    }

    /**
     * Checks a record against the contract. @return the event, or null for a well-formed CloudEvent of a type this
     * service does not know or does not act on (skipped and counted)
     * @throws PoisonMessageException for a record that can never be processed
     */
    ReceivedEvent parse(Headers headers, String payload, EventConsumer consumer) {
        if (headers == null) {
            throw new PoisonMessageException("not a Kafka record");
        }
        String specVersion = CloudEventHeaders.read(headers, CloudEventHeaders.SPEC_VERSION);
        if (!CloudEventHeaders.SPEC_VERSION_1_0.equals(specVersion)) {
            throw new PoisonMessageException("ce_specversion must be 1.0, was " + specVersion);
        }
        UUID id;
        try {
            id = UUID.fromString(String.valueOf(CloudEventHeaders.read(headers, CloudEventHeaders.ID)));
        } catch (IllegalArgumentException e) {
            throw new PoisonMessageException("ce_id must be a UUID");
        }
        String source = CloudEventHeaders.read(headers, CloudEventHeaders.SOURCE);
        if (source == null || source.isBlank()) {
            throw new PoisonMessageException("ce_source is required");
        }
        String typeName = CloudEventHeaders.read(headers, CloudEventHeaders.TYPE);
        if (typeName == null || typeName.isBlank()) {
            throw new PoisonMessageException("ce_type is required");
        }
        var type = EventType.fromType(typeName);
        if (type.isEmpty()) {
            // A newer type or version than this service knows: not ours to judge, and not lost for whoever knows it.
            meters.counter("graduasi_events_skipped_total", "type", typeName.length() > 100
                    ? typeName.substring(0, 100) : typeName).increment();
            LOG.debugf("skipping event %s of a type this service does not know: %s", id, typeName);
            return null;
        }
        if (!consumer.handles(type.get())) {
            // Another service's business: its data is not read, so not judged either; and not claimed, since a
            // redelivery of it has no effect to repeat (a claim would cost a transaction per event at low rates).
            meters.counter("graduasi_events_ignored_total", "channel", consumer.channel()).increment();
            return null;
        }
        String subject = CloudEventHeaders.read(headers, CloudEventHeaders.SUBJECT);
        if (payload == null) {
            throw new PoisonMessageException("event " + id + " has no data");
        }
        JsonNode data;
        try {
            data = mapper.readTree(payload);
        } catch (JsonProcessingException e) {
            // Only where it broke: the parser's message quotes the data, which may be personal.
            var at = e.getLocation();
            throw new PoisonMessageException("data is not JSON (at line " + (at == null ? "?" : at.getLineNr())
                    + ", column " + (at == null ? "?" : at.getColumnNr()) + ")");
        }
        var violations = EventSchemas.get().validate(type.get(), data);
        if (!violations.isEmpty()) {
            throw new PoisonMessageException("data violates " + type.get().schemaName() + ": " + violations);
        }
        return new ReceivedEvent(id, type.get(), source, subject, data, mapper,
                CloudEventHeaders.read(headers, "traceparent"), CloudEventHeaders.read(headers, "tracestate"));
    }

    /** Applies one event outside the consumer (a dead-letter replay): one attempt, in its own transaction. */
    Uni<Boolean> applyOnce(ReceivedEvent event, EventConsumer consumer) {
        return Panache.withTransaction(() -> claim(event)
                .chain(first -> !first ? Uni.createFrom().item(Boolean.FALSE)
                        : event.traced(() -> consumer.handle(event)).replaceWith(Boolean.TRUE)));
    }
}
