package id.graduasi.assistance.messaging;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

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

    /**
     * A batch records what eligibility reads (registrations, updates, members) as it comes and re-evaluates each
     * household it changed once, after its events, in the trace of the last of them: a household registered with
     * its members in one batch is judged once, on all of them. An event that acts on enrollments (a status change,
     * a decision) first sees its household re-evaluated as the events before it left it, so the outcome is the
     * one-by-one outcome without the intermediate verdicts.
     */
    @Override
    public Uni<Void> handleAll(List<ReceivedEvent> events) {
        Map<UUID, ReceivedEvent> changed = new LinkedHashMap<>();
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (ReceivedEvent event : events) {
            chain = chain.chain(() -> event.traced(() -> {
                Uni<Boolean> recorded = record(event);
                if (recorded != null) {
                    return recorded.invoke(inputsChanged -> {
                        if (inputsChanged) {
                            changed.put(householdId(event), event);
                        }
                    }).replaceWithVoid();
                }
                ReceivedEvent pending = changed.remove(householdId(event));
                return (pending == null ? Uni.createFrom().voidItem() : reevaluate(pending)).chain(() -> handle(event));
            }));
        }
        return chain.chain(() -> reevaluateEach(List.copyOf(changed.values()), 0))
                .chain(EventConsumer::flushAndForget);
    }

    private Uni<Void> reevaluateEach(List<ReceivedEvent> lastChanges, int index) {
        return index == lastChanges.size() ? Uni.createFrom().voidItem()
                : reevaluate(lastChanges.get(index)).chain(() -> reevaluateEach(lastChanges, index + 1));
    }

    private Uni<Void> reevaluate(ReceivedEvent lastChange) {
        return lastChange.traced(() -> enrollments.reevaluate(householdId(lastChange)));
    }

    /** Records an event eligibility reads, without re-evaluating. @return whether its inputs changed, or null */
    private Uni<Boolean> record(ReceivedEvent event) {
        return switch (event.type()) {
            case HOUSEHOLD_REGISTERED -> enrollments.registered(event.payload(HouseholdRegistered.class));
            case HOUSEHOLD_UPDATED -> enrollments.updated(event.payload(HouseholdUpdated.class));
            case MEMBER_ADDED -> enrollments.memberAdded(event.payload(MemberAdded.class));
            case MEMBER_REMOVED -> enrollments.memberRemoved(event.payload(MemberRemoved.class));
            default -> null;
        };
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
            // v2 only: graduation-service publishes v1 and v2 of each decision during the transition, and a fact is
            // applied once (docs/events.md, rule 4); v1 is ignored like any type this service does not act on.
            case GRADUATION_DECIDED_V2 -> enrollments.onGraduationDecided(event.payload(GraduationDecidedV2.class));
            case GRADUATION_REVERTED_V2 -> enrollments.onGraduationReverted(event.payload(GraduationRevertedV2.class));
            default -> Uni.createFrom().voidItem();
        };
    }
}
