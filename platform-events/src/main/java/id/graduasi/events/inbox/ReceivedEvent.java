package id.graduasi.events.inbox;

import java.util.UUID;
import java.util.function.Supplier;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import id.graduasi.events.contract.EventType;
import id.graduasi.events.outbox.TraceContext;
import io.opentelemetry.context.Scope;
import io.smallrye.mutiny.Uni;

/**
 * A CloudEvent that passed the contract checks: known type, schema-valid data; with the W3C trace context it
 * carried ({@code traceparent}, {@code tracestate}; null when it had none).
 */
public record ReceivedEvent(UUID id, EventType type, String source, String subject, JsonNode data,
        ObjectMapper mapper, String traceparent, String tracestate) {

    /** The payload as its contract record; the type was checked, so a mismatch is a contract bug. */
    public <T> T payload(Class<T> payloadClass) {
        if (type.payloadClass() != payloadClass) {
            throw new IllegalArgumentException(type + " does not carry " + payloadClass.getSimpleName());
        }
        try {
            return mapper.treeToValue(data, payloadClass);
        } catch (JsonProcessingException e) {
            throw new PoisonMessageException("data does not bind to " + payloadClass.getSimpleName() + ": "
                    + e.getOriginalMessage());
        }
    }

    /**
     * Runs work inside the trace this event carries, so the events it appends continue the trace of the request
     * that started it all. Handlers run one after another, so the context, kept on the Vert.x context, is this
     * event's own until the work is done.
     */
    public <T> Uni<T> traced(Supplier<Uni<T>> work) {
        if (traceparent == null) {
            return work.get();
        }
        Scope scope = new TraceContext(traceparent, tracestate).toContext().makeCurrent();
        try {
            return work.get().eventually(scope::close);
        } catch (RuntimeException e) {
            scope.close();
            throw e;
        }
    }
}
