package id.graduasi.registry;

import static id.graduasi.registry.RegistryTestSupport.householdJson;
import static id.graduasi.registry.RegistryTestSupport.nik;
import static id.graduasi.registry.RegistryTestSupport.randomKk;
import static id.graduasi.registry.RegistryTestSupport.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import id.graduasi.events.contract.Topics;
import id.graduasi.testing.GraduasiTestResource;
import id.graduasi.testing.TestKafka;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

@QuarkusTest
@QuarkusTestResource(value = GraduasiTestResource.class, restrictToAnnotatedClass = false)
class DuplicateTest {

    @Test
    void theSamePersonUnderTwoNiksIsFlaggedAndMergingMovesTheFamilyAndExitsTheDuplicate() {
        LocalDate born = LocalDate.of(1981, 7, 19);
        var mother = new RegistryTestSupport.Person(nik("F", born, 4321), "Sri Wahyuningsih", "F", born, "HEAD");
        // Not a random person: a random child (a "Warga N" born on one of 1,800 days) now and then matched another
        // test's random person (same village, same birth date, near-same name) and made a second candidate.
        LocalDate childBorn = LocalDate.of(2016, 2, 29);
        var child = new RegistryTestSupport.Person(nik("M", childBorn, 4321), "Bagas Wahyu Pratama", "M", childBorn,
                "CHILD");
        String survivor = given().contentType(ContentType.JSON).body(householdJson(randomKk(), List.of(mother)))
                .post("/api/v1/households").then().statusCode(201).extract().path("id");

        // Another office registered her again, spelled differently and with a mistyped NIK serial.
        var again = new RegistryTestSupport.Person(nik("F", born, 4312), "SRI WAHYUNINGSI", "F", born, "HEAD");
        String duplicate = given().contentType(ContentType.JSON).body(householdJson(randomKk(), List.of(again, child)))
                .post("/api/v1/households").then().statusCode(201).extract().path("id");

        List<Map<String, Object>> open = given().get("/api/v1/duplicate-candidates").then().statusCode(200)
                .extract().path("findAll { it.householdId == '" + duplicate + "' }");
        assertEquals(1, open.size());
        assertEquals(survivor, open.get(0).get("otherHouseholdId"));
        assertTrue(((String) open.get(0).get("reason")).contains("nearly the same name"));

        given().contentType(ContentType.JSON).body("{\"survivorId\": \"" + survivor + "\"}")
                .post("/api/v1/households/" + duplicate + "/merge")
                .then().statusCode(200)
                .body("id", equalTo(survivor))
                .body("members.size()", equalTo(2))
                .body("members.name", hasItem(child.name()));
        given().get("/api/v1/households/" + duplicate).then().body("status", equalTo("EXITED"))
                .body("members.size()", equalTo(0));
        given().get("/api/v1/households/" + duplicate + "/status-history").then()
                .body("[-1].reason", equalTo("DUPLICATE"));
        given().queryParam("status", "MERGED").get("/api/v1/duplicate-candidates").then()
                .body("id", hasItem(open.get(0).get("id")));

        List<String> types = await().atMost(Duration.ofSeconds(20)).until(
                () -> TestKafka.readAll(Topics.REGISTRY_HOUSEHOLD, e -> duplicate.equals(e.key())).stream()
                        .map(TestKafka.Event::type).toList(),
                l -> l.contains("id.graduasi.registry.household.status-changed.v1"));
        assertEquals(2, types.stream().filter(t -> t.endsWith("member.removed.v1")).count());

        // Merging again is a conflict: the duplicate has exited.
        given().contentType(ContentType.JSON).body("{\"survivorId\": \"" + survivor + "\"}")
                .post("/api/v1/households/" + duplicate + "/merge")
                .then().statusCode(409);
    }

    @Test
    void differentPeopleAreNotFlaggedAndAFlagCanBeDismissedOnce() {
        LocalDate born = LocalDate.of(1975, 1, 2);
        var first = new RegistryTestSupport.Person(nik("M", born, 1111), "Ahmad Yani", "M", born, "HEAD");
        var other = new RegistryTestSupport.Person(nik("M", born, 2222), "Budi Santoso", "M", born, "HEAD");
        var namesake = new RegistryTestSupport.Person(nik("M", born, 3333), "Ahmad Yani", "M", born, "HEAD");
        given().contentType(ContentType.JSON).body(householdJson(randomKk(), List.of(first)))
                .post("/api/v1/households").then().statusCode(201);
        String unrelated = given().contentType(ContentType.JSON).body(householdJson(randomKk(), List.of(other)))
                .post("/api/v1/households").then().statusCode(201).extract().path("id");
        String flagged = given().contentType(ContentType.JSON).body(householdJson(randomKk(), List.of(namesake)))
                .post("/api/v1/households").then().statusCode(201).extract().path("id");

        List<Map<String, Object>> open = given().get("/api/v1/duplicate-candidates").then()
                .extract().path("findAll { it.householdId == '" + flagged + "' || it.householdId == '" + unrelated + "' }");
        assertEquals(1, open.size(), "only the namesake is flagged");

        String id = (String) open.get(0).get("id");
        given().post("/api/v1/duplicate-candidates/" + id + "/dismiss").then().statusCode(200)
                .body("status", equalTo("DISMISSED"));
        given().post("/api/v1/duplicate-candidates/" + id + "/dismiss").then().statusCode(409);
        given().queryParam("status", "MAYBE").get("/api/v1/duplicate-candidates").then().statusCode(400)
                .body("errors[0].field", equalTo("status"));
    }
}
