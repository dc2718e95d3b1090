package id.graduasi.mentoring;

import static id.graduasi.mentoring.MentoringTestSupport.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import id.graduasi.events.contract.EventType;
import id.graduasi.events.contract.GraduationDecided;
import id.graduasi.events.contract.GraduationDecidedV2;
import id.graduasi.events.contract.GraduationReverted;
import id.graduasi.events.contract.GraduationRevertedV2;
import id.graduasi.events.contract.HouseholdEvent;
import id.graduasi.events.contract.HouseholdRegistered;
import id.graduasi.events.contract.HouseholdStatusChanged;
import id.graduasi.testing.GraduasiTestResource;
import id.graduasi.testing.TestKafka;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Issue #16: whatever order a household's registry events and graduation decisions arrive in (the topics are not
 * ordered against each other; the relay may deliver e2, e1, e2), the case ends as the in-order delivery leaves it,
 * monitored from the decision in force; the registry's echo of a decision is not applied a second time. One reversal
 * path: a relapse an officer records in the registry re-opens nothing here; graduation-service answers it with
 * GraduationReverted, which does.
 */
@QuarkusTest
@QuarkusTestResource(value = GraduasiTestResource.class, restrictToAnnotatedClass = false)
class CausalOrderTest {

    private static final String VILLAGE = "64.72.01.1001";
    private static final LocalDate TODAY = LocalDate.now(ZoneOffset.UTC);
    /** The first graduation is older, so the monitoring period shows which decision the case follows. */
    private static final LocalDate FIRST_DECISION = TODAY.minusDays(40);

    /**
     * Registered, verified, active, graduated (d1), relapsed (d1 reverted), graduated again (d2). The relapse is a
     * reversal in graduation-service, echoed by the registry (r(4) names d1); or, in {@link #ofOfficersRelapse()},
     * recorded by an officer in the registry (r(4) names no decision), which graduation-service answers with the
     * same reversal g(1).
     */
    private record Life(UUID household, List<Sent> registry, List<Sent> decisions) {

        static Life of() {
            return of(false);
        }

        static Life ofOfficersRelapse() {
            return of(true);
        }

        private static Life of(boolean officersRelapse) {
            UUID h = UUID.randomUUID();
            UUID d1 = UUID.randomUUID();
            UUID d2 = UUID.randomUUID();
            Instant t = Instant.now();
            return new Life(h, List.of(
                    Sent.of(new HouseholdRegistered(h, VILLAGE, 4, TODAY, 0L)),
                    Sent.of(new HouseholdStatusChanged(h, VILLAGE, "REGISTERED", "VERIFIED", null, t, 1L, null)),
                    Sent.of(new HouseholdStatusChanged(h, VILLAGE, "VERIFIED", "ACTIVE", null, t, 2L, null)),
                    Sent.of(new HouseholdStatusChanged(h, VILLAGE, "ACTIVE", "GRADUATED", "GRADUASI_MANDIRI", t, 3L,
                            d1)),
                    Sent.of(new HouseholdStatusChanged(h, VILLAGE, "GRADUATED", "ACTIVE", "RELAPSE", t, 4L,
                            officersRelapse ? null : d1)),
                    Sent.of(new HouseholdStatusChanged(h, VILLAGE, "ACTIVE", "GRADUATED", "GRADUASI_MANDIRI", t, 5L,
                            d2))),
                    List.of(Sent.of(MentoringTestSupport.v2(new GraduationDecided(d1, h, VILLAGE, "GRADUASI_MANDIRI",
                                    "EKONOMI_MEMBAIK", FIRST_DECISION))),
                            Sent.of(MentoringTestSupport.v2(new GraduationReverted(d1, h, VILLAGE, "GRADUASI_MANDIRI",
                                    "RELAPSE", TODAY))),
                            Sent.of(MentoringTestSupport.v2(new GraduationDecided(d2, h, VILLAGE, "GRADUASI_MANDIRI",
                                    "EKONOMI_MEMBAIK", TODAY)))));
        }

        Sent r(int i) {
            return registry.get(i);
        }

        Sent g(int i) {
            return decisions.get(i);
        }
    }

    private record Sent(HouseholdEvent payload, String id) {

        static Sent of(HouseholdEvent payload) {
            return new Sent(payload, UUID.randomUUID().toString());
        }
    }

    @Test
    void everyOrderThroughRelapseAndSecondGraduationEndsMonitoredFromTheSecondDecision() {
        Life inOrder = Life.of();
        deliver(inOrder.r(0), inOrder.r(1), inOrder.r(2), inOrder.g(0), inOrder.r(3), inOrder.g(1), inOrder.r(4),
                inOrder.g(2), inOrder.r(5));
        Map<String, Object> expected = view(inOrder.household());
        assertEquals(Map.of("status", "MONITORING", "monitoringUntil", TODAY.plusMonths(12).toString()), expected);

        Life decisionsFirst = Life.of();
        deliver(concat(decisionsFirst.decisions(), decisionsFirst.registry()));
        Life registryFirst = Life.of();
        deliver(concat(registryFirst.registry(), registryFirst.decisions()));
        // The registry lags: the echo of the reversal (GRADUATED->ACTIVE) is read after the second decision.
        Life registryLags = Life.of();
        deliver(registryLags.r(0), registryLags.g(0), registryLags.g(1), registryLags.g(2), registryLags.r(1),
                registryLags.r(2), registryLags.r(3), registryLags.r(4), registryLags.r(5));
        // The relay re-sent after a failed round: e2, e1, e2 of the registry's status changes.
        Life relayResent = Life.of();
        deliver(relayResent.r(0), relayResent.r(2), relayResent.r(1), relayResent.r(2), relayResent.g(0),
                relayResent.r(3), relayResent.g(1), relayResent.r(4), relayResent.g(2), relayResent.r(5));

        // An officer records the relapse in the registry (r(4), no decisionId) and graduation-service answers it with
        // the reversal g(1): in that order, all decisions first, the registry first, and the registry lagging behind.
        Life officerInOrder = Life.ofOfficersRelapse();
        deliver(officerInOrder.r(0), officerInOrder.r(1), officerInOrder.r(2), officerInOrder.g(0),
                officerInOrder.r(3), officerInOrder.r(4), officerInOrder.g(1), officerInOrder.g(2),
                officerInOrder.r(5));
        Life officerDecisionsFirst = Life.ofOfficersRelapse();
        deliver(concat(officerDecisionsFirst.decisions(), officerDecisionsFirst.registry()));
        Life officerRegistryFirst = Life.ofOfficersRelapse();
        deliver(concat(officerRegistryFirst.registry(), officerRegistryFirst.decisions()));
        Life officerRegistryLags = Life.ofOfficersRelapse();
        deliver(officerRegistryLags.r(0), officerRegistryLags.g(0), officerRegistryLags.g(1), officerRegistryLags.g(2),
                officerRegistryLags.r(1), officerRegistryLags.r(2), officerRegistryLags.r(3), officerRegistryLags.r(4),
                officerRegistryLags.r(5));

        for (Life life : List.of(decisionsFirst, registryFirst, registryLags, relayResent, officerInOrder,
                officerDecisionsFirst, officerRegistryFirst, officerRegistryLags)) {
            assertEquals(expected, view(life.household()), "household " + life.household());
        }
    }

    /**
     * One reversal path (issue #16): an officer's relapse in the registry (GRADUATED to ACTIVE, no decisionId)
     * leaves the case monitored; graduation-service's GraduationReverted for it re-opens the case, once, however
     * often it and the relapse are delivered.
     */
    @Test
    void aRelapseTheRegistryRecordsReopensNothingUntilGraduationRevertsTheDecisionThenOnce() {
        Life life = Life.ofOfficersRelapse();
        UUID h = life.household();
        deliver(life.r(0), life.r(1), life.r(2), life.g(0), life.r(3));
        Map<String, Object> monitored = view(h);
        assertEquals(Map.of("status", "MONITORING", "monitoringUntil", FIRST_DECISION.plusMonths(12).toString()),
                monitored);

        deliver(life.r(4));
        assertEquals(monitored, view(h), "the registry's relapse alone re-opens nothing");
        assertEquals(List.of(EventType.CASE_OPENED.type(), EventType.CASE_MONITORING_STARTED.type()),
                caseEventsOnceSent(h));

        // The reversal, the same reversal redelivered under another id, and the registry's relapse again.
        deliver(life.g(1), Sent.of(life.g(1).payload()), life.r(4));
        assertEquals(Map.of("status", "OPEN", "monitoringUntil", "null"), view(h));
        assertEquals(List.of(EventType.CASE_OPENED.type(), EventType.CASE_MONITORING_STARTED.type(),
                EventType.CASE_OPENED.type()), caseEventsOnceSent(h), "re-opened once");
    }

    @Test
    void anOfficersRelapseOfAnOlderGraduationReadAfterTheNextDecisionDoesNotReopenTheCase() {
        Life life = Life.of();
        UUID h = life.household();
        UUID d1 = ((id.graduasi.events.contract.GraduationDecidedV2) life.g(0).payload()).decisionId();
        // Graduation answered the officer's relapse with a second decision; the registry's topic lags behind.
        deliver(life.r(0), life.r(1), life.r(2), life.g(0), life.g(2),
                Sent.of(new HouseholdStatusChanged(h, VILLAGE, "ACTIVE", "GRADUATED", "GRADUASI_MANDIRI",
                        Instant.now(), 3L, d1)),
                Sent.of(new HouseholdStatusChanged(h, VILLAGE, "GRADUATED", "ACTIVE", "RELAPSE", Instant.now(), 4L,
                        null)));
        assertEquals(Map.of("status", "MONITORING", "monitoringUntil", TODAY.plusMonths(12).toString()), view(h));
    }

    @Test
    void aRedeliveredDecisionAfterItsReversalDoesNotMonitorTheHouseholdAgain() {
        Life life = Life.of();
        deliver(life.r(0), life.g(0), life.g(1), Sent.of(life.g(0).payload()));
        assertEquals("OPEN", view(life.household()).get("status"));
    }

    /**
     * Issue #16, the decision sequence: the relay re-sent a household's decision events after a failed round.
     * Decided(d1, 1), Reverted(d1, 2), Decided(d2, 3) read as (2, 3, 1) end as read in order (monitored from d2, not
     * from the older d1), and (2, 1) as (1, 2): an event whose sequence is not above the one applied changes nothing.
     */
    @Test
    void staleDecisionEventsChangeNothing() {
        Map<String, Object> graduatedAgain = null;
        Map<String, Object> reverted = null;
        for (List<Integer> order : List.of(List.of(1, 2, 3), List.of(2, 3, 1), List.of(1, 2), List.of(2, 1))) {
            Life life = Life.of();
            deliver(life.r(0), life.r(1), life.r(2));
            List<Sent> decisions = sequenced(life);
            deliver(order.stream().map(sequence -> decisions.get(sequence - 1)).toList());
            Map<String, Object> view = view(life.household());
            if (order.equals(List.of(1, 2, 3))) {
                graduatedAgain = view;
                assertEquals(Map.of("status", "MONITORING", "monitoringUntil", TODAY.plusMonths(12).toString()), view);
            } else if (order.equals(List.of(1, 2))) {
                reverted = view;
                assertEquals(Map.of("status", "OPEN", "monitoringUntil", "null"), view);
            } else {
                assertEquals(order.size() == 3 ? graduatedAgain : reverted, view, "delivered as " + order);
            }
        }
    }

    /** The life's decisions as graduation-service now numbers them: 1, 2, 3. */
    private static List<Sent> sequenced(Life life) {
        GraduationDecidedV2 d1 = (GraduationDecidedV2) life.g(0).payload();
        GraduationRevertedV2 r1 = (GraduationRevertedV2) life.g(1).payload();
        GraduationDecidedV2 d2 = (GraduationDecidedV2) life.g(2).payload();
        return List.of(Sent.of(withSequence(d1, 1)),
                Sent.of(new GraduationRevertedV2(r1.decisionId(), r1.householdId(), r1.villageCode(), r1.outcome(),
                        r1.effectiveOn(), r1.pathway(), r1.criteriaVersion(), r1.reasonCode(), r1.revertedOn(), 2L)),
                Sent.of(withSequence(d2, 3)));
    }

    private static GraduationDecidedV2 withSequence(GraduationDecidedV2 d, long sequence) {
        return new GraduationDecidedV2(d.decisionId(), d.householdId(), d.villageCode(), d.outcome(), d.effectiveOn(),
                d.monitoringUntil(), d.pathway(), d.criteriaVersion(), d.reasonCode(), d.decidedOn(), sequence);
    }

    // ---- helpers ----

    private static List<Sent> concat(List<Sent> a, List<Sent> b) {
        List<Sent> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    private static void deliver(Sent... events) {
        deliver(List.of(events));
    }

    /** Publishes in this order and returns once mentoring has applied every one of them (its inbox has them). */
    private static void deliver(List<Sent> events) {
        events.forEach(e -> TestKafka.publish(e.payload(), e.id()));
        List<String> ids = events.stream().map(Sent::id).distinct().toList();
        await().atMost(Duration.ofSeconds(40)).until(() -> applied(ids) == ids.size());
    }

    /** The household's case events on the topic (assignments aside), once its outbox holds none still to send. */
    private static List<String> caseEventsOnceSent(UUID household) {
        await().atMost(Duration.ofSeconds(20)).until(() -> unsent(household) == 0);
        return MentoringTestSupport.caseEvents(household).stream().map(TestKafka.Event::type)
                .filter(type -> !EventType.WORKER_ASSIGNED.type().equals(type)).toList();
    }

    private static int unsent(UUID household) throws SQLException {
        try (Connection db = DriverManager.getConnection(url(), "postgres", "");
                PreparedStatement q = db.prepareStatement("select count(*) from outbox_event where record_key = ?")) {
            q.setString(1, household.toString());
            try (ResultSet rs = q.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    private static String url() {
        return ConfigProvider.getConfig().getValue("quarkus.datasource.jdbc.url", String.class);
    }

    private static int applied(List<String> ids) throws SQLException {
        String url = ConfigProvider.getConfig().getValue("quarkus.datasource.jdbc.url", String.class);
        try (Connection db = DriverManager.getConnection(url, "postgres", "");
                PreparedStatement q = db.prepareStatement(
                        "select count(*) from inbox_event where event_id = any(cast(? as uuid[]))")) {
            q.setArray(1, db.createArrayOf("varchar", ids.toArray()));
            try (ResultSet rs = q.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    private static Map<String, Object> view(UUID household) {
        Map<String, Object> c = given().get("/api/v1/households/" + household + "/case").then().statusCode(200)
                .extract().path("");
        return Map.of("status", c.get("status"), "monitoringUntil", String.valueOf(c.get("monitoringUntil")));
    }
}
