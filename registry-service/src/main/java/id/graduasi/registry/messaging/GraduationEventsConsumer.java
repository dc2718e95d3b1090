package id.graduasi.registry.messaging;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Incoming;

import id.graduasi.events.contract.GraduationDecided;
import id.graduasi.events.contract.GraduationReverted;
import id.graduasi.events.inbox.EventConsumer;
import id.graduasi.events.inbox.EventProcessor;
import id.graduasi.events.inbox.ReceivedEvent;
import id.graduasi.registry.service.HouseholdService;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;

@ApplicationScoped
public class GraduationEventsConsumer implements EventConsumer {

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
    public Uni<Void> handle(ReceivedEvent event) {
        return switch (event.type()) {
            case GRADUATION_DECIDED -> households.applyGraduation(event.payload(GraduationDecided.class), event.source());
            case GRADUATION_REVERTED -> households.revertGraduation(event.payload(GraduationReverted.class),
                    event.source());
            default -> Uni.createFrom().voidItem();
        };
    }
}
