package id.graduasi.dashboard.messaging;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import id.graduasi.events.contract.Topics;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;

/**
 * How far the dashboard is behind the platform: the consumer group's committed offsets against the end of every
 * stream topic (messages not applied yet), measured every {@code graduasi.dashboard.lag-interval}, and when the
 * last event was applied. Also makes the group's dead-letter topic, which the platform's topic set does not
 * include for an outside subscriber.
 */
@ApplicationScoped
public class ConsumerLag {

    private static final Logger LOG = Logger.getLogger(ConsumerLag.class);

    private final String bootstrap;
    private final String group;
    private volatile Admin admin;
    private volatile Map<String, Object> status = initial();
    private volatile Instant lastApplied;

    public ConsumerLag(@ConfigProperty(name = "kafka.bootstrap.servers") String bootstrap,
            @ConfigProperty(name = "mp.messaging.incoming.graduasi-events.group.id") String group) {
        this.bootstrap = bootstrap;
        this.group = group;
    }

    void start(@Observes StartupEvent event) {
        try {
            admin().createTopics(List.of(new NewTopic(Topics.deadLetter(group), 1, (short) 1))).all()
                    .get(10, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                LOG.warnf("could not create the dead-letter topic %s: %s", Topics.deadLetter(group), e.getCause());
            }
        } catch (Exception e) {
            LOG.warnf("could not create the dead-letter topic %s: %s", Topics.deadLetter(group), e);
        }
    }

    void stop(@Observes ShutdownEvent event) {
        if (admin != null) {
            admin.close(Duration.ofSeconds(2));
        }
    }

    private Admin admin() {
        if (admin == null) {
            synchronized (this) {
                if (admin == null) {
                    Properties props = new Properties();
                    props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
                    props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000);
                    props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 8000);
                    props.put(AdminClientConfig.CLIENT_ID_CONFIG, group + "-lag");
                    admin = Admin.create(props);
                }
            }
        }
        return admin;
    }

    /** Called by the consumer for every applied batch. */
    public void applied() {
        lastApplied = Instant.now();
    }

    @Scheduled(every = "${graduasi.dashboard.lag-interval}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void measure() {
        try {
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            Map<TopicPartition, OffsetSpec> earliest = new HashMap<>();
            var descriptions = admin().describeTopics(Topics.STREAMS).allTopicNames().get(5, TimeUnit.SECONDS);
            descriptions.forEach((topic, d) -> d.partitions().forEach(p -> {
                latest.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest());
                earliest.put(new TopicPartition(topic, p.partition()), OffsetSpec.earliest());
            }));
            var ends = admin().listOffsets(latest).all().get(5, TimeUnit.SECONDS);
            var starts = admin().listOffsets(earliest).all().get(5, TimeUnit.SECONDS);
            Map<TopicPartition, OffsetAndMetadata> committed = admin().listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata().get(5, TimeUnit.SECONDS);
            long lag = 0;
            long total = 0;
            long deleted = 0;
            Map<String, Long> byTopic = new LinkedHashMap<>();
            for (var entry : ends.entrySet()) {
                TopicPartition tp = entry.getKey();
                long end = entry.getValue().offset();
                long start = starts.get(tp).offset();
                OffsetAndMetadata c = committed.get(tp);
                long position = c == null ? start : Math.max(start, c.offset());
                long behind = Math.max(0, end - position);
                lag += behind;
                total += end - start;
                deleted += start;
                byTopic.merge(tp.topic(), behind, Long::sum);
            }
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("lagMessages", lag);
            s.put("retainedMessages", total);
            s.put("lagByTopic", byTopic);
            s.put("caughtUp", lag == 0);
            // Events the topics no longer hold (retention): a rebuild from the topics would miss them.
            s.put("expiredMessages", deleted);
            s.put("measuredAt", Instant.now().toString());
            s.put("lastEventAppliedAt", lastApplied == null ? null : lastApplied.toString());
            s.put("consumerGroup", group);
            status = s;
        } catch (Exception e) {
            Map<String, Object> s = new LinkedHashMap<>(status);
            s.put("error", "lag not measured: " + e.getClass().getSimpleName());
            s.put("lastEventAppliedAt", lastApplied == null ? null : lastApplied.toString());
            status = s;
        }
    }

    public Map<String, Object> status() {
        return status;
    }

    private static Map<String, Object> initial() {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("lagMessages", null);
        s.put("caughtUp", false);
        s.put("measuredAt", null);
        s.put("lastEventAppliedAt", null);
        return s;
    }

    static List<String> topics() {
        return new ArrayList<>(Topics.STREAMS);
    }
}
