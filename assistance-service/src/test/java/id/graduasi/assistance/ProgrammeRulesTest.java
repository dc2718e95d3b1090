package id.graduasi.assistance;

import static id.graduasi.assistance.AssistanceTestSupport.as;
import static id.graduasi.assistance.AssistanceTestSupport.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

import org.junit.jupiter.api.Test;

import id.graduasi.events.contract.EventType;
import id.graduasi.events.contract.GraduationDecided;
import id.graduasi.events.contract.GraduationReverted;
import id.graduasi.events.contract.HouseholdRegistered;
import id.graduasi.events.contract.HouseholdUpdated;
import id.graduasi.events.contract.MemberAdded;
import id.graduasi.events.contract.MemberRemoved;
import id.graduasi.events.contract.Topics;
import id.graduasi.security.Roles;
import id.graduasi.testing.GraduasiTestResource;
import id.graduasi.testing.TestKafka;
import id.graduasi.testing.TestTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/**
 * Programmes as configuration (reference/programmes.json, test allocations in reference/allocations-test.csv):
 * eligibility with reasons re-evaluated from registry events, the enrollment lifecycle, KUBE groups, quotas,
 * one-off aid, and each programme's exit policy on graduation and its reversal.
 */
@QuarkusTest
@QuarkusTestResource(value = GraduasiTestResource.class, restrictToAnnotatedClass = false)
class ProgrammeRulesTest {

    private static final String VILLAGE = "64.72.01.1001";
    private static final String ENROLLMENTS = "/api/v1/enrollments";
    private static final String CYCLES = "/api/v1/disbursement-cycles";
    private static final LocalDate TODAY = LocalDate.now(java.time.ZoneOffset.UTC);
    private static final int YEAR = TODAY.getYear();
    private static final AtomicInteger SYNC = new AtomicInteger(100);

    @Test
    void eligibilityExplainsEachProgrammesVerdictInWords() {
        String household = household(born(35));

        List<Map<String, Object>> verdicts = given().get("/api/v1/households/" + household + "/eligibility")
                .then().statusCode(200).extract().path("$");
        Map<String, Object> pkh = verdict(verdicts, "PKH");
        assertEquals(false, pkh.get("eligible"));
        assertEquals("members qualifying for a PKH component: 0, fewer than 1", explanation(pkh, 0));
        Map<String, Object> capital = verdict(verdicts, "MODAL_USAHA");
        assertEquals(true, capital.get("eligible"));
        assertEquals("working-age members (15-64): 1, at least 1", explanation(capital, 0));
        Map<String, Object> rtlh = verdict(verdicts, "RTLH");
        assertEquals(false, rtlh.get("eligible"));
        assertEquals("floor material not yet observed", explanation(rtlh, 0));
        assertEquals("0 of 6 conditions met, at least 2 required", explanation(rtlh, 6));
        assertTrue(enrollments(household).isEmpty(), "nobody is enrolled in what they are not eligible for");

        given().get("/api/v1/households/" + UUID.randomUUID() + "/eligibility").then().statusCode(404)
                .contentType("application/problem+json");
    }

    @Test
    void pkhFollowsEligibilitySuspendedWhenTheLastComponentGoesAndActiveWhenOneReturns() {
        UUID toddler = UUID.randomUUID();
        String household = household(born(30));
        add(household, toddler, born(2));
        sync(household);
        Map<String, Object> pkh = awaitEnrollment(household, "PKH", e -> "ACTIVE".equals(e.get("status")));

        TestKafka.publish(new MemberRemoved(UUID.fromString(household), toddler, "MOVED", TODAY));
        sync(household);
        pkh = enrollment(household, "PKH");
        assertEquals("SUSPENDED", pkh.get("status"));
        assertEquals("NO_LONGER_ELIGIBLE", pkh.get("suspensionReason"));
        awaitEvent(household, EventType.ENROLLMENT_SUSPENDED, "\"reason\":\"NO_LONGER_ELIGIBLE\"");
        as("officer-a").post(ENROLLMENTS + "/" + pkh.get("id") + "/resumption")
                .then().statusCode(409).contentType("application/problem+json");

        add(household, UUID.randomUUID(), TODAY.minusMonths(1));
        sync(household);
        pkh = enrollment(household, "PKH");
        assertEquals("ACTIVE", pkh.get("status"));
        assertEquals(null, pkh.get("suspensionReason"));
    }

    @Test
    void aMemberAddedAndRemovedInOneBurstIsNotCounted() {
        UUID household = UUID.randomUUID();
        UUID toddler = UUID.randomUUID();
        // Published together, so the consumer most likely records them in one run: the toddler is new and gone in it.
        TestKafka.publish(new HouseholdRegistered(household, VILLAGE, 2, TODAY));
        add(household.toString(), UUID.randomUUID(), born(30));
        add(household.toString(), toddler, born(2));
        TestKafka.publish(new MemberRemoved(household, toddler, "MOVED", TODAY));
        TestKafka.publish(new MemberRemoved(household, toddler, "MOVED", TODAY));
        sync(household.toString());

        List<Map<String, Object>> verdicts = given().get("/api/v1/households/" + household + "/eligibility")
                .then().statusCode(200).extract().path("$");
        assertEquals("members qualifying for a PKH component: 0, fewer than 1",
                explanation(verdict(verdicts, "PKH"), 0));
        assertEquals("working-age members (15-64): 1, at least 1", explanation(verdict(verdicts, "MODAL_USAHA"), 0));
        assertTrue(enrollments(household.toString()).stream().noneMatch(e -> "PKH".equals(e.get("programme"))
                && "ACTIVE".equals(e.get("status"))), "a toddler who left gives no PKH component");
    }

    @Test
    void poorHousingProposesRtlhAndOfficersActivateProposalsOnlyWithinTheQuotaAndPayEachHouseOnce() {
        // The test allocation for RTLH this year: 3 houses, Rp 60,000,000.
        List<String> poor = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            String household = household(born(40));
            housing(household, "EARTH", "GOOD", "DAMAGED", "OWN_TOILET", new BigDecimal("9.00"));
            poor.add(household);
        }
        String decent = household(born(40));
        housing(decent, "CEMENT", "GOOD", "GOOD", "OWN_TOILET", new BigDecimal("6.50"));

        List<String> proposals = new ArrayList<>();
        for (String household : poor) {
            Map<String, Object> rtlh = awaitEnrollment(household, "RTLH", e -> true);
            assertEquals("PROPOSED", rtlh.get("status"));
            assertEquals(TODAY.toString(), rtlh.get("proposedOn"));
            proposals.add((String) rtlh.get("id"));
        }
        assertTrue(enrollments(decent).stream().noneMatch(e -> "RTLH".equals(e.get("programme"))));
        Map<String, Object> verdict = verdict(given().get("/api/v1/households/" + decent + "/eligibility")
                .then().extract().path("$"), "RTLH");
        assertEquals("floor area per person (m²) is 6.5, below 7.2", explanation(verdict, 5));
        assertEquals("1 of 6 conditions met, at least 2 required", explanation(verdict, 6));

        for (int i = 0; i < 3; i++) {
            as("officer-a").contentType(ContentType.JSON)
                    .body("{\"justification\": \"verified by field survey\"}")
                    .post(ENROLLMENTS + "/" + proposals.get(i) + "/activation")
                    .then().statusCode(200).body("status", equalTo("ACTIVE")).body("enrolledBy", equalTo("officer-a"));
        }
        // The activation is the officer's, by the token: the audit log says who activated the proposal.
        AssistanceTestSupport.withToken(TestTokens.token("auditor-ani", Set.of(Roles.AUDITOR), Set.of("*")))
                .get("/api/v1/audit?householdId=" + poor.get(0)).then().statusCode(200)
                .body("action", equalTo(List.of("ACTIVATE"))).body("actor", equalTo(List.of("officer-a")))
                .body("[0].summary", equalTo("RTLH PROPOSED -> ACTIVE"));
        as("officer-a").contentType(ContentType.JSON).body("{}")
                .post(ENROLLMENTS + "/" + proposals.get(3) + "/activation")
                .then().statusCode(409).contentType("application/problem+json")
                .body("errors[0].field", equalTo("programme")).body("detail", containsString("quota is 3"));
        assertEquals("PROPOSED", enrollment(poor.get(3), "RTLH").get("status"), "a refused activation changes nothing");

        var cycle = as("officer-a").contentType(ContentType.JSON)
                .body("{\"programme\": \"RTLH\", \"year\": " + YEAR + ", \"tranche\": 1}").post(CYCLES)
                .then().statusCode(201).extract();
        assertEquals(3, (int) cycle.path("entitlementCount"));
        assertEquals(60_000_000, (int) cycle.path("totalAmount"));
        given().queryParam("householdId", poor.get(0)).get("/api/v1/entitlements").then()
                .body("amount", equalTo(List.of(20_000_000))).body("components", equalTo(List.of(List.of("RTLH"))));
        // One-off aid: the next tranche owes these houses nothing more.
        as("officer-a").contentType(ContentType.JSON)
                .body("{\"programme\": \"RTLH\", \"year\": " + YEAR + ", \"tranche\": 2}").post(CYCLES)
                .then().statusCode(201).body("entitlementCount", equalTo(0));

        // A family moves away before its house is paid: the entitlement is cancelled and leaves the cycle's totals.
        as("officer-a").contentType(ContentType.JSON).body("{\"reason\": \"MOVED\"}")
                .post(ENROLLMENTS + "/" + proposals.get(0) + "/exit").then().statusCode(200);
        given().queryParam("householdId", poor.get(0)).get("/api/v1/entitlements").then()
                .body("status", equalTo(List.of("CANCELLED")));
        given().get(CYCLES + "/" + cycle.path("id")).then().statusCode(200)
                .body("entitlementCount", equalTo(2)).body("totalAmount", equalTo(40_000_000));
    }

    @Test
    void manualEnrolmentNeedsEligibilityOrAnExplicitOverrideAndKeepsItsJustification() {
        String adult = household(born(30));
        String body = "{\"householdId\": \"" + adult + "\", \"programme\": \"MODAL_USAHA\", "
                + "\"justification\": \"warung business recommended by the pendamping\"}";
        String id = as("officer-a").contentType(ContentType.JSON).body(body)
                .post(ENROLLMENTS).then().statusCode(201)
                .body("status", equalTo("ACTIVE")).body("enrolledBy", equalTo("officer-a"))
                .body("justification", equalTo("warung business recommended by the pendamping"))
                .extract().path("id");
        awaitEvent(adult, EventType.ENROLLMENT_ACTIVATED, id);
        as("officer-a").contentType(ContentType.JSON).body(body)
                .post(ENROLLMENTS).then().statusCode(409);

        String grandmotherAndToddler = household(born(70), born(3));
        String ineligible = body.replace(adult, grandmotherAndToddler);
        as("officer-a").contentType(ContentType.JSON).body(ineligible)
                .post(ENROLLMENTS).then().statusCode(409).contentType("application/problem+json")
                .body("detail", containsString("working-age members (15-64): 0, fewer than 1"));
        as("officer-a").contentType(ContentType.JSON)
                .body(ineligible.replace("}", ", \"overrideEligibility\": true}"))
                .post(ENROLLMENTS).then().statusCode(201).body("status", equalTo("ACTIVE"));

        as("officer-a").contentType(ContentType.JSON)
                .body("{\"householdId\": \"" + adult + "\", \"programme\": \"PELATIHAN\"}")
                .post(ENROLLMENTS).then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", containsString("justification"));
        as("officer-a").contentType(ContentType.JSON)
                .body(body.replace("MODAL_USAHA", "BANSOS_X")).post(ENROLLMENTS).then().statusCode(400)
                .body("errors[0].field", equalTo("programme"));
        as("officer-a").contentType(ContentType.JSON)
                .body(body.replace("MODAL_USAHA", "KUBE")).post(ENROLLMENTS).then().statusCode(409);
        as("officer-a").contentType(ContentType.JSON)
                .body(body.replace(adult, UUID.randomUUID().toString())).post(ENROLLMENTS).then().statusCode(404);
        io.restassured.RestAssured.given().contentType(ContentType.JSON).body(body.replace(adult, grandmotherAndToddler))
                .post(ENROLLMENTS).then().statusCode(401).contentType("application/problem+json");
    }

    @Test
    void anUnmetPkhConditionSuspendsPaymentsUntilAnOfficerResumesThem() {
        String household = household(born(28), born(1));
        String pkh = (String) awaitEnrollment(household, "PKH", e -> "ACTIVE".equals(e.get("status"))).get("id");

        suspend(pkh, "FORGOT_TO_PAY").statusCode(400).body("errors[0].field", equalTo("reason"));
        suspend(pkh, "SCHOOL_ATTENDANCE_BELOW_85").statusCode(200).body("status", equalTo("SUSPENDED"))
                .body("suspensionReason", equalTo("SCHOOL_ATTENDANCE_BELOW_85"));
        awaitEvent(household, EventType.ENROLLMENT_SUSPENDED, "\"reason\":\"SCHOOL_ATTENDANCE_BELOW_85\"");
        suspend(pkh, "HEALTH_CHECKS_MISSED").statusCode(409);

        String capital = as("officer-a").contentType(ContentType.JSON)
                .body("{\"householdId\": \"" + household + "\", \"programme\": \"MODAL_USAHA\", "
                        + "\"justification\": \"tailoring business plan approved\"}")
                .post(ENROLLMENTS).then().statusCode(201).extract().path("id");
        suspend(capital, "SCHOOL_ATTENDANCE_BELOW_85").statusCode(400).body("detail", containsString("no conditions"));

        as("officer-b").post(ENROLLMENTS + "/" + pkh + "/resumption")
                .then().statusCode(200).body("status", equalTo("ACTIVE")).body("suspensionReason", nullValue());
        as("officer-b").contentType(ContentType.JSON).body("{\"reason\": \"MOVED\"}")
                .post(ENROLLMENTS + "/" + capital + "/exit").then().statusCode(200)
                .body("status", equalTo("EXITED")).body("exitReason", equalTo("MOVED"));
    }

    @Test
    void aKubeGroupOfFiveToTenEligibleHouseholdsIsEnrolledTogetherAndItsGrantPaidOnceThroughItsChair() {
        List<String> members = households(5);
        kube(members.subList(0, 4)).statusCode(400).body("errors[0].field", equalTo("householdIds"));
        String group = kube(members).statusCode(201)
                .body("chairHouseholdId", equalTo(members.get(0))).body("members.size()", equalTo(5))
                .body("members.status", equalTo(List.of("ACTIVE", "ACTIVE", "ACTIVE", "ACTIVE", "ACTIVE")))
                .extract().path("id");
        given().get("/api/v1/kube-groups/" + group).then().statusCode(200).body("members.kubeGroupId",
                equalTo(List.of(group, group, group, group, group)));

        List<String> again = households(4);
        again.add(members.get(2));
        kube(again).statusCode(409).body("detail", containsString("already in KUBE"));
        List<String> withChild = households(4);
        withChild.add(household(born(9)));
        kube(withChild).statusCode(409).body("detail", containsString("working-age members"));
        assertTrue(enrollments(withChild.get(0)).stream().noneMatch(e -> "KUBE".equals(e.get("programme"))),
                "a refused group enrols nobody");

        String body = "{\"programme\": \"KUBE\", \"year\": " + YEAR + ", \"tranche\": 1}";
        String cycle = as("officer-a").contentType(ContentType.JSON).body(body)
                .post(CYCLES).then().statusCode(201).extract().path("id");
        given().queryParam("householdId", members.get(0)).get("/api/v1/entitlements").then()
                .body("amount", equalTo(List.of(20_000_000))).body("cycleId", equalTo(List.of(cycle)));
        for (String member : members.subList(1, 5)) {
            given().queryParam("householdId", member).get("/api/v1/entitlements").then().body("size()", equalTo(0));
        }
        as("officer-a").post(CYCLES + "/" + cycle + "/computation")
                .then().statusCode(200);
        given().queryParam("householdId", members.get(0)).get("/api/v1/entitlements").then().body("size()", equalTo(1));
    }

    @Test
    void graduationAppliesEachProgrammesExitPolicyAndAReversalReopensWhatItsProgrammeReopens() {
        List<String> members = households(5);
        kube(members).statusCode(201);
        String graduate = members.get(0);
        as("officer-a").contentType(ContentType.JSON)
                .body("{\"householdId\": \"" + graduate + "\", \"programme\": \"MODAL_USAHA\", "
                        + "\"justification\": \"kiosk capital recommended\"}").post(ENROLLMENTS).then().statusCode(201);

        UUID decision = UUID.randomUUID();
        AssistanceTestSupport.publishDecided(new GraduationDecided(decision, UUID.fromString(graduate), VILLAGE,
                "GRADUASI_MANDIRI", "EKONOMI_MEMBAIK", TODAY));
        awaitEnrollment(graduate, "PKH", e -> "EXITED".equals(e.get("status")));
        assertEquals("GRADUATED", enrollment(graduate, "PKH").get("exitReason"), "PKH: END_NOW");
        assertEquals("EXITED", enrollment(graduate, "MODAL_USAHA").get("status"), "capital: END_AFTER_CURRENT_CYCLE");
        Map<String, Object> kube = enrollment(graduate, "KUBE");
        assertEquals("ACTIVE", kube.get("status"), "KUBE: CONTINUE_TRANSITIONAL");
        assertEquals(TODAY.plusMonths(6).toString(), kube.get("transitionalUntil"));

        AssistanceTestSupport.publishReverted(new GraduationReverted(decision, UUID.fromString(graduate), VILLAGE,
                "GRADUASI_MANDIRI", "RELAPSE", TODAY));
        awaitEnrollment(graduate, "PKH", e -> "ACTIVE".equals(e.get("status")));
        assertEquals("EXITED", enrollment(graduate, "MODAL_USAHA").get("status"), "one-off aid does not re-open");
        assertEquals(null, enrollment(graduate, "KUBE").get("transitionalUntil"), "back to full support");
    }

    @Test
    void transitionalSupportEndsOnceItsMonthsHaveRunOut() {
        List<String> members = households(5);
        kube(members).statusCode(201);
        String graduate = members.get(1);
        AssistanceTestSupport.publishDecided(new GraduationDecided(UUID.randomUUID(), UUID.fromString(graduate), VILLAGE,
                "GRADUASI_MANDIRI", "EKONOMI_MEMBAIK", TODAY.minusMonths(7)));

        Map<String, Object> kube = awaitEnrollment(graduate, "KUBE", e -> "EXITED".equals(e.get("status")));
        assertEquals("GRADUATED", kube.get("exitReason"));
        awaitEvent(graduate, EventType.ENROLLMENT_ENDED, "\"programme\":\"KUBE\"");
        assertEquals("ACTIVE", enrollment(members.get(2), "KUBE").get("status"), "the group goes on");
    }

    // ---- helpers ----

    private static LocalDate born(int yearsAgo) {
        return TODAY.minusYears(yearsAgo).minusDays(10);
    }

    /** A household as the registry announces it, taken in by assistance when this returns. */
    private static String household(LocalDate... births) {
        UUID household = UUID.randomUUID();
        TestKafka.publish(new HouseholdRegistered(household, VILLAGE, births.length, TODAY));
        for (LocalDate birth : births) {
            add(household.toString(), UUID.randomUUID(), birth);
        }
        sync(household.toString());
        return household.toString();
    }

    /** Households of a working-age adult and a toddler: eligible for PKH and KUBE. */
    private static List<String> households(int n) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ids.add(household(born(32), born(2)));
        }
        return ids;
    }

    private static void add(String household, UUID member, LocalDate birth) {
        TestKafka.publish(new MemberAdded(UUID.fromString(household), member, "CHILD", "F", birth, null, false, false,
                false, TODAY));
    }

    private static void housing(String household, String floor, String wallCondition, String roofCondition,
            String sanitation, BigDecimal areaPerPerson) {
        TestKafka.publish(new HouseholdUpdated(UUID.fromString(household), VILLAGE, TODAY, 400_000, 380_000, 1, 0,
                false, 2, areaPerPerson, floor, "WOOD", wallCondition, roofCondition, "PROTECTED_WELL", sanitation,
                "PLN_METERED", List.of()));
        sync(household);
    }

    /**
     * Waits until assistance has applied every event published so far for the household: a re-announced
     * registration with a fresh member count comes after them on the same partition.
     */
    private static void sync(String household) {
        int marker = SYNC.incrementAndGet();
        TestKafka.publish(new HouseholdRegistered(UUID.fromString(household), VILLAGE, marker, TODAY));
        await().atMost(Duration.ofSeconds(30)).until(() -> given().get("/api/v1/households/" + household)
                .then().extract().path("memberCount"), Integer.valueOf(marker)::equals);
    }

    private static io.restassured.response.ValidatableResponse kube(List<String> households) {
        return as("officer-a").contentType(ContentType.JSON)
                .body(Map.of("name", "KUBE Maju Bersama", "villageCode", VILLAGE, "businessType", "CATERING",
                        "householdIds", households))
                .post("/api/v1/kube-groups").then();
    }

    private static io.restassured.response.ValidatableResponse suspend(String enrollment, String reason) {
        return as("officer-a").contentType(ContentType.JSON)
                .body("{\"reason\": \"" + reason + "\"}").post(ENROLLMENTS + "/" + enrollment + "/suspension").then();
    }

    private static List<Map<String, Object>> enrollments(String household) {
        return given().queryParam("householdId", household).get(ENROLLMENTS).then().statusCode(200)
                .extract().path("$");
    }

    private static Map<String, Object> enrollment(String household, String programme) {
        return enrollments(household).stream().filter(e -> programme.equals(e.get("programme"))).findFirst()
                .orElseThrow(() -> new AssertionError(household + " has no " + programme + " enrollment"));
    }

    private static Map<String, Object> awaitEnrollment(String household, String programme,
            Predicate<Map<String, Object>> condition) {
        return await().atMost(Duration.ofSeconds(30)).until(() -> enrollments(household).stream()
                .filter(e -> programme.equals(e.get("programme"))).findFirst().orElse(null),
                e -> e != null && condition.test(e));
    }

    private static void awaitEvent(String household, EventType type, String containing) {
        await().atMost(Duration.ofSeconds(30)).until(() -> TestKafka.readAll(Topics.ASSISTANCE_ENROLLMENT,
                e -> household.equals(e.key()) && type.type().equals(e.type()) && e.value().contains(containing)),
                l -> !l.isEmpty());
    }

    private static Map<String, Object> verdict(List<Map<String, Object>> verdicts, String programme) {
        return verdicts.stream().filter(v -> programme.equals(v.get("programme"))).findFirst().orElseThrow();
    }

    @SuppressWarnings("unchecked")
    private static String explanation(Map<String, Object> verdict, int i) {
        List<Map<String, Object>> reasons = (List<Map<String, Object>>) verdict.get("reasons");
        assertFalse(reasons.isEmpty());
        return (String) reasons.get(i).get("explanation");
    }
}
