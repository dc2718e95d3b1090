package id.graduasi.events.inbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
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
            type -> type == EventType.HOUSEHOLD_REGISTERED, null, null);

    /**
     * A consumer that handles every type, and applies together and wants in one lane the types the predicates name,
     * in the stretches {@code stretch} names (null: the defaults; for one lane, the types applied together).
     */
    private static EventConsumer consumer(Predicate<EventType> together, Predicate<EventType> oneLane,
            Function<EventType, Object> stretch) {
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
            public Object stretch(EventType type) {
                return stretch == null ? EventConsumer.super.stretch(type) : stretch.apply(type);
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

        EventConsumer perEvent = consumer(type -> false, null, null);
        assertEquals(8, EventProcessor.laneCount(registrations, perEvent, 8), "by default, every lane");

        // Decisions applied together but heavy per household: their batches keep every lane.
        EventConsumer decisionsTogether = consumer(
                type -> type == EventType.HOUSEHOLD_REGISTERED || type == EventType.GRADUATION_DECIDED_V2,
                type -> type == EventType.HOUSEHOLD_REGISTERED, null);
        List<Pending> decisions = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            decisions.add(typed("household-" + i, EventType.GRADUATION_DECIDED_V2));
        }
        assertEquals(8, EventProcessor.laneCount(decisions, decisionsTogether, 8));
        assertEquals(1, EventProcessor.laneCount(registrations, decisionsTogether, 8));
    }

    private static List<Pending> ordered(List<Pending> events, EventConsumer consumer) {
        return EventProcessor.inStretches(events, p -> consumer.stretch(p.event().type()));
    }

    private static int stretchCount(List<Pending> events, EventConsumer consumer) {
        int count = 0;
        Object last = null;
        for (Pending p : events) {
            Object current = consumer.stretch(p.event().type());
            if (!current.equals(last)) {
                count++;
                last = current;
            }
        }
        return count;
    }

    private static void assertEachHouseholdInItsOrder(List<Pending> polled, List<Pending> ordered) {
        assertEquals(polled.size(), ordered.size());
        assertEquals(new java.util.HashSet<>(polled), new java.util.HashSet<>(ordered), "the same events");
        Map<String, List<Pending>> before = polled.stream()
                .collect(Collectors.groupingBy(p -> p.record().getKey(), Collectors.toList()));
        Map<String, List<Pending>> after = ordered.stream()
                .collect(Collectors.groupingBy(p -> p.record().getKey(), Collectors.toList()));
        assertEquals(before, after, "each household's events in their polled order");
    }

    /** Decisions apply together, the registry's status changes too, each kind a stretch of its own. */
    private static final EventConsumer TWO_STRETCHES = consumer(type -> true, null, type -> type);

    @Test
    void decisionsAndTheEchoesOfEarlierOnesInterleavedBecomeTwoStretchesEachHouseholdInItsOrder() {
        // As they arrive at 200 decisions a second: household i's decision, then the registry's echo of it
        // interleaved with the decisions of the households after it.
        List<Pending> polled = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            polled.add(typed("household-" + i, EventType.GRADUATION_DECIDED_V2));
            if (i >= 3) {
                polled.add(typed("household-" + (i - 3), EventType.HOUSEHOLD_STATUS_CHANGED));
            }
        }
        assertEquals(194, stretchCount(polled, TWO_STRETCHES), "in their polled order, nearly a stretch each");

        List<Pending> ordered = ordered(polled, TWO_STRETCHES);

        assertEachHouseholdInItsOrder(polled, ordered);
        assertEquals(2, stretchCount(ordered, TWO_STRETCHES), "every decision, then every echo");
    }

    @Test
    void aHouseholdWhoseEventsAlternateKeepsItsOrderAndTheOthersJoinItsStretches() {
        List<Pending> polled = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            polled.add(typed("busy", EventType.GRADUATION_DECIDED_V2));
            polled.add(typed("quiet-" + i, EventType.HOUSEHOLD_STATUS_CHANGED));
            polled.add(typed("busy", EventType.HOUSEHOLD_STATUS_CHANGED));
            polled.add(typed("other-" + i, EventType.GRADUATION_DECIDED_V2));
        }

        List<Pending> ordered = ordered(polled, TWO_STRETCHES);

        assertEachHouseholdInItsOrder(polled, ordered);
        // The busy household alone needs 8 stretches; every other event joins one of them.
        assertEquals(8, stretchCount(ordered, TWO_STRETCHES));
    }

    @Test
    void byDefaultTheTypesAppliedTogetherAreOneStretchAndAnyOtherTypeItsOwn() {
        assertEquals(CONSUMER.stretch(EventType.HOUSEHOLD_REGISTERED), EventConsumer.TOGETHER);
        assertEquals(EventType.GRADUATION_DECIDED_V2, CONSUMER.stretch(EventType.GRADUATION_DECIDED_V2));
        List<Pending> polled = List.of(typed("a", EventType.HOUSEHOLD_REGISTERED),
                typed("b", EventType.GRADUATION_DECIDED_V2), typed("c", EventType.HOUSEHOLD_REGISTERED),
                typed("a", EventType.GRADUATION_DECIDED_V2), typed("d", EventType.HOUSEHOLD_REGISTERED));

        List<Pending> ordered = ordered(polled, CONSUMER);

        assertEachHouseholdInItsOrder(polled, ordered);
        // Within a stretch, household by household as they first came.
        assertEquals(List.of(polled.get(0), polled.get(2), polled.get(4), polled.get(3), polled.get(1)), ordered);
    }

    @Test
    void noLanesForNoEvents() {
        assertTrue(EventProcessor.lanes(List.of(), 8).isEmpty());
    }
}
