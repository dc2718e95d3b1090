package id.graduasi.registry;

import static id.graduasi.registry.RegistryTestSupport.family;
import static id.graduasi.registry.RegistryTestSupport.householdJson;
import static id.graduasi.registry.RegistryTestSupport.randomKk;
import static id.graduasi.registry.RegistryTestSupport.randomPerson;
import static id.graduasi.registry.RegistryTestSupport.registerHousehold;
import static id.graduasi.registry.RegistryTestSupport.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import id.graduasi.events.contract.Topics;
import id.graduasi.testing.GraduasiTestResource;
import id.graduasi.testing.TestKafka;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

@QuarkusTest
@QuarkusTestResource(value = GraduasiTestResource.class, restrictToAnnotatedClass = false)
class HouseholdRegistrationTest {

    @Test
    void registeringAHouseholdAnnouncesItAndItsMembersWithoutPersonalData() throws Exception {
        String kk = randomKk();
        List<RegistryTestSupport.Person> family = family();
        String id = given().contentType(ContentType.JSON).body(householdJson(kk, family))
                .post("/api/v1/households")
                .then().statusCode(201)
                .body("villageName", equalTo("Rawa Makmur"))
                .body("members.size()", equalTo(3))
                .body("members[0].nik", startsWith("************"))
                .extract().path("id");

        List<TestKafka.Event> events = await().atMost(Duration.ofSeconds(20)).until(
                () -> TestKafka.readAll(Topics.REGISTRY_HOUSEHOLD, e -> id.equals(e.key())), l -> l.size() == 4);
        assertEquals(List.of("id.graduasi.registry.household.registered.v1", "id.graduasi.registry.member.added.v1",
                "id.graduasi.registry.member.added.v1", "id.graduasi.registry.member.added.v1"),
                events.stream().map(TestKafka.Event::type).toList());
        TestKafka.Event registered = events.get(0);
        assertEquals("1.0", registered.headers().get("ce_specversion"));
        assertEquals("/graduasi/registry-service", registered.headers().get("ce_source"));
        assertEquals(id, registered.subject());
        assertEquals("application/json", registered.headers().get("content-type"));
        for (TestKafka.Event event : events) {
            assertFalse(event.value().contains(kk), "the KK number stays out of events");
            for (RegistryTestSupport.Person person : family) {
                assertFalse(event.value().contains(person.nik()), "NIKs stay out of events");
                assertFalse(event.value().contains(person.name()), "names stay out of events");
            }
        }

        // In the database the NIK is neither stored nor searchable in clear.
        try (Connection db = DriverManager.getConnection(
                ConfigProvider.getConfig().getValue("quarkus.datasource.jdbc.url", String.class), "postgres", "")) {
            ResultSet rs = db.createStatement().executeQuery(
                    "select nik_hash, nik_encrypted from member where household_id = '" + id + "'");
            while (rs.next()) {
                for (RegistryTestSupport.Person person : family) {
                    assertFalse(rs.getString(1).contains(person.nik()) || rs.getString(2).contains(person.nik()));
                }
            }
        }
    }

    @Test
    void aSecondHouseholdWithTheSameKkNumberIsAConflictNamingTheExistingHousehold() {
        String kk = randomKk();
        String id = registerHousehold(kk);

        given().contentType(ContentType.JSON).body(householdJson(kk, family()))
                .post("/api/v1/households")
                .then().statusCode(409)
                .contentType("application/problem+json")
                .body("errors[0].field", equalTo("kkNumber"))
                .body("detail", containsString(id));
    }

    @Test
    void aPersonIsAnActiveMemberOfOneHouseholdOnly() {
        List<RegistryTestSupport.Person> family = family();
        String first = given().contentType(ContentType.JSON).body(householdJson(randomKk(), family))
                .post("/api/v1/households").then().statusCode(201).extract().path("id");

        // The same mother on another KK.
        given().contentType(ContentType.JSON)
                .body(householdJson(randomKk(), List.of(family.get(0), randomPerson("CHILD", "M", 3, 10))))
                .post("/api/v1/households")
                .then().statusCode(409).contentType("application/problem+json")
                .body("errors[0].field", equalTo("nik"))
                .body("detail", containsString(first));
    }

    @Test
    void concurrentRegistrationsOfOneKkNumberCreateOneHouseholdAndTheRestAreConflicts() throws Exception {
        String kk = randomKk();
        var pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Integer>> statuses = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                statuses.add(pool.submit(() -> given().contentType(ContentType.JSON).body(householdJson(kk, family()))
                        .post("/api/v1/households").statusCode()));
            }
            List<Integer> codes = new ArrayList<>();
            for (Future<Integer> status : statuses) {
                codes.add(status.get(30, TimeUnit.SECONDS));
            }
            Collections.sort(codes);
            assertEquals(List.of(201, 409, 409, 409, 409, 409, 409, 409), codes);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void invalidFieldsAreABadRequestNamingEachFieldAndNothingIsWritten() {
        given().contentType(ContentType.JSON)
                .body("""
                        {"kkNumber": "12345", "villageCode": "64.72.01.9999", "welfareCategory": "MISKIN",
                         "dtsenDecile": 11, "registrationSource": "OFFICER", "members": []}
                        """)
                .post("/api/v1/households")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("status", equalTo(400))
                .body("errors.field", hasItems("kkNumber", "dtsenDecile", "members"));

        // Well-formed but inconsistent: an unknown village, a NIK that says "woman" for a man, no head.
        var man = randomPerson("SPOUSE", "M", 30, 50);
        var womanNik = RegistryTestSupport.nik("F", man.birthDate(), 1234);
        var inconsistent = new RegistryTestSupport.Person(womanNik, man.name(), "M", man.birthDate(), "SPOUSE");
        String kk = randomKk();
        given().contentType(ContentType.JSON)
                .body(householdJson(kk, List.of(inconsistent)).replace("64.72.01.1001", "64.72.01.9999"))
                .post("/api/v1/households")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", hasItems("villageCode", "members", "members[0].nik"))
                .body("detail", containsString("declared sex"));
        given().get("/api/v1/households?kk=" + kk).then().statusCode(200).body("total", equalTo(0));
    }

    @Test
    void malformedJsonWrongTypesAndUnknownEnumValuesAreBadRequests() {
        given().contentType(ContentType.JSON).body("{\"kkNumber\": ")
                .post("/api/v1/households")
                .then().statusCode(400).contentType("application/problem+json");

        given().contentType(ContentType.JSON)
                .body(householdJson(randomKk(), family()).replace("\"dtsenDecile\": 2", "\"dtsenDecile\": \"two\""))
                .post("/api/v1/households")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("dtsenDecile"));

        given().contentType(ContentType.JSON)
                .body(householdJson(randomKk(), family()).replace("\"MISKIN\"", "\"KAYA\""))
                .post("/api/v1/households")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("welfareCategory"));

        String id = registerHousehold(randomKk());
        given().contentType(ContentType.JSON).body("{\"status\": \"RICH\"}")
                .post("/api/v1/households/" + id + "/status")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("status"));
    }

    @Test
    void anOfficersNoteStaysInTheRegistryAndOnlyTheReasonCodeTravels() {
        String id = registerHousehold(randomKk());
        given().contentType(ContentType.JSON).body("{\"status\": \"VERIFIED\", \"reason\": \"visited Siti at home\"}")
                .post("/api/v1/households/" + id + "/status")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("reason"));

        given().contentType(ContentType.JSON)
                .body("{\"status\": \"VERIFIED\", \"reason\": \"FIELD_VERIFICATION\", \"note\": \"met Siti Aminah, NIK 6472015503900001\"}")
                .post("/api/v1/households/" + id + "/status")
                .then().statusCode(200);
        given().get("/api/v1/households/" + id + "/status-history")
                .then().body("[1].note", containsString("Siti Aminah"));
        List<TestKafka.Event> events = await().atMost(Duration.ofSeconds(20)).until(
                () -> TestKafka.readAll(Topics.REGISTRY_HOUSEHOLD, e -> id.equals(e.key())).stream()
                        .filter(e -> e.type().endsWith("status-changed.v1")).toList(), l -> l.size() == 1);
        assertTrue(events.get(0).value().contains("FIELD_VERIFICATION"));
        assertFalse(events.get(0).value().contains("Siti") || events.get(0).value().contains("6472015503900001"));
    }

    @Test
    void aStatusChangeAnswersWithTheHouseholdAsAReadAfterItReturnsIt() {
        String id = registerHousehold(randomKk());
        java.util.Map<String, Object> answered = given().contentType(ContentType.JSON)
                .body("{\"status\": \"VERIFIED\", \"reason\": \"FIELD_VERIFICATION\"}")
                .post("/api/v1/households/" + id + "/status")
                .then().statusCode(200).body("status", equalTo("VERIFIED")).body("revision", equalTo(1))
                .extract().jsonPath().getMap("");
        java.util.Map<String, Object> read = given().get("/api/v1/households/" + id)
                .then().statusCode(200).extract().jsonPath().getMap("");
        assertEquals(read, answered);
    }

    @Test
    void anInvalidStatusTransitionIsAConflictAndAnUnknownHouseholdIsNotFound() {
        String id = registerHousehold(randomKk());
        given().contentType(ContentType.JSON).body("{\"status\": \"ACTIVE\"}")
                .post("/api/v1/households/" + id + "/status")
                .then().statusCode(409).contentType("application/problem+json")
                .body("detail", containsString("REGISTERED"));
        given().contentType(ContentType.JSON).body("{\"status\": \"GRADUATED\"}")
                .post("/api/v1/households/" + id + "/status")
                .then().statusCode(409).body("detail", containsString("graduation decision"));

        given().get("/api/v1/households/00000000-0000-0000-0000-000000000000")
                .then().statusCode(404).contentType("application/problem+json");
        given().get("/api/v1/households/not-a-uuid")
                .then().statusCode(404);
    }
}
