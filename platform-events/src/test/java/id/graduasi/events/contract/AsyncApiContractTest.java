package id.graduasi.events.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;

/**
 * Keeps docs/asyncapi.yaml, the document other teams subscribe from, in step with the contract in code
 * ({@link EventType}, {@link Topics}, {@link CloudEventHeaders}, the JSON Schemas): any drift fails the build.
 */
class AsyncApiContractTest {

    private static final Path DOCS = Path.of("..", "docs");
    private static final Path ASYNCAPI = DOCS.resolve("asyncapi.yaml");
    private static final Path RESOURCES = Path.of("src", "main", "resources");
    private static final String DEAD_LETTER_PREFIX = Topics.deadLetter("");
    private static final List<String> DEAD_LETTER_HEADERS = List.of("dead-letter-reason", "dead-letter-cause",
            "dead-letter-topic", "dead-letter-partition", "dead-letter-offset");
    private static final List<String> CLOUD_EVENT_HEADERS = List.of(CloudEventHeaders.SPEC_VERSION,
            CloudEventHeaders.ID, CloudEventHeaders.TYPE, CloudEventHeaders.SOURCE, CloudEventHeaders.SUBJECT,
            CloudEventHeaders.TIME, CloudEventHeaders.CONTENT_TYPE);

    private static JsonNode doc;
    /** Channel address to the JSON pointers (after following $refs) of the messages it lists. */
    private static Map<String, Set<String>> messagesByAddress;
    /** Every message of the document, listed on a channel or under components, by its JSON pointer. */
    private static Set<String> allMessages;

    @BeforeAll
    static void parse() throws IOException {
        assertTrue(Files.isRegularFile(ASYNCAPI), ASYNCAPI.toAbsolutePath() + " is missing");
        doc = new ObjectMapper(new YAMLFactory()).readTree(ASYNCAPI.toFile());
        assertEquals("3.0.0", doc.path("asyncapi").asText(), "AsyncAPI version");
        messagesByAddress = new LinkedHashMap<>();
        doc.path("channels").fields().forEachRemaining(channel -> {
            String address = channel.getValue().path("address").asText(null);
            assertNotNull(address, "channel " + channel.getKey() + " has no address");
            Set<String> pointers = new LinkedHashSet<>();
            channel.getValue().path("messages").fields().forEachRemaining(message -> pointers.add(
                    canonicalPointer("/channels/" + escape(channel.getKey()) + "/messages/" + escape(message.getKey()))));
            assertTrue(messagesByAddress.put(address, pointers) == null, "two channels have address " + address);
        });
        allMessages = new TreeSet<>();
        doc.path("components").path("messages").fieldNames()
                .forEachRemaining(name -> allMessages.add("/components/messages/" + escape(name)));
        messagesByAddress.values().forEach(allMessages::addAll);
    }

    @Test
    void everyChannelAddressIsAContractTopic() {
        for (String address : messagesByAddress.keySet()) {
            assertTrue(Topics.all().contains(address), "channel " + address + " is not in Topics.all()");
        }
    }

    @Test
    void everyContractTopicHasAChannel() {
        for (String topic : Topics.all()) {
            assertTrue(messagesByAddress.containsKey(topic), "no channel has address " + topic);
        }
    }

    @ParameterizedTest
    @EnumSource(EventType.class)
    void everyEventTypeHasExactlyOneMessageCarryingItsCeType(EventType type) {
        List<String> carrying = allMessages.stream()
                .filter(pointer -> type.type().equals(ceTypeConst(doc.at(pointer)))).toList();
        assertEquals(1, carrying.size(), "messages with ce_type const " + type.type() + ": " + carrying);
        assertEquals(type.payloadClass().getSimpleName(), messageOf(type).path("name").asText(),
                "name of the message of " + type);
    }

    @ParameterizedTest
    @EnumSource(EventType.class)
    void everyEventMessageIsABinaryModeCloudEventKeyedByItsRecordKey(EventType type) {
        JsonNode message = messageOf(type);
        assertEquals(CloudEventHeaders.JSON, message.path("contentType").asText(), type + " contentType");
        JsonNode headers = resolve(message.path("headers"));
        assertEquals("object", headers.path("type").asText(), type + " headers type");
        Set<String> required = new TreeSet<>();
        headers.path("required").forEach(name -> required.add(name.asText()));
        for (String header : CLOUD_EVENT_HEADERS) {
            assertTrue(headers.path("properties").has(header), type + " does not document header " + header);
            assertTrue(required.contains(header), type + " does not require header " + header);
        }
        assertEquals(CloudEventHeaders.SPEC_VERSION_1_0,
                headers.path("properties").path(CloudEventHeaders.SPEC_VERSION).path("const").asText(null),
                type + " ce_specversion const");
        assertEquals(CloudEventHeaders.JSON,
                headers.path("properties").path(CloudEventHeaders.CONTENT_TYPE).path("const").asText(null),
                type + " content-type const");
        assertTrue(headers.path("properties").path(CloudEventHeaders.SOURCE).path("const").asText("")
                .startsWith("/graduasi/"), type + " ce_source const must be /graduasi/<service-name>");
        JsonNode key = resolve(message.path("bindings").path("kafka").path("key"));
        assertEquals("string", key.path("type").asText(), type + " key type");
        if (HouseholdEvent.class.isAssignableFrom(type.payloadClass())) {
            assertEquals("uuid", key.path("format").asText(), type + " key format");
        } else {
            assertFalse(key.path("description").asText("").isBlank(), type + ": a key that is no household id says what it is");
        }
    }

    @ParameterizedTest
    @EnumSource(EventType.class)
    void everyEventMessagePayloadRefersToItsSchemaFile(EventType type) throws IOException {
        String ref = messageOf(type).path("payload").path("$ref").asText(null);
        assertNotNull(ref, type + " payload is not a $ref to its schema file");
        Path referenced = DOCS.resolve(ref).normalize();
        Path schema = RESOURCES.resolve(type.schemaResource());
        assertTrue(Files.isRegularFile(referenced), type + " payload $ref " + ref + " names no file");
        assertTrue(Files.isRegularFile(schema), schema + " is missing");
        assertTrue(Files.isSameFile(referenced, schema), type + " payload $ref " + ref + " is not " + schema);
    }

    @ParameterizedTest
    @EnumSource(EventType.class)
    void everyEventMessageIsListedOnTheChannelOfItsTopicOnly(EventType type) {
        String pointer = messagePointerOf(type);
        Set<String> listedOn = new TreeSet<>();
        messagesByAddress.forEach((address, pointers) -> {
            if (pointers.contains(pointer)) {
                listedOn.add(address);
            }
        });
        assertEquals(Set.of(type.topic()), listedOn, type + " is listed on the wrong channels");
    }

    @Test
    void noMessageLacksAnEventTypeExceptDeadLetters() {
        Set<String> deadLetterMessages = new TreeSet<>();
        Set<String> streamMessages = new TreeSet<>();
        messagesByAddress.forEach((address, pointers) ->
                (address.startsWith(DEAD_LETTER_PREFIX) ? deadLetterMessages : streamMessages).addAll(pointers));

        for (String pointer : allMessages) {
            JsonNode message = doc.at(pointer);
            String ceType = ceTypeConst(message);
            if (deadLetterMessages.contains(pointer)) {
                assertFalse(streamMessages.contains(pointer), pointer + " is on a stream and a dead-letter channel");
                assertTrue(ceType == null, pointer + " on a dead-letter channel pins ce_type " + ceType);
                JsonNode headers = resolve(message.path("headers")).path("properties");
                for (String header : DEAD_LETTER_HEADERS) {
                    assertTrue(headers.has(header), pointer + " does not document header " + header);
                }
            } else {
                assertTrue(ceType != null && EventType.fromType(ceType).isPresent(),
                        pointer + " has no EventType (ce_type const " + ceType + ")");
            }
        }
    }

    @ParameterizedTest
    @EnumSource(EventType.class)
    void everyExamplePayloadConformsToItsSchemaAndBindsToItsRecord(EventType type) throws IOException {
        JsonNode examples = messageOf(type).path("examples");
        assertTrue(examples.isArray() && !examples.isEmpty(), type + " has no examples");
        ObjectMapper mapper = new ObjectMapper().findAndRegisterModules()
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
        for (JsonNode example : examples) {
            String name = type + " example " + example.path("name").asText();
            JsonNode payload = example.path("payload");
            assertTrue(payload.isObject(), name + " has no payload");
            assertEquals(List.of(), EventSchemas.get().validate(type, payload), name + " violates its schema");
            ContractEvent bound = (ContractEvent) mapper.treeToValue(payload, type.payloadClass());
            assertEquals(bound.recordKey(), example.path("headers").path(CloudEventHeaders.SUBJECT)
                    .asText(), name + ": ce_subject must be the record key (the household id for a household's event)");
        }
    }

    @ParameterizedTest
    @EnumSource(EventType.class)
    void everyExampleHeadersConformToTheMessageHeaders(EventType type) {
        JsonNode message = messageOf(type);
        var schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(
                resolve(message.path("headers")),
                SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build());
        for (JsonNode example : message.path("examples")) {
            JsonNode headers = example.path("headers");
            assertTrue(headers.isObject(), type + " example " + example.path("name").asText() + " has no headers");
            assertEquals(List.of(), schema.validate(headers).stream().map(ValidationMessage::getMessage).toList(),
                    type + " example " + example.path("name").asText() + " headers");
        }
    }

    @Test
    void everyOperationNamesAChannelAndOnlyMessagesOfThatChannel() {
        JsonNode operations = doc.path("operations");
        assertFalse(operations.isEmpty(), "no operations");
        operations.fields().forEachRemaining(operation -> {
            String name = operation.getKey();
            JsonNode op = operation.getValue();
            String action = op.path("action").asText();
            assertTrue(action.equals("send") || action.equals("receive"), name + " action " + action);
            String channelRef = op.path("channel").path("$ref").asText(null);
            assertNotNull(channelRef, name + " names no channel");
            assertTrue(channelRef.startsWith("#/channels/"), name + " channel " + channelRef);
            assertFalse(doc.at(channelRef.substring(1)).isMissingNode(), name + ": " + channelRef + " does not exist");
            for (JsonNode message : op.path("messages")) {
                String ref = message.path("$ref").asText("");
                assertTrue(ref.startsWith(channelRef + "/messages/"), name + ": " + ref + " is not a message of "
                        + channelRef);
                assertFalse(doc.at(ref.substring(1)).isMissingNode(), name + ": " + ref + " does not exist");
            }
        });
        // Every stream has its producer in the document.
        for (String topic : Topics.STREAMS) {
            long producers = count(operations, "send", topic);
            assertEquals(1, producers, "send operations on " + topic);
        }
    }

    private static long count(JsonNode operations, String action, String address) {
        long matching = 0;
        for (JsonNode op : operations) {
            if (action.equals(op.path("action").asText())
                    && address.equals(resolve(op.path("channel")).path("address").asText())) {
                matching++;
            }
        }
        return matching;
    }

    private static JsonNode messageOf(EventType type) {
        return doc.at(messagePointerOf(type));
    }

    private static String messagePointerOf(EventType type) {
        List<String> found = allMessages.stream()
                .filter(pointer -> type.type().equals(ceTypeConst(doc.at(pointer)))).toList();
        if (found.size() != 1) {
            fail("expected one message with ce_type const " + type.type() + ", found " + found);
        }
        return found.get(0);
    }

    private static String ceTypeConst(JsonNode message) {
        return resolve(resolve(message).path("headers")).path("properties").path(CloudEventHeaders.TYPE)
                .path("const").asText(null);
    }

    /** Follows local $refs ({@code #/...}) to the node they name. */
    private static JsonNode resolve(JsonNode node) {
        JsonNode current = node;
        for (int hops = 0; hops < 10; hops++) {
            String ref = current.path("$ref").asText(null);
            if (ref == null || !ref.startsWith("#/")) {
                return current;
            }
            current = doc.at(ref.substring(1));
        }
        throw new AssertionError("$ref cycle");
    }

    /** The JSON pointer of the node a pointer names once its local $refs are followed: a message's identity. */
    private static String canonicalPointer(String pointer) {
        String current = pointer;
        for (int hops = 0; hops < 10; hops++) {
            String ref = doc.at(current).path("$ref").asText(null);
            if (ref == null || !ref.startsWith("#/")) {
                return current;
            }
            current = ref.substring(1);
        }
        throw new AssertionError("$ref cycle at " + pointer);
    }

    private static String escape(String token) {
        return token.replace("~", "~0").replace("/", "~1");
    }
}
