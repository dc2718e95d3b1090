package id.graduasi.graduation.messaging;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

import id.graduasi.events.contract.CaseClosed;
import id.graduasi.events.contract.CaseMonitoringStarted;
import id.graduasi.events.contract.CaseOpened;
import id.graduasi.events.contract.EnrollmentActivated;
import id.graduasi.events.contract.EnrollmentEnded;
import id.graduasi.events.contract.HouseholdRegistered;
import id.graduasi.events.contract.HouseholdStatusChanged;
import id.graduasi.events.inbox.EventProcessor;
import id.graduasi.graduation.service.ReadinessService;
import io.smallrye.mutiny.Uni;

@ApplicationScoped
public class GraduationEventsConsumer {

    private final EventProcessor processor;
    private final ReadinessService readiness;

    public GraduationEventsConsumer(EventProcessor processor, ReadinessService readiness) {
        this.processor = processor;
        this.readiness = readiness;
    }

    @Incoming("graduasi-events")
    public Uni<Void> consume(Message<String> message) {
        return processor.process(message, event -> switch (event.type()) {
            case HOUSEHOLD_REGISTERED -> readiness.onRegistered(event.payload(HouseholdRegistered.class));
            case HOUSEHOLD_STATUS_CHANGED -> readiness.onStatusChanged(event.payload(HouseholdStatusChanged.class));
            case ENROLLMENT_ACTIVATED -> readiness.onEnrollmentActivated(event.payload(EnrollmentActivated.class));
            case ENROLLMENT_ENDED -> readiness.onEnrollmentEnded(event.payload(EnrollmentEnded.class));
            case CASE_OPENED -> readiness.onCaseOpened(event.payload(CaseOpened.class));
            case CASE_MONITORING_STARTED -> readiness.onCaseMonitoringStarted(event.payload(CaseMonitoringStarted.class));
            case CASE_CLOSED -> readiness.onCaseClosed(event.payload(CaseClosed.class));
            default -> Uni.createFrom().voidItem();
        });
    }
}
