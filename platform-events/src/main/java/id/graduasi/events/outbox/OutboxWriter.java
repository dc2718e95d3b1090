package id.graduasi.events.outbox;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import id.graduasi.events.contract.EventSchemas;
import id.graduasi.events.contract.EventType;
import id.graduasi.events.contract.ContractEvent;
import id.graduasi.events.contract.HouseholdEvent;
import id.graduasi.events.persistence.NativeSql;
import id.graduasi.events.persistence.TimeOrderedIds;
import id.graduasi.events.persistence.TransactionLocks;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

/**
 * Appends an event to the outbox inside the caller's transaction (call it from a {@code @WithTransaction}
 * method): the event exists if and only if the state change it announces was committed. The caller's W3C trace
 * context is stored with the event, so the Kafka record the relay publishes later continues the caller's trace.
 */
@ApplicationScoped
public class OutboxWriter {

    private final ObjectMapper mapper;
    private final String source;

    public OutboxWriter(ObjectMapper mapper, @ConfigProperty(name = "quarkus.application.name") String serviceName) {
        this.mapper = mapper;
        this.source = "/graduasi/" + serviceName;
    }

    /** @return the event id (the outbox row id and CloudEvents id). */
    public Uni<UUID> append(ContractEvent payload) {
        return appendAll(List.of(payload)).map(ids -> ids.get(0));
    }

    /**
     * Appends events in one statement, in the order given (a bulk import writes thousands per transaction).
     *
     * @return the event ids, in the order of the events
     */
    public Uni<List<UUID>> appendAll(List<? extends ContractEvent> payloads) {
        return appendAll(payloads, null);
    }

    /**
     * The same, in the relay's queue {@code lane}; null: {@link Lane#INTERACTIVE} for one household's events,
     * {@link Lane#BULK} for many households' (see {@link #lane}). A consumer applying many households' decisions
     * at once names the interactive lane: each is still one household's decision.
     */
    public Uni<List<UUID>> appendAll(List<? extends ContractEvent> payloads, Lane lane) {
        int n = payloads.size();
        String[] ids = new String[n];
        String[] topics = new String[n];
        String[] keys = new String[n];
        String[] locks = new String[n];
        String[] types = new String[n];
        String[] bodies = new String[n];
        List<UUID> result = new ArrayList<>(n);
        // Captured now, on the caller's context: one request (or consumed event) appends all of these.
        TraceContext trace = TraceContext.current();
        for (int i = 0; i < n; i++) {
            ContractEvent payload = payloads.get(i);
            EventType type = EventType.of(payload.getClass());
            JsonNode json = mapper.valueToTree(payload);
            var violations = EventSchemas.get().validate(type, json);
            if (!violations.isEmpty()) {
                // A producer bug: never let an event that breaks the contract reach the log.
                return Uni.createFrom().failure(
                        new IllegalStateException(type.type() + " violates its schema: " + violations));
            }
            try {
                bodies[i] = mapper.writeValueAsString(json);
            } catch (JsonProcessingException e) {
                return Uni.createFrom().failure(e);
            }
            UUID id = TimeOrderedIds.next();
            result.add(id);
            ids[i] = id.toString();
            topics[i] = type.topic();
            keys[i] = payload.recordKey();
            locks[i] = (payload instanceof HouseholdEvent ? "household:" : "key:") + keys[i];
            types[i] = type.type();
        }
        // The per-key locks (a household's, which its owner's commands take too), held to commit, make seq order
        // equal commit order for each key, so the relay publishes a household's events in the order they happened.
        return Panache.currentTransaction().chain(transaction -> transaction != null ? Uni.createFrom().voidItem()
                        // Outside a transaction the rows would commit on their own: a dual write in disguise.
                        : Uni.createFrom().failure(new IllegalStateException("append outside a transaction")))
                .chain(() -> TransactionLocks.lockAll(List.of(locks)))
                // seq follows the order given: rows are numbered as the ordered select hands them over.
                .chain(() -> NativeSql.update("""
                        insert into outbox_event (id, topic, record_key, type, source, subject, payload,
                                                  occurred_at, traceparent, tracestate, lane)
                        select cast(id as uuid), topic, record_key, type, ?5, record_key, payload, ?6,
                               nullif(?8, ''), nullif(?9, ''), ?10
                        from unnest(cast(?1 as text[]), cast(?2 as text[]), cast(?3 as text[]),
                                    cast(?4 as text[]), cast(?7 as text[]))
                             with ordinality as e(id, topic, record_key, type, payload, position)
                        order by position""", ids, topics, keys, types, source, Instant.now(), bodies,
                        trace.traceparentParameter(), trace.tracestateParameter(),
                        (lane != null ? lane : lane(keys)).code()))
                .replaceWith(result);
    }

    /** One household's change is interactive; a transaction announcing many households' is bulk work. */
    static Lane lane(String[] keys) {
        return Arrays.stream(keys).distinct().limit(2).count() > 1 ? Lane.BULK : Lane.INTERACTIVE;
    }

    /**
     * Appends one event of {@code type} per row of {@code select}, a query returning {@code (record_key, payload)}
     * as text, in the caller's transaction: for state changes made by one statement over many households (a
     * cycle approval), where building each payload in Java would not scale. {@code with} (may be null) holds
     * common table expressions the select reads, e.g. {@code approved as (update ... returning ...)}: the state
     * change and its events are then one statement. Parameters are numbered from ?1. The events go in the bulk lane. Unlike {@link #appendAll}, no per-household lock is taken and payloads are not validated here, so
     * use it only for events whose order against a household's other events does not matter, and prove the
     * payloads against the schema in a test.
     *
     * @return the number of events appended
     */
    public Uni<Integer> appendSelected(EventType type, String with, String select, Object... parameters) {
        int n = parameters.length;
        // One statement, one caller: every row it appends carries the same trace context.
        TraceContext trace = TraceContext.current();
        return Panache.currentTransaction().chain(transaction -> transaction != null ? Uni.createFrom().voidItem()
                        : Uni.createFrom().failure(new IllegalStateException("append outside a transaction")))
                .chain(() -> {
                    Object[] all = Arrays.copyOf(parameters, n + 6);
                    all[n] = type.topic();
                    all[n + 1] = type.type();
                    all[n + 2] = source;
                    all[n + 3] = Instant.now();
                    all[n + 4] = trace.traceparentParameter();
                    all[n + 5] = trace.tracestateParameter();
                    return NativeSql.update((with == null ? "" : "with " + with + " ")
                            + "insert into outbox_event (id, topic, record_key, type, "
                            + "source, subject, payload, occurred_at, traceparent, tracestate, lane) "
                            + "select time_ordered_uuid(), ?" + (n + 1) + ", e.record_key, ?" + (n + 2) + ", ?" + (n + 3)
                            + ", e.record_key, e.payload, ?" + (n + 4) + ", nullif(?" + (n + 5) + ", ''), nullif(?"
                            + (n + 6) + ", ''), " + Lane.BULK.code() + " from (" + select + ") as e(record_key, payload)",
                            all);
                });
    }
}
