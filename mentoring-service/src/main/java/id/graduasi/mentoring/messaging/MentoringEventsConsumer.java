package id.graduasi.mentoring.messaging;

import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Incoming;

import id.graduasi.events.contract.AidDisbursed;
import id.graduasi.events.contract.EnrollmentActivated;
import id.graduasi.events.contract.EventType;
import id.graduasi.events.contract.GraduationDecisionEvent;
import id.graduasi.events.contract.HouseholdRegistered;
import id.graduasi.events.contract.HouseholdStatusChanged;
import id.graduasi.events.inbox.EventConsumer;
import id.graduasi.events.inbox.EventProcessor;
import id.graduasi.events.inbox.ReceivedEvent;
import id.graduasi.events.persistence.TransactionLocks;
import id.graduasi.mentoring.domain.WorkerArea;
import id.graduasi.mentoring.service.AssignmentService;
import id.graduasi.mentoring.service.CaseService;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;

@ApplicationScoped
public class MentoringEventsConsumer implements EventConsumer {

    /** Events that only open a case where there is none: applied together, run by run. */
    private static final Set<EventType> OPENING = EnumSet.of(EventType.HOUSEHOLD_REGISTERED,
            EventType.ENROLLMENT_ACTIVATED);

    /** Graduation decisions and their reversals (v2): applied together, wave by wave. */
    private static final Set<EventType> DECISIONS = EnumSet.of(EventType.GRADUATION_DECIDED_V2,
            EventType.GRADUATION_REVERTED_V2);

    /** The kinds of event applied together, a stretch of one kind at a time (see {@link #handleAll}). */
    private enum Kind {
        OPENING, STATUS, DECISION
    }

    private static final Set<EventType> HANDLED = EnumSet.of(EventType.HOUSEHOLD_REGISTERED,
            EventType.HOUSEHOLD_STATUS_CHANGED, EventType.ENROLLMENT_ACTIVATED, EventType.AID_DISBURSED,
            EventType.GRADUATION_DECIDED_V2, EventType.GRADUATION_REVERTED_V2);

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
    public boolean handles(EventType type) {
        return HANDLED.contains(type);
    }

    @Override
    public boolean appliesTogether(EventType type) {
        return OPENING.contains(type) || DECISIONS.contains(type) || type == EventType.HOUSEHOLD_STATUS_CHANGED;
    }

    /** A batch of decisions keeps its lanes: each wave reads and writes its own cases, work that lanes overlap. */
    @Override
    public boolean oneLane(EventType type) {
        return OPENING.contains(type);
    }

    /**
     * Opening a case assigns a worker under its district's lock. Taken household by household, lanes would take
     * districts in different orders and deadlock one another, and a deadlock sends the whole batch down the
     * one-by-one path; so a batch takes the districts of the households it opens cases for first, in one sorted
     * statement (the locks are re-entrant: the assignments take them again at no cost). Only those: a lane of
     * decisions, visits and payments takes no district, so lanes in one district run side by side. A reversal
     * re-opens a case and assigns it only if its worker has left; two lanes doing that in two districts in
     * opposite orders would deadlock, which PostgreSQL detects: the lane's events are then applied one by one,
     * with the same outcome. Registrations and enrollments, which only open a case where there is none, are
     * applied together, run by run, and so are status changes and decisions and reversals, wave by wave
     * ({@link CaseService#onStatusChangedAll}, {@link CaseService#decideAll});
     * any other event is applied in its place after the run before it, so each household's events keep their order.
     */
    @Override
    public Uni<Void> handleAll(List<ReceivedEvent> events) {
        List<String> districts = events.stream().filter(e -> OPENING.contains(e.type()))
                .map(e -> e.data().path("villageCode").asText(""))
                .filter(village -> !village.isEmpty())
                .map(village -> AssignmentService.areaLock(WorkerArea.districtOf(village))).distinct().toList();
        Uni<Void> locked = districts.isEmpty() ? Uni.createFrom().voidItem() : TransactionLocks.lockAll(districts);
        return locked.chain(() -> inRuns(events,
                        run -> EventConsumer.inOrder(EventConsumer.stretches(run, e -> kind(e.type())),
                                part -> applyTogether(part).chain(EventConsumer::flushAndForget)),
                        event -> event.traced(() -> handle(event)).chain(EventConsumer::flushAndForget)))
                .chain(EventConsumer::flushAndForget);
    }

    /** A stretch of events of one kind, applied together. */
    private Uni<Void> applyTogether(List<ReceivedEvent> stretch) {
        return switch (kind(stretch.get(0).type())) {
            case OPENING -> cases.openAll(villages(stretch));
            case STATUS -> cases.onStatusChangedAll(EventConsumer.<HouseholdStatusChanged>payloads(stretch));
            case DECISION -> cases.decideAll(EventConsumer.<GraduationDecisionEvent>payloads(stretch));
        };
    }

    private static Kind kind(EventType type) {
        return OPENING.contains(type) ? Kind.OPENING : DECISIONS.contains(type) ? Kind.DECISION : Kind.STATUS;
    }

    @Override
    public Object stretch(EventType type) {
        return appliesTogether(type) ? kind(type) : type;
    }

    /** The households a run opens cases for, each with its village. */
    private static Map<UUID, String> villages(List<ReceivedEvent> run) {
        Map<UUID, String> villages = new LinkedHashMap<>();
        for (ReceivedEvent event : run) {
            villages.putIfAbsent(UUID.fromString(event.data().path("householdId").asText()),
                    event.data().path("villageCode").asText());
        }
        return villages;
    }

    @Override
    public Uni<Void> handle(ReceivedEvent event) {
        return switch (event.type()) {
            case HOUSEHOLD_REGISTERED -> cases.onRegistered(event.payload(HouseholdRegistered.class));
            case ENROLLMENT_ACTIVATED -> cases.onEnrollmentActivated(event.payload(EnrollmentActivated.class));
            case AID_DISBURSED -> cases.onAidDisbursed(event.payload(AidDisbursed.class));
            // v2 only: v1 is retired (docs/events.md); a v1 event still on the topic is skipped like any type this
            // service does not act on.
            // A status change or a decision alone is a stretch of one: the same code as a batch's.
            case HOUSEHOLD_STATUS_CHANGED, GRADUATION_DECIDED_V2, GRADUATION_REVERTED_V2 -> applyTogether(List.of(event));
            default -> Uni.createFrom().voidItem();
        };
    }
}
