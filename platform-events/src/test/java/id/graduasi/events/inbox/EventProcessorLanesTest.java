package id.graduasi.events.inbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import id.graduasi.events.inbox.EventProcessor.Pending;
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

    @Test
    void noLanesForNoEvents() {
        assertTrue(EventProcessor.lanes(List.of(), 8).isEmpty());
    }
}
