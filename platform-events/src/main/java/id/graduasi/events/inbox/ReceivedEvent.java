package id.graduasi.events.inbox;

import java.util.UUID;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import id.graduasi.events.contract.EventType;

/** A CloudEvent that passed the contract checks: known type, schema-valid data. */
public record ReceivedEvent(UUID id, EventType type, String source, String subject, JsonNode data,
        ObjectMapper mapper) {

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
}
