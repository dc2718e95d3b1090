package id.graduasi.dashboard;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import id.graduasi.events.contract.HouseholdEvent;
import id.graduasi.events.contract.HouseholdRegistered;
import id.graduasi.testing.GraduasiTestResource;
import id.graduasi.testing.TestKafka;
import id.graduasi.testing.TestTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;

/**
 * The dashboard against a real broker and database: events published on the contract topics become the funnel,
 * programme realization, pendamping work and graduations per month of each region, with small counts suppressed
 * (k = 3 in tests), partners limited to their regions, a redelivered event counted once, CSV exports and the
 * live stream.
 */
@QuarkusTest
@QuarkusTestResource(value = GraduasiTestResource.class, restrictToAnnotatedClass = false)
class DashboardTest {

    static RequestSpecification as(String user, String role, String... regions) {
        return given().auth().oauth2(TestTokens.token(user, Set.of(role), Set.of(regions)));
    }

    static JsonPath view(RequestSpecification who, String region) {
        return who.queryParam("region", region).get("/api/v1/dashboard").then().statusCode(200).extract()
                .jsonPath();
    }

    @Test
    void eventsBecomeTheRegionsFiguresWithSmallCountsSuppressedAndPartnersLimitedToTheirRegions() throws Exception {
        // Regency 64.03 (Berau): five households of district 64.03.01 through the programme, one of
        // them relapsing; one household of 64.03.02 only registered. Regency 64.02: three registered households.
        UUID worker = UUID.randomUUID();
        List<HouseholdEvent> events = new ArrayList<>();
        List<UUID> graduates = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            UUID h = UUID.randomUUID();
            graduates.add(h);
            events.addAll(World.graduated(h, "64.03.01.200" + i, worker, 450_000));
        }
        UUID lone = UUID.randomUUID();
        events.addAll(World.registered(lone, "64.03.02.2001"));
        for (int i = 1; i <= 3; i++) {
            events.addAll(World.registered(UUID.randomUUID(), "64.02.01.200" + i));
        }
        TestKafka.publishAll(events);
        List<UUID> decisions = new ArrayList<>();
        for (UUID h : graduates) {
            UUID d = UUID.randomUUID();
            decisions.add(d);
            TestKafka.publish(World.decision(d, h, "64.03.01.2001"));
        }
        TestKafka.publish(World.reversal(decisions.get(0), graduates.get(0), "64.03.01.2001"));

        RequestSpecification officer = as("officer-a", "OFFICER", "*");
        // A count below k is suppressed (null) while the events are still arriving: retried like a wrong count.
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions().untilAsserted(() -> {
            JsonPath v = view(as("officer-a", "OFFICER", "*"), "64.03");
            assertEquals(6, v.getInt("funnel.total.registered"));
            assertEquals(4, v.getInt("funnel.total.graduated"));
            assertEquals(4, v.getInt("graduationsByMonth[0].graduated"));
        });
        JsonPath regency = view(officer, "64.03");
        assertEquals("Kabupaten Berau", regency.getString("region.name"));
        assertEquals("district", regency.getString("rowsLevel"));
        String d1 = "funnel.rows.find { it.code == '64.03.01' }.";
        String d2 = "funnel.rows.find { it.code == '64.03.02' }.";
        // 64.03.02's one household is suppressed (k = 3), and so is 64.03.01's registered count, which the total
        // (6) would otherwise give away.
        assertNull(regency.get(d2 + "registered"));
        assertNull(regency.get(d1 + "registered"));
        assertEquals(5, regency.getInt(d1 + "verified"));
        assertEquals(5, regency.getInt(d1 + "enrolled"));
        assertEquals(5, regency.getInt(d1 + "assessed"));
        assertEquals(5, regency.getInt(d1 + "proposed"));
        assertEquals(4, regency.getInt(d1 + "graduated"));
        assertNull(regency.get(d1 + "relapsed"), "one relapse is below k");
        assertEquals(0, regency.getInt(d2 + "verified"));
        // Programme realization, pendamping work, graduations per month.
        assertEquals(5, regency.getInt("programmes.rows.find { it.programme == 'PKH' }.enrollments"));
        assertEquals(2_250_000L, regency.getLong("programmes.rows.find { it.programme == 'PKH' }.disbursedRupiah"));
        assertEquals(1, regency.getInt("workers.rows.find { it.code == '64.03.01' }.workers"));
        assertEquals(5, regency.getInt("workers.rows.find { it.code == '64.03.01' }.cases"));
        assertEquals(5.0f, regency.getFloat("workers.rows.find { it.code == '64.03.01' }.caseload"));
        assertEquals(5, regency.getInt("workers.rows.find { it.code == '64.03.01' }.visits"));
        assertEquals(World.TODAY.toString().substring(0, 7), regency.getString("graduationsByMonth[0].month"));

        // Drill down from the provinces.
        JsonPath national = view(officer, null);
        assertTrue(national.getInt("funnel.rows.find { it.code == '64' }.registered") >= 9);
        assertEquals("Kalimantan Timur", national.getString("funnel.rows.find { it.code == '64' }.name"));

        // A redelivered event (same id) has no second effect; a new household does.
        HouseholdRegistered again = new HouseholdRegistered(lone, "64.03.02.2001", 3, World.TODAY);
        String id = TestKafka.publish(again);
        TestKafka.publish(again, id);
        TestKafka.publish(new HouseholdRegistered(UUID.randomUUID(), "64.03.02.2002", 2, World.TODAY));
        await().atMost(Duration.ofSeconds(20)).ignoreExceptions().untilAsserted(() -> assertEquals(7,
                view(as("officer-a", "OFFICER", "*"), "64.03").getInt("funnel.total.registered")));

        // A partner of regency 64.03 sees only it: at the top its region is the one row; other regions are 403.
        RequestSpecification partner = as("mitra-ppu", "PARTNER", "64.03");
        JsonPath own = view(partner, null);
        assertEquals(List.of("64.03"), own.getList("funnel.rows.code"));
        assertEquals(7, own.getInt("funnel.total.registered"));
        assertEquals(7, view(as("mitra-ppu", "PARTNER", "64.03"), "64.03").getInt("funnel.total.registered"));
        as("mitra-ppu", "PARTNER", "64.03").queryParam("region", "64.02").get("/api/v1/dashboard").then()
                .statusCode(403).contentType("application/problem+json");
        as("mitra-ppu", "PARTNER", "64.03").queryParam("region", "64").get("/api/v1/dashboard").then()
                .statusCode(403);

        // CSV, in both languages, with suppressed cells as "<3".
        String csv = as("officer-a", "OFFICER", "*").queryParam("region", "64.03").queryParam("lang", "en")
                .get("/api/v1/dashboard/funnel.csv").then().statusCode(200).contentType(containsString("text/csv"))
                .extract().asString();
        assertTrue(csv.startsWith("region_code,region_name,registered,verified,enrolled,assessed,proposed,"
                + "graduated,relapsed,relapse_suspected\r\n"), csv);
        assertTrue(csv.contains("64.03.02,Talisayan,<3,0,0,0,0,0,0,0\r\n"), csv);
        assertTrue(csv.contains("TOTAL,,7,5,5,5,5,4,<3,0\r\n"), csv);
        as("officer-a", "OFFICER", "*").queryParam("region", "64.03").get("/api/v1/dashboard/programmes.csv")
                .then().statusCode(200).body(containsString("program,kepesertaan,kepesertaan_aktif"))
                .body(containsString("PKH,5,5,5,5,5,2250000"));

        // Bad input and access as problem+json.
        as("officer-a", "OFFICER", "*").queryParam("region", "64.3").get("/api/v1/dashboard").then().statusCode(400)
                .contentType("application/problem+json").body("errors[0].field", equalTo("region"));
        given().get("/api/v1/dashboard").then().statusCode(401).contentType("application/problem+json");
        as("pendamping", "SOCIAL_WORKER", "64.03.01").get("/api/v1/dashboard").then().statusCode(403);
        as("officer-a", "OFFICER", "*").get("/api/v1/dashboard/weather.csv").then().statusCode(400);

        // The lag is measured and, once everything is applied, zero.
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> as("officer-a", "OFFICER", "*")
                .get("/api/v1/dashboard/status").then().statusCode(200).body("lagMessages", equalTo(0)));
        // Dead letters, as in every service (./graduasi dlq dashboard list).
        as("admin-a", "ADMIN", "*").get("/api/v1/admin/dead-letters").then().statusCode(200);
        // Ready (what ./graduasi up waits for): the inbox consumer up, and an outbox that never holds anything.
        given().get("/q/health/ready").then().statusCode(200);
        // The page and its charting library are served from the module (no CDN).
        given().get("/").then().statusCode(200).body(containsString("vendor/chart.umd.min.js"));
        given().get("/vendor/chart.umd.min.js").then().statusCode(200).body(containsString("Chart.js v4"));
    }

    private static boolean print(List<String> data) {
        System.out.println("SSE so far: " + data);
        return false;
    }

    @Test
    void theLiveStreamAnnouncesAppliedEvents() throws Exception {
        int port = ConfigProvider.getConfig().getValue("quarkus.http.test-port", Integer.class);
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/v1/dashboard/stream"))
                .header("Authorization", "Bearer " + TestTokens.token("officer-a", Set.of("OFFICER"), Set.of("*")))
                .header("Accept", "text/event-stream").build();
        List<String> data = new CopyOnWriteArrayList<>();
        HttpResponse<java.io.InputStream> response = HttpClient.newHttpClient().send(request,
                HttpResponse.BodyHandlers.ofInputStream());
        assertEquals(200, response.statusCode());
        Thread reader = new Thread(() -> {
            try (var lines = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = lines.readLine()) != null) {
                    if (line.startsWith("data:")) {
                        data.add(line);
                    }
                }
            } catch (Exception e) {
                // closed at the end of the test
            }
        });
        reader.setDaemon(true);
        reader.start();
        await().atMost(Duration.ofSeconds(10)).until(() -> !data.isEmpty());
        int before = data.size();
        TestKafka.publish(new HouseholdRegistered(UUID.randomUUID(), "64.09.01.2001", 2, World.TODAY));
        await().atMost(Duration.ofSeconds(20)).failFast(() -> false).until(() -> data.stream().skip(before)
                .anyMatch(l -> l.contains("\"changed\":true")) || print(data));
        assertTrue(data.get(data.size() - 1).contains("\"lagMessages\""));
        response.body().close();
    }
}
