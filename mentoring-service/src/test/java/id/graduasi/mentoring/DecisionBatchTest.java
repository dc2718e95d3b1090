package id.graduasi.mentoring;

import static id.graduasi.mentoring.MentoringTestSupport.awaitCase;
import static id.graduasi.mentoring.MentoringTestSupport.awaitWorkerOf;
import static id.graduasi.mentoring.MentoringTestSupport.caseEvents;
import static id.graduasi.mentoring.MentoringTestSupport.consumed;
import static id.graduasi.mentoring.MentoringTestSupport.createWorker;
import static id.graduasi.mentoring.MentoringTestSupport.freshDistrict;
import static id.graduasi.mentoring.MentoringTestSupport.register;
import static id.graduasi.mentoring.MentoringTestSupport.today;
import static id.graduasi.mentoring.MentoringTestSupport.uniqueUsername;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import id.graduasi.events.contract.EventType;
import id.graduasi.events.contract.GraduationDecidedV2;
import id.graduasi.events.contract.GraduationRevertedV2;
import id.graduasi.events.contract.HouseholdEvent;
import id.graduasi.testing.GraduasiTestResource;
import id.graduasi.testing.TestKafka;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Issue #14: a batch of several households' graduation decisions and reversals is applied set by set, wave by
 * wave, with the outcome of applying them one by one: each household's events in order, a stale reversal changing
 * nothing, a case created for a decision read before the registration given a worker, and each case's events in
 * the order the one-by-one path appends them.
 */
@QuarkusTest
@QuarkusTestResource(value = GraduasiTestResource.class, restrictToAnnotatedClass = false)
class DecisionBatchTest {

    @Test
    void aBatchOfSeveralHouseholdsDecisionsEndsAsTheyWouldOneByOne() throws Exception {
        String district = freshDistrict();
        String village = district + ".1001";
        String worker = createWorker(uniqueUsername("pendamping"), 250, district);
        UUID a = register(village);
        UUID b = register(village);
        UUID c = register(village);
        for (UUID household : List.of(a, b, c)) {
            assertEquals(worker, awaitWorkerOf(household));
        }
        UUID unregistered = UUID.randomUUID(); // its decision is read before its registration
        UUID unknown = UUID.randomUUID(); // a reversal is the first mentoring hears of it
        UUID firstOfA = UUID.randomUUID();
        UUID secondOfA = UUID.randomUUID();
        UUID ofB = UUID.randomUUID();
        UUID ofUnregistered = UUID.randomUUID();
        LocalDate later = today().plusMonths(18);
        List<HouseholdEvent> events = List.of(decided(firstOfA, a, village, GraduationDecidedV2.Outcome.GRADUATED, 1L),
                decided(ofB, b, village, GraduationDecidedV2.Outcome.GRADUATED, 1L),
                reverted(firstOfA, a, village, 2L),
                decided(UUID.randomUUID(), c, village, GraduationDecidedV2.Outcome.EXITED, 1L),
                decided(ofUnregistered, unregistered, village, GraduationDecidedV2.Outcome.GRADUATED, 1L),
                decided(secondOfA, a, village, GraduationDecidedV2.Outcome.GRADUATED, 3L, later),
                reverted(UUID.randomUUID(), b, village, 1L), // stale: B's decision carried sequence 1
                reverted(ofUnregistered, unregistered, village, 2L),
                reverted(UUID.randomUUID(), unknown, village, 1L));
        for (String id : TestKafka.publishAll(events)) {
            await().atMost(Duration.ofSeconds(30)).until(() -> consumed(id));
        }

        Map<String, Object> caseOfA = awaitCase(a, x -> true);
        assertEquals(List.of("MONITORING", later.toString(), worker),
                List.of(caseOfA.get("status"), caseOfA.get("monitoringUntil"), caseOfA.get("workerId")));
        Map<String, Object> caseOfB = awaitCase(b, x -> true);
        assertEquals(List.of("MONITORING", today().plusYears(1).toString()),
                List.of(caseOfB.get("status"), caseOfB.get("monitoringUntil")));
        assertEquals("CLOSED", awaitCase(c, x -> true).get("status"));
        Map<String, Object> caseOfUnregistered = awaitCase(unregistered, x -> true);
        assertEquals(List.of("OPEN", worker),
                List.of(caseOfUnregistered.get("status"), caseOfUnregistered.get("workerId")));
        assertNull(caseOfUnregistered.get("monitoringUntil"));
        assertEquals(List.of("OPEN", worker), List.of(awaitCase(unknown, x -> true).get("status"),
                awaitCase(unknown, x -> true).get("workerId")));

        assertEquals(List.of(secondOfA + " false 3", ofB + " false 1", ofUnregistered + " true 2"),
                List.of(decisionState(a), decisionState(b), decisionState(unregistered)));

        String opened = EventType.CASE_OPENED.type();
        String assigned = EventType.WORKER_ASSIGNED.type();
        String monitored = EventType.CASE_MONITORING_STARTED.type();
        assertEquals(List.of(opened, assigned, monitored, opened, monitored), awaitTypes(a, 5));
        assertEquals(List.of(opened, assigned, monitored), awaitTypes(b, 3));
        assertEquals(List.of(opened, assigned, EventType.CASE_CLOSED.type()), awaitTypes(c, 3));
        assertEquals(List.of(monitored, assigned, opened), awaitTypes(unregistered, 3));
        assertEquals(List.of(opened, assigned), awaitTypes(unknown, 2));
    }

    /** The case's events once there are {@code count} (and a moment for any extra to show). */
    private static List<String> awaitTypes(UUID household, int count) {
        await().atMost(Duration.ofSeconds(30)).until(() -> caseEvents(household).size() >= count);
        return caseEvents(household).stream().map(TestKafka.Event::type).toList();
    }

    /** The decision the case follows, whether it was reverted, and the decision sequence applied. */
    private static String decisionState(UUID household) throws Exception {
        String url = ConfigProvider.getConfig().getValue("quarkus.datasource.jdbc.url", String.class);
        try (Connection db = DriverManager.getConnection(url, "postgres", "");
                var rs = db.createStatement().executeQuery("select decision_id, decision_reverted, decision_sequence"
                        + " from mentoring_case where household_id = '" + household + "'")) {
            rs.next();
            return rs.getString(1) + " " + rs.getBoolean(2) + " " + rs.getLong(3);
        }
    }

    private static GraduationDecidedV2 decided(UUID decision, UUID household, String village,
            GraduationDecidedV2.Outcome outcome, long sequence) {
        return decided(decision, household, village, outcome, sequence, today().plusYears(1));
    }

    private static GraduationDecidedV2 decided(UUID decision, UUID household, String village,
            GraduationDecidedV2.Outcome outcome, long sequence, LocalDate monitoringUntil) {
        return new GraduationDecidedV2(decision, household, village, outcome, today(),
                outcome == GraduationDecidedV2.Outcome.EXITED ? null : monitoringUntil, "GRADUASI_MANDIRI", 1,
                "EKONOMI_MEMBAIK", today(), sequence);
    }

    private static GraduationRevertedV2 reverted(UUID decision, UUID household, String village, long sequence) {
        return new GraduationRevertedV2(decision, household, village, GraduationDecidedV2.Outcome.GRADUATED,
                today(), "GRADUASI_MANDIRI", 1, "RELAPSE", today(), sequence);
    }
}
