package id.graduasi.registry.spdci;

import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import id.graduasi.events.contract.EventType;
import id.graduasi.events.contract.HouseholdRegistered;
import id.graduasi.events.contract.MemberAdded;
import id.graduasi.events.inbox.EventConsumer;
import id.graduasi.events.inbox.EventProcessor;
import id.graduasi.events.inbox.ReceivedEvent;
import id.graduasi.registry.domain.Household;
import id.graduasi.registry.domain.Member;
import id.graduasi.registry.security.NikProtector;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;

/**
 * Turns the registry's own events into SPDCI notify callbacks, so every path that registers a household or
 * adds a member (REST, bulk import, merge) notifies. It reads the household topic in its own consumer group
 * and, through the inbox, processes each event once: for each active subscription to the event whose filter
 * matches the household, within the regions the subscriber was granted, it queues a notify delivery in the same
 * transaction. The events carry ids only; the
 * records are loaded from the registry's tables. A member who joined with the household's registration is
 * announced by REGISTER, not NewHouseHoldMember.
 */
@ApplicationScoped
public class SpdciNotifier implements EventConsumer {

    private static final Set<EventType> HANDLED = EnumSet.of(EventType.HOUSEHOLD_REGISTERED, EventType.MEMBER_ADDED);

    private static final Logger LOG = Logger.getLogger(SpdciNotifier.class);

    private final EventProcessor processor;
    private final SpdciService service;
    private final SpdciRecords records;
    private final NikProtector niks;
    private final ObjectMapper mapper;
    private final CallbackPolicy callbacks;
    private final int subscriptionsPerPage;

    public SpdciNotifier(EventProcessor processor, SpdciService service, SpdciRecords records, NikProtector niks,
            ObjectMapper mapper, CallbackPolicy callbacks,
            @ConfigProperty(name = "graduasi.registry.spdci.notify.page-size", defaultValue = "500")
            int subscriptionsPerPage) {
        if (subscriptionsPerPage < 1) {
            throw new IllegalArgumentException("graduasi.registry.spdci.notify.page-size must be at least 1");
        }
        this.subscriptionsPerPage = subscriptionsPerPage;
        this.callbacks = callbacks;
        this.processor = processor;
        this.service = service;
        this.records = records;
        this.niks = niks;
        this.mapper = mapper;
    }

    @Incoming("spdci-events")
    public Uni<Void> consume(KafkaRecordBatch<String, String> batch) {
        return processor.process(batch, this);
    }

    @Override
    public String channel() {
        return "spdci-events";
    }

    @Override
    public boolean handles(EventType type) {
        return HANDLED.contains(type);
    }

    @Override
    public Uni<Void> handle(ReceivedEvent event) {
        return switch (event.type()) {
            case HOUSEHOLD_REGISTERED -> registered(event.id(), event.payload(HouseholdRegistered.class));
            case MEMBER_ADDED -> memberAdded(event.id(), event.payload(MemberAdded.class));
            default -> Uni.createFrom().voidItem();
        };
    }

    private Uni<Void> registered(UUID eventId, HouseholdRegistered event) {
        return Household.<Household>findById(event.householdId()).chain(household -> household == null
                ? Uni.createFrom().voidItem() // not (or no longer) in this registry's database
                : notifyAll(eventId, SpdciService.REGISTER, household, household.createdAt,
                        () -> Member.activeOf(household.id).map(members -> s -> records.group(household, members))));
    }

    private Uni<Void> memberAdded(UUID eventId, MemberAdded event) {
        return Member.<Member>findById(event.memberId()).chain(member -> member == null
                ? Uni.createFrom().voidItem()
                : Household.<Household>findById(member.householdId).chain(household -> {
                    if (household == null || member.addedAt.equals(household.createdAt)) {
                        return Uni.createFrom().voidItem();
                    }
                    return notifyAll(eventId, SpdciService.NEW_MEMBER, household, member.addedAt,
                            () -> Member.activeOf(household.id).map(members -> s -> isMemberRecord(s)
                                    ? records.member(member, household)
                                    : records.group(household, members)));
                }));
    }

    /**
     * Queues a notify for every active subscription to the event that matches, reading the subscriptions a page
     * at a time (a subscription hears of what happens after it was made, not of events replayed to it). The
     * records are built once, when the first page has a subscription.
     */
    private Uni<Void> notifyAll(UUID eventId, String regEventType, Household household, Instant happened,
            Supplier<Uni<Function<SpdciSubscription, Object>>> records) {
        return page(eventId, regEventType, household, happened, records, null, null);
    }

    private Uni<Void> page(UUID eventId, String regEventType, Household household, Instant happened,
            Supplier<Uni<Function<SpdciSubscription, Object>>> records, Function<SpdciSubscription, Object> record,
            SpdciSubscription after) {
        return SpdciSubscription.active(regEventType, happened, after, subscriptionsPerPage).chain(subscriptions -> {
            if (subscriptions.isEmpty()) {
                return Uni.createFrom().voidItem();
            }
            Uni<Function<SpdciSubscription, Object>> built = record != null ? Uni.createFrom().item(record)
                    : records.get();
            return built.chain(r -> Multi.createFrom().iterable(subscriptions)
                    .onItem().transformToUniAndConcatenate(s -> matches(s, household).chain(match -> match
                            ? queue(eventId, s, r.apply(s)) : Uni.createFrom().voidItem()))
                    .collect().last()
                    .chain(() -> subscriptions.size() < subscriptionsPerPage ? Uni.createFrom().voidItem()
                            : page(eventId, regEventType, household, happened, records, r,
                                    subscriptions.get(subscriptions.size() - 1))));
        });
    }

    private static boolean isMemberRecord(SpdciSubscription s) {
        return s.notifyRecordType.endsWith(SpdciRecords.MEMBER) || s.notifyRecordType.endsWith("Person");
    }

    private Uni<Boolean> matches(SpdciSubscription s, Household household) {
        SpdciQuery.Condition condition;
        try {
            condition = SpdciQuery.parse(s.filterType, mapper.readTree(s.filter), niks::hash);
        } catch (SpdciQuery.Invalid | JsonProcessingException e) {
            // Filters were checked when the subscription was made; a later change of the rules must not stop events.
            LOG.warnf("subscription %s has a filter that no longer parses; not notified: %s", s.code, e.getMessage());
            return Uni.createFrom().item(false);
        }
        if (!callbacks.registeredFor(s.clientId, s.callbackUri)) {
            // The partner, or this callback URI, is no longer in the registry of partners.
            LOG.warnf("subscription %s: its callback is no longer registered for client %s; not notified", s.code,
                    s.clientId);
            return Uni.createFrom().item(false);
        }
        SpdciQuery.Params params = new SpdciQuery.Params();
        String where = condition.hql(SpdciQuery.Entity.GROUP, params);
        Map<String, Object> values = new java.util.HashMap<>(params.values());
        values.put("household", household.id);
        // Only households within the regions the subscriber's token granted when it subscribed, whatever the
        // filter says.
        String scoped = SpdciClient.regions(s.scopeRegions).condition("h.villageCode", "scope", values);
        return Household.count("from Household h where h.id = :household and (" + where + ")"
                + (scoped == null ? "" : " and " + scoped), values)
                .map(n -> n > 0);
    }

    private Uni<Void> queue(UUID eventId, SpdciSubscription s, Object record) {
        String recordType = record instanceof Dci.Member ? SpdciRecords.MEMBER : SpdciRecords.GROUP;
        var notify = new Dci.NotifyEventRequest(s.senderTransaction, List.of(new Dci.NotifyEvent(eventId.toString(),
                Instant.now().toString(), new Dci.NotifyData(Dci.VERSION, Dci.REG_TYPE, s.regEventType, recordType,
                        record))));
        var envelope = new Dci.Envelope(null, service.header("notify", s.senderId, 1,
                Map.of("subscription_code", s.code)), notify);
        return service.queue(s.transactionId, s.callbackUri, "notify", envelope, s.code);
    }
}
