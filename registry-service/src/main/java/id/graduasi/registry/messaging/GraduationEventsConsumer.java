package id.graduasi.registry.messaging;

import java.util.EnumSet;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Incoming;

import id.graduasi.events.contract.EventType;
import id.graduasi.events.contract.GraduationDecidedV2;
import id.graduasi.events.contract.GraduationRevertedV2;
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

    @Override
    public Uni<Void> handle(ReceivedEvent event) {
        return switch (event.type()) {
            // v2 only: graduation-service publishes v1 and v2 of each decision during the transition, and a fact is
            // applied once (docs/events.md, rule 4); v1 is ignored like any type this service does not act on.
            case GRADUATION_DECIDED_V2 -> households.applyGraduation(event.payload(GraduationDecidedV2.class),
                    event.source());
            case GRADUATION_REVERTED_V2 -> households.revertGraduation(event.payload(GraduationRevertedV2.class),
                    event.source());
            default -> Uni.createFrom().voidItem();
        };
    }
}
