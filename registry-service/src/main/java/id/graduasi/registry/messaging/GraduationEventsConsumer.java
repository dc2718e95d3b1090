package id.graduasi.registry.messaging;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Incoming;

import id.graduasi.events.contract.EventType;
import id.graduasi.events.contract.GraduationDecisionEvent;
import id.graduasi.events.inbox.EventConsumer;
import id.graduasi.events.inbox.EventProcessor;
import id.graduasi.events.inbox.ReceivedEvent;
import id.graduasi.registry.service.HouseholdService;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;

@ApplicationScoped
public class GraduationEventsConsumer implements EventConsumer {

    private static final Set<EventType> HANDLED = EnumSet.of(EventType.GRADUATION_DECIDED_V2,
            EventType.GRADUATION_REVERTED_V2);

    private final EventProcessor processor;
    private final HouseholdService households;

    public GraduationEventsConsumer(EventProcessor processor, HouseholdService households) {
        this.processor = processor;
        this.households = households;
    }

    @Incoming("graduasi-events")
    public Uni<Void> consume(KafkaRecordBatch<String, String> batch) {
        return processor.process(batch, this);
    }

    @Override
    public boolean handles(EventType type) {
        return HANDLED.contains(type);
    }

    /** Decisions are applied set by set ({@link HouseholdService#decideAll}), a batch in one lane. */
    @Override
    public boolean appliesTogether(EventType type) {
        return HANDLED.contains(type);
    }

    // v2 only: v1 is retired (docs/events.md); a v1 event still on the topic is skipped like any type this service
    // does not act on.
    @Override
    public Uni<Void> handleAll(List<ReceivedEvent> events) {
        return households.decideAll(events.stream().map(GraduationEventsConsumer::decision).toList())
                .chain(EventConsumer::flushAndForget);
    }

    @Override
    public Uni<Void> handle(ReceivedEvent event) {
        return households.decideAll(List.of(decision(event)));
    }

    private static HouseholdService.ReceivedDecision decision(ReceivedEvent event) {
        return new HouseholdService.ReceivedDecision(
                (GraduationDecisionEvent) event.payload(event.type().payloadClass()), event.source());
    }
}
