package id.graduasi.assistance;

import static id.graduasi.assistance.AssistanceTestSupport.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import org.apache.kafka.clients.producer.RecordMetadata;
import org.eclipse.microprofile.config.ConfigProvider;
import org.hibernate.engine.spi.SharedSessionContractImplementor;
import org.hibernate.reactive.mutiny.impl.MutinySessionImpl;
import org.hibernate.reactive.session.ReactiveSession;
import org.junit.jupiter.api.Test;

import id.graduasi.events.contract.EventType;
import id.graduasi.events.contract.GraduationDecided;
import id.graduasi.events.contract.GraduationDecidedV2;
import id.graduasi.events.contract.GraduationReverted;
import id.graduasi.events.contract.GraduationRevertedV2;
import id.graduasi.events.contract.HouseholdEvent;
import id.graduasi.events.contract.HouseholdRegistered;
import id.graduasi.events.contract.HouseholdStatusChanged;
import id.graduasi.events.contract.MemberAdded;
import id.graduasi.testing.GraduasiTestResource;
import id.graduasi.testing.TestKafka;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;

/**
 * Issue #16: the registry topic and the graduation topic are not ordered against each other, and the relay may
 * deliver a household's registry events as e2, e1, e2. Whatever order a household's events arrive in, assistance
 * ends where the in-order delivery ends: no stale registry event re-opens a graduated household, and the decision
 * (not the registry's echo of it) is what graduates and re-opens. One reversal path: a relapse an officer records
 * in the registry re-opens nothing here; graduation-service answers it with GraduationReverted, which does.
 */
@QuarkusTest
@QuarkusTestResource(value = GraduasiTestResource.class, restrictToAnnotatedClass = false)
class CausalOrderTest {

    private static final String VILLAGE = "64.72.01.1001";
    private static final LocalDate TODAY = LocalDate.now();

    /**
     * One household's life: registered with a toddler (PKH), verified, active, graduated, relapsed, graduated. The
     * relapse is a reversal in graduation-service, echoed by the registry (r(5) names d1); or, in
     * {@link #ofOfficersRelapse()}, recorded by an officer in the registry (r(5) names no decision), which
     * graduation-service answers with the same reversal g(1).
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
            List<Sent> registry = List.of(
                    Sent.of(new HouseholdRegistered(h, VILLAGE, 4, TODAY, 0L)),
                    Sent.of(new MemberAdded(h, UUID.randomUUID(), "CHILD", "F", TODAY.minusYears(2), null, false,
                            false, false, TODAY, 0L)),
                    Sent.of(new HouseholdStatusChanged(h, VILLAGE, "REGISTERED", "VERIFIED", null, t, 1L, null)),
                    Sent.of(new HouseholdStatusChanged(h, VILLAGE, "VERIFIED", "ACTIVE", null, t, 2L, null)),
                    Sent.of(new HouseholdStatusChanged(h, VILLAGE, "ACTIVE", "GRADUATED", "GRADUASI_MANDIRI", t, 3L,
                            d1)),
                    Sent.of(new HouseholdStatusChanged(h, VILLAGE, "GRADUATED", "ACTIVE", "RELAPSE", t, 4L,
                            officersRelapse ? null : d1)),
                    Sent.of(new HouseholdStatusChanged(h, VILLAGE, "ACTIVE", "GRADUATED", "GRADUASI_MANDIRI", t, 5L,
                            d2)));
            List<Sent> decisions = List.of(
                    Sent.of(AssistanceTestSupport.v2(new GraduationDecided(d1, h, VILLAGE, "GRADUASI_MANDIRI",
                            "EKONOMI_MEMBAIK", TODAY))),
                    Sent.of(AssistanceTestSupport.v2(new GraduationReverted(d1, h, VILLAGE, "GRADUASI_MANDIRI", "RELAPSE",
                            TODAY))),
                    Sent.of(AssistanceTestSupport.v2(new GraduationDecided(d2, h, VILLAGE, "GRADUASI_MANDIRI",
                            "EKONOMI_MEMBAIK", TODAY))));
            return new Life(h, registry, decisions);
        }

        Sent r(int i) {
            return registry.get(i);
        }

        Sent g(int i) {
            return decisions.get(i);
        }

        /** Every event of this life in the order they happened. */
        List<Sent> inOrder() {
            return List.of(r(0), r(1), r(2), r(3), g(0), r(4), g(1), r(5), g(2), r(6));
        }
    }

    /** An event with the id it is published under: publishing it twice is a redelivery. */
    private record Sent(HouseholdEvent payload, String id) {

        static Sent of(HouseholdEvent payload) {
            return new Sent(payload, UUID.randomUUID().toString());
        }
    }

    @Test
    void everyOrderOfRegistryEventsAndDecisionsThroughRelapseAndSecondGraduationEndsAsInOrder() {
        Life inOrder = Life.of();
        deliver(inOrder, inOrder.r(0), inOrder.r(1), inOrder.r(2), inOrder.r(3), inOrder.g(0), inOrder.r(4),
                inOrder.g(1), inOrder.r(5), inOrder.g(2), inOrder.r(6));
        Map<String, Object> expected = view(inOrder.household());
        assertEquals("GRADUATED", expected.get("status"));
        assertEquals(Map.of("PKH", "EXITED GRADUATED"), expected.get("enrollments"));

        Life decisionsFirst = Life.of();
        deliver(decisionsFirst, concat(decisionsFirst.decisions(), decisionsFirst.registry()));
        Life registryFirst = Life.of();
        deliver(registryFirst, concat(registryFirst.registry(), registryFirst.decisions()));
        // The registry lags: its pre-graduation changes arrive after the first decision, its echoes after all.
        Life registryLags = Life.of();
        deliver(registryLags, registryLags.r(0), registryLags.r(1), registryLags.g(0), registryLags.r(2),
                registryLags.r(3), registryLags.g(1), registryLags.g(2), registryLags.r(4), registryLags.r(5),
                registryLags.r(6));
        // The relay re-sent after a failed round: VERIFIED->ACTIVE (e2) before REGISTERED->VERIFIED (e1), then e2 again.
        Life relayResent = Life.of();
        deliver(relayResent, relayResent.r(0), relayResent.r(1), relayResent.r(3), relayResent.r(2),
                relayResent.r(3), relayResent.g(0), relayResent.r(4), relayResent.g(1), relayResent.r(5),
                relayResent.g(2), relayResent.r(6));

        // An officer records the relapse in the registry (r(5), no decisionId) and graduation-service answers it with
        // the reversal g(1): in that order, all decisions first, the registry first, and the registry lagging behind.
        Life officerInOrder = Life.ofOfficersRelapse();
        deliver(officerInOrder, officerInOrder.r(0), officerInOrder.r(1), officerInOrder.r(2), officerInOrder.r(3),
                officerInOrder.g(0), officerInOrder.r(4), officerInOrder.r(5), officerInOrder.g(1),
                officerInOrder.g(2), officerInOrder.r(6));
        Life officerDecisionsFirst = Life.ofOfficersRelapse();
        deliver(officerDecisionsFirst, concat(officerDecisionsFirst.decisions(), officerDecisionsFirst.registry()));
        Life officerRegistryFirst = Life.ofOfficersRelapse();
        deliver(officerRegistryFirst, concat(officerRegistryFirst.registry(), officerRegistryFirst.decisions()));
        Life officerRegistryLags = Life.ofOfficersRelapse();
        deliver(officerRegistryLags, officerRegistryLags.r(0), officerRegistryLags.r(1), officerRegistryLags.g(0),
                officerRegistryLags.r(2), officerRegistryLags.r(3), officerRegistryLags.g(1), officerRegistryLags.g(2),
                officerRegistryLags.r(4), officerRegistryLags.r(5), officerRegistryLags.r(6));

        for (Life life : List.of(decisionsFirst, registryFirst, registryLags, relayResent, officerInOrder,
                officerDecisionsFirst, officerRegistryFirst, officerRegistryLags)) {
            assertEquals(comparable(expected), comparable(view(life.household())), "household " + life.household());
        }
    }

    /**
     * One reversal path (issue #16): an officer's relapse in the registry (GRADUATED to ACTIVE, no decisionId) is
     * noted and re-opens nothing; graduation-service's GraduationReverted for it re-opens, once, however often it
     * and the relapse are delivered.
     */
    @Test
    void aRelapseTheRegistryRecordsReopensNothingUntilGraduationRevertsTheDecisionThenOnce() {
        Life life = Life.ofOfficersRelapse();
        UUID h = life.household();
        deliver(life, life.r(0), life.r(1), life.r(2), life.r(3), life.g(0), life.r(4));
        Map<String, Object> graduated = view(h);
        assertEquals(Map.of("status", "GRADUATED", "enrollments", Map.of("PKH", "EXITED GRADUATED")), graduated);

        deliver(life, life.r(5));
        assertEquals(graduated, view(h), "the registry's relapse alone re-opens nothing");
        assertEquals(List.of(EventType.ENROLLMENT_ACTIVATED.type(), EventType.ENROLLMENT_ENDED.type()),
                enrollmentEventsOnceSent(h));

        // The reversal, the same reversal redelivered under another id, and the registry's relapse again.
        deliver(life, life.g(1), Sent.of(life.g(1).payload()), life.r(5));
        assertEquals(Map.of("status", "ACTIVE", "enrollments", Map.of("PKH", "ACTIVE -")), view(h));
        assertEquals(List.of(EventType.ENROLLMENT_ACTIVATED.type(), EventType.ENROLLMENT_ENDED.type(),
                EventType.ENROLLMENT_ACTIVATED.type()), enrollmentEventsOnceSent(h), "re-opened once");
    }

    @Test
    void aStaleActivationArrivingAfterTheGraduationDoesNotReopenTheHousehold() {
        Life life = Life.of();
        deliver(life, life.r(0), life.r(1), life.r(2), life.g(0));
        assertEquals(Map.of("PKH", "EXITED GRADUATED"), view(life.household()).get("enrollments"));

        // VERIFIED->ACTIVE, committed by the registry before the decision, read after it (lag on its topic).
        deliver(life, life.r(3));
        Map<String, Object> after = view(life.household());
        assertEquals("GRADUATED", after.get("status"));
        assertEquals(Map.of("PKH", "EXITED GRADUATED"), after.get("enrollments"));

        // The same from a producer that wrote no revision yet: the transition names VERIFIED, not GRADUATED.
        deliver(life, Sent.of(new HouseholdStatusChanged(life.household(), VILLAGE, "VERIFIED", "ACTIVE", null,
                Instant.now())));
        assertEquals(after, view(life.household()));
    }

    /**
     * During the transition graduation-service publishes each decision as v1 and v2; assistance acts on v2 alone
     * (the outcome it carries, no pathway read here), so a v1 without its v2 changes nothing.
     */
    @Test
    void aDecisionIsAppliedFromItsVersion2AloneAndItsOutcomeNotItsPathway() {
        Life life = Life.of();
        deliver(life, life.r(0), life.r(1), life.r(2), life.r(3));
        Map<String, Object> before = view(life.household());
        assertEquals(Map.of("PKH", "ACTIVE -"), before.get("enrollments"));
        GraduationDecided exit = new GraduationDecided(UUID.randomUUID(), life.household(), VILLAGE,
                "ADMINISTRATIVE_EXIT", "MOVED", TODAY);
        // Skipped, not claimed: consumed once the group has committed past it.
        RecordMetadata v1 = TestKafka.publishAt(exit, UUID.randomUUID().toString());
        await().atMost(Duration.ofSeconds(40)).until(() -> TestKafka.committedPast("assistance-service", v1));
        assertEquals(before, view(life.household()), "v1 alone is not acted on");
        // An administrative exit, told by its outcome EXITED, whatever the pathway's name.
        deliver(life, Sent.of(new GraduationDecidedV2(exit.decisionId(), life.household(), VILLAGE,
                GraduationDecidedV2.Outcome.EXITED, TODAY, null, "ANY_PATHWAY_NAME", 1, "MOVED", TODAY)));
        assertEquals(Map.of("status", "EXITED", "enrollments", Map.of("PKH", "EXITED MOVED")), view(life.household()));
    }

    @Test
    void theRegistrysEchoOfADecisionIsNotAppliedASecondTime() {
        Life life = Life.of();
        deliver(life, life.r(0), life.r(1), life.r(2), life.r(3), life.g(0), life.r(4), life.g(1));
        assertEquals(Map.of("PKH", "ACTIVE -"), view(life.household()).get("enrollments"));
        // The registry's echo of the reversal (GRADUATED->ACTIVE naming d1) arrives after the reversal: it must not
        // re-open (and announce) a second time; a redelivered old decision must not graduate again.
        deliver(life, life.r(5), Sent.of(life.g(0).payload()));
        assertEquals(Map.of("PKH", "ACTIVE -"), view(life.household()).get("enrollments"));
        assertEquals("ACTIVE", view(life.household()).get("status"));
        await().atMost(Duration.ofSeconds(20)).until(() -> activatedOrEnded(life.household()) >= 3);
        assertEquals(3, activatedOrEnded(life.household()), "activated, ended, activated: announced once each");
    }

    @Test
    void anOfficersRelapseOfAnOlderGraduationReadAfterTheNextDecisionChangesNothing() {
        Life life = Life.of();
        UUID h = life.household();
        UUID d1 = ((GraduationDecidedV2) life.g(0).payload()).decisionId();
        Sent officersRelapse = Sent.of(new HouseholdStatusChanged(h, VILLAGE, "GRADUATED", "ACTIVE", "RELAPSE",
                Instant.now(), 4L, null));
        Sent secondDecision = Sent.of(AssistanceTestSupport.v2(new GraduationDecided(UUID.randomUUID(), h, VILLAGE,
                "GRADUASI_MANDIRI", "EKONOMI_MEMBAIK", TODAY)));
        // Graduation answered the relapse with a second decision; the registry's topic lags behind both.
        deliver(life, life.r(0), life.r(1), life.r(2), life.r(3), life.g(0), secondDecision,
                Sent.of(new HouseholdStatusChanged(h, VILLAGE, "ACTIVE", "GRADUATED", "GRADUASI_MANDIRI",
                        Instant.now(), 3L, d1)), officersRelapse);
        assertEquals("GRADUATED", view(h).get("status"));
        assertEquals(Map.of("PKH", "EXITED GRADUATED"), view(h).get("enrollments"));
    }

    /**
     * Issue #16, the decision sequence: the relay re-sent a household's decision events after a failed round.
     * Decided(d1, 1), Reverted(d1, 2), Decided(d2, 3) read as (2, 3, 1) end as read in order, and (2, 1) as (1, 2):
     * an event whose sequence is not above the one applied changes nothing, whichever decision it names.
     */
    @Test
    void staleDecisionEventsChangeNothing() {
        Map<String, Object> graduatedAgain = null;
        Map<String, Object> reverted = null;
        for (List<Integer> order : List.of(List.of(1, 2, 3), List.of(2, 3, 1), List.of(1, 2), List.of(2, 1))) {
            Life life = Life.of();
            deliver(life, life.r(0), life.r(1), life.r(2), life.r(3));
            List<Sent> decisions = sequenced(life);
            deliver(life, order.stream().map(sequence -> decisions.get(sequence - 1)).toList());
            Map<String, Object> view = new java.util.HashMap<>(view(life.household()));
            view.put("decision in force", decisionInForce(life));
            if (order.equals(List.of(1, 2, 3))) {
                graduatedAgain = view;
                assertEquals(Map.of("status", "GRADUATED", "enrollments", Map.of("PKH", "EXITED GRADUATED"),
                        "decision in force", "d2"), view);
            } else if (order.equals(List.of(1, 2))) {
                reverted = view;
                assertEquals(Map.of("status", "ACTIVE", "enrollments", Map.of("PKH", "ACTIVE -"),
                        "decision in force", "-"), view);
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

    /** The life's decision (d1 or d2) the projection follows, if it is not reverted; "-" if none. */
    private static String decisionInForce(Life life) {
        UUID household = life.household();
        String d1 = ((GraduationDecidedV2) life.g(0).payload()).decisionId().toString();
        try (Connection db = DriverManager.getConnection(url(), "postgres", "");
                PreparedStatement q = db.prepareStatement("select case when decision_reverted then null "
                        + "else decision_id end from household_projection where household_id = ?")) {
            q.setObject(1, household);
            try (ResultSet rs = q.executeQuery()) {
                assertTrue(rs.next(), "no projection of " + household);
                String followed = rs.getString(1);
                return followed == null ? "-" : followed.equals(d1) ? "d1" : "d2";
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Issue #14, keyed concurrency: 60 households' lives published interleaved, so polled batches hold many
     * households and are applied in several lanes at once (four in this service's tests), each lane ordered in
     * stretches; each household ends exactly as one delivered alone.
     */
    @Test
    void manyHouseholdsInterleavedInOneBatchAreAppliedInParallelLanesEachInItsOwnOrder() throws Exception {
        Life alone = Life.of();
        List<Sent> order = List.of(alone.r(0), alone.r(1), alone.r(2), alone.r(3), alone.g(0), alone.r(4),
                alone.g(1), alone.r(5), alone.g(2), alone.r(6));
        deliver(alone, order);
        Map<String, Object> expected = comparable(view(alone.household()));
        // The registry's echoes of decisions, noted set by set in a batch, leave its status and revision noted.
        assertEquals("GRADUATED@5", registryState(alone.household()));

        List<Life> lives = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            lives.add(Life.of());
        }
        List<Sent> interleaved = new ArrayList<>();
        for (int step = 0; step < order.size(); step++) {
            for (Life life : lives) {
                interleaved.add(List.of(life.r(0), life.r(1), life.r(2), life.r(3), life.g(0), life.r(4), life.g(1),
                        life.r(5), life.g(2), life.r(6)).get(step));
            }
        }
        double batchedBefore = counter("graduasi_events_batched_total");
        double fallbacksBefore = counter("graduasi_events_batch_fallbacks_total");
        // One producer for the whole backlog, as a relay draining it: the consumer polls it in large batches.
        TestKafka.publishAll(interleaved.stream().map(Sent::payload).toList(),
                interleaved.stream().map(Sent::id).toList());
        List<String> ids = interleaved.stream().map(Sent::id).toList();
        await().atMost(Duration.ofSeconds(60)).until(() -> applied(ids) == ids.size());
        for (Life life : lives) {
            assertEquals(expected, comparable(view(life.household())), "household " + life.household());
            assertEquals("GRADUATED@5", registryState(life.household()), "household " + life.household());
        }
        // The lanes' own transactions did the work: none fell back to a transaction per event.
        assertTrue(counter("graduasi_events_batched_total") > batchedBefore, "events applied in lane batches");
        assertEquals(fallbacksBefore, counter("graduasi_events_batch_fallbacks_total"), "lane batches that failed");
    }

    /**
     * Hibernate Reactive 3.1 never finds a native select's plan again: each execution of one through Hibernate added
     * a plan to the session factory's cache, and each lookup compared against every plan of the same statement.
     * Applying events (inbox claims, locks, reads, writes, the outbox) and the background rounds in the meantime
     * (payments, gauges, audit) add no plan: each of their statements goes to the connection directly, or is one
     * Hibernate finds again.
     */
    @Test
    void applyingEventsAddsNoPlanToHibernatesQueryPlanCache() {
        Life first = Life.of();
        first.inOrder().forEach(e -> deliver(first, e));
        int before = cachedQueryPlans();
        for (int i = 0; i < 3; i++) {
            Life life = Life.of();
            life.inOrder().forEach(e -> deliver(life, e));
        }
        assertEquals(before, cachedQueryPlans(), "plans cached after 30 more events, each in its own batch");
    }

    private static int cachedQueryPlans() {
        try {
            return VertxContextSupport.subscribeAndAwait(() -> Panache.withSession(() -> Panache.getSession()
                    .map(session -> ((SharedSessionContractImplementor) ((MutinySessionImpl) session)
                            .unwrap(ReactiveSession.class)).getFactory().getQueryEngine().getInterpretationCache()
                            .getNumberOfCachedQueryPlans())));
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Decisions are applied set by set: a run of decisions holding the same household more than once is applied
     * in waves (one event per household each), and every household ends as one household delivered one by one.
     */
    @Test
    void aRunOfDecisionsWithEachHouseholdThriceEndsAsOneByOne() {
        Life alone = Life.of();
        deliver(alone, alone.r(0), alone.r(1), alone.r(2), alone.r(3), alone.g(0), alone.g(1), alone.g(2));
        Map<String, Object> expected = comparable(view(alone.household()));
        assertEquals("GRADUATED", expected.get("status"));

        List<Life> lives = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            lives.add(Life.of());
        }
        List<Sent> backlog = new ArrayList<>();
        for (int step = 0; step < 4; step++) {
            for (Life life : lives) {
                backlog.add(life.r(step));
            }
        }
        // Decided, reverted, decided again for every household, one after another: a run of 120 decisions.
        for (Life life : lives) {
            backlog.add(life.g(0));
            backlog.add(life.g(1));
            backlog.add(life.g(2));
        }
        double fallbacksBefore = counter("graduasi_events_batch_fallbacks_total");
        TestKafka.publishAll(backlog.stream().map(Sent::payload).toList(), backlog.stream().map(Sent::id).toList());
        List<String> ids = backlog.stream().map(Sent::id).toList();
        await().atMost(Duration.ofSeconds(60)).until(() -> applied(ids) == ids.size());
        for (Life life : lives) {
            assertEquals(expected, comparable(view(life.household())), "household " + life.household());
        }
        assertEquals(fallbacksBefore, counter("graduasi_events_batch_fallbacks_total"), "lane batches that failed");
    }

    private static double counter(String name) {
        return given().get("/q/metrics").then().statusCode(200).extract().asString().lines()
                .filter(l -> l.startsWith(name + "{") && l.contains("graduasi-events"))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }

    // ---- helpers ----

    private static List<Sent> concat(List<Sent> a, List<Sent> b) {
        List<Sent> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    private static void deliver(Life life, Sent... events) {
        deliver(life, List.of(events));
    }

    /** Publishes in this order and returns once assistance has applied every one of them (its inbox has them). */
    private static void deliver(Life life, List<Sent> events) {
        events.forEach(e -> TestKafka.publish(e.payload(), e.id()));
        List<String> ids = events.stream().map(Sent::id).distinct().toList();
        await().atMost(Duration.ofSeconds(40)).until(() -> applied(ids) == ids.size());
    }

    /** The registry status and revision assistance noted for the household, as status@revision. */
    private static String registryState(UUID household) throws SQLException {
        try (Connection db = DriverManager.getConnection(url(), "postgres", "");
                PreparedStatement q = db.prepareStatement("select registry_status, registry_revision"
                        + " from household_projection where household_id = ?")) {
            q.setObject(1, household);
            try (ResultSet rs = q.executeQuery()) {
                rs.next();
                return rs.getString(1) + "@" + rs.getLong(2);
            }
        }
    }

    private static int applied(List<String> ids) throws SQLException {
        try (Connection db = DriverManager.getConnection(url(), "postgres", "");
                PreparedStatement q = db.prepareStatement(
                        "select count(*) from inbox_event where event_id = any(cast(? as uuid[]))")) {
            q.setArray(1, db.createArrayOf("varchar", ids.toArray()));
            try (ResultSet rs = q.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    /** The household's enrollment events on the topic, once its outbox holds none still to send. */
    private static List<String> enrollmentEventsOnceSent(UUID household) {
        await().atMost(Duration.ofSeconds(20)).until(() -> unsent(household) == 0);
        return TestKafka.readAll(id.graduasi.events.contract.Topics.ASSISTANCE_ENROLLMENT,
                e -> household.toString().equals(e.key())).stream().map(TestKafka.Event::type).toList();
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

    private static int activatedOrEnded(UUID household) {
        return TestKafka.readAll(id.graduasi.events.contract.Topics.ASSISTANCE_ENROLLMENT,
                e -> household.toString().equals(e.key())).size();
    }

    private static String url() {
        return ConfigProvider.getConfig().getValue("quarkus.datasource.jdbc.url", String.class);
    }

    /** The household's status and, per programme, its enrollment's status and exit reason. */
    private static Map<String, Object> view(UUID household) {
        String status = given().get("/api/v1/households/" + household).then().statusCode(200).extract().path("status");
        List<Map<String, Object>> enrollments = given().queryParam("householdId", household)
                .get("/api/v1/enrollments").then().statusCode(200).extract().path("$");
        Map<String, String> byProgramme = new TreeMap<>();
        enrollments.forEach(e -> byProgramme.put((String) e.get("programme"), e.get("status") + " "
                + (e.get("exitReason") == null ? "-" : e.get("exitReason"))));
        return Map.of("status", status, "enrollments", byProgramme);
    }

    /**
     * What must be equal whatever the order: the status, and what the household is enrolled in now (an order in
     * which the decision came before the registration never enrolled it, so it has no ended enrollment to show).
     */
    private static Map<String, Object> comparable(Map<String, Object> view) {
        @SuppressWarnings("unchecked")
        Map<String, String> enrollments = (Map<String, String>) view.get("enrollments");
        Map<String, String> current = new TreeMap<>(enrollments);
        current.values().removeIf(v -> v.startsWith("EXITED"));
        return Map.of("status", view.get("status"), "current enrollments", current);
    }
}
