package id.graduasi.dashboard;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import id.graduasi.events.contract.AidDisbursed;
import id.graduasi.events.contract.ContractEvent;
import id.graduasi.events.contract.ProgrammeAllocated;
import id.graduasi.testing.GraduasiTestResource;
import id.graduasi.testing.TestKafka;
import id.graduasi.testing.TestTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;

/**
 * Issue #19: programme realization against target and budget, as the offices report it ("RTLH 128 of 338
 * houses"): payments (AidDisbursed, by the cycle's year) measured against the allocations assistance announces
 * (ProgrammeAllocated), the whole one at the top and a region's share in the region; an older revision of an
 * allocation never replaces a newer one; small counts suppressed; a partner sees only its programmes.
 */
@QuarkusTest
@QuarkusTestResource(value = GraduasiTestResource.class, restrictToAnnotatedClass = false)
class RealizationTest {

    private static final int YEAR = 2031;
    private static final LocalDate ANNOUNCED = LocalDate.of(2031, 1, 2);
    private static final String ROW = "realization.rows.find { it.programme == 'RTLH' && it.year == 2031 }";

    private static RequestSpecification as(String user, String role, Set<String> regions, Set<String> programmes) {
        return given().auth().oauth2(TestTokens.token(user, Set.of(role), regions, programmes));
    }

    private static JsonPath view(RequestSpecification who, String region) {
        return (region == null ? who : who.queryParam("region", region)).get("/api/v1/dashboard").then()
                .statusCode(200).extract().jsonPath();
    }

    /** A new request each time: a specification keeps the query parameters it was given. */
    private static RequestSpecification officer() {
        return as("officer-a", "OFFICER", Set.of("*"), Set.of());
    }

    private static AidDisbursed paid(String village, long amount) {
        return new AidDisbursed(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(), "RTLH", YEAR, 1, amount,
                village, LocalDate.of(YEAR, 6, 1));
    }

    @Test
    void paymentsAreMeasuredAgainstTheAllocationOfTheRegionShown() {
        List<ContractEvent> events = new ArrayList<>();
        events.add(new ProgrammeAllocated("RTLH", YEAR, null, "APBD_PROVINCE", 6_760_000_000L, 338, 1, ANNOUNCED));
        events.add(new ProgrammeAllocated("RTLH", YEAR, "64.72", "APBD_PROVINCE", 2_560_000_000L, 128, 2, ANNOUNCED));
        // An older revision of the share, delivered late (a replay): it changes nothing.
        events.add(new ProgrammeAllocated("RTLH", YEAR, "64.72", "APBD_PROVINCE", 1_000_000_000L, 100, 1, ANNOUNCED));
        for (int i = 1; i <= 4; i++) {
            events.add(paid("64.72.01.100" + i, 20_000_000));
        }
        // Two houses in 64.73: fewer than k (3) households, so their figures are suppressed there.
        events.add(paid("64.73.01.1001", 20_000_000));
        events.add(paid("64.73.01.1002", 20_000_000));
        TestKafka.publishAll(events);

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertEquals(Integer.valueOf(4),
                view(officer(), "64.72").get(ROW + ".householdsPaid")));
        JsonPath city = view(officer(), "64.72");
        Map<String, Object> share = city.getMap(ROW);
        assertEquals("APBD_PROVINCE", share.get("fundingSource"));
        assertEquals(128, share.get("targetHouseholds"), "the newer revision of the share is in force");
        assertEquals(3.1f, ((Number) share.get("householdsPercent")).floatValue(), 0.001, "4 of 128");
        assertEquals(2_560_000_000L, ((Number) share.get("budget")).longValue());
        assertEquals(80_000_000L, ((Number) share.get("disbursedRupiah")).longValue());
        assertEquals(3.1f, ((Number) share.get("budgetPercent")).floatValue(), 0.001);

        // At the top, everything paid against the whole allocation.
        Map<String, Object> whole = view(officer(), null).getMap(ROW);
        assertEquals(338, whole.get("targetHouseholds"));
        assertEquals(6, whole.get("householdsPaid"));
        assertEquals(1.8f, ((Number) whole.get("householdsPercent")).floatValue(), 0.001, "6 of 338");

        // A district without a share of its own: what was paid, measured against nothing.
        Map<String, Object> district = view(officer(), "64.72.01").getMap(ROW);
        assertEquals(4, district.get("householdsPaid"));
        assertFalse(district.containsKey("targetHouseholds"), "no share of 64.72.01: " + district);
        assertFalse(district.containsKey("householdsPercent"));

        // Two households are below k: their count, rupiah and percentages are hidden.
        Map<String, Object> few = view(officer(), "64.73").getMap(ROW);
        assertTrue(few.containsKey("householdsPaid"));
        assertNull(few.get("householdsPaid"));
        assertNull(few.get("disbursedRupiah"));

        // A partner of 64.72: measured against its region's share at its top level; only the programmes it holds.
        Map<String, Object> own = view(as("mitra-rtlh", "PARTNER", Set.of("64.72"), Set.of("RTLH")), null).getMap(ROW);
        assertEquals(128, own.get("targetHouseholds"));
        assertEquals(4, own.get("householdsPaid"));
        assertNull(view(as("mitra-pkh", "PARTNER", Set.of("64.72"), Set.of("PKH")), null).get(ROW),
                "a partner of PKH alone sees no RTLH");

        // CSV, in Bahasa Indonesia by default.
        officer().queryParam("region", "64.72")
                .get("/api/v1/dashboard/realization.csv").then().statusCode(200)
                .body(containsString("program,tahun_anggaran,sumber_dana,target_kpm,kpm_dibayar,realisasi_kpm_persen,"
                        + "pagu_rupiah,tersalurkan_rupiah,realisasi_anggaran_persen\r\n"))
                .body(containsString("RTLH,2031,APBD_PROVINCE,128,4,3.1,2560000000,80000000,3.1\r\n"));
        officer().queryParam("region", "64.72.01")
                .get("/api/v1/dashboard/realization.csv").then().statusCode(200)
                .body(containsString("RTLH,2031,,,4,,,80000000,\r\n"));
    }
}
