package id.graduasi.events.inbox;

import java.time.Duration;
import java.util.UUID;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.common.header.Headers;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import id.graduasi.events.contract.CloudEventHeaders;
import id.graduasi.events.contract.EventSchemas;
import id.graduasi.events.contract.EventType;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.smallrye.mutiny.vertx.core.ContextAwareScheduler;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;

/**
 * The one way a service consumes events: check the CloudEvent against the contract, then run the handler and
 * record the event id in the inbox in one transaction, so a redelivered event has no second effect. Poison
 * messages are nacked to the dead-letter topic (with the reason in its headers) and consumption goes on;
 * other failures (a lock timeout, a lost race, a database restart) are retried with back-off first, on the
 * message's own Vert.x context so every attempt gets a fresh session and transaction.
 */
@ApplicationScoped
public class EventProcessor {

    private static final Logger LOG = Logger.getLogger(EventProcessor.class);

    private final ObjectMapper mapper;
    private final MeterRegistry meters;
    private final int attempts;

    public EventProcessor(ObjectMapper mapper, MeterRegistry meters,
            @ConfigProperty(name = "graduasi.inbox.attempts", defaultValue = "8") int attempts) {
        this.mapper = mapper;
        this.meters = meters;
        this.attempts = Math.max(1, attempts);
    }

    public Uni<Void> process(Message<String> message, Function<ReceivedEvent, Uni<Void>> handler) {
        ReceivedEvent event;
        try {
            event = parse(message);
        } catch (PoisonMessageException e) {
            return deadLetter(message, "unknown", e);
        }
        // Back-off delays would otherwise resume on a worker thread, where no session can be opened.
        var sameContext = ContextAwareScheduler.delegatingTo(Infrastructure.getDefaultWorkerPool())
                .withCurrentContext();
        return Panache.withTransaction(() -> claim(event)
                        .chain(first -> first ? handler.apply(event) : skipDuplicate(event)))
                .onFailure(e -> !(e instanceof PoisonMessageException))
                .retry().withBackOff(Duration.ofMillis(200), Duration.ofSeconds(5)).withExecutor(sameContext)
                .atMost(attempts - 1L)
                .map(done -> Boolean.TRUE)
                .onFailure().recoverWithUni(e -> deadLetter(message, event.type().type(), rootCause(e))
                        .replaceWith(Boolean.FALSE))
                .chain(processed -> processed ? Uni.createFrom().completionStage(message.ack())
                        : Uni.createFrom().voidItem());
    }

    /** Mutiny reports exhausted retries as its own exception; the dead-letter reason names the real one. */
    private static Throwable rootCause(Throwable e) {
        return e instanceof IllegalStateException && e.getCause() != null
                && String.valueOf(e.getMessage()).startsWith("Retries exhausted") ? e.getCause() : e;
    }

    private Uni<Boolean> claim(ReceivedEvent event) {
        return Panache.getSession().chain(session -> session.createNativeQuery(
                "insert into inbox_event (event_id, type) values (?1, ?2) on conflict (event_id) do nothing")
                .setParameter(1, event.id())
                .setParameter(2, event.type().type())
                .executeUpdate())
                .map(inserted -> inserted == 1);
    }

    private Uni<Void> skipDuplicate(ReceivedEvent event) {
        LOG.debugf("event %s (%s) already processed; ignoring redelivery", event.id(), event.type().type());
        meters.counter("graduasi_events_duplicates_total", "type", event.type().type()).increment();
        return Uni.createFrom().voidItem();
    }

    private Uni<Void> deadLetter(Message<String> message, String type, Throwable reason) {
        String kind = reason instanceof PoisonMessageException ? "poison" : "processing";
        // The reason names the contract breach only; payloads stay out of logs (they may be personal data).
        LOG.warnf("dead-lettering a %s message (%s): %s", kind, type, reason.getMessage());
        // Per channel: each consumer channel has its own dead-letter topic (graduasi.dlq.<consumer group>).
        String channel = message.getMetadata(IncomingKafkaRecordMetadata.class)
                .map(IncomingKafkaRecordMetadata::getChannel).orElse("unknown");
        meters.counter("graduasi_events_dead_lettered_total", "channel", channel, "type", type, "kind", kind)
                .increment();
        return Uni.createFrom().completionStage(message.nack(reason));
    }

    ReceivedEvent parse(Message<String> message) {
        Headers headers = message.getMetadata(IncomingKafkaRecordMetadata.class)
                .map(IncomingKafkaRecordMetadata::getHeaders)
                .orElseThrow(() -> new PoisonMessageException("not a Kafka record"));
        String specVersion = CloudEventHeaders.read(headers, CloudEventHeaders.SPEC_VERSION);
        if (!CloudEventHeaders.SPEC_VERSION_1_0.equals(specVersion)) {
            throw new PoisonMessageException("ce_specversion must be 1.0, was " + specVersion);
        }
        UUID id;
        try {
            id = UUID.fromString(String.valueOf(CloudEventHeaders.read(headers, CloudEventHeaders.ID)));
        } catch (IllegalArgumentException e) {
            throw new PoisonMessageException("ce_id must be a UUID");
        }
        String source = CloudEventHeaders.read(headers, CloudEventHeaders.SOURCE);
        if (source == null || source.isBlank()) {
            throw new PoisonMessageException("ce_source is required");
        }
        String typeName = CloudEventHeaders.read(headers, CloudEventHeaders.TYPE);
        EventType type = EventType.fromType(typeName)
                .orElseThrow(() -> new PoisonMessageException("unknown event type or version: " + typeName));
        if (message.getPayload() == null) {
            throw new PoisonMessageException("event " + id + " has no data");
        }
        JsonNode data;
        try {
            data = mapper.readTree(message.getPayload());
        } catch (JsonProcessingException e) {
            // Only where it broke: the parser's message quotes the data, which may be personal.
            var at = e.getLocation();
            throw new PoisonMessageException("data is not JSON (at line " + (at == null ? "?" : at.getLineNr())
                    + ", column " + (at == null ? "?" : at.getColumnNr()) + ")");
        }
        var violations = EventSchemas.get().validate(type, data);
        if (!violations.isEmpty()) {
            throw new PoisonMessageException("data violates " + type.schemaName() + ": " + violations);
        }
        String subject = CloudEventHeaders.read(headers, CloudEventHeaders.SUBJECT);
        return new ReceivedEvent(id, type, source, subject, data, mapper);
    }
}
