package id.graduasi.graduation;

import static id.graduasi.graduation.Households.today;
import static id.graduasi.graduation.Households.as;
import static id.graduasi.graduation.Households.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import id.graduasi.testing.GraduasiTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

@QuarkusTest
@QuarkusTestResource(value = GraduasiTestResource.class, restrictToAnnotatedClass = false)
class StatisticsTest {

    /** A regency no other test uses, so its figures are exactly this test's decisions. */
    private static final String REGENCY = "65.04";

    @Test
    void statisticsByPathwayRegionCohortAndProgrammeEqualTheDecisionsMade() {
        // Four households of the regency: two graduate naturally (one relapses), one exits, one stays.
        UUID a = Households.readyForAlamiah("65.04.01.1001", today().minusDays(100));
        UUID b = Households.readyForAlamiah("65.04.02.1001", today().minusDays(300));
        UUID c = Households.active("65.04.01.1002", today().minusYears(2));
        UUID d = Households.active("65.04.01.1003", today().minusYears(2));
        Households.enrolled(a, "65.04.01.1001", "PKH");
        Households.enrolled(c, "65.04.01.1002", "PKH");
        Households.awaitFacts(a, "activeEnrollments", 1);
        Households.awaitFacts(c, "activeEnrollments", 1);

        Households.graduate(a, "GRADUASI_ALAMIAH");
        String relapsed = Households.graduate(b, "GRADUASI_ALAMIAH");
        String exit = Households.propose("ani", """
                {"householdId": "%s", "pathway": "ADMINISTRATIVE_EXIT", "reasonCode": "DECEASED"}"""
                .formatted(c)).then().statusCode(201).extract().path("id");
        Households.decide("budi", exit, "GRADUATED").then().statusCode(200);
        as("dewi").contentType(ContentType.JSON).body("{\"reasonCode\": \"RELAPSE\"}")
                .post("/api/v1/decisions/" + relapsed + "/reversal").then().statusCode(200);

        JsonPath byPathway = given().get("/api/v1/statistics/graduations?groupBy=pathway&region=" + REGENCY)
                .then().statusCode(200).extract().jsonPath();
        assertEquals(Map.of("group", "GRADUASI_ALAMIAH", "households", 4, "graduated", 2, "exited", 0,
                "reverted", 1, "graduationRate", 0.5f, "relapseRate", 0.5f, "medianDaysToGraduation", 200.0f,
                "meanDaysToGraduation", 200.0f), byPathway.getMap("groups.find { it.group == 'GRADUASI_ALAMIAH' }"));
        assertEquals(1, byPathway.getInt("groups.find { it.group == 'ADMINISTRATIVE_EXIT' }.exited"));
        assertEquals(2, byPathway.getList("groups").size());
        assertEquals(Map.of("group", "TOTAL", "households", 4, "graduated", 2, "exited", 1, "reverted", 1,
                "graduationRate", 0.5f, "relapseRate", 0.5f, "medianDaysToGraduation", 200.0f,
                "meanDaysToGraduation", 200.0f), byPathway.getMap("total"));

        // By district: 65.04.01 has a (graduated), c (exited), d; 65.04.02 has b (graduated, relapsed).
        JsonPath byDistrict = given().get("/api/v1/statistics/graduations?groupBy=region&regionLevel=district"
                + "&region=" + REGENCY).then().statusCode(200).extract().jsonPath();
        assertEquals(3, byDistrict.getInt("groups.find { it.group == '65.04.01' }.households"));
        assertEquals(1, byDistrict.getInt("groups.find { it.group == '65.04.01' }.graduated"));
        assertEquals(1, byDistrict.getInt("groups.find { it.group == '65.04.01' }.exited"));
        assertEquals(1, byDistrict.getInt("groups.find { it.group == '65.04.02' }.reverted"));
        assertEquals(1.0f, byDistrict.getFloat("groups.find { it.group == '65.04.02' }.relapseRate"));

        // By cohort (registration year) and by programme (a and c were enrolled in PKH).
        JsonPath byCohort = given().get("/api/v1/statistics/graduations?groupBy=cohort&region=" + REGENCY)
                .then().statusCode(200).extract().jsonPath();
        int cohortOfA = today().minusDays(100).getYear();
        int cohortOfB = today().minusDays(300).getYear();
        int graduatedInCohortOfA = cohortOfA == cohortOfB ? 2 : 1;
        assertEquals(graduatedInCohortOfA, byCohort.getInt("groups.find { it.group == '" + cohortOfA
                + "' }.graduated"));
        assertEquals(1, byCohort.getInt("groups.find { it.group == '" + today().minusYears(2).getYear()
                + "' }.exited"));
        given().get("/api/v1/statistics/graduations?groupBy=programme&region=" + REGENCY).then().statusCode(200)
                .body("groups.size()", equalTo(1)).body("groups[0].group", equalTo("PKH"))
                .body("groups[0].households", equalTo(2)).body("groups[0].graduated", equalTo(1))
                .body("groups[0].exited", equalTo(1)).body("groups[0].medianDaysToGraduation", equalTo(100.0f));

        String csv = given().get("/api/v1/statistics/graduations/csv?groupBy=pathway&region="
                + REGENCY).then().statusCode(200).contentType("text/csv").extract().asString();
        assertEquals("""
                group,households,graduated,exited,reverted,graduation_rate,relapse_rate,median_days_to_graduation,\
                mean_days_to_graduation
                ADMINISTRATIVE_EXIT,4,0,1,0,0.0000,,,
                GRADUASI_ALAMIAH,4,2,0,1,0.5000,0.5000,200.0,200.0
                TOTAL,4,2,1,1,0.5000,0.5000,200.0,200.0
                """, csv);
        given().get("/api/v1/statistics/graduations?groupBy=weather").then().statusCode(400)
                .body("errors[0].field", org.hamcrest.Matchers.containsString("groupBy"));
    }
}
