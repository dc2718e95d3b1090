package id.graduasi.registry;

import static id.graduasi.registry.RegistryTestSupport.moveTo;
import static id.graduasi.registry.RegistryTestSupport.randomKk;
import static id.graduasi.registry.RegistryTestSupport.registerHousehold;
import static id.graduasi.registry.RegistryTestSupport.single;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import id.graduasi.events.contract.Topics;
import id.graduasi.events.outbox.OutboxRelay;
import id.graduasi.events.outbox.RelaySlots;
import id.graduasi.events.outbox.RelayWorker;
import id.graduasi.testing.GraduasiTestResource;
import id.graduasi.testing.TestInfrastructure;
import id.graduasi.testing.TestKafka;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * The relay against the real broker and database. The service's own relay is stopped in this profile, so a
 * committed household stands for a service that crashed after its commit and before publishing; the tests then
 * play the restarted relay, or start several replicas of it.
 */
@QuarkusTest
@TestProfile(OutboxRelayTest.RelayStopped.class)
@QuarkusTestResource(value = GraduasiTestResource.class, restrictToAnnotatedClass = false)
class OutboxRelayTest {

    /** A topic of this test alone: rows written straight into the outbox land here, where no service consumes. */
    static final String TOPIC = "graduasi.test.relay.v1";

    public static class RelayStopped implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            // A send to a topic that does not exist fails within seconds; a failed row is retried soon.
            return Map.of("graduasi.outbox.relay.enabled", "false",
                    "graduasi.outbox.producer.\"max.block.ms\"", "2000",
                    "graduasi.outbox.retry-backoff", "PT0.2S",
                    "graduasi.outbox.send-timeout", "PT10S",
                    "graduasi.outbox.batch-size", "2000");
        }
    }

    @Inject
    OutboxRelay relay;

    @Test
    void aRelayKilledBetweenSendAndMarkRepublishesAndAnIdempotentConsumerSeesEachEventOnce() throws Exception {
        String id = registerHousehold(randomKk(), single());
        assertTrue(eventsOf(id).isEmpty(), "nothing is published while the relay is down");
        assertEquals(2, pendingOf(id), "the events wait in the outbox, committed with the household");

        // Killed after the broker acked and before the rows were marked sent.
        var crash = assertThrows(IllegalStateException.class,
                () -> relay.publishPending(() -> { throw new IllegalStateException("killed before mark"); }));
        assertEquals("killed before mark", crash.getMessage());
        assertEquals(2, eventsOf(id).size(), "the broker has the events once");
        assertEquals(2, pendingOf(id), "but the outbox still counts them as pending");

        // The restarted relay publishes again; a consumer deduplicating by event id sees one event each.
        relay.publishPending();
        List<TestKafka.Event> events = eventsOf(id);
        assertEquals(4, events.size(), "at-least-once: the log holds the redelivery");
        assertEquals(2, events.stream().map(TestKafka.Event::id).distinct().count(),
                "each redelivery carries its event's CloudEvents id");
        assertEquals(0, pendingOf(id));
        assertEquals(events.subList(0, 2).stream().map(TestKafka.Event::id).toList(),
                events.subList(2, 4).stream().map(TestKafka.Event::id).toList(), "the redelivery keeps the order");
    }

    @Test
    void aRowTheBrokerRefusesHoldsBackTheRowsAfterItOfItsHouseholdOnlyAndAllGoAgainInOrder() throws Exception {
        String stuck = registerHousehold(randomKk(), single());
        String other = registerHousehold(randomKk(), single());
        moveTo(stuck, "VERIFIED"); // later rows of the stuck household, in the same batch as its failing one
        moveTo(stuck, "ACTIVE");
        try (Connection db = database()) {
            // The stuck household's first event goes to a topic that does not exist (auto-creation is off): its
            // send fails while the rows after it, to the real topic, are acknowledged in the same batch.
            db.createStatement().execute("update outbox_event set topic = 'graduasi.no-such-topic.v1' where seq = "
                    + "(select min(seq) from outbox_event where record_key = '" + stuck + "')");
        }
        List<String> stuckIds = pendingIds(stuck);
        assertEquals(4, stuckIds.size());

        relay.publishPending();
        assertEquals(0, pendingOf(other), "other households are not held back");
        assertEquals(2, eventsOf(other).size());
        assertEquals(4, pendingOf(stuck), "the failed row and every row after it of its household stay pending,"
                + " even those the broker acknowledged");
        try (Connection db = database()) {
            ResultSet rs = db.createStatement().executeQuery("select attempts, last_error, retry_at is not null"
                    + " from outbox_event where record_key = '" + stuck + "' order by seq");
            assertTrue(rs.next());
            assertEquals(1, rs.getInt(1), "the failure is recorded on the failed row");
            assertTrue(rs.getString(2) != null && !rs.getString(2).isBlank());
            assertTrue(rs.getBoolean(3), "and it waits out a back-off");
            while (rs.next()) {
                assertEquals(0, rs.getInt(1), "rows behind it are not failures of their own");
            }
            db.createStatement().execute("update outbox_event set topic = '" + Topics.REGISTRY_HOUSEHOLD + "'"
                    + " where record_key = '" + stuck + "'");
        }

        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(300)).until(() -> {
            relay.publishPending();
            return pendingOf(stuck) == 0;
        });
        // The log may hold acknowledged later rows before the failed one (e2 e3 e4 e1 e2 e3 e4): the re-sent run
        // starts at the failed row and keeps the household's order, and consumers drop what they already have.
        List<String> log = eventsOf(stuck).stream().map(TestKafka.Event::id).toList();
        int restart = log.indexOf(stuckIds.get(0));
        assertTrue(restart >= 0, "the failed row was published after its fix");
        assertEquals(stuckIds, log.subList(restart, log.size()), "from the failed row on, in order: " + log);
        assertEquals(Set.copyOf(stuckIds), Set.copyOf(log), "nothing else");
    }

    @Test
    void rowsForATopicTheBrokerDoesNotKnowFailFastInsteadOfStallingTheRelayOneByOne() throws Exception {
        createTopic();
        String key = "lost-" + UUID.randomUUID();
        try (Connection db = database()) {
            for (int i = 0; i < 50; i++) {
                // bulk rows: one round (the bulk one) sees them; the interactive round would fail them a second time
                // once this profile's 0.2 s back-off has passed
                db.createStatement().execute(row(key + i, 1, "x").replace(TOPIC, "graduasi.no-such-topic.v1"));
            }
        }
        long start = System.nanoTime();
        relay.publishPending();
        long seconds = (System.nanoTime() - start) / 1_000_000_000L;
        // max.block.ms is 2 s in this profile: one metadata wait for the topic, not one per row (100 s).
        assertTrue(seconds < 15, "the round took " + seconds + " s");
        try (Connection db = database()) {
            ResultSet rs = db.createStatement().executeQuery("select count(*) from outbox_event"
                    + " where attempts = 1 and record_key like '" + key + "%'");
            rs.next();
            assertEquals(50, rs.getInt(1), "each failed, recorded, and waits out its back-off");
            db.createStatement().execute("delete from outbox_event where record_key like '" + key + "%'");
        }
    }

    /**
     * A round from the start begins at the lowest seq; households in back-off there are passed over, so a whole
     * batch of them (5,000 rows) does not hold back the households after them until their back-off ends.
     */
    @Test
    void aBatchOfHouseholdsInBackOffDoesNotHoldBackTheBulkRowsAfterIt() throws Exception {
        createTopic();
        drain();
        String run = "backoff-" + UUID.randomUUID().toString().substring(0, 8) + "-";
        try (Connection db = database()) {
            db.createStatement().execute("""
                    insert into outbox_event (id, topic, record_key, type, source, subject, payload, occurred_at, lane,
                                              attempts, retry_at)
                    select gen_random_uuid(), '%s', '%swaiting-' || g, 'id.graduasi.test.v1', '/test', 'x',
                           '{"n":' || g || '}', now(), 1, 1, now() + interval '1 hour'
                    from generate_series(1, 5000) g order by g""".formatted(TOPIC, run));
            insertRows(db, 30, 1, run + "after-");
        }
        relay.publishPending();
        assertEquals(0, pending(run + "after-"), "the rows after the households in back-off are published");
        assertEquals(30, TestKafka.readAll(TOPIC, e -> e.key().startsWith(run + "after-")).size());
        assertEquals(5000, pending(run + "waiting-"), "those in back-off wait");
        try (Connection db = database()) {
            db.createStatement().execute("delete from outbox_event where record_key like '" + run + "%'");
        }
    }

    /**
     * A household whose first pending row is interactive is the interactive round's alone: when a bulk round took
     * such households too, the two rounds contended for them, and each contention woke both for a round from the
     * start (graduation-service ran twelve bulk rounds a second at 200 decisions a second).
     */
    @Test
    void aBulkRoundLeavesHouseholdsWhoseFirstRowIsInteractiveToTheInteractiveRound() throws Exception {
        createTopic();
        drain();
        String run = UUID.randomUUID().toString().substring(0, 8);
        String interactiveFirst = "ifirst-" + run + "-";
        String bulkOnly = "bonly-" + run + "-";
        try (Connection db = database()) {
            // 600 households with an officer's change, then an import row each: more than one interactive round
            // takes (interactive-keys = 500).
            for (String row : List.of("officer", "import")) {
                db.createStatement().execute("""
                        insert into outbox_event (id, topic, record_key, type, source, subject, payload, occurred_at,
                                                  lane)
                        select gen_random_uuid(), '%s', '%s' || g, 'id.graduasi.test.v1', '/test', '%s' || g,
                               '{"n":"%s"}', now(), %d
                        from generate_series(1, 600) g order by g""".formatted(TOPIC, interactiveFirst,
                        interactiveFirst, row, row.equals("officer") ? 0 : 1));
            }
            insertRows(db, 300, 1, bulkOnly);
        }
        relay.publishPending(); // one interactive round, then one bulk round
        assertEquals(0, pending(bulkOnly), "the bulk round published the households with bulk rows only");
        assertEquals(200, pending(interactiveFirst),
                "the 100 households the interactive round had no room for wait for the next one, not the bulk round");
        drain();
        Map<String, List<String>> byKey = new LinkedHashMap<>();
        TestKafka.readAll(TOPIC, e -> e.key().startsWith(interactiveFirst))
                .forEach(e -> byKey.computeIfAbsent(e.key(), k -> new ArrayList<>()).add(e.value()));
        assertEquals(600, byKey.size());
        byKey.forEach((key, values) -> assertEquals(List.of("{\"n\":\"officer\"}", "{\"n\":\"import\"}"), values,
                key + ": once each, in order"));
    }

    @Test
    void anInteractiveEventIsPublishedAheadOfABulkBacklogTogetherWithTheEarlierRowsOfItsHousehold()
            throws Exception {
        createTopic();
        String household = "hol-" + UUID.randomUUID();
        try (Connection db = database()) {
            // The household's first row is deep in a bulk backlog (an import), then an officer changes it.
            insertRows(db, 3_000, 1, "bulk-a-");
            db.createStatement().execute(row(household, 1, "first"));
            insertRows(db, 20_000, 1, "bulk-b-");
            db.createStatement().execute(row(household, 0, "second"));
        }
        relay.publishPending(); // one round of 2,000 rows
        List<String> published = TestKafka.readAll(TOPIC, e -> household.equals(e.key())).stream()
                .map(TestKafka.Event::value).toList();
        assertEquals(List.of("{\"n\":\"first\"}", "{\"n\":\"second\"}"), published,
                "the interactive row and the earlier row of its household went out in the first round, in order");
        try (Connection db = database()) {
            ResultSet rs = db.createStatement().executeQuery(
                    "select count(*) from outbox_event where record_key like 'bulk-b-%'");
            rs.next();
            assertTrue(rs.getLong(1) > 19_000, "while the backlog before it still waits");
        }
        drain();
    }

    @Test
    void aRunningRelaysInteractiveLoopOvertakesItsBulkBacklogWithoutPublishingARowTwiceOrOutOfOrder()
            throws Exception {
        createTopic();
        drain();
        String run = "lanes-" + UUID.randomUUID().toString().substring(0, 8) + "-";
        RelayWorker worker = relay.newWorker();
        try {
            await().atMost(Duration.ofSeconds(20)).until(() -> worker.heldSlots().length == RelaySlots.SLOTS);
            try (Connection db = database()) {
                insertRows(db, 100_000, 1, run); // an import's backlog over 300 households
            }
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(20))
                    .until(() -> pending(run) < 100_000);
            // Officers change 20 of those households while the bulk loop works through the backlog: each change
            // goes out with the household's pending import rows, ahead of the rest.
            try (Connection db = database()) {
                for (int i = 0; i < 20; i++) {
                    db.createStatement().execute(row(run + i, 0, "officer"));
                }
            }
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(20)).until(() -> {
                try (Connection db = database()) {
                    ResultSet rs = db.createStatement().executeQuery("select count(*) from outbox_event"
                            + " where record_key like '" + run + "%' and lane = 0");
                    rs.next();
                    return rs.getLong(1) == 0;
                }
            });
            assertTrue(pending(run) > 0, "the officers' changes went out while the import still waited");

            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500)).until(() -> pending(run) == 0);
            List<TestKafka.Event> log = TestKafka.readAll(TOPIC, e -> e.key().startsWith(run));
            assertEquals(100_020, log.size(), "every row published once");
            assertEquals(100_020, log.stream().map(TestKafka.Event::id).distinct().count());
            Map<String, List<String>> byKey = new LinkedHashMap<>();
            log.forEach(e -> byKey.computeIfAbsent(e.key(), k -> new ArrayList<>()).add(e.value()));
            byKey.forEach((key, values) -> {
                int officer = values.indexOf("{\"n\":\"officer\"}");
                int last = -1;
                for (String value : officer < 0 ? values : values.subList(0, officer)) {
                    int n = Integer.parseInt(value.replaceAll("\\D", ""));
                    assertTrue(n > last, key + ": the import's rows in their order: " + values);
                    last = n;
                }
                if (officer >= 0) {
                    assertEquals(values.size() - 1, officer, key + ": the officer's change after every import row");
                }
            });
        } finally {
            worker.close();
        }
    }

    @Test
    void threeRelaysShareTheSlotsPublishEveryRowOnceAndKeepEachHouseholdsOrder() throws Exception {
        createTopic();
        drain();
        String run = "r" + UUID.randomUUID().toString().substring(0, 8) + "-";
        List<RelayWorker> replicas = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                replicas.add(relay.newWorker());
            }
            await().atMost(Duration.ofSeconds(20)).until(() -> replicas.stream().allMatch(r -> r.members() == 3)
                    && replicas.stream().mapToInt(r -> r.heldSlots().length).sum() == RelaySlots.SLOTS
                    && replicas.stream().allMatch(r -> r.heldSlots().length > 0));
            Set<Short> held = new HashSet<>();
            replicas.forEach(r -> held.addAll(List.of(r.heldSlots())));
            assertEquals(RelaySlots.SLOTS, held.size(), "no slot is held twice, none is unheld");

            Map<String, List<String>> expected;
            try (Connection db = database()) {
                insertRows(db, 30_000, 0, run);
                expected = idsBySeq(db, run);
            }
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500)).until(() -> pending(run) == 0);
            List<TestKafka.Event> log = TestKafka.readAll(TOPIC, e -> e.key().startsWith(run));
            assertEquals(30_000, log.size(), "every row published exactly once across the replicas");
            Map<String, List<String>> actual = new LinkedHashMap<>();
            log.forEach(e -> actual.computeIfAbsent(e.key(), k -> new ArrayList<>()).add(e.id()));
            assertEquals(expected, actual, "each household's events in the order they were written");
            for (RelayWorker replica : replicas) {
                assertTrue(replica.published() > 0, "each replica published its share");
            }

            // One replica dies: the others take its slots and go on.
            replicas.remove(0).close();
            await().atMost(Duration.ofSeconds(20)).until(() -> replicas.stream().allMatch(r -> r.members() == 2)
                    && replicas.stream().mapToInt(r -> r.heldSlots().length).sum() == RelaySlots.SLOTS);
            try (Connection db = database()) {
                insertRows(db, 3_000, 0, run + "after-");
            }
            await().atMost(Duration.ofSeconds(60)).until(() -> pending(run) == 0);
            assertEquals(3_000, TestKafka.readAll(TOPIC, e -> e.key().startsWith(run + "after-")).size());
        } finally {
            replicas.forEach(RelayWorker::close);
        }
    }

    /**
     * A transaction that took its {@code seq} early and commits late, after the running relay has published rows
     * with later seqs: its row still goes out, and the row its household writes after it does not overtake it.
     */
    @Test
    void aRowCommittedLateAfterLaterSeqsWerePublishedStillGoesOutBeforeTheLaterRowsOfItsHousehold() throws Exception {
        aRowCommittedLateGoesOutBeforeTheLaterRowsOfItsHousehold(1,
                (db, others) -> insertRows(db, 3_000, 1, others)); // later seqs, committed at once
    }

    /**
     * The same with interactive rows, which a round woken by a commit reads only from the lowest seq that commit
     * announced: the late row announces its own, earlier seq when it commits.
     */
    @Test
    void anInteractiveRowCommittedLateBehindPublishedInteractiveRowsStillGoesOutAndInItsHouseholdsOrder()
            throws Exception {
        aRowCommittedLateGoesOutBeforeTheLaterRowsOfItsHousehold(0, (db, others) -> {
            for (int i = 0; i < 20; i++) {
                db.createStatement().execute(row(others + i, 0, "other"));
            }
        });
    }

    interface Writes {
        void write(Connection db, String keyPrefix) throws Exception;
    }

    private void aRowCommittedLateGoesOutBeforeTheLaterRowsOfItsHousehold(int lane, Writes laterRows)
            throws Exception {
        createTopic();
        drain();
        String run = "late-" + lane + "-" + UUID.randomUUID().toString().substring(0, 8) + "-";
        String household = run + "household";
        RelayWorker worker = relay.newWorker();
        try (Connection slow = database()) {
            await().atMost(Duration.ofSeconds(20)).until(() -> worker.heldSlots().length == RelaySlots.SLOTS);
            slow.setAutoCommit(false);
            slow.createStatement().execute(row(household, lane, "first")); // its seq taken, not yet committed
            try (Connection db = database()) {
                laterRows.write(db, run + "others-");
            }
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
                    .until(() -> pending(run + "others-") == 0);
            slow.commit();
            try (Connection db = database()) {
                db.createStatement().execute(row(household, lane, "second")); // written after the first committed
            }
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
                    .until(() -> pending(household) == 0);
            assertEquals(List.of("{\"n\":\"first\"}", "{\"n\":\"second\"}"), TestKafka.readAll(TOPIC,
                    e -> household.equals(e.key())).stream().map(TestKafka.Event::value).toList(),
                    "the late row is published, and before the household's later row");
        } finally {
            worker.close();
        }
    }

    /**
     * The notifications say what the relay needs to wake for and where to read: each interactive row its seq, a
     * statement of bulk rows {@code bulk:<seq>}, a seq after every row taken before it and at most its lowest row's
     * (the bulk round reads from there), an insert of no rows in a session that never added one nothing (after a
     * bulk statement of its session it would announce bulk rows again: a harmless extra round).
     */
    @Test
    void eachInteractiveRowAnnouncesItsSeqAndEachBulkStatementWhereItsRowsBegin() throws Exception {
        createTopic();
        String run = "announce-" + UUID.randomUUID().toString().substring(0, 8) + "-";
        try (Connection listener = database(); Connection db = database()) {
            listener.createStatement().execute("listen graduasi_outbox");
            insertRows(db, 3, 0, run + "interactive-");
            insertRows(db, 10, 1, run + "bulk-");
            try (Connection fresh = database()) {
                insertRows(fresh, 0, 1, run + "none-"); // a session that never added a row: no seq of its own
            }
            List<String> payloads = new ArrayList<>();
            long until = System.currentTimeMillis() + 5_000;
            while (payloads.size() < 5 && System.currentTimeMillis() < until) {
                var notifications = listener.unwrap(org.postgresql.PGConnection.class).getNotifications(500);
                for (var n : notifications == null ? new org.postgresql.PGNotification[0] : notifications) {
                    payloads.add(n.getParameter());
                }
            }
            long first = minSeq(db, 0, run + "interactive-");
            assertEquals(4, payloads.size(), payloads::toString);
            assertEquals(List.of(first + "", first + 1 + "", first + 2 + ""), payloads.subList(0, 3));
            assertTrue(payloads.get(3).startsWith("bulk:"), payloads::toString);
            long bulkFrom = Long.parseLong(payloads.get(3).substring(5));
            assertTrue(bulkFrom > first + 2, "after the rows taken before the statement: " + payloads);
            assertTrue(bulkFrom <= minSeq(db, 1, run + "bulk-"), "at most the statement's lowest: " + payloads);
        }
        drain();
    }

    private static long minSeq(Connection db, int lane, String prefix) throws Exception {
        ResultSet rs = db.createStatement().executeQuery("select min(seq) from outbox_event where lane = " + lane
                + " and record_key like '" + prefix + "%'");
        rs.next();
        return rs.getLong(1);
    }

    /**
     * A claim the relay stopped waiting for (its send timeout) ends on the server too. Before, it ran on: once for
     * ten minutes at a full core, long after the relay had moved on.
     */
    @Test
    void aClaimTheRelayGaveUpOnEndsOnTheServerToo() throws Exception {
        try (Connection holder = database()) {
            holder.setAutoCommit(false);
            holder.createStatement().execute("lock table outbox_event in access exclusive mode");
            assertThrows(RuntimeException.class, () -> relay.publishPending(), "the claim waits past the timeout");
            await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(200)).until(() -> {
                try (Connection db = database()) {
                    ResultSet rs = db.createStatement().executeQuery("select count(*) from pg_stat_activity"
                            + " where state = 'active' and query like '%lane = 0 and slot = any%'"
                            + " and pid <> pg_backend_pid()");
                    rs.next();
                    return rs.getLong(1) == 0;
                }
            });
            holder.rollback();
        }
    }

    @Test
    void aBacklogCommittedAfterTheRelayPlannedItsClaimsOnAnEmptyOutboxIsPublishedWithoutStalling() throws Exception {
        createTopic();
        drain();
        try (Connection db = database()) {
            // The statistics of an empty outbox, as after an ANALYZE between two bulk jobs.
            db.createStatement().execute("analyze outbox_event");
        }
        for (int i = 0; i < 20; i++) {
            relay.publishPending(); // claims run often enough on the empty outbox for PostgreSQL to cache a plan
        }
        try (Connection db = database()) {
            insertRows(db, 30_000, 1, "late-");
        }
        long start = System.nanoTime();
        // With a plan cached for an empty table, each claim scanned the whole outbox once per pending row and ran
        // into the statement timeout (10 s here): nothing was ever published.
        drain();
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertTrue(took.compareTo(Duration.ofSeconds(60)) < 0, "30,000 rows took " + took);
        try (Connection db = database()) {
            ResultSet rs = db.createStatement().executeQuery("select count(*) from outbox_event");
            rs.next();
            assertEquals(0, rs.getLong(1));
        }
    }

    // ---------------------------------------------------------------------------------------------------------

    private void drain() {
        while (relay.publishPending() > 0) {
            // until the outbox is empty
        }
    }

    private static void createTopic() {
        TestInfrastructure.createTopic(TOPIC, 3);
    }

    /** Rows of 300 households (keys {@code prefix + 0..299}), written in seq order, straight into the outbox. */
    private static void insertRows(Connection db, int n, int lane, String prefix) throws Exception {
        db.createStatement().execute("""
                insert into outbox_event (id, topic, record_key, type, source, subject, payload, occurred_at, lane)
                select gen_random_uuid(), '%s', '%s' || (g %% 300), 'id.graduasi.test.v1', '/test',
                       '%s' || (g %% 300), '{"n":' || g || '}', now(), %d
                from generate_series(1, %d) g order by g""".formatted(TOPIC, prefix, prefix, lane, n));
    }

    private static String row(String key, int lane, String n) {
        return """
                insert into outbox_event (id, topic, record_key, type, source, subject, payload, occurred_at, lane)
                values (gen_random_uuid(), '%s', '%s', 'id.graduasi.test.v1', '/test', '%s', '{"n":"%s"}', now(), %d)
                """.formatted(TOPIC, key, key, n, lane);
    }

    private static Map<String, List<String>> idsBySeq(Connection db, String prefix) throws Exception {
        Map<String, List<String>> ids = new HashMap<>();
        ResultSet rs = db.createStatement().executeQuery("select record_key, id::text from outbox_event"
                + " where record_key like '" + prefix + "%' order by seq");
        while (rs.next()) {
            ids.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(rs.getString(2));
        }
        return ids;
    }

    private static long pending(String prefix) throws Exception {
        try (Connection db = database()) {
            ResultSet rs = db.createStatement().executeQuery("select count(*) from outbox_event"
                    + " where record_key like '" + prefix + "%'");
            rs.next();
            return rs.getLong(1);
        }
    }

    private static Connection database() throws Exception {
        return DriverManager.getConnection(
                ConfigProvider.getConfig().getValue("quarkus.datasource.jdbc.url", String.class), "postgres", "");
    }

    private static List<TestKafka.Event> eventsOf(String householdId) {
        return TestKafka.readAll(Topics.REGISTRY_HOUSEHOLD, e -> householdId.equals(e.key()));
    }

    private static long pendingOf(String householdId) throws Exception {
        return pendingIds(householdId).size();
    }

    private static List<String> pendingIds(String householdId) throws Exception {
        try (Connection db = database()) {
            ResultSet rs = db.createStatement().executeQuery("select id::text from outbox_event"
                    + " where record_key = '" + householdId + "' order by seq");
            List<String> ids = new ArrayList<>();
            while (rs.next()) {
                ids.add(rs.getString(1));
            }
            return ids;
        }
    }
}
