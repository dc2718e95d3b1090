package id.graduasi.registry;

import static id.graduasi.registry.RegistryTestSupport.given;
import static id.graduasi.registry.RegistryTestSupport.graduatedToday;
import static id.graduasi.registry.RegistryTestSupport.householdJson;
import static id.graduasi.registry.RegistryTestSupport.moveTo;
import static id.graduasi.registry.RegistryTestSupport.randomKk;
import static id.graduasi.registry.RegistryTestSupport.single;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import id.graduasi.events.contract.CloudEventHeaders;
import id.graduasi.events.contract.EventType;
import id.graduasi.events.contract.Topics;
import id.graduasi.testing.GraduasiTestResource;
import id.graduasi.testing.TestInfrastructure;
import id.graduasi.testing.TestKafka;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;

/**
 * Issue #8 observability, end to end inside the registry: a request's trace continues through the outbox into
 * the Kafka record, a registration is counted once published, /q/metrics has consumer lag and latency buckets,
 * JSON log lines of a request carry its trace, span and request ids, and readiness covers the reactive database,
 * the Kafka channels and the outbox. Real Kafka, real PostgreSQL.
 */
@QuarkusTest
@TestProfile(ObservabilityTest.JsonLogs.class)
@QuarkusTestResource(value = GraduasiTestResource.class, restrictToAnnotatedClass = false)
class ObservabilityTest {

    static final Path LOG_FILE = Path.of("target/registry-observability-test.log");

    /** JSON file logs, as in Kubernetes (there on the console: QUARKUS_LOG_CONSOLE_JSON_ENABLED=true). */
    public static class JsonLogs implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.log.file.path", LOG_FILE.toString(),
                    "quarkus.log.file.json.enabled", "true");
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private static String randomHex(int length) {
        return UUID.randomUUID().toString().replace("-", "").repeat(2).substring(0, length);
    }

    /** Registers a one-member household as a caller in trace {@code traceId} (not sampled: nothing exported). */
    private static String registerInTrace(String traceId, String requestId) {
        return given().contentType(ContentType.JSON)
                .header("traceparent", "00-" + traceId + "-" + randomHex(16) + "-00")
                .header("X-Request-Id", requestId)
                .header(LoggedResponses.HEADER, requestId)
                .body(householdJson(randomKk(), single()))
                .post("/api/v1/households")
                .then().statusCode(201)
                .extract().path("id");
    }

    /** All records of the household on the registry topic, with every header as written (duplicates kept). */
    private static List<ConsumerRecord<String, String>> recordsOf(String householdId) {
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestInfrastructure.get().bootstrapServers(),
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        try (var consumer = new KafkaConsumer<String, String>(config)) {
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.REGISTRY_HOUSEHOLD).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))
                    && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                    if (householdId.equals(r.key())) {
                        records.add(r);
                    }
                }
            }
        }
        return records;
    }

    private static List<String> headers(ConsumerRecord<String, String> record, String name) {
        List<String> values = new ArrayList<>();
        for (Header h : record.headers().headers(name)) {
            values.add(new String(h.value(), StandardCharsets.UTF_8));
        }
        return values;
    }

    @Test
    void aRequestsTraceContinuesThroughTheOutboxIntoEachKafkaRecordOfItsEvents() {
        String traceId = randomHex(32);
        String household = registerInTrace(traceId, "obs-" + UUID.randomUUID());

        // Registered and member added: two events, appended in the request's transaction.
        List<ConsumerRecord<String, String>> records = await().atMost(Duration.ofSeconds(30))
                .until(() -> recordsOf(household), r -> r.size() == 2);
        for (ConsumerRecord<String, String> record : records) {
            List<String> traceparents = headers(record, "traceparent");
            assertEquals(1, traceparents.size(), "exactly one traceparent header: " + traceparents);
            String[] parts = traceparents.get(0).split("-");
            assertEquals(traceId, parts[1], "the record continues the caller's trace");
        }
    }

    @Test
    void aConsumedEventsTraceContinuesIntoTheEventsItsHandlerAppends() {
        String household = registerInTrace(randomHex(32), "obs-" + UUID.randomUUID());
        moveTo(household, "VERIFIED");
        moveTo(household, "ACTIVE");
        String traceId = randomHex(32);
        var decided = new ProducerRecord<String, String>(Topics.GRADUATION_DECISION, household,
                graduatedToday(household));
        writeCloudEvent(decided, EventType.GRADUATION_DECIDED_V2, household);
        decided.headers().add("traceparent", ("00-" + traceId + "-" + randomHex(16) + "-00")
                .getBytes(StandardCharsets.UTF_8));
        TestKafka.send(decided);

        // The registry graduates the household and announces it: that record continues the decision's trace.
        ConsumerRecord<String, String> graduated = await().atMost(Duration.ofSeconds(30))
                .until(() -> recordsOf(household).stream()
                        .filter(r -> r.value().contains("\"toStatus\":\"GRADUATED\"")).findFirst(),
                        Optional::isPresent)
                .orElseThrow();
        List<String> traceparents = headers(graduated, "traceparent");
        assertEquals(1, traceparents.size(), traceparents.toString());
        assertEquals(traceId, traceparents.get(0).split("-")[1]);
    }

    @Test
    void aPoisonMessageIsCountedAsDeadLetteredOnItsChannel() {
        String deadLettered = "graduasi_events_dead_lettered_total{channel=\"graduasi-events\"";
        double before = counter(deadLettered);
        String household = UUID.randomUUID().toString();
        var poison = new ProducerRecord<String, String>(Topics.GRADUATION_DECISION, household, "{not json");
        writeCloudEvent(poison, EventType.GRADUATION_DECIDED_V2, household);
        TestKafka.send(poison);
        await().atMost(Duration.ofSeconds(30)).until(() -> counter(deadLettered) >= before + 1);
    }

    /** A record produced 5 s before it reaches the consumer waited those 5 s (broker, poll, batches before it). */
    @Test
    void aConsumedRecordIsTimedFromItsTimestampToItsBatchAndToItsBatchApplied() {
        String waited = "graduasi_events_waited_seconds_count{channel=\"graduasi-events\"";
        String applied = "graduasi_events_applied_seconds_count{channel=\"graduasi-events\"";
        double waitedBefore = counter(waited);
        double appliedBefore = counter(applied);
        String household = UUID.randomUUID().toString();
        var late = new ProducerRecord<String, String>(Topics.GRADUATION_DECISION, null,
                System.currentTimeMillis() - 5_000, household, graduatedToday(household));
        writeCloudEvent(late, EventType.GRADUATION_DECIDED_V2, household);
        TestKafka.send(late);
        await().atMost(Duration.ofSeconds(30)).until(() -> counter(applied) >= appliedBefore + 1);
        assertTrue(counter(waited) >= waitedBefore + 1, "waited counted");
        assertTrue(counter("graduasi_events_waited_seconds_max{channel=\"graduasi-events\"") >= 5.0,
                "the record waited at least the 5 s between its timestamp and its batch");
    }

    private static void writeCloudEvent(ProducerRecord<String, String> record, EventType type, String subject) {
        CloudEventHeaders.write(record.headers(), CloudEventHeaders.SPEC_VERSION, "1.0");
        CloudEventHeaders.write(record.headers(), CloudEventHeaders.ID, UUID.randomUUID().toString());
        CloudEventHeaders.write(record.headers(), CloudEventHeaders.TYPE, type.type());
        CloudEventHeaders.write(record.headers(), CloudEventHeaders.SOURCE, "/graduasi/graduation-service");
        CloudEventHeaders.write(record.headers(), CloudEventHeaders.SUBJECT, subject);
        CloudEventHeaders.write(record.headers(), CloudEventHeaders.TIME, Instant.now().toString());
        CloudEventHeaders.write(record.headers(), CloudEventHeaders.CONTENT_TYPE, CloudEventHeaders.JSON);
    }

    @Test
    void aRegistrationIsCountedOnceItsEventIsPublished() {
        double before = counter("graduasi_households_registered_total");
        String household = registerInTrace(randomHex(32), "obs-" + UUID.randomUUID());
        await().atMost(Duration.ofSeconds(30)).until(() -> recordsOf(household).size() == 2);
        await().atMost(Duration.ofSeconds(10))
                .until(() -> counter("graduasi_households_registered_total") >= before + 1);
    }

    @Test
    void metricsExposeKafkaConsumerLagAndHttpLatencyBuckets() {
        registerInTrace(randomHex(32), "obs-" + UUID.randomUUID());
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            String metrics = metrics();
            assertTrue(metrics.contains("kafka_consumer_fetch_manager_records_lag_max{"), "consumer lag");
            assertTrue(metrics.contains("kafka_consumer_fetch_manager_records_consumed_total{"), "consumed");
            assertTrue(metrics.contains("kafka_producer_record_send_total{"), "producer sends");
            assertTrue(Pattern.compile("http_server_requests_seconds_bucket\\{[^}]*uri=\"/api/v1/households\"")
                    .matcher(metrics).find(), "p95 needs histogram buckets of the HTTP timer");
        });
    }

    @Test
    void jsonLogLinesOfARequestCarryItsTraceSpanAndRequestIds() throws IOException {
        String traceId = randomHex(32);
        String requestId = "obs-" + UUID.randomUUID();
        registerInTrace(traceId, requestId);

        JsonNode line = await().atMost(Duration.ofSeconds(10)).until(() -> logLine(requestId), l -> l != null);
        JsonNode mdc = line.path("mdc");
        assertEquals(requestId, mdc.path("requestId").asText(), line.toString());
        assertEquals(traceId, mdc.path("traceId").asText(), line.toString());
        assertTrue(mdc.path("spanId").asText().matches("[0-9a-f]{16}"), line.toString());
        assertNotEquals("0000000000000000", mdc.path("spanId").asText());
    }

    @Test
    void readinessCoversTheReactiveDatabaseTheKafkaChannelsTheOutboxAndTheConsumers() throws IOException {
        JsonNode health = JSON.readTree(RestAssured.get("/q/health/ready").then().statusCode(200)
                .extract().asString());
        assertEquals("UP", health.path("status").asText(), health.toString());
        Map<String, JsonNode> checks = new HashMap<>();
        health.path("checks").forEach(c -> checks.put(c.path("name").asText(), c));
        assertEquals("UP", checks.get("Reactive PostgreSQL connections health check").path("status").asText(),
                health.toString());
        JsonNode messaging = checks.get("SmallRye Reactive Messaging - readiness check");
        assertEquals("UP", messaging.path("status").asText(), health.toString());
        for (String channel : List.of("graduasi-events", "spdci-events")) {
            assertTrue(messaging.path("data").has(channel), channel + " in " + messaging);
        }
        assertEquals("UP", checks.get("outbox").path("status").asText(), health.toString());
        assertEquals("UP", checks.get("event-consumers").path("status").asText(), health.toString());
    }

    private static JsonNode logLine(String marker) throws IOException {
        if (!Files.exists(LOG_FILE)) {
            return null;
        }
        for (String text : Files.readAllLines(LOG_FILE)) {
            assertTrue(text.isBlank() || text.startsWith("{"), "not a JSON log line: " + text);
            if (text.contains("test request " + marker)) {
                return JSON.readTree(text);
            }
        }
        return null;
    }

    private static String metrics() {
        return RestAssured.get("/q/metrics").then().statusCode(200).extract().asString();
    }

    private static final Pattern SAMPLE = Pattern.compile("(?m)^(\\S+?)(\\{[^}]*\\})? (\\S+)$");

    /**
     * The sum of a Prometheus sample over its label sets, or over those starting as {@code selector} does (a
     * name with its first labels, e.g. {@code name{a="x"}}); 0 before the counter exists.
     */
    private static double counter(String selector) {
        double sum = 0;
        Matcher m = SAMPLE.matcher(metrics());
        while (m.find()) {
            String sample = m.group(1) + (m.group(2) == null ? "" : m.group(2));
            if (m.group(1).equals(selector) || sample.startsWith(selector)) {
                sum += Double.parseDouble(m.group(3));
            }
        }
        return sum;
    }
}
