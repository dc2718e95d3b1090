package id.graduasi.graduation.messaging;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Incoming;

import id.graduasi.events.contract.AidDisbursed;
import id.graduasi.events.contract.AssessmentRecorded;
import id.graduasi.events.contract.EventType;
import id.graduasi.events.contract.GraduationRecommended;
import id.graduasi.events.contract.HouseholdEvent;
import id.graduasi.events.contract.HouseholdStatusChanged;
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

    /**
     * The facts of households that come in backlogs, the registry's, assistance's enrollments and mentoring's case
     * statuses (a bulk import opens a case for every family): applied together, run by run (see {@link #handleAll}).
     */
    private static final Set<EventType> FACTS = EnumSet.of(EventType.HOUSEHOLD_REGISTERED,
            EventType.HOUSEHOLD_UPDATED, EventType.MEMBER_ADDED, EventType.MEMBER_REMOVED,
            EventType.ENROLLMENT_ACTIVATED, EventType.ENROLLMENT_ENDED, EventType.CASE_OPENED,
            EventType.CASE_MONITORING_STARTED, EventType.CASE_CLOSED);

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
    public boolean appliesTogether(EventType type) {
        return FACTS.contains(type) || type == EventType.HOUSEHOLD_STATUS_CHANGED;
    }

    /**
     * Only a backlog of facts is applied in one lane: the registry's status changes (mostly echoes of decisions)
     * keep their lanes.
     */
    @Override
    public boolean oneLane(EventType type) {
        return FACTS.contains(type);
    }

    /** Within the types applied together, status changes and facts are applied stretch by stretch. */
    @Override
    public Object stretch(EventType type) {
        return type == EventType.HOUSEHOLD_STATUS_CHANGED ? type : EventConsumer.super.stretch(type);
    }

    /**
     * A run of facts (a backlog of registrations and members, and the enrollments they lead to) is recorded
     * together, in a few statements, and a run of status changes too ({@link ReadinessService#onStatusChangedAll});
     * any other event is applied in its place, after the run before it, so each household's events keep their
     * order. The facts write no events, so a run needs no event's trace.
     */
    @Override
    public Uni<Void> handleAll(List<ReceivedEvent> events) {
        return inRuns(events, run -> EventConsumer.inOrder(
                        EventConsumer.stretches(run, e -> e.type() == EventType.HOUSEHOLD_STATUS_CHANGED),
                        part -> part.get(0).type() == EventType.HOUSEHOLD_STATUS_CHANGED
                                ? readiness.onStatusChangedAll(EventConsumer.<HouseholdStatusChanged>payloads(part))
                                : readiness.recordAll(EventConsumer.<HouseholdEvent>payloads(part))),
                event -> event.traced(() -> handle(event)).chain(EventConsumer::flushAndForget));
    }

    @Override
    public Uni<Void> handle(ReceivedEvent event) {
        return switch (event.type()) {
            case HOUSEHOLD_STATUS_CHANGED -> readiness.onStatusChanged(event.payload(HouseholdStatusChanged.class));
            case HOUSEHOLD_REGISTERED, HOUSEHOLD_UPDATED, MEMBER_ADDED, MEMBER_REMOVED, ENROLLMENT_ACTIVATED,
                    ENROLLMENT_ENDED, CASE_OPENED, CASE_MONITORING_STARTED, CASE_CLOSED ->
                readiness.recordAll(List.of((HouseholdEvent) event.payload(event.type().payloadClass())));
            case AID_DISBURSED -> readiness.onAidDisbursed(event.payload(AidDisbursed.class));
            case VISIT_RECORDED -> readiness.onVisitRecorded(event.payload(VisitRecorded.class));
            case ASSESSMENT_RECORDED -> readiness.onAssessmentRecorded(event.payload(AssessmentRecorded.class));
            case GRADUATION_RECOMMENDED -> readiness.onGraduationRecommended(
                    event.payload(GraduationRecommended.class));
            case RELAPSE_SUSPECTED -> readiness.onRelapseSuspected(event.payload(RelapseSuspected.class));
            default -> Uni.createFrom().voidItem();
        };
    }
}
