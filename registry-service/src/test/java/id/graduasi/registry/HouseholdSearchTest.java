package id.graduasi.registry;

import static id.graduasi.registry.RegistryTestSupport.family;
import static id.graduasi.registry.RegistryTestSupport.householdJson;
import static id.graduasi.registry.RegistryTestSupport.randomKk;
import static id.graduasi.registry.RegistryTestSupport.randomPerson;
import static id.graduasi.registry.RegistryTestSupport.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import id.graduasi.testing.GraduasiTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

@QuarkusTest
@QuarkusTestResource(value = GraduasiTestResource.class, restrictToAnnotatedClass = false)
class HouseholdSearchTest {

    /** Bontang (64.74) households of this test only: no other test registers there. */
    private static final String BONTANG_VILLAGE = "64.74.01.1001";

    @Test
    void keysetPagesWalkEveryMatchOnceAndTheFirstPagesTotalCountsThemAll() {
        Set<String> registered = new HashSet<>();
        for (int i = 0; i < 7; i++) {
            registered.add(register(BONTANG_VILLAGE, i % 2 == 0 ? "RTSM" : "MISKIN", 1 + i % 3, family()));
        }

        Set<String> seen = new HashSet<>();
        String after = null;
        int pages = 0;
        do {
            var request = given().queryParam("region", "64.74").queryParam("limit", 3);
            if (after != null) {
                request.queryParam("after", after);
            }
            // Only the first page counts: a later one would recount the whole result for every page.
            Map<String, Object> page = request.get("/api/v1/households").then().statusCode(200)
                    .body("total", after == null ? equalTo(7) : nullValue()).extract().path("$");
            for (Map<String, Object> item : (List<Map<String, Object>>) page.get("items")) {
                seen.add((String) item.get("id"));
            }
            after = (String) page.get("nextCursor");
            pages++;
        } while (after != null && pages < 10);
        assertEquals(registered, seen);
        assertEquals(3, pages);

        given().queryParam("region", "64.74.01").queryParam("category", "RTSM").get("/api/v1/households")
                .then().body("total", equalTo(4));
        given().queryParam("region", "64.74").queryParam("decile", 2).get("/api/v1/households")
                .then().body("total", equalTo(2));
        given().queryParam("region", "64.74").queryParam("status", "GRADUATED").get("/api/v1/households")
                .then().body("total", equalTo(0));
    }

    @Test
    void aHouseholdIsFoundByAnyMembersNameAndByKkNumber() {
        var head = randomPerson("HEAD", "F", 30, 50);
        var named = new RegistryTestSupport.Person(head.nik(), "Nurhalimah Binti Kuswanto", "F", head.birthDate(),
                "HEAD");
        String kk = randomKk();
        String id = given().contentType(ContentType.JSON).body(householdJson(kk, List.of(named)))
                .post("/api/v1/households").then().statusCode(201).extract().path("id");

        given().queryParam("name", "halimah binti").get("/api/v1/households")
                .then().body("total", equalTo(1)).body("items[0].id", equalTo(id));
        given().queryParam("kk", kk).get("/api/v1/households")
                .then().body("total", equalTo(1)).body("items[0].kkNumber", equalTo(kk));
        List<Object> none = given().queryParam("name", "100%_").get("/api/v1/households")
                .then().statusCode(200).extract().path("items");
        assertEquals(new ArrayList<>(), none);
        assertNull(given().queryParam("kk", kk).get("/api/v1/households").then().extract().path("nextCursor"));
    }

    @Test
    void badSearchParametersAreProblemsNamingTheParameter() {
        given().queryParam("region", "99.99").get("/api/v1/households")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("region"));
        given().queryParam("region", "6472").get("/api/v1/households")
                .then().statusCode(400).body("errors[0].field", equalTo("region"));
        given().queryParam("decile", 11).get("/api/v1/households")
                .then().statusCode(400).body("errors[0].field", equalTo("decile"));
        given().queryParam("limit", 0).get("/api/v1/households")
                .then().statusCode(400).body("errors[0].field", equalTo("limit"));
    }

    private static String register(String village, String category, int decile,
            List<RegistryTestSupport.Person> members) {
        return given().contentType(ContentType.JSON)
                .body(householdJson(randomKk(), members).replace(RegistryTestSupport.VILLAGE, village)
                        .replace("\"MISKIN\"", "\"" + category + "\"")
                        .replace("\"dtsenDecile\": 2", "\"dtsenDecile\": " + decile))
                .post("/api/v1/households").then().statusCode(201).extract().path("id");
    }
}
