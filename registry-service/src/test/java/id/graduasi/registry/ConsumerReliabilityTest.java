package id.graduasi.registry;

import static id.graduasi.registry.RegistryTestSupport.given;
import static id.graduasi.registry.RegistryTestSupport.graduatedToday;
import static id.graduasi.registry.RegistryTestSupport.moveTo;
import static id.graduasi.registry.RegistryTestSupport.randomKk;
import static id.graduasi.registry.RegistryTestSupport.registerHousehold;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import id.graduasi.events.contract.EventType;
import id.graduasi.events.contract.Topics;
import id.graduasi.testing.GraduasiTestResource;
import id.graduasi.testing.TestKafka;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;

/**
 * The consumer's promises against the real broker and database: a database that goes away while events arrive
 * costs time, never events; a dead letter replayed after the fix has exactly one effect.
 */
@QuarkusTest
@QuarkusTestResource(value = GraduasiTestResource.class, restrictToAnnotatedClass = false)
class ConsumerReliabilityTest {

    private static final String DECIDED = EventType.GRADUATION_DECIDED_V2.type();

    @Test
    void aDatabaseOutageDuringConsumptionLosesNothingDeadLettersNothingAndReportsNotReady() throws Exception {
        List<String> households = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            households.add(activeHousehold());
        }
        String database = databaseName();
        try (Connection admin = DriverManager.getConnection(adminUrl(), "postgres", "")) {
            // The service's database refuses connections and loses those it had, as in a restart.
            admin.createStatement().execute("alter database " + database + " allow_connections false");
            admin.createStatement().execute("select pg_terminate_backend(pid) from pg_stat_activity"
                    + " where datname = '" + database + "' and pid <> pg_backend_pid()");
            try {
                households.forEach(h -> TestKafka.sendEvent(Topics.GRADUATION_DECISION, h, DECIDED, graduatedToday(h)));
                // The consumer itself says it is waiting (not only the database check).
                await().atMost(Duration.ofSeconds(20)).until(() -> "DOWN".equals(RestAssured.get("/q/health/ready")
                        .then().extract().path("checks.find { it.name == 'event-consumers' }.status")));
                // Several retries (its metric) while the database is away: nothing may be dead-lettered meanwhile.
                double before = retries();
                await().atMost(Duration.ofSeconds(30)).until(() -> retries() >= before + 5);
            } finally {
                admin.createStatement().execute("alter database " + database + " allow_connections true");
            }
        }
        for (String h : households) {
            await().atMost(Duration.ofSeconds(60)).until(
                    () -> given().get("/api/v1/households/" + h).then().extract().path("status"), "GRADUATED"::equals);
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> RestAssured.get("/q/health/ready").statusCode() == 200);
        assertTrue(TestKafka.readAll(Topics.deadLetter("registry-service"), e -> households.contains(e.key()))
                .isEmpty(), "a database outage dead-letters nothing");
    }

    /** graduasi_events_retries_total of the service's consumer, from its Prometheus endpoint. */
    private static double retries() {
        return given().get("/q/metrics").then().statusCode(200).extract().asString().lines()
                .filter(l -> l.startsWith("graduasi_events_retries_total{") && l.contains("graduasi-events"))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }

    @Test
    void aDeadLetterReplayedAfterTheFixHasExactlyOneEffect() throws Exception {
        String household = activeHousehold();
        String eventId;
        try (Connection db = DriverManager.getConnection(jdbcUrl(), "postgres", "")) {
            // A bug: every update of this household fails (neither transient nor poison).
            db.createStatement().execute("""
                    create or replace function test_simulated_bug() returns trigger language plpgsql as $$
                    begin raise exception 'simulated bug'; end $$""");
            db.createStatement().execute("create trigger test_simulated_bug before update on household for each row"
                    + " when (old.id = '" + household + "') execute function test_simulated_bug()");
            eventId = TestKafka.sendEvent(Topics.GRADUATION_DECISION, household, DECIDED, graduatedToday(household));
            TestKafka.Event dead = await().atMost(Duration.ofSeconds(30)).until(
                    () -> TestKafka.readAll(Topics.deadLetter("registry-service"), e -> eventId.equals(e.id())),
                    l -> l.size() == 1).get(0);
            assertEquals("processing", dead.headers().get("dead-letter-kind"));
            assertTrue(dead.headers().get("dead-letter-reason").contains("simulated bug"));
            assertEquals("ACTIVE", given().get("/api/v1/households/" + household).then().extract().path("status"));
            // The fix.
            db.createStatement().execute("drop trigger test_simulated_bug on household");
        }

        List<Map<String, Object>> listed = given().get("/api/v1/admin/dead-letters").then().statusCode(200)
                .extract().path("findAll { it.letter.eventId == '" + eventId + "' }");
        assertEquals(1, listed.size());
        String id = (String) ((Map<?, ?>) listed.get(0).get("letter")).get("id");

        for (String expected : List.of("APPLIED", "ALREADY_APPLIED")) {
            given().contentType(ContentType.JSON).body(Map.of("ids", List.of(id)))
                    .post("/api/v1/admin/dead-letters/replay").then().statusCode(200)
                    .body("[0].outcome", org.hamcrest.Matchers.equalTo(expected));
        }
        assertEquals("GRADUATED", given().get("/api/v1/households/" + household).then().extract().path("status"));
        List<String> statuses = given().get("/api/v1/households/" + household + "/status-history").then()
                .extract().path("toStatus");
        assertEquals(1, statuses.stream().filter("GRADUATED"::equals).count(), "one effect: " + statuses);
        given().get("/api/v1/admin/dead-letters/" + id).then().statusCode(200)
                .body("replays.outcome", org.hamcrest.Matchers.equalTo(List.of("APPLIED", "ALREADY_APPLIED")))
                .body("letter.payload", org.hamcrest.Matchers.containsString(household));
    }

    private static String activeHousehold() {
        String id = registerHousehold(randomKk());
        moveTo(id, "VERIFIED");
        moveTo(id, "ACTIVE");
        return id;
    }

    private static String jdbcUrl() {
        return ConfigProvider.getConfig().getValue("quarkus.datasource.jdbc.url", String.class);
    }

    private static String databaseName() {
        String url = jdbcUrl();
        String path = url.substring(url.indexOf("//") + 2);
        path = path.substring(path.indexOf('/') + 1);
        return path.contains("?") ? path.substring(0, path.indexOf('?')) : path;
    }

    private static String adminUrl() {
        String url = jdbcUrl();
        return url.replace("/" + databaseName(), "/postgres");
    }
}
