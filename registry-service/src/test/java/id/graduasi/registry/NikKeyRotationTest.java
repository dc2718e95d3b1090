package id.graduasi.registry;

import static id.graduasi.registry.RegistryTestSupport.given;
import static id.graduasi.registry.RegistryTestSupport.householdJson;
import static id.graduasi.registry.RegistryTestSupport.randomKk;
import static id.graduasi.registry.RegistryTestSupport.randomPerson;
import static id.graduasi.registry.RegistryTestSupport.registerHousehold;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import id.graduasi.registry.security.NikKeyCheck;
import id.graduasi.registry.security.NikProtector;
import id.graduasi.registry.security.NikReencryption;
import id.graduasi.testing.GraduasiTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.vertx.VertxContextSupport;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;

/**
 * NIK key rotation in the running service: configured with a new current key k2 and the old key k1, rows written
 * under k1 (with key id, and before key ids existed) stay readable and findable, the re-encryption job moves them
 * to k2, and a key that does not match its stored key-check value makes the service not ready (naming the key)
 * and answers 503, never 500.
 */
@QuarkusTest
@QuarkusTestResource(value = GraduasiTestResource.class, restrictToAnnotatedClass = false)
@TestProfile(NikKeyRotationTest.Rotated.class)
class NikKeyRotationTest {

    public static class Rotated implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("graduasi.registry.nik.keys", "k2:" + NikProtectorTest.NEW + ",k1:" + NikProtectorTest.OLD);
        }
    }

    @Inject
    NikReencryption reencryption;

    @Inject
    NikKeyCheck keyCheck;

    @Test
    void rowsOfTheOldKeyStayReadableAndAreReencryptedWithTheCurrentKey() throws Throwable {
        List<RegistryTestSupport.Person> family = RegistryTestSupport.family();
        String household = registerHousehold(randomKk(), family);
        Map<UUID, String> members = ciphertexts(household);
        assertTrue(members.values().stream().allMatch(c -> c.startsWith("v2.k2.")), "new rows: current key k2");

        // Two members as the service wrote them before the rotation: under k1 with its id, and before key ids.
        NikProtector before = new NikProtector(List.of("k1:" + NikProtectorTest.OLD), null, null, null);
        List<UUID> ids = new ArrayList<>(members.keySet());
        Map<String, String> nikOf = nikByName(family);
        setCiphertext(ids.get(0), before.encrypt(nik(household, ids.get(0), nikOf), NikProtector.member(ids.get(0))));
        setCiphertext(ids.get(1), NikProtectorTest.legacyEncrypt(NikProtectorTest.OLD,
                nik(household, ids.get(1), nikOf)));
        assertEquals(2, ciphertexts(household).values().stream().filter(c -> !c.startsWith("v2.k2.")).count());

        readsEveryNik(household, family);
        // Found by NIK across the rotation: the same person cannot be registered twice.
        given().contentType(ContentType.JSON).body(householdJson(randomKk(), List.of(family.get(0))))
                .post("/api/v1/households").then().statusCode(409);

        long rewritten = VertxContextSupport.subscribeAndAwait(() -> reencryption.reencrypt());
        assertTrue(rewritten >= 2, "rewritten: " + rewritten);
        assertTrue(ciphertexts(household).values().stream().allMatch(c -> c.startsWith("v2.k2.")),
                "every member now under k2");
        readsEveryNik(household, family);
        assertEquals(0L, VertxContextSupport.subscribeAndAwait(() -> reencryption.reencrypt()), "nothing left");
    }

    @Test
    void aCiphertextCopiedToAnotherRowDoesNotDecryptAndAnswers503() throws Exception {
        String household = registerHousehold(randomKk(), RegistryTestSupport.family());
        List<Map.Entry<UUID, String>> rows = new ArrayList<>(ciphertexts(household).entrySet());
        String own = rows.get(1).getValue();
        setCiphertext(rows.get(1).getKey(), rows.get(0).getValue());
        try {
            given().get("/api/v1/households/" + household).then().statusCode(503)
                    .contentType("application/problem+json");
        } finally {
            setCiphertext(rows.get(1).getKey(), own);
        }
        given().get("/api/v1/households/" + household).then().statusCode(200);
    }

    @Test
    void aKeyThatIsNotTheOneTheDataWasWrittenWithMakesTheServiceNotReadyNamingIt() throws Throwable {
        String household = registerHousehold(randomKk(), List.of(randomPerson("HEAD", "M", 25, 70)));
        String stored = checkValue("k1");
        // k1's check value as a different secret under the same id writes it: what a second checkout (or a
        // deleted .graduasi/) used to do with the data of the first.
        NikProtector other = new NikProtector(List.of("k1:" + NikProtectorTest.NEW), null, null, null);
        setCheckValue("k1", other.checkValue("k1"));
        try {
            String problem = VertxContextSupport.subscribeAndAwait(() -> keyCheck.verify());
            assertTrue(problem != null && problem.contains("NIK key k1"), problem);
            RestAssured.given().get("/q/health/ready").then().statusCode(503)
                    .body(containsString("NIK key k1 does not decrypt its stored key-check value"));
            given().get("/api/v1/households/" + household).then().statusCode(503)
                    .contentType("application/problem+json").body("status", equalTo(503));
            given().get("/api/v1/households").then().statusCode(503);
        } finally {
            setCheckValue("k1", stored);
        }
        assertNull(VertxContextSupport.subscribeAndAwait(() -> keyCheck.verify()));
        RestAssured.given().get("/q/health/ready").then().body(containsString("\"nik-keys\""))
                .body(containsString("\"problem\": \"none\""));
        given().get("/api/v1/households/" + household).then().statusCode(200);
    }

    private static void readsEveryNik(String household, List<RegistryTestSupport.Person> family) {
        List<String> masked = given().get("/api/v1/households/" + household).then().statusCode(200)
                .extract().path("members.nik");
        assertEquals(family.stream().map(p -> NikProtector.mask(p.nik())).sorted().toList(),
                masked.stream().sorted().toList());
    }

    private static Map<String, String> nikByName(List<RegistryTestSupport.Person> family) {
        Map<String, String> niks = new LinkedHashMap<>();
        family.forEach(p -> niks.put(p.name(), p.nik()));
        return niks;
    }

    private static String nik(String household, UUID member, Map<String, String> nikByName) throws SQLException {
        try (Connection db = db(); PreparedStatement q = db.prepareStatement("select name from member where id = ?")) {
            q.setObject(1, member);
            ResultSet rs = q.executeQuery();
            rs.next();
            return nikByName.get(rs.getString(1));
        }
    }

    private static Map<UUID, String> ciphertexts(String household) throws SQLException {
        try (Connection db = db(); PreparedStatement q = db.prepareStatement(
                "select id, nik_encrypted from member where household_id = ? order by id")) {
            q.setObject(1, UUID.fromString(household));
            ResultSet rs = q.executeQuery();
            Map<UUID, String> rows = new LinkedHashMap<>();
            while (rs.next()) {
                rows.put(rs.getObject(1, UUID.class), rs.getString(2));
            }
            return rows;
        }
    }

    private static void setCiphertext(UUID member, String value) throws SQLException {
        try (Connection db = db(); PreparedStatement u = db.prepareStatement(
                "update member set nik_encrypted = ? where id = ?")) {
            u.setString(1, value);
            u.setObject(2, member);
            assertEquals(1, u.executeUpdate());
        }
    }

    private static String checkValue(String keyId) throws SQLException {
        try (Connection db = db(); PreparedStatement q = db.prepareStatement(
                "select check_value from nik_key_check where key_id = ?")) {
            q.setString(1, keyId);
            ResultSet rs = q.executeQuery();
            assertTrue(rs.next(), "start-up stored a key-check value for " + keyId);
            return rs.getString(1);
        }
    }

    private static void setCheckValue(String keyId, String value) throws SQLException {
        try (Connection db = db(); PreparedStatement u = db.prepareStatement(
                "update nik_key_check set check_value = ? where key_id = ?")) {
            u.setString(1, value);
            u.setString(2, keyId);
            assertEquals(1, u.executeUpdate());
        }
    }

    private static Connection db() throws SQLException {
        var config = ConfigProvider.getConfig();
        return DriverManager.getConnection(config.getValue("quarkus.datasource.jdbc.url", String.class),
                config.getValue("quarkus.datasource.username", String.class),
                config.getOptionalValue("quarkus.datasource.password", String.class).orElse(""));
    }
}
