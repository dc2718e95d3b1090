package id.graduasi.registry;

import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import id.graduasi.testing.TestTokens;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;

/** Builds requests the way a partner agency's client would send them, with consistent KK numbers and NIKs. */
final class RegistryTestSupport {

    static final String VILLAGE = "64.72.01.1001";

    private RegistryTestSupport() {
    }

    /** A request as staff allowed everything everywhere (ADMIN, SUPERVISOR, OFFICER; regions *). */
    static RequestSpecification given() {
        return RestAssured.given().header("Authorization", "Bearer " + TestTokens.staff());
    }

    static RequestSpecification as(String token) {
        return RestAssured.given().header("Authorization", "Bearer " + token);
    }

    /** A GraduationDecided (v2) payload graduating {@code household} today, as graduation publishes it. */
    static String graduatedToday(String household) {
        LocalDate today = LocalDate.now();
        return """
                {"decisionId": "%s", "householdId": "%s", "villageCode": "64.72.01.1001", "outcome": "GRADUATED",
                 "effectiveOn": "%s", "monitoringUntil": "%s", "pathway": "GRADUASI_MANDIRI", "criteriaVersion": 1,
                 "reasonCode": "EKONOMI_MEMBAIK", "decidedOn": "%s"}
                """.formatted(UUID.randomUUID(), household, today, today.plusYears(1), today);
    }

    static String randomKk() {
        return "6472" + String.format("%012d", ThreadLocalRandom.current().nextLong(1_000_000_000_000L));
    }

    /** A NIK consistent with the sex and birth date: DDMMYY with 40 added to the day for women. */
    static String nik(String sex, LocalDate birthDate, int serial) {
        int day = birthDate.getDayOfMonth() + ("F".equals(sex) ? 40 : 0);
        return "647201" + String.format("%02d%02d%02d%04d", day, birthDate.getMonthValue(),
                birthDate.getYear() % 100, serial);
    }

    record Person(String nik, String name, String sex, LocalDate birthDate, String relationship) {

        String json() {
            return """
                    {"nik": "%s", "name": "%s", "sex": "%s", "birthDate": "%s", "relationship": "%s",
                     "educationLevel": "SD", "schoolEnrolled": %s}""".formatted(nik, name, sex, birthDate, relationship,
                    "CHILD".equals(relationship));
        }
    }

    static Person randomPerson(String relationship, String sex, int minAge, int maxAge) {
        var random = ThreadLocalRandom.current();
        LocalDate birthDate = LocalDate.now().minusYears(random.nextInt(minAge, maxAge + 1))
                .minusDays(random.nextInt(0, 365));
        return new Person(nik(sex, birthDate, random.nextInt(1, 10_000)), "Warga " + random.nextInt(100_000), sex,
                birthDate, relationship);
    }

    /** A household of one: two events (registered, member added), which keeps event counting plain. */
    static List<Person> single() {
        return List.of(randomPerson("HEAD", "M", 25, 70));
    }

    static List<Person> family() {
        return List.of(randomPerson("HEAD", "F", 30, 55), randomPerson("CHILD", "M", 7, 17),
                randomPerson("CHILD", "F", 1, 6));
    }

    static String householdJson(String kk, List<Person> members) {
        return """
                {"kkNumber": "%s", "villageCode": "%s", "address": "Jl. Pramuka Gg. 3 No. 12",
                 "welfareCategory": "MISKIN", "dtsenDecile": 2, "registrationSource": "OFFICER",
                 "members": [%s]}""".formatted(kk, VILLAGE,
                String.join(", ", members.stream().map(Person::json).toList()));
    }

    static String registerHousehold(String kk) {
        return registerHousehold(kk, family());
    }

    static String registerHousehold(String kk, List<Person> members) {
        return given().contentType(ContentType.JSON).body(householdJson(kk, members))
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
