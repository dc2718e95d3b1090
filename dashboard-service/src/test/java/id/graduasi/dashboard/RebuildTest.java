package id.graduasi.dashboard;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

import id.graduasi.events.contract.ContractEvent;
import id.graduasi.events.contract.ProgrammeAllocated;
import id.graduasi.events.contract.Topics;
import id.graduasi.testing.GraduasiTestResource;
import id.graduasi.testing.TestInfrastructure;
import id.graduasi.testing.TestKafka;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * The database lost: this application starts on a fresh database (GraduasiTestResource) while its consumer group
 * has committed offsets past every event on the topics, as if the lost database had applied them all. It reads
 * every partition from the beginning again and shows events published before it started.
 */
@QuarkusTest
@TestProfile(RebuildTest.LostDatabase.class)
@QuarkusTestResource(value = GraduasiTestResource.class, restrictToAnnotatedClass = false)
class RebuildTest {

    static final String VILLAGE = "65.02.01.2001";

    public static class LostDatabase implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("graduasi.dashboard.k-anonymity", "1");
        }

        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(EventsAlreadyConsumed.class));
        }
    }

    /** Publishes two households' events, then commits the group's offsets at the end of every topic. */
    public static class EventsAlreadyConsumed implements QuarkusTestResourceLifecycleManager {
        @Override
        public Map<String, String> start() {
            String bootstrap = TestInfrastructure.get().bootstrapServers();
            List<ContractEvent> events = new java.util.ArrayList<>();
            // An allocation announced long before (its compacted topic keeps it), then households' events.
            events.add(new ProgrammeAllocated("PKH", World.TODAY.getYear(), "65.02", "APBN", 9_000_000L, 12, 1,
                    World.TODAY.withDayOfYear(1)));
            events.addAll(World.graduated(UUID.randomUUID(), VILLAGE, UUID.randomUUID(), 300_000));
            events.addAll(World.registered(UUID.randomUUID(), VILLAGE));
            TestKafka.publishAll(events);
            Properties props = new Properties();
            props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
            try (Admin admin = Admin.create(props)) {
                Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
                admin.describeTopics(Topics.STREAMS).allTopicNames().get(10, TimeUnit.SECONDS)
                        .forEach((topic, d) -> d.partitions().forEach(p -> latest.put(
                                new TopicPartition(topic, p.partition()), OffsetSpec.latest())));
                Map<TopicPartition, OffsetAndMetadata> ends = new HashMap<>();
                admin.listOffsets(latest).all().get(10, TimeUnit.SECONDS)
                        .forEach((tp, o) -> ends.put(tp, new OffsetAndMetadata(o.offset())));
                admin.alterConsumerGroupOffsets("dashboard-service", ends).all().get(30, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new IllegalStateException("could not move the group's offsets to the end", e);
            }
            return Map.of();
        }

        @Override
        public void stop() {
        }
    }

    @Test
    void aNewDatabaseIsRebuiltFromTheTopicsWhateverOffsetsTheGroupCommitted() {
        await().atMost(Duration.ofSeconds(40)).ignoreExceptions().untilAsserted(() -> {
            var view = DashboardTest.view(DashboardTest.as("officer-a", "OFFICER", "*"), "65.02");
            assertEquals(2, view.getInt("funnel.total.registered"));
            assertEquals(1, view.getInt("funnel.total.enrolled"));
            assertEquals(300_000L, view.getLong("programmes.rows.find { it.programme == 'PKH' }.disbursedRupiah"));
            String pkh = "realization.rows.find { it.programme == 'PKH' && it.year == " + World.TODAY.getYear() + " }";
            assertEquals(12, view.getInt(pkh + ".targetHouseholds"), "the allocation was rebuilt too");
            assertEquals(300_000L, view.getLong(pkh + ".disbursedRupiah"));
        });
    }
}
