package id.graduasi.graduation.messaging;

import java.util.EnumSet;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Incoming;

import id.graduasi.events.contract.AidDisbursed;
import id.graduasi.events.contract.AssessmentRecorded;
import id.graduasi.events.contract.CaseClosed;
import id.graduasi.events.contract.CaseMonitoringStarted;
import id.graduasi.events.contract.CaseOpened;
import id.graduasi.events.contract.EnrollmentActivated;
import id.graduasi.events.contract.EnrollmentEnded;
import id.graduasi.events.contract.EventType;
import id.graduasi.events.contract.GraduationRecommended;
import id.graduasi.events.contract.HouseholdRegistered;
import id.graduasi.events.contract.HouseholdStatusChanged;
import id.graduasi.events.contract.HouseholdUpdated;
import id.graduasi.events.contract.MemberAdded;
import id.graduasi.events.contract.MemberRemoved;
import id.graduasi.events.contract.RelapseSuspected;
import id.graduasi.events.contract.VisitRecorded;
import id.graduasi.events.inbox.EventConsumer;
import id.graduasi.events.inbox.EventProcessor;
import id.graduasi.events.inbox.ReceivedEvent;
import id.graduasi.graduation.service.ReadinessService;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;

@ApplicationScoped
public class GraduationEventsConsumer implements EventConsumer {

    private static final Set<EventType> HANDLED = EnumSet.of(EventType.HOUSEHOLD_REGISTERED,
            EventType.HOUSEHOLD_STATUS_CHANGED, EventType.HOUSEHOLD_UPDATED, EventType.MEMBER_ADDED,
            EventType.MEMBER_REMOVED, EventType.ENROLLMENT_ACTIVATED, EventType.ENROLLMENT_ENDED,
            EventType.AID_DISBURSED, EventType.CASE_OPENED, EventType.CASE_MONITORING_STARTED, EventType.CASE_CLOSED,
            EventType.VISIT_RECORDED, EventType.ASSESSMENT_RECORDED, EventType.GRADUATION_RECOMMENDED,
            EventType.RELAPSE_SUSPECTED);

    private final EventProcessor processor;
    private final ReadinessService readiness;

    public GraduationEventsConsumer(EventProcessor processor, ReadinessService readiness) {
        this.processor = processor;
        this.readiness = readiness;
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
            case HOUSEHOLD_REGISTERED -> readiness.onRegistered(event.payload(HouseholdRegistered.class));
            case HOUSEHOLD_STATUS_CHANGED -> readiness.onStatusChanged(event.payload(HouseholdStatusChanged.class));
            case HOUSEHOLD_UPDATED -> readiness.onHouseholdUpdated(event.payload(HouseholdUpdated.class));
            case MEMBER_ADDED -> readiness.onMemberAdded(event.payload(MemberAdded.class));
            case MEMBER_REMOVED -> readiness.onMemberRemoved(event.payload(MemberRemoved.class));
            case ENROLLMENT_ACTIVATED -> readiness.onEnrollmentActivated(event.payload(EnrollmentActivated.class));
            case ENROLLMENT_ENDED -> readiness.onEnrollmentEnded(event.payload(EnrollmentEnded.class));
            case AID_DISBURSED -> readiness.onAidDisbursed(event.payload(AidDisbursed.class));
            case CASE_OPENED -> readiness.onCaseOpened(event.payload(CaseOpened.class));
            case CASE_MONITORING_STARTED -> readiness.onCaseMonitoringStarted(event.payload(CaseMonitoringStarted.class));
            case CASE_CLOSED -> readiness.onCaseClosed(event.payload(CaseClosed.class));
            case VISIT_RECORDED -> readiness.onVisitRecorded(event.payload(VisitRecorded.class));
            case ASSESSMENT_RECORDED -> readiness.onAssessmentRecorded(event.payload(AssessmentRecorded.class));
            case GRADUATION_RECOMMENDED -> readiness.onGraduationRecommended(
                    event.payload(GraduationRecommended.class));
            case RELAPSE_SUSPECTED -> readiness.onRelapseSuspected(event.payload(RelapseSuspected.class));
            default -> Uni.createFrom().voidItem();
        };
    }
}
