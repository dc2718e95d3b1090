package id.graduasi.testing;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import id.graduasi.events.contract.CloudEventHeaders;
import id.graduasi.events.contract.EventType;
import id.graduasi.events.contract.ContractEvent;

/** Plain Kafka clients for tests: read a topic from the beginning, or write records the way a peer would. */
public final class TestKafka {

    private TestKafka() {
    }

    /** A record as a test sees it: key, CloudEvents attributes from the headers, and the raw value. */
    public record Event(String topic, int partition, long offset, String key, String id, String type,
            String subject, String value, Map<String, String> headers) {
    }

    /** Reads the whole topic (all partitions) as it stands now. */
    public static List<Event> readAll(String topic) {
        return readAll(TestInfrastructure.get().bootstrapServers(), topic);
    }

    /** Reads the whole topic of another broker (one a test started itself) as it stands now. */
    public static List<Event> readAll(String bootstrapServers, String topic) {
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        List<Event> events = new ArrayList<>();
        try (var consumer = new KafkaConsumer<String, String>(config)) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            Instant deadline = Instant.now().plusSeconds(30);
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                if (Instant.now().isAfter(deadline)) {
                    throw new IllegalStateException("could not read " + topic + " to its end");
                }
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                    events.add(toEvent(r));
                }
            }
        }
        return events;
    }

    /** The events of one household (record key) on a topic, in log order. */
    public static List<Event> readAll(String topic, Predicate<Event> filter) {
        return readAll(topic).stream().filter(filter).toList();
    }

    private static final ObjectMapper MAPPER = new ObjectMapper().findAndRegisterModules()
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    /** Publishes a contract payload as its producing service would: its type, its topic, its record key. */
    public static String publish(ContractEvent payload) {
        return publish(payload, UUID.randomUUID().toString());
    }

    /** The same, with a chosen event id: to redeliver an event. */
    public static String publish(ContractEvent payload, String eventId) {
        publishAt(payload, eventId);
        return eventId;
    }

    /** The same. @return where the record landed (for {@link #committedPast}) */
    public static RecordMetadata publishAt(ContractEvent payload, String eventId) {
        EventType type = EventType.of(payload.getClass());
        try {
            return sendEventAt(type.topic(), payload.recordKey(), eventId, type.type(),
                    MAPPER.writeValueAsString(payload));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /**
     * Publishes events in this order through one producer, as a relay draining a backlog does, so a consumer polls
     * them in large batches. @return their event ids
     */
    public static List<String> publishAll(List<? extends ContractEvent> payloads) {
        return publishAll(payloads, payloads.stream().map(p -> UUID.randomUUID().toString()).toList());
    }

    /** The same, with chosen event ids (the i-th event gets the i-th id). @return the ids */
    public static List<String> publishAll(List<? extends ContractEvent> payloads, List<String> ids) {
        try (var producer = new KafkaProducer<String, String>(producerConfig())) {
            for (int i = 0; i < payloads.size(); i++) {
                ContractEvent payload = payloads.get(i);
                EventType type = EventType.of(payload.getClass());
                producer.send(cloudEvent(type.topic(), payload.recordKey(), ids.get(i), type.type(),
                        MAPPER.writeValueAsString(payload)));
            }
            producer.flush();
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
        return ids;
    }

    /** Sends a CloudEvent the way a producing service's relay would. @return the event id */
    public static String sendEvent(String topic, String key, String type, String json) {
        String id = UUID.randomUUID().toString();
        sendEvent(topic, key, id, type, json);
        return id;
    }

    public static void sendEvent(String topic, String key, String id, String type, String json) {
        send(cloudEvent(topic, key, id, type, json));
    }

    /** As {@link #sendEvent(String, String, String, String, String)}. @return where the record landed */
    public static RecordMetadata sendEventAt(String topic, String key, String id, String type, String json) {
        return send(cloudEvent(topic, key, id, type, json));
    }

    /**
     * Whether consumer group {@code group} has committed an offset past {@code record}: the batch that held it was
     * processed. For events a consumer skips, which leave no trace in its inbox.
     */
    public static boolean committedPast(String group, RecordMetadata record) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                TestInfrastructure.get().bootstrapServers()))) {
            var committed = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata()
                    .get(30, TimeUnit.SECONDS).get(new TopicPartition(record.topic(), record.partition()));
            return committed != null && committed.offset() > record.offset();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("could not read the offsets of " + group, e);
        }
    }

    private static ProducerRecord<String, String> cloudEvent(String topic, String key, String id, String type,
            String json) {
        var record = new ProducerRecord<String, String>(topic, key, json);
        CloudEventHeaders.write(record.headers(), CloudEventHeaders.SPEC_VERSION, "1.0");
        CloudEventHeaders.write(record.headers(), CloudEventHeaders.ID, id);
        CloudEventHeaders.write(record.headers(), CloudEventHeaders.TYPE, type);
        CloudEventHeaders.write(record.headers(), CloudEventHeaders.SOURCE, "/graduasi/test");
        CloudEventHeaders.write(record.headers(), CloudEventHeaders.SUBJECT, key);
        CloudEventHeaders.write(record.headers(), CloudEventHeaders.TIME, Instant.now().toString());
        CloudEventHeaders.write(record.headers(), CloudEventHeaders.CONTENT_TYPE, CloudEventHeaders.JSON);
        return record;
    }

    private static Map<String, Object> producerConfig() {
        return Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestInfrastructure.get().bootstrapServers(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
                ProducerConfig.ACKS_CONFIG, "all");
    }

    /** Sends a raw record: for poison messages with missing or broken headers. @return where it landed */
    public static RecordMetadata send(ProducerRecord<String, String> record) {
        try (var producer = new KafkaProducer<String, String>(producerConfig())) {
            return producer.send(record).get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("could not send to " + record.topic(), e);
        }
    }

    private static Event toEvent(ConsumerRecord<String, String> r) {
        Map<String, String> headers = new java.util.LinkedHashMap<>();
        for (Header h : r.headers()) {
            headers.put(h.key(), h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8));
        }
        return new Event(r.topic(), r.partition(), r.offset(), r.key(), headers.get(CloudEventHeaders.ID),
                headers.get(CloudEventHeaders.TYPE), headers.get(CloudEventHeaders.SUBJECT), r.value(), headers);
    }
}
