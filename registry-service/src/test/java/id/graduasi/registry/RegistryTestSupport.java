package id.graduasi.registry;

import static io.restassured.RestAssured.given;

import java.util.concurrent.ThreadLocalRandom;

import io.restassured.http.ContentType;

/** Builds requests the way a partner agency's client would send them. */
final class RegistryTestSupport {

    private RegistryTestSupport() {
    }

    static String randomKk() {
        return "6472" + String.format("%012d", ThreadLocalRandom.current().nextLong(1_000_000_000_000L));
    }

    static String registerHousehold(String kk) {
        return given().contentType(ContentType.JSON)
                .body("""
                        {"kkNumber": "%s", "villageCode": "64.72.01.1001", "headName": "Siti Aminah", "memberCount": 4}
                        """.formatted(kk))
                .post("/api/v1/households")
                .then().statusCode(201)
                .extract().path("id");
    }

    static void moveTo(String householdId, String status) {
        given().contentType(ContentType.JSON)
                .body("{\"status\": \"" + status + "\", \"reason\": \"FIELD_VERIFICATION\"}")
                .post("/api/v1/households/" + householdId + "/status")
                .then().statusCode(200);
    }
}
