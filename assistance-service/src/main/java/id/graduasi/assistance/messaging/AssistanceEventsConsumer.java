package id.graduasi.assistance.messaging;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Incoming;

import id.graduasi.assistance.service.EnrollmentService;
import id.graduasi.events.contract.EventType;
import id.graduasi.events.contract.GraduationDecidedV2;
import id.graduasi.events.contract.GraduationDecisionEvent;
import id.graduasi.events.contract.GraduationRevertedV2;
import id.graduasi.events.contract.HouseholdEvent;
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

    private static final Set<EventType> HANDLED = EnumSet.of(EventType.HOUSEHOLD_REGISTERED,
            EventType.HOUSEHOLD_STATUS_CHANGED, EventType.HOUSEHOLD_UPDATED, EventType.MEMBER_ADDED,
            EventType.MEMBER_REMOVED, EventType.GRADUATION_DECIDED_V2, EventType.GRADUATION_REVERTED_V2);

    /** The events eligibility reads; the others act on enrollments. */
    private static final Set<EventType> INPUTS = EnumSet.of(EventType.HOUSEHOLD_REGISTERED,
            EventType.HOUSEHOLD_UPDATED, EventType.MEMBER_ADDED, EventType.MEMBER_REMOVED);
    /** Graduation decisions and reversals (v2), which act on enrollments set by set too. */
    private static final Set<EventType> DECISIONS = EnumSet.of(EventType.GRADUATION_DECIDED_V2,
            EventType.GRADUATION_REVERTED_V2);

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
    public boolean handles(EventType type) {
        return HANDLED.contains(type);
    }

    /** A batch of decisions keeps its lanes: each wave re-evaluates its households, work that lanes overlap. */
    @Override
    public boolean oneLane(EventType type) {
        return INPUTS.contains(type);
    }

    /** The kinds of event a batch applies set by set, a stretch of one kind at a time (see {@link #handleAll}). */
    private enum Kind {
        INPUT, STATUS, DECISION
    }

    private static Kind kind(EventType type) {
        return INPUTS.contains(type) ? Kind.INPUT : DECISIONS.contains(type) ? Kind.DECISION : Kind.STATUS;
    }

    @Override
    public Object stretch(EventType type) {
        return kind(type);
    }

    /**
     * A batch records what eligibility reads (registrations, updates, members) together, stretch by stretch, and
     * re-evaluates the households it changed together, once, after their events: a household registered with its
     * members in one batch is judged once, on all of them, and a backlog of registrations costs a few statements
     * per batch, not several per event. Status changes ({@link EnrollmentService#onStatusChangedAll}) and
     * decisions and reversals ({@link EnrollmentService#decideAll}) are applied stretch by stretch as well. An
     * event that acts on enrollments (a status change, a decision) first sees its household re-evaluated as the
     * inputs before it left it, so the outcome is the one-by-one outcome without the intermediate verdicts. Work
     * on many households belongs to no one event's trace; the events it appends start their own.
     */
    @Override
    public Uni<Void> handleAll(List<ReceivedEvent> events) {
        Set<UUID> pending = new LinkedHashSet<>();
        return EventConsumer.inOrder(EventConsumer.stretches(events, e -> kind(e.type())),
                        part -> switch (kind(part.get(0).type())) {
                            case INPUT -> enrollments.recordAll(EventConsumer.<HouseholdEvent>payloads(part))
                                    .invoke(pending::addAll).replaceWithVoid();
                            case STATUS -> reevaluated(part, pending).chain(() -> enrollments.onStatusChangedAll(
                                    EventConsumer.<HouseholdStatusChanged>payloads(part)));
                            case DECISION -> reevaluated(part, pending).chain(() -> enrollments.decideAll(
                                    EventConsumer.<GraduationDecisionEvent>payloads(part)));
                        })
                .chain(() -> enrollments.reevaluateAll(pending))
                .chain(EventConsumer::flushAndForget);
    }

    /** Re-evaluates, before the events act on enrollments, those of their households whose inputs changed. */
    private Uni<Void> reevaluated(List<ReceivedEvent> events, Set<UUID> pending) {
        List<UUID> changed = events.stream().map(AssistanceEventsConsumer::householdId).distinct()
                .filter(pending::remove).toList();
        return changed.isEmpty() ? Uni.createFrom().voidItem() : enrollments.reevaluateAll(changed);
    }

    private static UUID householdId(ReceivedEvent event) {
        return UUID.fromString(event.data().path("householdId").asText());
    }

    @Override
    public Uni<Void> handle(ReceivedEvent event) {
        return switch (event.type()) {
            case HOUSEHOLD_REGISTERED -> enrollments.onRegistered(event.payload(HouseholdRegistered.class));
            case HOUSEHOLD_STATUS_CHANGED -> enrollments.onStatusChanged(event.payload(HouseholdStatusChanged.class));
            case HOUSEHOLD_UPDATED -> enrollments.onUpdated(event.payload(HouseholdUpdated.class));
            case MEMBER_ADDED -> enrollments.onMemberAdded(event.payload(MemberAdded.class));
            case MEMBER_REMOVED -> enrollments.onMemberRemoved(event.payload(MemberRemoved.class));
            // v2 only: v1 is retired (docs/events.md); a v1 event still on the topic is skipped like any type this
            // service does not act on.
            case GRADUATION_DECIDED_V2 -> enrollments.onGraduationDecided(event.payload(GraduationDecidedV2.class));
            case GRADUATION_REVERTED_V2 -> enrollments.onGraduationReverted(event.payload(GraduationRevertedV2.class));
            default -> Uni.createFrom().voidItem();
        };
    }
}
