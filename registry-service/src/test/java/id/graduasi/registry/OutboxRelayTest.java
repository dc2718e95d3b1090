package id.graduasi.registry;

import static id.graduasi.registry.RegistryTestSupport.moveTo;
import static id.graduasi.registry.RegistryTestSupport.randomKk;
import static id.graduasi.registry.RegistryTestSupport.registerHousehold;
import static id.graduasi.registry.RegistryTestSupport.single;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import id.graduasi.events.contract.Topics;
import id.graduasi.events.outbox.OutboxRelay;
import id.graduasi.testing.GraduasiTestResource;
import id.graduasi.testing.TestKafka;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;

/**
 * The relay is stopped in this profile, so a committed household stands for a service that crashed after
 * its commit and before publishing; the test then plays the restarted relay.
 */
@QuarkusTest
@TestProfile(OutboxRelayTest.RelayStopped.class)
@QuarkusTestResource(value = GraduasiTestResource.class, restrictToAnnotatedClass = false)
class OutboxRelayTest {

    public static class RelayStopped implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            // A send to a topic that does not exist fails within seconds instead of the default minute.
            return Map.of("graduasi.outbox.relay.enabled", "false",
                    "mp.messaging.outgoing.graduasi-outbox.max.block.ms", "2000",
                    "graduasi.outbox.send-timeout", "PT10S");
        }
    }

    @Inject
    OutboxRelay relay;

    @Test
    void anEventCommittedBeforeACrashIsPublishedAfterRestartExactlyOnceAsSeenByAnIdempotentConsumer() throws Throwable {
        String id = registerHousehold(randomKk(), single());
        assertTrue(eventsOf(id).isEmpty(), "nothing is published while the relay is down");
        assertEquals(2, pendingRows(), "the events wait in the outbox, committed with the household");

        // Crash after the broker acked but before the outbox row was marked sent: the mark rolls back.
        Throwable crash = null;
        try {
            VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(() -> relay.publishPending()
                    .chain(n -> Uni.createFrom().failure(new IllegalStateException("crash before commit")))));
        } catch (IllegalStateException e) {
            crash = e;
        }
        assertEquals("crash before commit", crash == null ? null : crash.getMessage());
        assertEquals(2, eventsOf(id).size(), "the broker has the events once");
        assertEquals(2, pendingRows(), "but the outbox still counts them as pending");

        // The restarted relay publishes again; a consumer deduplicating by event id sees one event.
        assertEquals(2, VertxContextSupport.subscribeAndAwait(() -> relay.publishPending()));
        List<TestKafka.Event> events = eventsOf(id);
        assertEquals(4, events.size(), "at-least-once: the log holds the redelivery");
        Set<String> distinctIds = events.stream().map(TestKafka.Event::id).collect(Collectors.toSet());
        assertEquals(2, distinctIds.size(), "each redelivery carries its event's CloudEvents id");
        assertEquals(0, pendingRows());
        assertEquals(0, VertxContextSupport.subscribeAndAwait(() -> relay.publishPending()), "nothing left to send");
    }

    @Test
    void whileOneReplicaPublishesAnotherPublishesNothingAndNoEventGoesOutTwice() throws Throwable {
        List<String> households = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            households.add(registerHousehold(randomKk(), single()));
        }
        try (Connection otherReplica = database()) {
            otherReplica.setAutoCommit(false);
            otherReplica.createStatement().execute(
                    "select pg_advisory_xact_lock(hashtextextended('graduasi:outbox-relay', 0))");
            assertEquals(0, VertxContextSupport.subscribeAndAwait(() -> relay.publishPending()),
                    "the relay lock is held elsewhere");
            otherReplica.rollback();
        }

        var pool = Executors.newFixedThreadPool(2);
        try {
            Callable<Integer> replica = () -> {
                try {
                    return VertxContextSupport.subscribeAndAwait(() -> relay.publishPending());
                } catch (Throwable e) {
                    throw new IllegalStateException(e);
                }
            };
            var first = pool.submit(replica);
            var second = pool.submit(replica);
            assertEquals(60, first.get(60, TimeUnit.SECONDS) + second.get(60, TimeUnit.SECONDS));
        } finally {
            pool.shutdownNow();
        }
        assertEquals(0, pendingRows());
        Map<String, Long> perHousehold = TestKafka.readAll(Topics.REGISTRY_HOUSEHOLD).stream()
                .filter(e -> households.contains(e.key()))
                .collect(Collectors.groupingBy(TestKafka.Event::key, Collectors.counting()));
        assertEquals(30, perHousehold.size());
        assertTrue(perHousehold.values().stream().allMatch(n -> n == 2), "no event was published twice");
    }

    @Test
    void anEventTheBrokerRefusesHoldsBackOnlyItsOwnHouseholdAndKeepsItsError() throws Throwable {
        String stuck = registerHousehold(randomKk(), single());
        String other = registerHousehold(randomKk(), single());
        try (Connection db = database()) {
            // Point the stuck household's event at a topic that does not exist (auto-creation is off).
            db.createStatement().execute("update outbox_event set topic = 'graduasi.no-such-topic.v1'"
                    + " where record_key = '" + stuck + "' and sent_at is null");
        }
        moveTo(stuck, "VERIFIED"); // a later event of the same household must wait behind the stuck one

        assertEquals(2, VertxContextSupport.subscribeAndAwait(() -> relay.publishPending()));
        assertEquals(2, eventsOf(other).size(), "other households are not held back");
        assertTrue(eventsOf(stuck).isEmpty(), "the stuck household's later event did not overtake it");
        try (Connection db = database()) {
            ResultSet rs = db.createStatement().executeQuery("select attempts, last_error from outbox_event"
                    + " where record_key = '" + stuck + "' and sent_at is null order by seq");
            assertTrue(rs.next());
            assertEquals(1, rs.getInt(1));
            assertTrue(rs.getString(2) != null && !rs.getString(2).isBlank());
            assertTrue(rs.next(), "the later event is still pending");
            assertEquals(0, rs.getInt(1), "and was never tried");
            db.createStatement().execute("update outbox_event set topic = '" + Topics.REGISTRY_HOUSEHOLD + "'"
                    + " where record_key = '" + stuck + "'");
        }

        // The failed event goes first, alone; the events behind it follow in the next round.
        assertEquals(1, VertxContextSupport.subscribeAndAwait(() -> relay.publishPending()));
        assertEquals(2, VertxContextSupport.subscribeAndAwait(() -> relay.publishPending()));
        assertEquals(List.of("id.graduasi.registry.household.registered.v1",
                "id.graduasi.registry.member.added.v1", "id.graduasi.registry.household.status-changed.v1"),
                eventsOf(stuck).stream().map(TestKafka.Event::type).toList());
    }

    private static Connection database() throws Exception {
        return DriverManager.getConnection(
                ConfigProvider.getConfig().getValue("quarkus.datasource.jdbc.url", String.class), "postgres", "");
    }

    private static List<TestKafka.Event> eventsOf(String householdId) {
        return TestKafka.readAll(Topics.REGISTRY_HOUSEHOLD, e -> householdId.equals(e.key()));
    }

    private static long pendingRows() throws Throwable {
        return VertxContextSupport.subscribeAndAwait(() -> Panache.withSession(() -> Panache.getSession()
                .chain(s -> s.createNativeQuery("select count(*) from outbox_event where sent_at is null", Long.class)
                        .getSingleResult())));
    }
}
