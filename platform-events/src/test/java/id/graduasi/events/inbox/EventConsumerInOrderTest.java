package id.graduasi.events.inbox;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

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

    @Test
    void anEmptyBatchCompletes() {
        EventConsumer.inOrder(List.<Integer>of(), i -> Uni.createFrom().voidItem())
                .await().atMost(Duration.ofSeconds(1));
    }
}
