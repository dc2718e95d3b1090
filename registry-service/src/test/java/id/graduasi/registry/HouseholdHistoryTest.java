package id.graduasi.registry;

import static id.graduasi.registry.RegistryTestSupport.given;
import static id.graduasi.registry.RegistryTestSupport.moveTo;
import static id.graduasi.registry.RegistryTestSupport.randomKk;
import static id.graduasi.registry.RegistryTestSupport.randomPerson;
import static id.graduasi.registry.RegistryTestSupport.registerHousehold;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.Connection;
import java.sql.DriverManager;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;

import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import id.graduasi.rest.ListBounds;
import id.graduasi.testing.GraduasiTestResource;
import id.graduasi.testing.TestDatabaseAccess;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

@QuarkusTest
@QuarkusTestResource(value = GraduasiTestResource.class, restrictToAnnotatedClass = false)
class HouseholdHistoryTest {

    /**
     * A list that is not paged reads at most ListBounds.MAX_ROWS rows: of a household with more status changes
     * than that, the newest, still oldest first.
     */
    @Test
    void aStatusHistoryLongerThanTheBoundAnswersItsNewestEntriesOldestFirst() throws Exception {
        String id = registerHousehold(randomKk());
        int extra = ListBounds.MAX_ROWS + 5;
        try (Connection db = TestDatabaseAccess.runtime(); var insert = db.prepareStatement("""
                insert into household_status_change (id, household_id, from_status, to_status, reason, changed_by,
                                                     changed_at)
                select gen_random_uuid(), ?::uuid, 'REGISTERED', 'REGISTERED', 'N' || n, 'bulk',
                       now() + n * interval '1 second'
                from generate_series(1, ?) n""")) {
            insert.setString(1, id);
            insert.setInt(2, extra);
            insert.executeUpdate();
        }
        List<String> reasons = given().get("/api/v1/households/" + id + "/status-history").then().statusCode(200)
                .extract().path("reason");
        assertEquals(ListBounds.MAX_ROWS, reasons.size());
        assertEquals("N" + (extra - ListBounds.MAX_ROWS + 1), reasons.get(0), "the oldest of the newest");
        assertEquals("N" + extra, reasons.get(reasons.size() - 1), "the newest, last");
    }

    @Test
    void everyChangeIsKeptWithWhoAndWhenAndTheHouseholdCanBeReadAsOfADate() throws Exception {
        String id = registerHousehold(randomKk());
        given().contentType(ContentType.JSON).body(randomPerson("CHILD", "M", 0, 0).json())
                .post("/api/v1/households/" + id + "/members").then().statusCode(201);
        moveTo(id, "VERIFIED");

        given().get("/api/v1/households/" + id + "/history").then().statusCode(200)
                .body("change", equalTo(List.of("REGISTERED", "MEMBER_ADDED", "STATUS_VERIFIED")))
                .body("revision", equalTo(List.of(0, 1, 2)))
                .body("changedBy", equalTo(List.of("test-staff", "test-staff", "test-staff")));

        // Pretend the registration happened ten days ago.
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        try (Connection db = DriverManager.getConnection(
                ConfigProvider.getConfig().getValue("quarkus.datasource.jdbc.url", String.class), "postgres", "")) {
            db.createStatement().execute("update household_revision set changed_at = changed_at - interval '10 days'"
                    + " where household_id = '" + id + "' and revision = 0");
        }

        given().queryParam("asOf", today.minusDays(5).toString()).get("/api/v1/households/" + id)
                .then().statusCode(200)
                .body("status", equalTo("REGISTERED"))
                .body("members.size()", equalTo(3))
                .body("revision", equalTo(0))
                .body("members[0].nik", startsWith("************"));
        given().queryParam("asOf", today.toString()).get("/api/v1/households/" + id)
                .then().statusCode(200).body("status", equalTo("VERIFIED")).body("members.size()", equalTo(4));
        given().get("/api/v1/households/" + id).then().body("revision", equalTo(2));
        given().queryParam("asOf", today.minusDays(11).toString()).get("/api/v1/households/" + id)
                .then().statusCode(404).contentType("application/problem+json");
        given().queryParam("asOf", "31-03-2026").get("/api/v1/households/" + id)
                .then().statusCode(400).body("errors[0].field", equalTo("asOf"));
    }
}
