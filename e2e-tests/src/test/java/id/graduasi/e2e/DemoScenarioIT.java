package id.graduasi.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.awaitility.Awaitility;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import id.graduasi.local.ServiceProcess.Service;
import id.graduasi.local.demo.DemoScenario;
import id.graduasi.testing.TestInfrastructure;
import id.graduasi.testing.TestTokens;
import io.restassured.RestAssured;

/**
 * Issue #8's end-to-end scenario, the same code as {@code ./graduasi demo}: 1,000 generated households through
 * registration → enrolment → two disbursement cycles → visits and assessments → evaluation → graduation of those
 * who qualify; at the end every service agrees on every household.
 */
class DemoScenarioIT {

    private static E2ePlatform PLATFORM;

    @BeforeAll
    static void startThePlatform() throws Exception {
        // With the dashboard, an outside subscriber of the four services' events: it must count what they did.
        PLATFORM = new E2ePlatform("demo", TestInfrastructure.get().bootstrapServers(), List.of(Service.values()));
    }

    @AfterAll
    static void stopThePlatform() {
        if (PLATFORM != null) {
            PLATFORM.close();
        }
    }

    @Test
    void aThousandHouseholdsGoThroughTheProgrammeAndEveryServiceAgreesOnEachOfThem() throws Exception {
        DemoScenario scenario = new DemoScenario(new DemoScenario.Urls(PLATFORM.url(Service.REGISTRY),
                PLATFORM.url(Service.ASSISTANCE), PLATFORM.url(Service.MENTORING), PLATFORM.url(Service.GRADUATION)),
                (user, role, regions) -> TestTokens.token(user, Set.of(role), Set.copyOf(regions)),
                E2ePlatform.root(), 1000, 2026, PLATFORM.logs().resolve("data"), System.out::println);

        // The shared broker holds earlier tests' events too: the dashboard is read before and after the scenario.
        Map<String, Long> before = dashboardTotals();
        DemoScenario.Report report = scenario.run();
        System.out.print(report.describe());

        assertFalse(report.ranBefore());
        assertEquals(1000, report.households());
        assertEquals(List.of(), report.disagreements(), "households on which the services disagree");
        // The data is made so that about a third improve: a scenario where nobody or everybody graduates
        // would prove little about the decision reaching every service.
        assertTrue(report.graduated() > 100 && report.graduated() < 600, "graduated: " + report.graduated());
        assertTrue(report.pkhEnrolled() > 300, "PKH enrolled: " + report.pkhEnrolled());
        assertTrue(report.rupiahPaid() > 0, "paid: " + report.rupiahPaid());
        assertEquals(1000, report.visits());
        assertEquals(report.graduated(), report.statusCounts().get("registry").get("graduated"));
        // The programme manager's page counts the same households and graduations, from the events alone.
        Awaitility.await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
            Map<String, Long> after = dashboardTotals();
            assertEquals(1000, after.get("registered") - before.get("registered"), "registered on the dashboard");
            assertEquals(report.graduated(), after.get("graduated") - before.get("graduated"),
                    "graduated on the dashboard");
            // Realization: the demo's PKH 2026 payments against the allocation assistance announced from its file.
            assertEquals(report.rupiahPaid(), after.get("pkhRupiah") - before.get("pkhRupiah"), "PKH 2026 paid");
            assertEquals(4000L, after.get("pkhTarget"), "PKH 2026 target households (allocations.csv)");
        });
    }

    /** The dashboard's funnel totals and PKH 2026 realization over every region, once it has caught up. */
    private static Map<String, Long> dashboardTotals() {
        String token = TestTokens.token("kepala-dinas", Set.of("ADMIN"), Set.of("*"));
        String url = PLATFORM.url(Service.DASHBOARD) + "/api/v1/dashboard";
        Awaitility.await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(1)).until(() -> Boolean.TRUE
                .equals(RestAssured.given().header("Authorization", "Bearer " + token).get(url + "/status").then()
                        .statusCode(200).extract().path("caughtUp")));
        var view = RestAssured.given().header("Authorization", "Bearer " + token).get(url).then()
                .statusCode(200).extract().jsonPath();
        Map<String, Object> total = view.getMap("funnel.total");
        Map<String, Object> pkh = view.getMap("realization.rows.find { it.programme == 'PKH' && it.year == 2026 }");
        return Map.of("registered", ((Number) total.get("registered")).longValue(),
                "graduated", ((Number) total.get("graduated")).longValue(),
                "pkhRupiah", pkh == null ? 0L : ((Number) pkh.get("disbursedRupiah")).longValue(),
                "pkhTarget", pkh == null || pkh.get("targetHouseholds") == null ? 0L
                        : ((Number) pkh.get("targetHouseholds")).longValue());
    }
}
