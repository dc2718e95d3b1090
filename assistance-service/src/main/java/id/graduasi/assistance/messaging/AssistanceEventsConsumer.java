package id.graduasi.assistance.messaging;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Incoming;

import id.graduasi.assistance.service.EnrollmentService;
import id.graduasi.events.contract.GraduationDecidedV2;
import id.graduasi.events.contract.GraduationRevertedV2;
import id.graduasi.events.contract.HouseholdRegistered;
import id.graduasi.events.contract.HouseholdStatusChanged;
import id.graduasi.events.contract.HouseholdUpdated;
import id.graduasi.events.contract.MemberAdded;
import id.graduasi.events.contract.MemberRemoved;
import id.graduasi.events.inbox.EventConsumer;
import id.graduasi.events.inbox.EventProcessor;
import id.graduasi.events.inbox.ReceivedEvent;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;

@ApplicationScoped
public class AssistanceEventsConsumer implements EventConsumer {

    private final EventProcessor processor;
    private final EnrollmentService enrollments;

    public AssistanceEventsConsumer(EventProcessor processor, EnrollmentService enrollments) {
        this.processor = processor;
        this.enrollments = enrollments;
    }

    @Incoming("graduasi-events")
    public Uni<Void> consume(KafkaRecordBatch<String, String> batch) {
        return processor.process(batch, this);
    }

    @Override
    public Uni<Void> handle(ReceivedEvent event) {
        return switch (event.type()) {
            case HOUSEHOLD_REGISTERED -> enrollments.onRegistered(event.payload(HouseholdRegistered.class));
            case HOUSEHOLD_STATUS_CHANGED -> enrollments.onStatusChanged(event.payload(HouseholdStatusChanged.class));
            case HOUSEHOLD_UPDATED -> enrollments.onUpdated(event.payload(HouseholdUpdated.class));
            case MEMBER_ADDED -> enrollments.onMemberAdded(event.payload(MemberAdded.class));
            case MEMBER_REMOVED -> enrollments.onMemberRemoved(event.payload(MemberRemoved.class));
            // v2 only: graduation-service publishes v1 and v2 of each decision during the transition, and a fact is
            // applied once (docs/events.md, rule 4); v1 is ignored like any type this service does not act on.
            case GRADUATION_DECIDED_V2 -> enrollments.onGraduationDecided(event.payload(GraduationDecidedV2.class));
            case GRADUATION_REVERTED_V2 -> enrollments.onGraduationReverted(event.payload(GraduationRevertedV2.class));
            default -> Uni.createFrom().voidItem();
        };
    }
}
