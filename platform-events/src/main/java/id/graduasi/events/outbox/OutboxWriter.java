package id.graduasi.events.outbox;

import java.time.Instant;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import id.graduasi.events.contract.EventSchemas;
import id.graduasi.events.contract.EventType;
import id.graduasi.events.contract.HouseholdEvent;
import id.graduasi.events.persistence.TransactionLocks;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

/**
 * Appends an event to the outbox inside the caller's transaction (call it from a {@code @WithTransaction}
 * method): the event exists if and only if the state change it announces was committed.
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
    public Uni<UUID> append(HouseholdEvent payload) {
        EventType type = EventType.of(payload.getClass());
        JsonNode json = mapper.valueToTree(payload);
        var violations = EventSchemas.get().validate(type, json);
        if (!violations.isEmpty()) {
            // A producer bug: never let an event that breaks the contract reach the log.
            return Uni.createFrom().failure(new IllegalStateException(type.type() + " violates its schema: " + violations));
        }
        UUID id = UUID.randomUUID();
        String key = payload.householdId().toString();
        String body;
        try {
            body = mapper.writeValueAsString(json);
        } catch (JsonProcessingException e) {
            return Uni.createFrom().failure(e);
        }
        // The per-household lock, held to commit, makes seq order equal commit order for one household,
        // so the relay publishes a household's events in the order they happened.
        return Panache.currentTransaction().chain(transaction -> transaction != null ? Uni.createFrom().voidItem()
                        // Outside a transaction the row would commit on its own: a dual write in disguise.
                        : Uni.createFrom().failure(new IllegalStateException("append outside a transaction")))
                .chain(() -> TransactionLocks.lock("household:" + key))
                .chain(() -> Panache.getSession()).chain(session -> session
                .createNativeQuery("""
                        insert into outbox_event (id, topic, record_key, type, source, subject, payload, occurred_at)
                        values (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)""")
                        .setParameter(1, id)
                        .setParameter(2, type.topic())
                        .setParameter(3, key)
                        .setParameter(4, type.type())
                        .setParameter(5, source)
                        .setParameter(6, key)
                        .setParameter(7, body)
                        .setParameter(8, Instant.now())
                        .executeUpdate())
                .replaceWith(id);
    }
}
