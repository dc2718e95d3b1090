package id.graduasi.events.contract;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;

/**
 * The JSON Schemas of every payload, loaded once from this module. Producers validate before writing to the
 * outbox, consumers validate before acting, so both sides hold to the same contract.
 */
public final class EventSchemas {

    private static final EventSchemas INSTANCE = new EventSchemas();

    private final Map<EventType, JsonSchema> schemas = new EnumMap<>(EventType.class);

    private EventSchemas() {
        var factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
        var config = SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build();
        var mapper = new ObjectMapper();
        for (EventType type : EventType.values()) {
            try (InputStream in = EventSchemas.class.getClassLoader().getResourceAsStream(type.schemaResource())) {
                if (in == null) {
                    throw new IllegalStateException("missing schema " + type.schemaResource());
                }
                schemas.put(type, factory.getSchema(mapper.readTree(in), config));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    public static EventSchemas get() {
        return INSTANCE;
    }

    /** @return one readable message per violation, empty when the payload conforms. */
    public List<String> validate(EventType type, JsonNode payload) {
        return schemas.get(type).validate(payload).stream().map(ValidationMessage::getMessage).sorted().toList();
    }
}
