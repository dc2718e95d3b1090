package id.graduasi.mentoring.messaging;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Incoming;

import id.graduasi.events.contract.AidDisbursed;
import id.graduasi.events.contract.EnrollmentActivated;
import id.graduasi.events.contract.GraduationDecidedV2;
import id.graduasi.events.contract.GraduationRevertedV2;
import id.graduasi.events.contract.HouseholdRegistered;
import id.graduasi.events.contract.HouseholdStatusChanged;
import id.graduasi.events.inbox.EventConsumer;
import id.graduasi.events.inbox.EventProcessor;
import id.graduasi.events.inbox.ReceivedEvent;
import id.graduasi.mentoring.service.CaseService;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;

@ApplicationScoped
public class MentoringEventsConsumer implements EventConsumer {

    private final EventProcessor processor;
    private final CaseService cases;

    public MentoringEventsConsumer(EventProcessor processor, CaseService cases) {
        this.processor = processor;
        this.cases = cases;
    }

    @Incoming("graduasi-events")
    public Uni<Void> consume(KafkaRecordBatch<String, String> batch) {
        return processor.process(batch, this);
    }

    @Override
    public Uni<Void> handle(ReceivedEvent event) {
        return switch (event.type()) {
            case HOUSEHOLD_REGISTERED -> cases.onRegistered(event.payload(HouseholdRegistered.class));
            case HOUSEHOLD_STATUS_CHANGED -> cases.onStatusChanged(event.payload(HouseholdStatusChanged.class));
            case ENROLLMENT_ACTIVATED -> cases.onEnrollmentActivated(event.payload(EnrollmentActivated.class));
            case AID_DISBURSED -> cases.onAidDisbursed(event.payload(AidDisbursed.class));
            // v2 only: graduation-service publishes v1 and v2 of each decision during the transition, and a fact is
            // applied once (docs/events.md, rule 4); v1 is ignored like any type this service does not act on.
            case GRADUATION_DECIDED_V2 -> cases.onGraduationDecided(event.payload(GraduationDecidedV2.class));
            case GRADUATION_REVERTED_V2 -> cases.onGraduationReverted(event.payload(GraduationRevertedV2.class));
            default -> Uni.createFrom().voidItem();
        };
    }
}
