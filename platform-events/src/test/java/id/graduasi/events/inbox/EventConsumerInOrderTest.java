package id.graduasi.events.inbox;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import id.graduasi.events.contract.EventType;
import io.smallrye.mutiny.Uni;

class EventConsumerInOrderTest {

    /**
     * A lane of a polled batch can hold thousands of events whose steps complete at once. Chained as nested Unis
     * they overflowed the stack, and the batch never completed (seen: graduation-service, one lane of 2,000
     * events, its transaction left open after the inbox claim).
     */
    @Test
    void runsAHundredThousandStepsThatCompleteAtOnceInTheirOrder() {
        List<Integer> seen = new ArrayList<>();
        List<Integer> items = IntStream.range(0, 100_000).boxed().toList();
        EventConsumer.inOrder(items, i -> Uni.createFrom().voidItem().invoke(() -> seen.add(i)))
                .await().atMost(Duration.ofSeconds(30));
        assertEquals(items, seen);
    }

    /** Runs of events applied together, every other event in its place after the run before it. */
    @Test
    void aBatchIsAppliedRunByRunWithEveryOtherEventInItsPlace() {
        EventConsumer consumer = new EventConsumer() {
            @Override
            public boolean handles(EventType type) {
                return true;
            }

            @Override
            public boolean appliesTogether(EventType type) {
                return type == EventType.MEMBER_ADDED;
            }

            @Override
            public Uni<Void> handle(ReceivedEvent event) {
                return Uni.createFrom().voidItem();
            }
        };
        List<ReceivedEvent> events = List.of(event("m1", EventType.MEMBER_ADDED), event("m2", EventType.MEMBER_ADDED),
                event("s1", EventType.HOUSEHOLD_STATUS_CHANGED), event("s2", EventType.HOUSEHOLD_STATUS_CHANGED),
                event("m3", EventType.MEMBER_ADDED));
        List<String> seen = new ArrayList<>();
        consumer.inRuns(events,
                run -> Uni.createFrom().voidItem().invoke(() -> seen.add(
                        "run " + run.stream().map(ReceivedEvent::subject).toList())),
                each -> Uni.createFrom().voidItem().invoke(() -> seen.add(each.subject())))
                .await().atMost(Duration.ofSeconds(1));
        assertEquals(List.of("run [m1, m2]", "s1", "s2", "run [m3]"), seen);
    }

    private static ReceivedEvent event(String subject, EventType type) {
        return new ReceivedEvent(java.util.UUID.randomUUID(), type, "test", subject, null, null, null, null);
    }

    @Test
    void anEmptyBatchCompletes() {
        EventConsumer.inOrder(List.<Integer>of(), i -> Uni.createFrom().voidItem())
                .await().atMost(Duration.ofSeconds(1));
    }
}
