package id.graduasi.events.inbox;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;

import id.graduasi.events.contract.EventType;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

/**
 * A service's handler for one consumer channel. The {@code @Incoming} method hands its batches to
 * {@link EventProcessor}; the dead-letter replay finds the handler by its channel.
 */
public interface EventConsumer {

    /**
     * The reactive-messaging channel (its consumer group names the dead-letter topic): a service's one consumer
     * reads {@code graduasi-events}; a second consumer (the registry's SPDCI notifier) names its own.
     */
    default String channel() {
        return "graduasi-events";
    }

    /**
     * Whether this consumer acts on events of {@code type}. Events of other types on its topics are skipped and
     * counted: neither claimed in the inbox, parsed, validated nor handled (a redelivery of one has no effect to
     * repeat). Most of a registry topic is of no interest to some consumers.
     */
    boolean handles(EventType type);

    /**
     * Whether {@link #handleAll} applies events of {@code type} together, set by set (a few statements for a
     * run of them, not a few per event).
     */
    default boolean appliesTogether(EventType type) {
        return false;
    }

    /**
     * The stretch an event of {@code type} is applied in: {@link #handleAll} applies consecutive events of one
     * stretch together. {@link EventProcessor} orders a lane's events so that each stretch is as long as the
     * households' own orders allow. By default the types applied together make one stretch and any other type
     * one of its own; a consumer that splits its runs further says how.
     */
    default Object stretch(EventType type) {
        return appliesTogether(type) ? TOGETHER : type;
    }

    /** The stretch of the types a consumer applies together, unless it splits them ({@link #stretch}). */
    String TOGETHER = "together";

    /**
     * Whether a batch holding only events of such types (and events this consumer does not handle) is applied in
     * one lane: a backlog of registrations, whose set work lanes would split and contend on. Any other event in the
     * batch spreads it over all lanes, which overlap their round trips. By default the types applied together; a
     * consumer whose set work stays heavy per household (a wave of decisions, each re-evaluated) keeps its lanes.
     */
    default boolean oneLane(EventType type) {
        return appliesTogether(type);
    }

    /**
     * Applies one event inside the caller's transaction. Throw {@link PoisonMessageException} for an event that
     * can never be applied; any other failure is retried.
     */
    Uni<Void> handle(ReceivedEvent event);

    /**
     * Applies a batch's new events (a household's in their order) inside the caller's one transaction; when it
     * fails, {@link EventProcessor} applies them one by one with {@link #handle}. By default each event is
     * handled in its own trace and its entities flushed and forgotten after it, so a batch costs what its events
     * cost one by one, not the square of it in dirty checks. A consumer overrides it to share work between the
     * events of a batch; the result must equal handling them one by one.
     */
    default Uni<Void> handleAll(List<ReceivedEvent> events) {
        return inOrder(events, event -> event.traced(() -> handle(event)).chain(EventConsumer::flushAndForget));
    }

    /**
     * Applies a batch run by run, for a {@link #handleAll} that works set by set: consecutive events of types the
     * consumer applies together ({@link #appliesTogether}) go to {@code run} as one list, never empty; any other
     * event goes to {@code each} in its place, after the run before it, so each household's events keep their
     * order.
     */
    default Uni<Void> inRuns(List<ReceivedEvent> events, Function<List<ReceivedEvent>, Uni<Void>> run,
            Function<ReceivedEvent, Uni<Void>> each) {
        List<Supplier<Uni<Void>>> steps = new ArrayList<>();
        List<ReceivedEvent> together = new ArrayList<>();
        for (ReceivedEvent event : events) {
            if (appliesTogether(event.type())) {
                together.add(event);
                continue;
            }
            List<ReceivedEvent> before = List.copyOf(together);
            together.clear();
            steps.add(() -> (before.isEmpty() ? Uni.createFrom().voidItem() : run.apply(before))
                    .chain(() -> each.apply(event)));
        }
        if (!together.isEmpty()) {
            List<ReceivedEvent> last = List.copyOf(together);
            steps.add(() -> run.apply(last));
        }
        return inOrder(steps, Supplier::get);
    }

    /**
     * Runs {@code step} for each item, one after the other. A batch holds up to {@code max.poll.records} events:
     * a chain of that many nested {@code Uni}s can overflow the stack when steps complete at once, and a
     * reactive chain that overflows never completes (the batch would hang, its transaction open).
     */
    static <T> Uni<Void> inOrder(List<T> items, Function<T, Uni<Void>> step) {
        return items.isEmpty() ? Uni.createFrom().voidItem()
                : io.smallrye.mutiny.Multi.createFrom().iterable(items)
                        .onItem().transformToUniAndConcatenate(item -> step.apply(item)).collect().last()
                        .replaceWithVoid();
    }

    /**
     * Splits events into waves of at most one event per key (a household), in order: a household's second event
     * starts the next wave, so a wave can be applied set by set and each household still sees its events in order.
     */
    static <T> List<List<T>> waves(List<? extends T> events, Function<? super T, ?> key) {
        List<List<T>> waves = new ArrayList<>();
        List<T> wave = new ArrayList<>();
        java.util.Set<Object> inWave = new java.util.HashSet<>();
        for (T event : events) {
            if (!inWave.add(key.apply(event))) {
                waves.add(wave);
                wave = new ArrayList<>();
                inWave.clear();
                inWave.add(key.apply(event));
            }
            wave.add(event);
        }
        if (!wave.isEmpty()) {
            waves.add(wave);
        }
        return waves;
    }

    /**
     * Splits events into their stretches of one kind, in order: consecutive events of equal {@code kind} form a
     * stretch (a run of inputs, then of decisions, then of inputs again).
     */
    static <T> List<List<T>> stretches(List<T> events, Function<? super T, ?> kind) {
        List<List<T>> stretches = new ArrayList<>();
        Object last = null;
        for (T event : events) {
            Object current = kind.apply(event);
            if (stretches.isEmpty() || !current.equals(last)) {
                stretches.add(new ArrayList<>());
                last = current;
            }
            stretches.get(stretches.size() - 1).add(event);
        }
        return stretches;
    }

    /** The payloads of events of the types a caller applies together (all of them payloads of {@code T}). */
    @SuppressWarnings("unchecked")
    static <T> List<T> payloads(List<ReceivedEvent> events) {
        return events.stream().map(e -> (T) e.payload(e.type().payloadClass())).toList();
    }

    /** Writes the session's changes and forgets its entities (the transaction stays open). */
    static Uni<Void> flushAndForget() {
        return Panache.getSession().chain(s -> s.flush().invoke(s::clear)).replaceWithVoid();
    }
}
