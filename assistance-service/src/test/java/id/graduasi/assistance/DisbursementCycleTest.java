package id.graduasi.assistance;

import static id.graduasi.assistance.AssistanceTestSupport.as;
import static id.graduasi.assistance.AssistanceTestSupport.given;
import static id.graduasi.assistance.AssistanceTestSupport.withToken;
import static org.hamcrest.Matchers.containsString;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import id.graduasi.events.contract.EventSchemas;
import id.graduasi.events.contract.EventType;
import id.graduasi.events.contract.GraduationDecided;
import id.graduasi.events.contract.HouseholdRegistered;
import id.graduasi.events.contract.HouseholdStatusChanged;
import id.graduasi.events.contract.MemberAdded;
import id.graduasi.events.contract.Topics;
import id.graduasi.security.Roles;
import id.graduasi.testing.GraduasiTestResource;
import id.graduasi.testing.TestKafka;
import id.graduasi.testing.TestTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;

/**
 * PKH cycles against the real database and broker. Each test uses a year of its own: a cycle is one per
 * programme, year and tranche, and the test database is shared by the class.
 */
@QuarkusTest
@QuarkusTestResource(value = GraduasiTestResource.class, restrictToAnnotatedClass = false)
class DisbursementCycleTest {

    private static final String CYCLES = "/api/v1/disbursement-cycles";

    @Test
    void aCycleEntitlesEachActiveFamilyToItsBestFourComponentsOnceAndNeedsASecondPairOfEyes() throws Exception {
        int year = 2031;
        LocalDate reference = LocalDate.of(year, 1, 1);
        // Five members who each earn a component: the four best paid count.
        String family = household(
                member(reference.minusYears(30), null, false, false, true),    // PREGNANT 750,000
                member(reference.minusYears(3), null, false, false, false),    // EARLY_CHILDHOOD 750,000
                member(reference.minusYears(8), "SD", true, false, false),     // PRIMARY_SCHOOL 225,000
                member(reference.minusYears(13), "SMP", true, false, false),   // JUNIOR_SECONDARY 375,000
                member(reference.minusYears(16), "SMA", true, false, false));  // SENIOR_SECONDARY 500,000
        String adultsOnly = household(member(reference.minusYears(35), "SMA", false, false, false));

        String body = "{\"programme\": \"PKH\", \"year\": " + year + ", \"tranche\": 1}";
        var created = as("officer-a").contentType(ContentType.JSON)
                .header("Idempotency-Key", "create-" + year).body(body).post(CYCLES)
                .then().statusCode(201).extract();
        String cycle = created.path("id");
        assertTrue(created.header("Location").endsWith(CYCLES + "/" + cycle), created.header("Location"));
        given().get(CYCLES + "/" + cycle).then().statusCode(200)
                .body("status", equalTo("DRAFT"))
                .body("referenceDate", equalTo(reference.toString()));

        List<Map<String, Object>> entitlements = given().get(CYCLES + "/" + cycle + "/entitlements")
                .then().statusCode(200).extract().path("items");
        Map<String, Object> owed = entitlements.stream().filter(e -> family.equals(e.get("householdId")))
                .findFirst().orElseThrow();
        assertEquals(2_375_000, owed.get("amount"));
        assertEquals(List.of("EARLY_CHILDHOOD", "PREGNANT", "SENIOR_SECONDARY", "JUNIOR_SECONDARY"),
                owed.get("components"));
        assertEquals(0, entitlements.stream().filter(e -> adultsOnly.equals(e.get("householdId"))).count(),
                "a family without a component is owed nothing");

        // The same command again (a client retry) answers as the first time; the same cycle asked for again
        // under another key is the existing cycle; nothing new either way.
        as("officer-a").contentType(ContentType.JSON)
                .header("Idempotency-Key", "create-" + year).body(body).post(CYCLES)
                .then().statusCode(201).header("Idempotent-Replayed", "true").body("id", equalTo(cycle));
        as("officer-a").contentType(ContentType.JSON).body(body).post(CYCLES)
                .then().statusCode(200).body("id", equalTo(cycle));
        RestAssured.given().post(CYCLES + "/" + cycle + "/computation").then().statusCode(401)
                .contentType("application/problem+json");
        // A cycle spans every region: an officer of one city may not compute it.
        withToken(TestTokens.token("officer-samarinda", Set.of(Roles.OFFICER), Set.of("64.72")))
                .post(CYCLES + "/" + cycle + "/computation").then().statusCode(403)
                .contentType("application/problem+json");
        as("officer-a").post(CYCLES + "/" + cycle + "/computation")
                .then().statusCode(200).body("entitlementCount", equalTo(entitlementsOf(cycle).size()));
        assertEquals(1, entitlementsOf(cycle).stream().filter(e -> family.equals(e.get("householdId"))).count());
        // The key of one request cannot be reused for another.
        as("officer-a").contentType(ContentType.JSON)
                .header("Idempotency-Key", "create-" + year).body(body.replace("\"tranche\": 1", "\"tranche\": 2"))
                .post(CYCLES).then().statusCode(422).contentType("application/problem+json")
                .body("errors[0].field", equalTo("Idempotency-Key"));

        // Four eyes: the token's user created the cycle, so even with the SUPERVISOR role it may not approve it.
        as("officer-a").post(CYCLES + "/" + cycle + "/approval")
                .then().statusCode(403).contentType("application/problem+json")
                .body("detail", containsString("someone other than its creator"));
        as("supervisor-b").header("Idempotency-Key", "approve-" + year)
                .post(CYCLES + "/" + cycle + "/approval").then().statusCode(200)
                .body("status", equalTo("APPROVED")).body("approvedBy", equalTo("supervisor-b"));
        as("supervisor-b").header("Idempotency-Key", "approve-" + year)
                .post(CYCLES + "/" + cycle + "/approval").then().statusCode(200)
                .header("Idempotent-Replayed", "true");
        as("supervisor-c").post(CYCLES + "/" + cycle + "/approval")
                .then().statusCode(409);
        as("officer-a").post(CYCLES + "/" + cycle + "/computation")
                .then().statusCode(409);
        given().queryParam("householdId", family).get("/api/v1/entitlements").then()
                .body("status", equalTo(List.of("APPROVED")));

        // Approval announced each entitlement once, in a payload its schema accepts (built in SQL, so proven here).
        List<TestKafka.Event> approved = await().atMost(Duration.ofSeconds(30)).until(() -> TestKafka.readAll(
                Topics.ASSISTANCE_ENROLLMENT, e -> family.equals(e.key())
                        && EventType.ENTITLEMENT_APPROVED.type().equals(e.type())), l -> !l.isEmpty());
        assertEquals(1, approved.size());
        JsonNode payload = new ObjectMapper().readTree(approved.get(0).value());
        assertEquals(List.of(), EventSchemas.get().validate(EventType.ENTITLEMENT_APPROVED, payload));
        assertEquals(2_375_000, payload.get("amount").asLong());
        assertEquals(cycle, payload.get("cycleId").asText());
        assertEquals(year, payload.get("year").asInt());
        assertEquals(LocalDate.now(java.time.ZoneOffset.UTC).toString(), payload.get("approvedOn").asText());
    }

    @Test
    void aGraduatedFamilyIsOwedNothingNotYetPaidAndIsLeftOutOfLaterCycles() {
        int year = 2016;
        LocalDate reference = LocalDate.of(year, 1, 1);
        // The child under 7 on the reference date earns 750,000; the one born after it (who makes the family
        // eligible today) earns nothing in this cycle.
        String family = household(member(reference.minusYears(2), null, false, false, false),
                member(AssistanceTestSupport.bornHalfAYearAgo(), null, false, false, false));
        String cycle = create(year, 1, "officer-a");
        given().queryParam("householdId", family).get("/api/v1/entitlements").then()
                .body("status", equalTo(List.of("DRAFT"))).body("[0].amount", equalTo(750_000));

        AssistanceTestSupport.publishDecided(new GraduationDecided(UUID.randomUUID(), UUID.fromString(family), "64.72.01.1001",
                "GRADUASI_MANDIRI", "EKONOMI_MEMBAIK", LocalDate.now()));
        await().atMost(Duration.ofSeconds(30)).until(() -> given().queryParam("householdId", family)
                .get("/api/v1/entitlements").then().extract().path("[0].status"), "CANCELLED"::equals);
        given().queryParam("householdId", family).get("/api/v1/entitlements").then()
                .body("[0].statusReason", equalTo("GRADUATED"));
        given().get(CYCLES + "/" + cycle).then().body("entitlementCount", equalTo(
                (int) entitlementsOf(cycle).stream().filter(e -> !"CANCELLED".equals(e.get("status"))).count()));

        String next = create(year, 2, "officer-a");
        given().get(CYCLES + "/" + next + "/entitlements").then()
                .body("items.householdId", org.hamcrest.Matchers.not(hasItem(family)));
    }

    @Test
    void badCommandsAreRefusedNamingTheFieldAndCreateNothing() {
        RestAssured.given().contentType(ContentType.JSON)
                .body("{\"programme\": \"PKH\", \"year\": 2033, \"tranche\": 1}")
                .post(CYCLES).then().statusCode(401).contentType("application/problem+json");
        as("officer-a").contentType(ContentType.JSON)
                .body("{\"programme\": \"PKH\", \"year\": 2033, \"tranche\": 5}").post(CYCLES)
                .then().statusCode(400).body("errors[0].field", equalTo("tranche"));
        as("officer-a").contentType(ContentType.JSON)
                .body("{\"programme\": \"BANSOS_X\", \"year\": 2033, \"tranche\": 1}").post(CYCLES)
                .then().statusCode(400).body("errors[0].field", equalTo("programme"));
        // KUBE is capped by its allocation, and 2099 has none: nothing may be committed.
        as("officer-a").contentType(ContentType.JSON)
                .body("{\"programme\": \"KUBE\", \"year\": 2099, \"tranche\": 1}").post(CYCLES)
                .then().statusCode(409).body("errors[0].field", equalTo("year"));
        as("officer-a").contentType(ContentType.JSON) // no cycle was left behind
                .body("{\"programme\": \"KUBE\", \"year\": 2099, \"tranche\": 1}").post(CYCLES)
                .then().statusCode(409);
        as("officer-a").contentType(ContentType.JSON)
                .body("{\"programme\": \"PKH\", \"year\": \"soon\", \"tranche\": 1}").post(CYCLES)
                .then().statusCode(400).contentType("application/problem+json");
        as("officer-a").contentType(ContentType.JSON)
                .header("Idempotency-Key", "x".repeat(201))
                .body("{\"programme\": \"PKH\", \"year\": 2033, \"tranche\": 1}").post(CYCLES)
                .then().statusCode(400).body("errors[0].field", equalTo("Idempotency-Key"));
        as("officer-a").contentType(ContentType.JSON)
                .body("{\"programme\": \"PKH\", \"year\": 2033, \"tranche\": 1}").post(CYCLES)
                .then().statusCode(201).body("approvedBy", nullValue());
    }

    private static String create(int year, int tranche, String user) {
        return as(user).contentType(ContentType.JSON)
                .body("{\"programme\": \"PKH\", \"year\": " + year + ", \"tranche\": " + tranche + "}")
                .post(CYCLES).then().statusCode(201).extract().path("id");
    }

    private static List<Map<String, Object>> entitlementsOf(String cycle) {
        return given().queryParam("limit", 1000).get(CYCLES + "/" + cycle + "/entitlements").then().statusCode(200)
                .extract().path("items");
    }

    private record Person(LocalDate born, String education, boolean enrolled, boolean disability, boolean pregnant) {
    }

    private static Person member(LocalDate born, String education, boolean enrolled, boolean disability,
            boolean pregnant) {
        return new Person(born, education, enrolled, disability, pregnant);
    }

    /** A household as the registry announces it; returns once assistance has taken in all of it. */
    private static String household(Person... people) {
        UUID household = UUID.randomUUID();
        TestKafka.publish(new HouseholdRegistered(household, "64.72.01.1001", people.length, LocalDate.now()));
        for (Person p : people) {
            TestKafka.publish(new MemberAdded(household, UUID.randomUUID(), "CHILD", p.pregnant() ? "F" : "M",
                    p.born(), p.education(), p.enrolled(), p.disability(), p.pregnant(), LocalDate.now()));
        }
        // Same key, same partition: once this is applied, every event before it was too.
        TestKafka.publish(new HouseholdStatusChanged(household, "64.72.01.1001", "REGISTERED", "VERIFIED",
                "FIELD_VERIFICATION", Instant.now()));
        await().atMost(Duration.ofSeconds(30)).until(() -> given().get("/api/v1/households/" + household)
                .then().extract().path("status"), "VERIFIED"::equals);
        return household.toString();
    }
}
