package id.graduasi.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import id.graduasi.local.ServiceProcess.Service;
import id.graduasi.local.demo.DemoScenario;
import id.graduasi.testing.TestTokens;

/**
 * Issue #8's end-to-end scenario, the same code as {@code ./graduasi demo}: 1,000 generated households through
 * registration → enrolment → two disbursement cycles → visits and assessments → evaluation → graduation of those
 * who qualify; at the end every service agrees on every household.
 */
class DemoScenarioIT {

    private static E2ePlatform PLATFORM;

    @BeforeAll
    static void startThePlatform() throws Exception {
        PLATFORM = new E2ePlatform("demo");
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
    }
}
