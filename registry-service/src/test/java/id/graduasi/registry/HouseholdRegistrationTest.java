package id.graduasi.registry;

import static id.graduasi.registry.RegistryTestSupport.randomKk;
import static id.graduasi.registry.RegistryTestSupport.registerHousehold;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.List;

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
    void registeringAHouseholdPublishesHouseholdRegisteredAsABinaryCloudEventWithoutPersonalData() {
        String kk = randomKk();
        String id = registerHousehold(kk);

        List<TestKafka.Event> events = await().atMost(Duration.ofSeconds(20)).until(
                () -> TestKafka.readAll(Topics.REGISTRY_HOUSEHOLD, e -> id.equals(e.key())), l -> !l.isEmpty());

        TestKafka.Event event = events.get(0);
        assertEquals(1, events.size());
        assertEquals("id.graduasi.registry.household.registered.v1", event.type());
        assertEquals("1.0", event.headers().get("ce_specversion"));
        assertEquals("/graduasi/registry-service", event.headers().get("ce_source"));
        assertEquals(id, event.subject());
        assertEquals("application/json", event.headers().get("content-type"));
        assertFalse(event.value().contains(kk), "the KK number stays out of events");
        assertFalse(event.value().contains("Siti"), "names stay out of events");
    }

    @Test
    void aSecondHouseholdWithTheSameKkNumberIsAConflictNamingTheExistingHousehold() {
        String kk = randomKk();
        String id = registerHousehold(kk);

        given().contentType(ContentType.JSON)
                .body("""
                        {"kkNumber": "%s", "villageCode": "64.72.01.1002", "headName": "Budi", "memberCount": 3}
                        """.formatted(kk))
                .post("/api/v1/households")
                .then().statusCode(409)
                .contentType("application/problem+json")
                .body("errors[0].field", equalTo("kkNumber"))
                .body("detail", containsString(id));
    }

    @Test
    void concurrentRegistrationsOfOneKkNumberCreateOneHouseholdAndTheRestAreConflicts() throws Exception {
        String kk = randomKk();
        var pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Integer>> statuses = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                statuses.add(pool.submit(() -> given().contentType(ContentType.JSON)
                        .body("""
                                {"kkNumber": "%s", "villageCode": "64.72.01.1001", "headName": "Siti", "memberCount": 2}
                                """.formatted(kk))
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
                        {"kkNumber": "12345", "villageCode": "6472011001", "headName": " ", "memberCount": 0}
                        """)
                .post("/api/v1/households")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("status", equalTo(400))
                .body("errors.field", hasItems("kkNumber", "villageCode", "headName", "memberCount"));
    }

    @Test
    void malformedJsonWrongTypesAndUnknownStatusesAreBadRequests() {
        given().contentType(ContentType.JSON).body("{\"kkNumber\": ")
                .post("/api/v1/households")
                .then().statusCode(400).contentType("application/problem+json");

        given().contentType(ContentType.JSON)
                .body("{\"kkNumber\": \"6472011503090001\", \"villageCode\": \"64.72.01.1001\", \"headName\": \"X\", \"memberCount\": \"four\"}")
                .post("/api/v1/households")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("memberCount"));

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
                () -> TestKafka.readAll(Topics.REGISTRY_HOUSEHOLD, e -> id.equals(e.key())), l -> l.size() == 2);
        assertTrue(events.get(1).value().contains("FIELD_VERIFICATION"));
        assertFalse(events.get(1).value().contains("Siti") || events.get(1).value().contains("6472015503900001"));
    }

    @Test
    void anInvalidStatusTransitionIsAConflictAndAnUnknownHouseholdIsNotFound() {
        String id = registerHousehold(randomKk());
        given().contentType(ContentType.JSON).body("{\"status\": \"GRADUATED\"}")
                .post("/api/v1/households/" + id + "/status")
                .then().statusCode(409).contentType("application/problem+json")
                .body("detail", containsString("REGISTERED"));

        given().get("/api/v1/households/00000000-0000-0000-0000-000000000000")
                .then().statusCode(404).contentType("application/problem+json");
        given().get("/api/v1/households/not-a-uuid")
                .then().statusCode(404);
    }
}
