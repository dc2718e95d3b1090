package id.graduasi.registry;

import static id.graduasi.registry.RegistryTestSupport.nik;
import static id.graduasi.registry.RegistryTestSupport.randomKk;
import static id.graduasi.registry.RegistryTestSupport.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

import org.junit.jupiter.api.Test;

import id.graduasi.testing.GraduasiTestResource;
import id.graduasi.testing.TestTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@QuarkusTestResource(value = GraduasiTestResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = ImportDirectoryTestResource.class, restrictToAnnotatedClass = false)
class BulkImportTest {

    private static final String HEADER = "kk_number,village_code,address,welfare_category,dtsen_decile,nik,name,sex,"
            + "birth_date,relationship,education_level,school_enrolled,occupation,disability,pregnant\n";

    private static String row(String kk, String village, String nik, String name, String sex, LocalDate born,
            String relationship) {
        return String.join(",", kk, village, "\"Jl. Merdeka, RT 02\"", "MISKIN", "3", nik, name, sex, born.toString(),
                relationship, "SD", "false", "", "false", "false") + "\n";
    }

    private static String family(String kk, String village) {
        int serial = ThreadLocalRandom.current().nextInt(1, 9999);
        LocalDate mother = LocalDate.of(1980 + serial % 15, 1 + serial % 12, 1 + serial % 28);
        LocalDate child = LocalDate.of(2012 + serial % 8, 1 + serial % 12, 1 + serial % 28);
        return row(kk, village, nik("F", mother, serial), "Ibu " + serial, "F", mother, "HEAD")
                + row(kk, village, nik("M", child, serial), "Anak " + serial, "M", child, "CHILD");
    }

    @Test
    void validHouseholdsAreCommittedInvalidOnesReportedByLineAndReuploadingChangesNothing() {
        List<String> good = List.of(randomKk(), randomKk(), randomKk());
        String badNik = randomKk();
        String badVillage = randomKk();
        String csv = HEADER + family(good.get(0), "64.72.01.1001") + family(good.get(1), "64.72.01.1002")
                // line 6: a NIK that does not match its birth date
                + row(badNik, "64.72.01.1001", "6472010101800001", "Salah", "M", LocalDate.of(1985, 5, 5), "HEAD")
                + family(good.get(2), "64.72.01.1003")
                // lines 9-10: a village that does not exist
                + family(badVillage, "64.72.01.9999")
                // a blank line is skipped (and not counted); record 11 has no KK number
                + "\n"
                + row("", "64.72.01.1001", "6472010505850001", "Tanpa KK", "M", LocalDate.of(1985, 5, 5), "HEAD");

        String id = given().contentType("text/csv").body(csv).post("/api/v1/imports")
                .then().statusCode(202).body("rowsTotal", equalTo(10)).extract().path("id");
        await().atMost(Duration.ofSeconds(60)).until(
                () -> given().get("/api/v1/imports/" + id).then().extract().path("status"), "COMPLETED"::equals);
        given().get("/api/v1/imports/" + id).then()
                .body("householdsCreated", equalTo(3))
                .body("householdsFailed", equalTo(3))
                .body("rowsDone", equalTo(10));

        String report = given().get("/api/v1/imports/" + id + "/errors").then().statusCode(200)
                .contentType("text/csv").extract().asString();
        assertTrue(report.startsWith("line_number,kk_number,field,message\n"), report);
        assertTrue(report.contains("6,\"" + badNik + "\",\"nik\""), report);
        assertTrue(report.contains("9,\"" + badVillage + "\",\"village_code\""), report);
        assertTrue(report.contains("11,,\"kk_number\""), report);

        for (String kk : good) {
            given().queryParam("kk", kk).get("/api/v1/households").then().body("total", equalTo(1));
        }
        given().queryParam("kk", badNik).get("/api/v1/households").then().body("total", equalTo(0));

        // The same file again: the same job, nothing new.
        given().contentType("text/csv").body(csv).post("/api/v1/imports")
                .then().statusCode(200).body("id", equalTo(id)).body("status", equalTo("COMPLETED"));
        for (String kk : good) {
            given().queryParam("kk", kk).get("/api/v1/households").then().body("total", equalTo(1));
        }
    }

    @Test
    void householdsOfOneBatchThatClashWithEachOtherAreReportedAndTheFirstOfEachIsKept() {
        String first = randomKk();
        String sharesAPerson = randomKk();
        String namesake = randomKk();
        int serial = ThreadLocalRandom.current().nextInt(1, 9999);
        LocalDate born = LocalDate.of(1980 + serial % 15, 1 + serial % 12, 1 + serial % 28);
        String person = nik("F", born, serial);
        String csv = HEADER
                // line 2
                + row(first, "64.72.01.1001", person, "Siti Aminah " + serial, "F", born, "HEAD")
                // line 3: the same person as line 2, on another KK
                + row(sharesAPerson, "64.72.01.1001", person, "Siti Aminah " + serial, "F", born, "HEAD")
                // lines 4-5: another family, then (line 6) the first KK again, its rows not kept together
                + family(randomKk(), "64.72.01.1002")
                + row(first, "64.72.01.1001", nik("M", born, serial), "Budi " + serial, "M", born, "HEAD")
                // line 7: same village and birth date, nearly the same name, another NIK: flagged, not refused
                + row(namesake, "64.72.01.1001", nik("F", born, (serial + 1) % 9999 + 1), "Siti Aminat " + serial,
                        "F", born, "HEAD");

        String id = given().contentType("text/csv").body(csv).post("/api/v1/imports")
                .then().statusCode(202).extract().path("id");
        await().atMost(Duration.ofSeconds(60)).until(
                () -> given().get("/api/v1/imports/" + id).then().extract().path("status"), "COMPLETED"::equals);
        given().get("/api/v1/imports/" + id).then()
                .body("householdsCreated", equalTo(3))
                .body("householdsFailed", equalTo(2));

        String report = given().get("/api/v1/imports/" + id + "/errors").then().extract().asString();
        String firstId = given().queryParam("kk", first).get("/api/v1/households").then()
                .body("total", equalTo(1)).extract().path("items[0].id");
        assertTrue(report.contains("3,\"" + sharesAPerson + "\",\"nik\",\"this person is an active member of household "
                + firstId), report);
        assertTrue(report.contains("6,\"" + first + "\",\"kk_number\",\"KK number is already registered as household "
                + firstId), report);
        given().queryParam("kk", sharesAPerson).get("/api/v1/households").then().body("total", equalTo(0));

        String namesakeId = given().queryParam("kk", namesake).get("/api/v1/households").then()
                .body("total", equalTo(1)).extract().path("items[0].id");
        List<String> flaggedAgainst = given().get("/api/v1/duplicate-candidates").then().extract()
                .path("findAll { it.householdId == '" + namesakeId + "' || it.householdId == '" + firstId
                        + "' }.otherHouseholdId");
        assertEquals(List.of(firstId), flaggedAgainst, "the pair is flagged once, on the later household");
    }

    @Test
    void importJobsAndTheirReportsAreScopedLikeHouseholdsAndNameNoHouseholdOutsideThem() {
        // Already registered: a family in Kalimantan Utara (65.01) and one in Samarinda (64.72).
        int serial = ThreadLocalRandom.current().nextInt(1, 9999);
        LocalDate born = LocalDate.of(1980 + serial % 15, 1 + serial % 12, 1 + serial % 28);
        RegistryTestSupport.Person elsewhere = new RegistryTestSupport.Person(nik("F", born, serial),
                "Warga Kaltara " + serial, "F", born, "HEAD");
        String elsewhereId = given().contentType("application/json").body(RegistryTestSupport.householdJson(
                        randomKk(), List.of(elsewhere)).replace(RegistryTestSupport.VILLAGE, "65.01.01.1001"))
                .post("/api/v1/households").then().statusCode(201).extract().path("id");
        String samarindaKk = randomKk();
        String samarindaId = RegistryTestSupport.registerHousehold(samarindaKk, RegistryTestSupport.single());

        String sharesAPerson = randomKk();
        String csv = HEADER
                // line 2: the Kaltara family's head on a new KK in Samarinda
                + row(sharesAPerson, "64.72.01.1001", elsewhere.nik(), elsewhere.name(), "F", born, "HEAD")
                // lines 3-4: the Samarinda family's KK number again
                + family(samarindaKk, "64.72.01.1002");
        String id = given().contentType("text/csv").body(csv).post("/api/v1/imports")
                .then().statusCode(202).extract().path("id");
        await().atMost(Duration.ofSeconds(60)).until(
                () -> given().get("/api/v1/imports/" + id).then().extract().path("status"), "COMPLETED"::equals);

        // The file is all of 64.72: an officer of 64.72 reads the job and its report ...
        String samarinda = TestTokens.token("officer-6472", Set.of("OFFICER"), Set.of("64.72"));
        RegistryTestSupport.as(samarinda).get("/api/v1/imports/" + id).then().statusCode(200)
                .body("householdsFailed", equalTo(2));
        String report = RegistryTestSupport.as(samarinda).get("/api/v1/imports/" + id + "/errors").then()
                .statusCode(200).extract().asString();
        // ... which names the Samarinda household but not the one of Kalimantan Utara.
        assertTrue(report.contains("2,\"" + sharesAPerson + "\",\"nik\",\"this person is an active member of a "
                + "household outside your regions"), report);
        assertTrue(report.contains("KK number is already registered as household " + samarindaId), report);
        assertFalse(report.contains(elsewhereId), report);

        // Callers outside the file's regions: 404, as for a job that does not exist.
        for (Set<String> regions : List.of(Set.of("64.71"), Set.of("65"), Set.of("64.72.01"))) {
            String outside = TestTokens.token("officer-outside", Set.of("OFFICER", "AUDITOR"), regions);
            RegistryTestSupport.as(outside).get("/api/v1/imports/" + id).then().statusCode(404);
            RegistryTestSupport.as(outside).get("/api/v1/imports/" + id + "/errors").then().statusCode(404);
        }

        // A registration over the API says the same to a caller of 64.72.
        RegistryTestSupport.as(samarinda).contentType("application/json")
                .body(RegistryTestSupport.householdJson(randomKk(), List.of(elsewhere)))
                .post("/api/v1/households").then().statusCode(409)
                .body(containsString("a household outside your regions"))
                .body(not(containsString(elsewhereId)));
    }

    @Test
    void aFileWithoutTheDocumentedColumnsIsRefusedAndOtherRequestsMayNotBeLarge() {
        given().contentType("text/csv").body("kk,nama\n1,2\n").post("/api/v1/imports")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("body"));

        String large = "{\"kkNumber\": \"" + "1".repeat(2 * 1024 * 1024) + "\"}";
        given().contentType("application/json").body(large).post("/api/v1/households")
                .then().statusCode(413).contentType("application/problem+json");
    }

    private static java.nio.file.Path directory() {
        return java.nio.file.Path.of(System.getProperty(ImportDirectoryTestResource.DIRECTORY));
    }

    @Test
    void importFilesAreDeletedWhenTheJobEndsAndOrphansAtStartUp() throws Exception {
        // At start-up: the old upload no job needs and the old interrupted upload are gone; a fresh one stays.
        java.nio.file.Path dir = directory();
        // (the clean-up runs on the import thread as the application starts)
        await().atMost(Duration.ofSeconds(10)).until(() -> java.nio.file.Files.notExists(
                dir.resolve(ImportDirectoryTestResource.OLD_ORPHAN)));
        assertTrue(java.nio.file.Files.notExists(dir.resolve(ImportDirectoryTestResource.OLD_PART)));
        assertTrue(java.nio.file.Files.exists(dir.resolve(ImportDirectoryTestResource.FRESH_PART)));

        String csv = HEADER + family(randomKk(), "64.72.01.1001");
        java.nio.file.Path stored = dir.resolve(java.util.HexFormat.of().formatHex(
                java.security.MessageDigest.getInstance("SHA-256").digest(
                        csv.getBytes(java.nio.charset.StandardCharsets.UTF_8))) + ".csv");
        String id = given().contentType("text/csv").body(csv).post("/api/v1/imports")
                .then().statusCode(202).extract().path("id");
        await().atMost(Duration.ofSeconds(60)).until(
                () -> given().get("/api/v1/imports/" + id).then().extract().path("status"), "COMPLETED"::equals);
        // The file holds NIKs and names in clear: gone once the job has ended.
        await().atMost(Duration.ofSeconds(10)).until(() -> java.nio.file.Files.notExists(stored));
        // Uploaded again: the same COMPLETED job answers, and the second copy is not kept either.
        given().contentType("text/csv").body(csv).post("/api/v1/imports").then().statusCode(200)
                .body("id", equalTo(id));
        assertTrue(java.nio.file.Files.notExists(stored), "the re-uploaded copy was kept");
        try (var files = java.nio.file.Files.list(dir)) {
            assertEquals(List.of(ImportDirectoryTestResource.FRESH_PART),
                    files.map(f -> f.getFileName().toString()).filter(f -> !f.startsWith("upload-")
                            || f.equals(ImportDirectoryTestResource.FRESH_PART)).sorted().toList());
        }
    }
}
