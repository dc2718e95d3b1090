package id.graduasi.registry;

import static id.graduasi.registry.RegistryTestSupport.moveTo;
import static id.graduasi.registry.RegistryTestSupport.randomKk;
import static id.graduasi.registry.RegistryTestSupport.registerHousehold;
import static id.graduasi.registry.RegistryTestSupport.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import id.graduasi.events.contract.EventType;
import id.graduasi.events.contract.GraduationDecidedV2;
import id.graduasi.events.contract.GraduationRevertedV2;
import id.graduasi.events.contract.HouseholdEvent;
import id.graduasi.events.contract.Topics;
import id.graduasi.testing.GraduasiTestResource;
import id.graduasi.testing.TestKafka;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@QuarkusTestResource(value = GraduasiTestResource.class, restrictToAnnotatedClass = false)
class GraduationDecisionConsumerTest {

    // The registry acts on v2 alone (docs/events.md, rule 4); v1 appears only to prove it is ignored.
    private static final String DECIDED = EventType.GRADUATION_DECIDED_V2.type();
    private static final String REVERTED = EventType.GRADUATION_REVERTED_V2.type();

    @Test
    void theSameGraduationDecisionDeliveredAgainAfterARelapseHasNoSecondEffect() {
        String household = activeHousehold();
        String eventId = UUID.randomUUID().toString();
        String decision = decision(household, "GRADUATED");

        TestKafka.sendEvent(Topics.GRADUATION_DECISION, household, eventId, DECIDED, decision);
        awaitStatus(household, "GRADUATED");
        moveTo(household, "ACTIVE"); // the family relapsed
        // A redelivery of the old decision must not graduate the household again.
        TestKafka.sendEvent(Topics.GRADUATION_DECISION, household, eventId, DECIDED, decision);
        // Same key, same partition: once this later event is applied the redelivery was consumed too.
        TestKafka.sendEvent(Topics.GRADUATION_DECISION, household, DECIDED, decision(household, "EXITED"));
        awaitStatus(household, "EXITED");

        List<String> history = given().get("/api/v1/households/" + household + "/status-history")
                .then().statusCode(200).extract().path("toStatus");
        assertEquals(List.of("REGISTERED", "VERIFIED", "ACTIVE", "GRADUATED", "ACTIVE", "EXITED"), history);
        // The exit is the last event of this household: once it is published, all before it are too.
        List<TestKafka.Event> published = await().atMost(Duration.ofSeconds(20)).until(
                () -> TestKafka.readAll(Topics.REGISTRY_HOUSEHOLD, e -> household.equals(e.key())),
                l -> l.stream().anyMatch(e -> e.value().contains("\"toStatus\":\"EXITED\"")));
        assertEquals(1, published.stream().filter(e -> e.value().contains("\"toStatus\":\"GRADUATED\"")).count());
    }

    @Test
    void aRevertedGraduationMakesTheHouseholdActiveAgainWithTheReasonAndAnnouncesIt() throws Exception {
        String household = activeHousehold();
        String exited = activeHousehold();
        TestKafka.sendEvent(Topics.GRADUATION_DECISION, household, DECIDED, decision(household));
        TestKafka.sendEvent(Topics.GRADUATION_DECISION, exited, DECIDED, decision(exited, "EXITED"));
        awaitStatus(household, "GRADUATED");
        awaitStatus(exited, "EXITED");

        TestKafka.sendEvent(Topics.GRADUATION_DECISION, household, REVERTED, reversal(household, "GRADUATED"));
        // EXITED is final: a reversal of an administrative exit is consumed and changes nothing in the registry.
        String exitReversal = TestKafka.sendEvent(Topics.GRADUATION_DECISION, exited, REVERTED,
                reversal(exited, "EXITED"));
        awaitStatus(household, "ACTIVE");

        List<java.util.Map<String, Object>> history = given().get("/api/v1/households/" + household
                + "/status-history").then().extract().path("findAll { it.toStatus == 'ACTIVE' }");
        assertEquals("RELAPSE", history.get(history.size() - 1).get("reason"));
        await().atMost(Duration.ofSeconds(20)).until(
                () -> TestKafka.readAll(Topics.REGISTRY_HOUSEHOLD, e -> household.equals(e.key())),
                l -> l.stream().anyMatch(e -> e.value().contains("\"fromStatus\":\"GRADUATED\"")
                        && e.value().contains("\"toStatus\":\"ACTIVE\"") && e.value().contains("RELAPSE")));

        String url = ConfigProvider.getConfig().getValue("quarkus.datasource.jdbc.url", String.class);
        try (Connection db = DriverManager.getConnection(url, "postgres", "")) {
            await().atMost(Duration.ofSeconds(20)).until(() -> db.createStatement().executeQuery(
                    "select 1 from inbox_event where event_id = '" + exitReversal + "'").next());
        }
        given().get("/api/v1/households/" + exited + "/status-history").then()
                .body("toStatus", equalTo(List.of("REGISTERED", "VERIFIED", "ACTIVE", "EXITED")));
    }

    /**
     * Issue #16: graduation-service published v1 and v2 of every decision during the transition (v1 is retired now,
     * but such events stay on the topic); the registry acts on v2 alone and by its outcome, never its pathway. The v1 decision below names the pathway that used to mean an exit and its v1
     * reversal would re-open a graduated household: both must change nothing. The v2 decision's pathway is a
     * positive graduation's, yet its outcome EXITED is what the registry applies, with the decision's reason.
     */
    @Test
    void aVersion1DecisionAloneChangesNothingAndAVersion2DecisionAloneIsAppliedByItsOutcome() throws Exception {
        String household = activeHousehold();
        String graduated = activeHousehold();
        TestKafka.sendEvent(Topics.GRADUATION_DECISION, graduated, DECIDED, decision(graduated));
        awaitStatus(graduated, "GRADUATED");

        String v1Decision = UUID.randomUUID().toString();
        RecordMetadata v1DecisionAt = TestKafka.sendEventAt(Topics.GRADUATION_DECISION, household, v1Decision,
                EventType.GRADUATION_DECIDED.type(), """
                        {"decisionId": "%s", "householdId": "%s", "villageCode": "64.72.01.1001",
                         "pathway": "ADMINISTRATIVE_EXIT", "reasonCode": "PINDAH_DOMISILI", "decidedOn": "%s"}
                        """.formatted(UUID.randomUUID(), household, LocalDate.now()));
        String v1Reversal = UUID.randomUUID().toString();
        RecordMetadata v1ReversalAt = TestKafka.sendEventAt(Topics.GRADUATION_DECISION, graduated, v1Reversal,
                EventType.GRADUATION_REVERTED.type(), """
                        {"decisionId": "%s", "householdId": "%s", "villageCode": "64.72.01.1001",
                         "pathway": "GRADUASI_MANDIRI", "reasonCode": "RELAPSE", "revertedOn": "%s"}
                        """.formatted(UUID.randomUUID(), graduated, LocalDate.now()));
        // Consumed (the group committed past them), so any effect they had would already be visible.
        for (RecordMetadata consumed : List.of(v1DecisionAt, v1ReversalAt)) {
            await().atMost(Duration.ofSeconds(30)).until(() -> TestKafka.committedPast("registry-service", consumed));
        }
        String url = ConfigProvider.getConfig().getValue("quarkus.datasource.jdbc.url", String.class);
        try (Connection db = DriverManager.getConnection(url, "postgres", "")) {
            // Skipped, not claimed: a type the registry does not act on costs it no transaction.
            assertFalse(db.createStatement().executeQuery("select 1 from inbox_event where event_id in ('"
                    + v1Decision + "', '" + v1Reversal + "')").next(), "a v1 event is not claimed");
        }
        given().get("/api/v1/households/" + household + "/status-history").then()
                .body("toStatus", equalTo(List.of("REGISTERED", "VERIFIED", "ACTIVE")));
        given().get("/api/v1/households/" + graduated + "/status-history").then()
                .body("toStatus", equalTo(List.of("REGISTERED", "VERIFIED", "ACTIVE", "GRADUATED")));
        assertTrue(TestKafka.readAll(Topics.deadLetter("registry-service"),
                e -> v1Decision.equals(e.id()) || v1Reversal.equals(e.id())).isEmpty(),
                "a v1 event is known and ignored, not poison");

        TestKafka.sendEvent(Topics.GRADUATION_DECISION, household, DECIDED,
                decision(UUID.randomUUID(), household, "EXITED", "GRADUASI_MANDIRI", "PINDAH_DOMISILI"));
        awaitStatus(household, "EXITED");
        List<java.util.Map<String, Object>> history = given().get("/api/v1/households/" + household
                + "/status-history").then().extract().path("findAll { it.toStatus == 'EXITED' }");
        assertEquals(1, history.size());
        assertEquals("PINDAH_DOMISILI", history.get(0).get("reason"));
    }

    @Test
    void aDecisionWhoseDatabaseConnectionDiesMidwayIsRetriedAndApplied() throws Exception {
        String household = activeHousehold();
        String url = ConfigProvider.getConfig().getValue("quarkus.datasource.jdbc.url", String.class);
        try (Connection blocker = DriverManager.getConnection(url, "postgres", "");
                Connection admin = DriverManager.getConnection(url, "postgres", "")) {
            blocker.setAutoCommit(false);
            blocker.createStatement().execute("select * from household where id = '" + household + "' for update");

            TestKafka.sendEvent(Topics.GRADUATION_DECISION, household, DECIDED, decision(household));
            // The consumer's update now waits for the row lock; kill its connection, as a database restart would.
            String waiting = "select pid from pg_stat_activity where datname = current_database()"
                    + " and wait_event_type = 'Lock' and pid <> pg_backend_pid()";
            await().atMost(Duration.ofSeconds(20)).until(() -> admin.createStatement().executeQuery(waiting).next());
            admin.createStatement().execute("select pg_terminate_backend(pid) from (" + waiting + ") w");
            blocker.rollback();
        }

        awaitStatus(household, "GRADUATED");
        assertTrue(TestKafka.readAll(Topics.deadLetter("registry-service"), e -> household.equals(e.key())).isEmpty(),
                "a transient failure is retried, not dead-lettered");
    }

    @Test
    void poisonMessagesGoToTheDeadLetterTopicWithTheReasonAnUnknownTypeIsSkippedAndTheNextGoodMessageIsProcessed() {
        String household = activeHousehold();
        String dlq = Topics.deadLetter("registry-service");

        TestKafka.sendEvent(Topics.GRADUATION_DECISION, household, DECIDED, "{not json");
        String schemaBreaker = TestKafka.sendEvent(Topics.GRADUATION_DECISION, household, DECIDED,
                "{\"householdId\": \"" + household + "\"}");
        // A newer type or version than this service knows (a rolling deploy): skipped and counted, never poison.
        String unknownVersion = TestKafka.sendEvent(Topics.GRADUATION_DECISION, household,
                "id.graduasi.graduation.decided.v9", decision(household));
        TestKafka.send(new ProducerRecord<>(Topics.GRADUATION_DECISION, household, decision(household)));
        TestKafka.sendEvent(Topics.GRADUATION_DECISION, household, DECIDED, decision(household));

        awaitStatus(household, "GRADUATED");
        List<TestKafka.Event> dead = await().atMost(Duration.ofSeconds(30)).until(
                () -> TestKafka.readAll(dlq, e -> household.equals(e.key())), l -> l.size() == 3);
        assertTrue(dead.stream().anyMatch(e -> e.headers().get("dead-letter-reason").contains("not JSON")));
        assertTrue(dead.stream().anyMatch(e -> schemaBreaker.equals(e.id())
                && e.headers().get("dead-letter-reason").contains("violates graduation-decided.v2")));
        assertTrue(dead.stream().anyMatch(e -> e.headers().get("dead-letter-reason").contains("ce_specversion")));
        assertTrue(dead.stream().allMatch(e -> "poison".equals(e.headers().get("dead-letter-kind"))
                && Topics.GRADUATION_DECISION.equals(e.headers().get("dead-letter-topic"))));
        assertTrue(dead.stream().noneMatch(e -> unknownVersion.equals(e.id())), "an unknown type is not poison");
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        assertTrue(metrics.contains("graduasi_events_skipped_total{type=\"id.graduasi.graduation.decided.v9\"}"),
                "the skipped type is counted");
    }

    @Test
    void oneHouseholdsEventsArriveInTheOrderTheyHappened() {
        String household = activeHousehold();
        TestKafka.sendEvent(Topics.GRADUATION_DECISION, household, DECIDED, decision(household));
        awaitStatus(household, "GRADUATED");
        moveTo(household, "ACTIVE");
        moveTo(household, "EXITED");

        List<String> transitions = await().atMost(Duration.ofSeconds(20)).until(
                () -> TestKafka.readAll(Topics.REGISTRY_HOUSEHOLD, e -> household.equals(e.key())).stream()
                        .filter(e -> !e.type().contains(".member."))
                        .map(e -> e.type().endsWith("registered.v1") ? "REGISTERED"
                                : e.value().replaceAll(".*\"toStatus\":\"([A-Z]+)\".*", "$1"))
                        .toList(),
                l -> l.size() == 6);
        assertEquals(List.of("REGISTERED", "VERIFIED", "ACTIVE", "GRADUATED", "ACTIVE", "EXITED"), transitions);
    }

    /**
     * Issue #16: every household event carries the household's revision (the number of its household_revision
     * row), and the status change a decision causes names the decision, so consumers can order the registry's
     * events against each other and recognise the echo of a decision.
     */
    @Test
    void everyHouseholdEventCarriesItsRevisionAndTheDecisionsEchoNamesTheDecision() throws Exception {
        String household = registerHousehold(randomKk(), RegistryTestSupport.single());
        moveTo(household, "VERIFIED");
        moveTo(household, "ACTIVE");
        UUID decisionId = UUID.randomUUID();
        TestKafka.sendEvent(Topics.GRADUATION_DECISION, household, DECIDED,
                decision(decisionId, household, "GRADUATED", "GRADUASI_MANDIRI", "EKONOMI_MEMBAIK"));
        awaitStatus(household, "GRADUATED");
        moveTo(household, "EXITED");

        List<TestKafka.Event> published = await().atMost(Duration.ofSeconds(20)).until(
                () -> TestKafka.readAll(Topics.REGISTRY_HOUSEHOLD, e -> household.equals(e.key())),
                l -> l.stream().anyMatch(e -> e.value().contains("\"toStatus\":\"EXITED\"")));
        var mapper = new com.fasterxml.jackson.databind.ObjectMapper();
        List<String> seen = new java.util.ArrayList<>();
        for (TestKafka.Event e : published) {
            var json = mapper.readTree(e.value());
            seen.add(json.path("toStatus").asText(e.type().replaceAll(".*registry\\.(.*)\\.v1", "$1")) + "@"
                    + json.path("revision").asText() + (json.hasNonNull("decisionId")
                            ? " " + json.path("decisionId").asText() : ""));
        }
        assertEquals(List.of("household.registered@0", "member.added@0", "VERIFIED@1", "ACTIVE@2",
                "GRADUATED@3 " + decisionId, "EXITED@4"), seen);
        List<Integer> revisions = given().get("/api/v1/households/" + household + "/history").then()
                .statusCode(200).extract().path("revision");
        assertEquals(List.of(0, 1, 2, 3, 4), revisions);
    }

    /**
     * Issue #16, the decision sequence: the relay re-sent a household's decision events after a failed round.
     * Decided(d1, 1), Reverted(d1, 2), Decided(d2, 3) read as (2, 3, 1) leave the household as read in order, and
     * (2, 1) as (1, 2): a decision event whose sequence is not above the one applied changes nothing.
     */
    @Test
    void staleDecisionEventsChangeNothing() throws Exception {
        java.util.Map<List<Integer>, String> expected = java.util.Map.of(List.of(1, 2, 3), "GRADUATED",
                List.of(2, 3, 1), "GRADUATED", List.of(1, 2), "ACTIVE", List.of(2, 1), "ACTIVE");
        for (List<Integer> order : List.of(List.of(1, 2, 3), List.of(2, 3, 1), List.of(1, 2), List.of(2, 1))) {
            UUID household = UUID.fromString(activeHousehold());
            UUID d1 = UUID.randomUUID();
            LocalDate today = LocalDate.now();
            List<HouseholdEvent> decisions = List.of(
                    new GraduationDecidedV2(d1, household, "64.72.01.1001", GraduationDecidedV2.Outcome.GRADUATED,
                            today, today.plusYears(1), "GRADUASI_MANDIRI", 1, "EKONOMI_MEMBAIK", today, 1L),
                    new GraduationRevertedV2(d1, household, "64.72.01.1001", GraduationDecidedV2.Outcome.GRADUATED,
                            today, "GRADUASI_MANDIRI", 1, "RELAPSE", today, 2L),
                    new GraduationDecidedV2(UUID.randomUUID(), household, "64.72.01.1001",
                            GraduationDecidedV2.Outcome.GRADUATED, today, today.plusYears(1), "GRADUASI_MANDIRI", 1,
                            "EKONOMI_MEMBAIK", today, 3L));
            List<String> ids = TestKafka.publishAll(order.stream().map(sequence -> decisions.get(sequence - 1))
                    .toList());
            awaitConsumed(ids);
            assertEquals(expected.get(order), given().get("/api/v1/households/" + household).then().statusCode(200)
                    .extract().path("status"), "delivered as " + order);
        }
    }

    /**
     * Issue #14: a batch of several households' decisions is applied set by set, with the outcome of applying them
     * one by one: each household's events in order, a stale one and one for an exited household changing nothing,
     * every change with its status change, its revision (the snapshot as an officer's change records it) and its
     * event.
     */
    @Test
    void aBatchOfSeveralHouseholdsDecisionsEndsAsTheyWouldOneByOne() throws Exception {
        UUID a = UUID.fromString(activeHousehold());
        UUID b = UUID.fromString(activeHousehold());
        UUID c = UUID.fromString(activeHousehold());
        UUID exited = UUID.fromString(activeHousehold());
        moveTo(exited.toString(), "EXITED");
        UUID firstOfA = UUID.randomUUID();
        UUID secondOfA = UUID.randomUUID();
        List<HouseholdEvent> events = List.of(graduated(firstOfA, a, GraduationDecidedV2.Outcome.GRADUATED, 1L),
                graduated(UUID.randomUUID(), b, GraduationDecidedV2.Outcome.GRADUATED, 1L),
                reverted(firstOfA, a, 2L),
                graduated(UUID.randomUUID(), c, GraduationDecidedV2.Outcome.EXITED, 1L),
                graduated(UUID.randomUUID(), exited, GraduationDecidedV2.Outcome.GRADUATED, 1L),
                graduated(secondOfA, a, GraduationDecidedV2.Outcome.GRADUATED, 3L),
                reverted(UUID.randomUUID(), b, 1L)); // stale: B's decision carried sequence 1
        awaitConsumed(TestKafka.publishAll(events));

        assertEquals(List.of("REGISTERED", "VERIFIED", "ACTIVE", "GRADUATED", "ACTIVE", "GRADUATED"),
                given().get("/api/v1/households/" + a + "/status-history").then().extract().path("toStatus"));
        assertEquals(List.of("REGISTERED", "VERIFIED", "ACTIVE", "GRADUATED"),
                given().get("/api/v1/households/" + b + "/status-history").then().extract().path("toStatus"));
        assertEquals(List.of("REGISTERED", "VERIFIED", "ACTIVE", "EXITED"),
                given().get("/api/v1/households/" + c + "/status-history").then().extract().path("toStatus"));
        assertEquals(List.of("REGISTERED", "VERIFIED", "ACTIVE", "EXITED"),
                given().get("/api/v1/households/" + exited + "/status-history").then().extract().path("toStatus"));
        assertEquals(List.of("RELAPSE", "GRADUASI_MANDIRI"), List.of(reasonAt(a, 4), reasonAt(a, 5)));

        String url = ConfigProvider.getConfig().getValue("quarkus.datasource.jdbc.url", String.class);
        var mapper = new com.fasterxml.jackson.databind.ObjectMapper();
        try (Connection db = DriverManager.getConnection(url, "postgres", "")) {
            var rs = db.createStatement().executeQuery("select revision, change, snapshot from household_revision"
                    + " where household_id = '" + a + "' order by revision");
            List<String> changes = new java.util.ArrayList<>();
            com.fasterxml.jackson.databind.node.ObjectNode byOfficer = null;
            while (rs.next()) {
                var snapshot = (com.fasterxml.jackson.databind.node.ObjectNode) mapper.readTree(rs.getString(3));
                changes.add(rs.getInt(1) + " " + rs.getString(2) + " " + snapshot.path("status").asText() + "@"
                        + snapshot.path("revision").asText());
                snapshot.remove(List.of("status", "revision", "updatedAt"));
                if (byOfficer == null) {
                    byOfficer = rs.getInt(1) == 2 ? snapshot : null;
                } else {
                    assertEquals(byOfficer, snapshot, "revision " + rs.getInt(1) + " records the household as the"
                            + " officer's change did, but for its status");
                }
            }
            assertEquals(List.of("0 REGISTERED REGISTERED@0", "1 STATUS_VERIFIED VERIFIED@1",
                    "2 STATUS_ACTIVE ACTIVE@2", "3 STATUS_GRADUATED GRADUATED@3", "4 STATUS_ACTIVE ACTIVE@4",
                    "5 STATUS_GRADUATED GRADUATED@5"), changes);
            var sequence = db.createStatement().executeQuery("select decision_sequence from household where id = '"
                    + a + "'");
            sequence.next();
            assertEquals(3, sequence.getLong(1));
        }
        List<TestKafka.Event> published = await().atMost(Duration.ofSeconds(20)).until(
                () -> TestKafka.readAll(Topics.REGISTRY_HOUSEHOLD, e -> a.toString().equals(e.key())),
                l -> l.stream().anyMatch(e -> e.value().contains(secondOfA.toString()))); // A's last event
        List<String> echoes = new java.util.ArrayList<>();
        for (TestKafka.Event e : published) {
            var json = mapper.readTree(e.value());
            if (json.hasNonNull("decisionId")) {
                echoes.add(json.path("toStatus").asText() + "@" + json.path("revision").asText() + " "
                        + json.path("decisionId").asText());
            }
        }
        assertEquals(List.of("GRADUATED@3 " + firstOfA, "ACTIVE@4 " + firstOfA, "GRADUATED@5 " + secondOfA),
                echoes);
    }

    private static String reasonAt(UUID household, int index) {
        return given().get("/api/v1/households/" + household + "/status-history").then().extract()
                .path("[" + index + "].reason");
    }

    private static GraduationDecidedV2 graduated(UUID decision, UUID household, GraduationDecidedV2.Outcome outcome,
            long sequence) {
        LocalDate today = LocalDate.now();
        return new GraduationDecidedV2(decision, household, "64.72.01.1001", outcome, today,
                outcome == GraduationDecidedV2.Outcome.EXITED ? null : today.plusYears(1), "GRADUASI_MANDIRI", 1,
                "EKONOMI_MEMBAIK", today, sequence);
    }

    private static GraduationRevertedV2 reverted(UUID decision, UUID household, long sequence) {
        LocalDate today = LocalDate.now();
        return new GraduationRevertedV2(decision, household, "64.72.01.1001", GraduationDecidedV2.Outcome.GRADUATED,
                today, "GRADUASI_MANDIRI", 1, "RELAPSE", today, sequence);
    }

    /** Returns once every event is in the registry's inbox: any effect it had is visible then. */
    private static void awaitConsumed(List<String> ids) throws Exception {
        String url = ConfigProvider.getConfig().getValue("quarkus.datasource.jdbc.url", String.class);
        try (Connection db = DriverManager.getConnection(url, "postgres", "")) {
            for (String id : ids) {
                await().atMost(Duration.ofSeconds(30)).until(() -> db.createStatement().executeQuery(
                        "select 1 from inbox_event where event_id = '" + id + "'").next());
            }
        }
    }

    private static String activeHousehold() {
        String id = registerHousehold(randomKk());
        moveTo(id, "VERIFIED");
        moveTo(id, "ACTIVE");
        return id;
    }

    private static String decision(String household) {
        return decision(household, "GRADUATED");
    }

    private static String decision(String household, String outcome) {
        return decision(UUID.randomUUID(), household, outcome, "GRADUASI_MANDIRI", "EKONOMI_MEMBAIK");
    }

    /** A v2 decision; the pathway is only displayed, the outcome is what the registry acts on. */
    private static String decision(UUID decisionId, String household, String outcome, String pathway,
            String reasonCode) {
        LocalDate today = LocalDate.now();
        return """
                {"decisionId": "%s", "householdId": "%s", "villageCode": "64.72.01.1001", "outcome": "%s",
                 "effectiveOn": "%s", "monitoringUntil": %s, "pathway": "%s", "criteriaVersion": 1,
                 "reasonCode": "%s", "decidedOn": "%s"}
                """.formatted(decisionId, household, outcome, today,
                "EXITED".equals(outcome) ? "null" : "\"" + today.plusYears(1) + "\"", pathway, reasonCode, today);
    }

    private static String reversal(String household, String outcome) {
        LocalDate today = LocalDate.now();
        return """
                {"decisionId": "%s", "householdId": "%s", "villageCode": "64.72.01.1001", "outcome": "%s",
                 "effectiveOn": "%s", "pathway": "GRADUASI_MANDIRI", "criteriaVersion": 1, "reasonCode": "RELAPSE",
                 "revertedOn": "%s"}
                """.formatted(UUID.randomUUID(), household, outcome, today, today);
    }

    private static void awaitStatus(String household, String status) {
        await().atMost(Duration.ofSeconds(30)).until(
                () -> given().get("/api/v1/households/" + household).then().extract().path("status"),
                status::equals);
    }
}
