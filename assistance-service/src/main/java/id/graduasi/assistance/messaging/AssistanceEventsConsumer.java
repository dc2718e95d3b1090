package id.graduasi.assistance.messaging;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

import id.graduasi.assistance.service.EnrollmentService;
import id.graduasi.events.contract.GraduationDecided;
import id.graduasi.events.contract.GraduationReverted;
import id.graduasi.events.contract.HouseholdRegistered;
import id.graduasi.events.contract.HouseholdStatusChanged;
import id.graduasi.events.contract.HouseholdUpdated;
import id.graduasi.events.contract.MemberAdded;
import id.graduasi.events.contract.MemberRemoved;
import id.graduasi.events.inbox.EventProcessor;
import io.smallrye.mutiny.Uni;

@ApplicationScoped
public class AssistanceEventsConsumer {

    private final EventProcessor processor;
    private final EnrollmentService enrollments;

    public AssistanceEventsConsumer(EventProcessor processor, EnrollmentService enrollments) {
        this.processor = processor;
        this.enrollments = enrollments;
    }

    @Incoming("graduasi-events")
    public Uni<Void> consume(Message<String> message) {
        return processor.process(message, event -> switch (event.type()) {
            case HOUSEHOLD_REGISTERED -> enrollments.onRegistered(event.payload(HouseholdRegistered.class));
            case HOUSEHOLD_STATUS_CHANGED -> enrollments.onStatusChanged(event.payload(HouseholdStatusChanged.class));
            case HOUSEHOLD_UPDATED -> enrollments.onUpdated(event.payload(HouseholdUpdated.class));
            case MEMBER_ADDED -> enrollments.onMemberAdded(event.payload(MemberAdded.class));
            case MEMBER_REMOVED -> enrollments.onMemberRemoved(event.payload(MemberRemoved.class));
            case GRADUATION_DECIDED -> enrollments.onGraduationDecided(event.payload(GraduationDecided.class));
            case GRADUATION_REVERTED -> enrollments.onGraduationReverted(event.payload(GraduationReverted.class));
            default -> Uni.createFrom().voidItem();
        });
    }
}
