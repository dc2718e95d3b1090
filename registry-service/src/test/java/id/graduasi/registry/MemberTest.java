package id.graduasi.registry;

import static id.graduasi.registry.RegistryTestSupport.randomKk;
import static id.graduasi.registry.RegistryTestSupport.randomPerson;
import static id.graduasi.registry.RegistryTestSupport.registerHousehold;
import static id.graduasi.registry.RegistryTestSupport.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
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
class MemberTest {

    @Test
    void aBabyIsAddedAndALodgerRemovedAndBothAreAnnounced() {
        String id = registerHousehold(randomKk());
        var baby = randomPerson("CHILD", "F", 0, 0);

        String babyId = given().contentType(ContentType.JSON).body(baby.json())
                .post("/api/v1/households/" + id + "/members")
                .then().statusCode(201).body("nik", equalTo("************" + baby.nik().substring(12)))
                .extract().path("id");
        given().get("/api/v1/households/" + id).then().body("members.size()", equalTo(4));

        given().queryParam("reason", "MOVED").delete("/api/v1/households/" + id + "/members/" + babyId)
                .then().statusCode(204);
        given().get("/api/v1/households/" + id).then().body("members.size()", equalTo(3));

        List<String> types = await().atMost(Duration.ofSeconds(20)).until(
                () -> TestKafka.readAll(Topics.REGISTRY_HOUSEHOLD, e -> id.equals(e.key())).stream()
                        .map(TestKafka.Event::type).toList(), l -> l.size() == 6);
        assertEquals("id.graduasi.registry.member.added.v1", types.get(4));
        assertEquals("id.graduasi.registry.member.removed.v1", types.get(5));

        // Removed, the person may join another household.
        String other = registerHousehold(randomKk());
        given().contentType(ContentType.JSON).body(baby.json())
                .post("/api/v1/households/" + other + "/members").then().statusCode(201);
    }

    @Test
    void badMemberChangesAreRefusedNamingTheField() {
        String id = registerHousehold(randomKk());
        given().contentType(ContentType.JSON).body(randomPerson("HEAD", "M", 30, 40).json())
                .post("/api/v1/households/" + id + "/members")
                .then().statusCode(400).body("errors[0].field", equalTo("relationship"));
        var man = randomPerson("SPOUSE", "M", 30, 40);
        given().contentType(ContentType.JSON).body(man.json().replace("\"schoolEnrolled\"", "\"pregnant\": true, \"schoolEnrolled\""))
                .post("/api/v1/households/" + id + "/members")
                .then().statusCode(400).body("errors[0].field", equalTo("pregnant"));
        given().queryParam("reason", "moved away").delete("/api/v1/households/" + id + "/members/"
                + java.util.UUID.randomUUID()).then().statusCode(400).body("errors[0].field", equalTo("reason"));
        given().queryParam("reason", "MOVED").delete("/api/v1/households/" + id + "/members/"
                + java.util.UUID.randomUUID()).then().statusCode(404);
        String head = given().get("/api/v1/households/" + id).then()
                .extract().path("members.find { it.relationship == 'HEAD' }.id");
        given().queryParam("reason", "MOVED").delete("/api/v1/households/" + id + "/members/" + head)
                .then().statusCode(409);
    }
}
