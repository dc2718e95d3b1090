package id.graduasi.dashboard.messaging;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Incoming;

import id.graduasi.dashboard.service.ProjectionService;
import id.graduasi.events.contract.EventType;
import id.graduasi.events.inbox.EventConsumer;
import id.graduasi.events.inbox.EventProcessor;
import id.graduasi.events.inbox.ReceivedEvent;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;

/**
 * Subscribes to the four stream topics of docs/asyncapi.yaml through the platform's CloudEvents contract and
 * idempotent inbox (batches, lanes per household, dead letters to graduasi.dlq.dashboard-service).
 */
@ApplicationScoped
public class DashboardEventsConsumer implements EventConsumer {

    private final EventProcessor processor;
    private final ProjectionService projections;
    private final ConsumerLag lag;

    public DashboardEventsConsumer(EventProcessor processor, ProjectionService projections, ConsumerLag lag) {
        this.processor = processor;
        this.projections = projections;
        this.lag = lag;
    }

    @Incoming("graduasi-events")
    public Uni<Void> consume(KafkaRecordBatch<String, String> batch) {
        return processor.process(batch, this).invoke(lag::applied);
    }

    @Override
    public boolean handles(EventType type) {
        return ProjectionService.APPLIED.contains(type);
    }

    @Override
    public boolean appliesTogether(EventType type) {
        return ProjectionService.TOGETHER.contains(type);
    }

    /**
     * A batch's events applied in order, runs of status changes and decisions set by set, then one change mark for
     * all of them: the live stream only needs to know that something changed since its last look.
     */
    @Override
    public Uni<Void> handleAll(List<ReceivedEvent> events) {
        return events.isEmpty() ? Uni.createFrom().voidItem()
                : inRuns(events, projections::applyAll, event -> event.traced(() -> projections.apply(event)))
                        .chain(projections::changed);
    }

    @Override
    public Uni<Void> handle(ReceivedEvent event) {
        // The change mark tells the live stream to refresh the pages (a sequence: costs no lock).
        return projections.apply(event).chain(projections::changed);
    }
}
