package id.graduasi.events.inbox;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;

import id.graduasi.events.persistence.NativeSql;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.smallrye.mutiny.vertx.core.ContextAwareScheduler;

/**
 * Lists a channel's dead letters and re-applies chosen ones through the channel's own handler, after a fix. A
 * replay goes through the inbox like any delivery, so an event replayed twice, or one that was applied meanwhile,
 * has exactly one effect. Each replay is recorded with its outcome.
 */
@ApplicationScoped
public class DeadLetterReplay {

    public static final int MAX_LIST = 1000;

    private final DeadLetters deadLetters;
    private final EventProcessor processor;
    private final Instance<EventConsumer> consumers;

    public DeadLetterReplay(DeadLetters deadLetters, EventProcessor processor, Instance<EventConsumer> consumers) {
        this.deadLetters = deadLetters;
        this.processor = processor;
        this.consumers = consumers;
    }

    /** A dead letter with the replays recorded for it. */
    public record Listed(DeadLetters.DeadLetter letter, List<Replayed> replays) {
    }

    public record Replayed(Instant at, String actor, String outcome, String detail) {
    }

    /** What one replay did. */
    public record Outcome(String id, String eventId, String outcome, String detail) {
        public static final String APPLIED = "APPLIED";
        public static final String ALREADY_APPLIED = "ALREADY_APPLIED";
        public static final String SKIPPED_UNKNOWN_TYPE = "SKIPPED_UNKNOWN_TYPE";
        public static final String UNPROCESSABLE = "UNPROCESSABLE";
        public static final String FAILED = "FAILED";
        public static final String NOT_FOUND = "NOT_FOUND";
    }

    /** The channels of this service, each with a dead-letter topic. */
    public List<String> channels() {
        return consumers.stream().map(EventConsumer::channel).sorted().toList();
    }

    public boolean knows(String channel) {
        return channels().contains(channel);
    }

    /** The newest dead letters of a channel, newest first, with their replays; at most {@link #MAX_LIST}. */
    public Uni<List<Listed>> list(String channel, int limit) {
        return listed(channel, id -> true, Math.min(limit, MAX_LIST));
    }

    /** One dead letter of a channel by id ({@code partition-offset}) with its replays, or null. */
    public Uni<Listed> find(String channel, String id) {
        return listed(channel, id::equals, 1).map(found -> found.isEmpty() ? null : found.get(0));
    }

    private Uni<List<Listed>> listed(String channel, java.util.function.Predicate<String> wanted, int limit) {
        ScheduledExecutorService context = context();
        return read(channel, wanted, limit, context).chain(letters -> replaysOf(channel, letters).map(replays ->
                letters.stream().map(l -> new Listed(l, replays.getOrDefault(l.id(), List.of()))).toList()));
    }

    /** Replays the dead letters named by id ({@code partition-offset}), in the order they were dead-lettered. */
    public Uni<List<Outcome>> replay(String channel, Collection<String> ids, String actor) {
        EventConsumer consumer = consumers.stream().filter(c -> c.channel().equals(channel)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no consumer channel " + channel));
        ScheduledExecutorService context = context();
        Set<String> wanted = Set.copyOf(ids);
        // Only the letters asked for (at most 1,000 ids) are kept while the topic is read.
        return read(channel, wanted::contains, wanted.size(), context).chain(letters -> {
            List<DeadLetters.DeadLetter> chosen = letters.stream().filter(l -> wanted.contains(l.id()))
                    .sorted((a, b) -> a.partition() != b.partition() ? Integer.compare(a.partition(), b.partition())
                            : Long.compare(a.offset(), b.offset()))
                    .toList();
            List<Outcome> outcomes = new ArrayList<>();
            Set<String> found = chosen.stream().map(DeadLetters.DeadLetter::id).collect(Collectors.toSet());
            wanted.stream().filter(id -> !found.contains(id)).sorted()
                    .forEach(id -> outcomes.add(new Outcome(id, null, Outcome.NOT_FOUND, "no such dead letter")));
            Uni<Void> chain = Uni.createFrom().voidItem();
            for (DeadLetters.DeadLetter letter : chosen) {
                chain = chain.chain(() -> replayOne(letter, consumer)
                        .call(outcome -> record(channel, letter, actor, outcome))
                        .invoke(outcomes::add).replaceWithVoid());
            }
            return chain.replaceWith(outcomes);
        });
    }

    private Uni<Outcome> replayOne(DeadLetters.DeadLetter letter, EventConsumer consumer) {
        ReceivedEvent event;
        try {
            event = processor.parse(letter.originalHeaders(), letter.payload(), consumer);
        } catch (PoisonMessageException e) {
            return Uni.createFrom().item(new Outcome(letter.id(), letter.eventId(), Outcome.UNPROCESSABLE,
                    e.getMessage()));
        }
        if (event == null) {
            return Uni.createFrom().item(new Outcome(letter.id(), letter.eventId(), Outcome.SKIPPED_UNKNOWN_TYPE,
                    "this service does not know, or does not act on, the event type " + letter.type()));
        }
        return processor.applyOnce(event, consumer)
                .map(applied -> new Outcome(letter.id(), letter.eventId(),
                        applied ? Outcome.APPLIED : Outcome.ALREADY_APPLIED, null))
                .onFailure().recoverWithItem(e -> new Outcome(letter.id(), letter.eventId(),
                        Failures.root(e) instanceof PoisonMessageException ? Outcome.UNPROCESSABLE : Outcome.FAILED,
                        String.valueOf(Failures.root(e).getMessage())));
    }

    private Uni<List<DeadLetters.DeadLetter>> read(String channel, java.util.function.Predicate<String> wanted,
            int limit, ScheduledExecutorService context) {
        // A plain Kafka consumer blocks: read on a worker thread, then come back to the request's context.
        return Uni.createFrom().item(() -> deadLetters.read(channel, wanted, limit))
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .emitOn(context);
    }

    private Uni<Void> record(String channel, DeadLetters.DeadLetter letter, String actor, Outcome outcome) {
        return Panache.withTransaction(() -> NativeSql.update("""
                insert into dead_letter_replay (dlq_topic, dlq_partition, dlq_offset, event_id, actor, outcome, detail)
                values (?1, ?2, ?3, ?4, ?5, ?6, left(?7, 1000))""", deadLetters.topic(channel), letter.partition(),
                letter.offset(), letter.eventId(), actor, outcome.outcome(),
                outcome.detail() == null ? "" : outcome.detail())).replaceWithVoid();
    }

    private Uni<Map<String, List<Replayed>>> replaysOf(String channel, List<DeadLetters.DeadLetter> letters) {
        if (letters.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        // The replays of these letters only, not of the whole topic.
        String[] ids = letters.stream().map(DeadLetters.DeadLetter::id).toArray(String[]::new);
        return Panache.withSession(() -> NativeSql.rows("""
                select dlq_partition || '-' || dlq_offset, replayed_at, actor, outcome, detail
                from dead_letter_replay
                where dlq_topic = ?1 and dlq_partition || '-' || dlq_offset = any(cast(?2 as text[]))
                order by replayed_at""", deadLetters.topic(channel), ids))
                .map(rows -> rows.stream().collect(Collectors.groupingBy(r -> (String) r[0],
                        Collectors.mapping(r -> new Replayed((Instant) r[1], (String) r[2], (String) r[3],
                                (String) r[4]), Collectors.toList()))));
    }

    private static ScheduledExecutorService context() {
        return ContextAwareScheduler.delegatingTo(Infrastructure.getDefaultWorkerPool()).withCurrentContext();
    }
}
