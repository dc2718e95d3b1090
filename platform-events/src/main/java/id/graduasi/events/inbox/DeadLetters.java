package id.graduasi.events.inbox;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ScheduledExecutorService;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import id.graduasi.events.contract.CloudEventHeaders;
import id.graduasi.events.contract.Topics;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaRecord;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;

/**
 * Each consumer channel's dead-letter topic ({@code graduasi.dlq.<consumer group>}): what can never be processed
 * goes there with its reason in the headers, and the operator reads it back to replay it after a fix.
 */
@ApplicationScoped
public class DeadLetters {

    public static final String POISON = "poison";
    public static final String PROCESSING = "processing";

    private static final Logger LOG = Logger.getLogger(DeadLetters.class);

    private final Config config;
    private final MeterRegistry meters;
    private final String bootstrapServers;
    private final String applicationName;
    private KafkaProducer<String, String> producer;

    public DeadLetters(Config config, MeterRegistry meters,
            @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers,
            @ConfigProperty(name = "quarkus.application.name") String applicationName) {
        this.config = config;
        this.meters = meters;
        this.bootstrapServers = bootstrapServers;
        this.applicationName = applicationName;
    }

    /** A dead letter as the operator sees it; {@code id} is its place in the dead-letter topic. */
    public record DeadLetter(String id, int partition, long offset, Instant deadLetteredAt, String eventId,
            String type, String kind, String reason, String originalTopic, Integer originalPartition,
            Long originalOffset, String key, Map<String, String> headers, String payload) {

        /** The same without its data (a listing: the data may be personal). */
        public DeadLetter withoutPayload() {
            return new DeadLetter(id, partition, offset, deadLetteredAt, eventId, type, kind, reason, originalTopic,
                    originalPartition, originalOffset, key, headers, null);
        }

        /** The record as it came in, for a replay. */
        Headers originalHeaders() {
            var original = new RecordHeaders();
            headers.forEach((k, v) -> {
                if (!k.startsWith("dead-letter-")) {
                    original.add(k, v.getBytes(StandardCharsets.UTF_8));
                }
            });
            return original;
        }
    }

    public String consumerGroup(String channel) {
        return config.getOptionalValue("mp.messaging.incoming." + channel + ".group.id", String.class)
                .orElse(applicationName);
    }

    public String topic(String channel) {
        return Topics.deadLetter(consumerGroup(channel));
    }

    /** Writes the record to the channel's dead-letter topic and waits for the broker's acknowledgement. */
    Uni<Void> write(KafkaRecord<String, String> record, String channel, String kind, Throwable reason,
            ScheduledExecutorService context) {
        String type = String.valueOf(CloudEventHeaders.read(record.getHeaders(), CloudEventHeaders.TYPE));
        var headers = new RecordHeaders();
        for (Header h : record.getHeaders()) {
            if (!h.key().startsWith("dead-letter-")) {
                headers.add(h);
            }
        }
        String message = String.valueOf(reason.getMessage());
        put(headers, "dead-letter-reason", message.length() > 1000 ? message.substring(0, 1000) : message);
        put(headers, "dead-letter-cause", reason.getClass().getName());
        put(headers, "dead-letter-kind", kind);
        put(headers, "dead-letter-group", consumerGroup(channel));
        put(headers, "dead-letter-topic", record.getTopic());
        put(headers, "dead-letter-partition", String.valueOf(record.getPartition()));
        put(headers, "dead-letter-offset", String.valueOf(offset(record)));
        // The reason names the contract breach only; payloads stay out of logs (they may be personal data).
        LOG.warnf("dead-lettering a %s message (%s) from %s-%d@%d: %s", kind, type, record.getTopic(),
                record.getPartition(), offset(record), message);
        meters.counter("graduasi_events_dead_lettered_total", "channel", channel, "type", type, "kind", kind)
                .increment();
        var send = new ProducerRecord<>(topic(channel), null, record.getKey(), record.getPayload(), headers);
        return Uni.createFrom().<Void> emitter(emitter -> producer().send(send, (metadata, e) -> {
            if (e == null) {
                emitter.complete(null);
            } else {
                emitter.fail(e);
            }
        })).emitOn(context);
    }

    private static long offset(KafkaRecord<String, String> record) {
        return record.getMetadata(IncomingKafkaRecordMetadata.class).map(IncomingKafkaRecordMetadata::getOffset)
                .orElse(-1L);
    }

    private static void put(RecordHeaders headers, String key, String value) {
        headers.add(key, value.getBytes(StandardCharsets.UTF_8));
    }

    private synchronized KafkaProducer<String, String> producer() {
        if (producer == null) {
            Properties props = new Properties();
            props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
            props.put(ProducerConfig.CLIENT_ID_CONFIG, applicationName + "-dead-letters");
            props.put(ProducerConfig.ACKS_CONFIG, "all");
            props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
            props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
            props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
            producer = new KafkaProducer<>(props);
        }
        return producer;
    }

    @PreDestroy
    synchronized void close() {
        if (producer != null) {
            producer.close(Duration.ofSeconds(5));
        }
    }

    /**
     * Reads the channel's dead-letter topic from its beginning (blocking: call from a worker thread), keeping only
     * the dead letters whose id ({@code partition-offset}) is wanted: what is held is bounded by {@code limit},
     * however long the topic.
     *
     * @return the newest {@code limit} wanted dead letters, newest first
     */
    public List<DeadLetter> read(String channel, java.util.function.Predicate<String> wanted, int limit) {
        String topic = topic(channel);
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        Deque<DeadLetter> newest = new ArrayDeque<>();
        try (var consumer = new KafkaConsumer<String, String>(props)) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(10)).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("could not read " + topic + " to its end within 30 s");
                }
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                    if (!wanted.test(r.partition() + "-" + r.offset())) {
                        continue;
                    }
                    newest.addFirst(of(r));
                    if (newest.size() > limit) {
                        newest.removeLast();
                    }
                }
            }
        }
        return new ArrayList<>(newest).stream()
                .sorted((a, b) -> b.deadLetteredAt().compareTo(a.deadLetteredAt())).toList();
    }

    private static DeadLetter of(ConsumerRecord<String, String> r) {
        Map<String, String> headers = new LinkedHashMap<>();
        for (Header h : r.headers()) {
            headers.put(h.key(), h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8));
        }
        return new DeadLetter(r.partition() + "-" + r.offset(), r.partition(), r.offset(),
                Instant.ofEpochMilli(r.timestamp()), headers.get(CloudEventHeaders.ID),
                headers.get(CloudEventHeaders.TYPE), headers.get("dead-letter-kind"),
                headers.get("dead-letter-reason"), headers.get("dead-letter-topic"),
                integer(headers.get("dead-letter-partition")), longValue(headers.get("dead-letter-offset")),
                r.key(), headers, r.value());
    }

    private static Integer integer(String s) {
        try {
            return s == null ? null : Integer.valueOf(s);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static Long longValue(String s) {
        try {
            return s == null ? null : Long.valueOf(s);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
