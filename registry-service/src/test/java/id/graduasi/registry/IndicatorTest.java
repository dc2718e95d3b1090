package id.graduasi.registry;

import static id.graduasi.registry.RegistryTestSupport.randomKk;
import static id.graduasi.registry.RegistryTestSupport.registerHousehold;
import static id.graduasi.registry.RegistryTestSupport.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
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
class IndicatorTest {

    static String observation(String observedOn, long expenditure, String floor) {
        return """
                {"observedOn": "%s", "incomePerCapitaMonth": 700000, "expenditurePerCapitaMonth": %d,
                 "incomeSources": 1, "savings": 0, "businessActive": false, "mealsPerDay": 2,
                 "floorAreaPerPerson": 6.5, "floorMaterial": "%s", "wallMaterial": "BAMBOO",
                 "wallCondition": "DAMAGED", "roofCondition": "GOOD", "drinkingWater": "UNPROTECTED_WELL",
                 "sanitation": "NONE", "electricity": "PLN_UNMETERED", "assets": ["SMARTPHONE", "LIVESTOCK"]}
                """.formatted(observedOn, expenditure, floor);
    }

    @Test
    void observationsAreKeptAsDatedHistoryAndEachIsAnnounced() {
        String id = registerHousehold(randomKk());
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        given().contentType(ContentType.JSON).body(observation(today.minusMonths(6).toString(), 560_000, "EARTH"))
                .post("/api/v1/households/" + id + "/indicators").then().statusCode(201);
        given().contentType(ContentType.JSON).body(observation(today.toString(), 910_000, "CEMENT"))
                .post("/api/v1/households/" + id + "/indicators").then().statusCode(201)
                .body("assets", equalTo(List.of("SMARTPHONE", "LIVESTOCK")));

        given().get("/api/v1/households/" + id + "/indicators").then().statusCode(200)
                .body("size()", equalTo(2))
                .body("[0].expenditurePerCapitaMonth", equalTo(910000))
                .body("[1].floorMaterial", equalTo("EARTH"));

        List<TestKafka.Event> updates = await().atMost(Duration.ofSeconds(20)).until(
                () -> TestKafka.readAll(Topics.REGISTRY_HOUSEHOLD, e -> id.equals(e.key())).stream()
                        .filter(e -> e.type().equals("id.graduasi.registry.household.updated.v1")).toList(),
                l -> l.size() == 2);
        assertTrue(updates.get(1).value().contains("\"expenditurePerCapitaMonth\":910000"));
    }

    @Test
    void impossibleObservationsAreRefusedNamingTheField() {
        String id = registerHousehold(randomKk());
        String tomorrow = LocalDate.now(ZoneOffset.UTC).plusDays(1).toString();
        given().contentType(ContentType.JSON).body(observation(tomorrow, 500_000, "EARTH"))
                .post("/api/v1/households/" + id + "/indicators")
                .then().statusCode(400).body("errors[0].field", equalTo("observedOn"));
        given().contentType(ContentType.JSON).body(observation("2026-01-01", -1, "EARTH"))
                .post("/api/v1/households/" + id + "/indicators")
                .then().statusCode(400).body("errors[0].field", equalTo("expenditurePerCapitaMonth"));
        given().contentType(ContentType.JSON).body(observation("2026-01-01", 500_000, "MARBLE"))
                .post("/api/v1/households/" + id + "/indicators")
                .then().statusCode(400).body("errors[0].field", equalTo("floorMaterial"));
        given().contentType(ContentType.JSON).body(observation("2026-01-01", 500_000, "EARTH"))
                .post("/api/v1/households/" + java.util.UUID.randomUUID() + "/indicators")
                .then().statusCode(404);
        given().get("/api/v1/households/" + id + "/indicators").then().body("size()", equalTo(0));
    }
}
