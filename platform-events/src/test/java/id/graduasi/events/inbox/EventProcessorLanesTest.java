package id.graduasi.events.inbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import id.graduasi.events.contract.EventType;
import id.graduasi.events.inbox.EventProcessor.Pending;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaRecord;

class EventProcessorLanesTest {

    private static Pending event(String key, int n) {
        return new Pending(KafkaRecord.of(key, key + "#" + n), null);
    }

    @Test
    void aHouseholdsEventsStayInOneLaneInTheirOrder() {
        List<Pending> events = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            events.add(event("household-" + (i % 37), i));
        }
        List<List<Pending>> lanes = EventProcessor.lanes(events, 8);

        assertEquals(8, lanes.size(), "37 households spread over every lane");
        assertEquals(200, lanes.stream().mapToInt(List::size).sum());
        Map<String, Long> lanesPerKey = new java.util.HashMap<>();
        for (List<Pending> lane : lanes) {
            lane.stream().map(p -> p.record().getKey()).distinct()
                    .forEach(key -> lanesPerKey.merge(key, 1L, Long::sum));
            Map<String, List<Integer>> order = lane.stream().collect(Collectors.groupingBy(p -> p.record().getKey(),
                    Collectors.mapping(p -> Integer.parseInt(p.record().getPayload().split("#")[1]),
                            Collectors.toList())));
            order.values().forEach(seen -> {
                for (int i = 1; i < seen.size(); i++) {
                    assertTrue(seen.get(i - 1) < seen.get(i), "a household's events keep their order: " + seen);
                }
            });
        }
        assertTrue(lanesPerKey.values().stream().allMatch(n -> n == 1), "each household in exactly one lane");
    }

    @Test
    void oneLaneWhenConcurrencyIsOne() {
        List<Pending> events = List.of(event("a", 1), event("b", 2), event("a", 3));
        List<List<Pending>> lanes = EventProcessor.lanes(events, 1);
        assertEquals(1, lanes.size());
        assertEquals(events, lanes.get(0));
    }

    /** Registrations are applied set by set; a decision's work is per household. */
    private static final EventConsumer CONSUMER = consumer(
            type -> type == EventType.HOUSEHOLD_REGISTERED, null);

    /**
     * A consumer that handles every type, and applies together and wants in one lane the types the predicates name
     * ({@code oneLane} null: the default, the types applied together).
     */
    private static EventConsumer consumer(Predicate<EventType> together, Predicate<EventType> oneLane) {
        return new EventConsumer() {
            @Override
            public boolean handles(EventType type) {
                return true;
            }

            @Override
            public boolean appliesTogether(EventType type) {
                return together.test(type);
            }

            @Override
            public boolean oneLane(EventType type) {
                return oneLane == null ? EventConsumer.super.oneLane(type) : oneLane.test(type);
            }

            @Override
            public Uni<Void> handle(ReceivedEvent event) {
                return Uni.createFrom().voidItem();
            }
        };
    }

    private static Pending typed(String key, EventType type) {
        return new Pending(KafkaRecord.of(key, "{}"), new ReceivedEvent(UUID.randomUUID(), type, "test", key,
                JsonNodeFactory.instance.objectNode(), null, null, null));
    }

    @Test
    void aBatchTheConsumerAppliesTogetherIsOneLaneAndAnyOtherEventSpreadsItOverAll() {
        List<Pending> registrations = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            registrations.add(typed("household-" + i, EventType.HOUSEHOLD_REGISTERED));
        }
        assertEquals(1, EventProcessor.laneCount(registrations, CONSUMER, 8));

        List<Pending> withADecision = new ArrayList<>(registrations);
        withADecision.add(typed("household-7", EventType.GRADUATION_DECIDED_V2));
        assertEquals(8, EventProcessor.laneCount(withADecision, CONSUMER, 8));

        EventConsumer perEvent = new EventConsumer() {
            @Override
            public boolean handles(EventType type) {
                return true;
            }

            @Override
            public Uni<Void> handle(ReceivedEvent event) {
                return Uni.createFrom().voidItem();
            }
        };
        assertEquals(8, EventProcessor.laneCount(registrations, perEvent, 8), "by default, every lane");

        // Decisions applied together but heavy per household: their batches keep every lane.
        EventConsumer decisionsTogether = consumer(
                type -> type == EventType.HOUSEHOLD_REGISTERED || type == EventType.GRADUATION_DECIDED_V2,
                type -> type == EventType.HOUSEHOLD_REGISTERED);
        List<Pending> decisions = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            decisions.add(typed("household-" + i, EventType.GRADUATION_DECIDED_V2));
        }
        assertEquals(8, EventProcessor.laneCount(decisions, decisionsTogether, 8));
        assertEquals(1, EventProcessor.laneCount(registrations, decisionsTogether, 8));
    }

    @Test
    void noLanesForNoEvents() {
        assertTrue(EventProcessor.lanes(List.of(), 8).isEmpty());
    }
}
