package id.graduasi.dashboard;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import id.graduasi.events.contract.HouseholdUpdated;
import id.graduasi.testing.GraduasiTestResource;
import id.graduasi.testing.TestKafka;
import id.graduasi.testing.TestTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;

/**
 * Issue #19, poverty context: per month, the households observed (their latest observation of the month counts)
 * below and above their province's BPS poverty line in force that month, with the line shown for a view within
 * one province.
 */
@QuarkusTest
@QuarkusTestResource(value = GraduasiTestResource.class, restrictToAnnotatedClass = false)
class PovertyContextTest {

    private static final String ROW = "poverty.rows.find { it.month == '2025-04' }";

    private static RequestSpecification officer() {
        return given().auth().oauth2(TestTokens.token("officer-a", Set.of("OFFICER"), Set.of("*")));
    }

    private static HouseholdUpdated observed(UUID household, String village, LocalDate on, long expenditure) {
        return new HouseholdUpdated(household, village, on, expenditure, expenditure, 1, 0, false, 3,
                new BigDecimal("8.0"), "CEMENT", "PLASTERED_BRICK", "GOOD", "GOOD", "PROTECTED_WELL", "OWN_TOILET",
                "PLN_METERED", List.of(), null);
    }

    @Test
    void eachMonthCountsHouseholdsBelowAndAboveTheirProvincesLine() {
        // Kalimantan Timur's line from 2025-03 on: Rp 866,193 per capita per month (reference/poverty).
        List<HouseholdUpdated> events = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            events.add(observed(UUID.randomUUID(), "64.72.02.100" + i, LocalDate.of(2025, 4, 10), 700_000));
        }
        for (int i = 4; i <= 5; i++) {
            events.add(observed(UUID.randomUUID(), "64.72.02.100" + i, LocalDate.of(2025, 4, 10), 1_000_000));
        }
        // One household observed twice in the month, and an earlier observation arriving last: the latest counts.
        UUID improving = UUID.randomUUID();
        events.add(observed(improving, "64.72.02.1006", LocalDate.of(2025, 4, 10), 700_000));
        events.add(observed(improving, "64.72.02.1006", LocalDate.of(2025, 4, 20), 900_000));
        events.add(observed(improving, "64.72.02.1006", LocalDate.of(2025, 4, 5), 100_000));
        TestKafka.publishAll(events);

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertEquals(Integer.valueOf(6),
                officer().queryParam("region", "64.72").get("/api/v1/dashboard").then().statusCode(200).extract()
                        .jsonPath().get(ROW + ".householdsObserved")));
        Map<String, Object> april = officer().queryParam("region", "64.72").get("/api/v1/dashboard").then()
                .statusCode(200).extract().jsonPath().getMap(ROW);
        assertEquals(866_193, april.get("povertyLine"));
        assertEquals(3, april.get("belowLine"));
        assertEquals(3, april.get("aboveLine"));

        officer().queryParam("region", "64.72").queryParam("lang", "en").get("/api/v1/dashboard/poverty.csv").then()
                .statusCode(200)
                .body(containsString("month,poverty_line_rupiah,households_observed,below_line,above_line\r\n"))
                .body(containsString("2025-04,866193,6,3,3\r\n"));
    }
}
