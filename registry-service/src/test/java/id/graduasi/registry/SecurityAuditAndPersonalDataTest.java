package id.graduasi.registry;

import static id.graduasi.registry.RegistryTestSupport.as;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import id.graduasi.events.contract.Topics;
import id.graduasi.security.Roles;
import id.graduasi.testing.GraduasiTestResource;
import id.graduasi.testing.TestKafka;
import id.graduasi.testing.TestTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

@QuarkusTest
@QuarkusTestResource(value = GraduasiTestResource.class, restrictToAnnotatedClass = false)
class SecurityAuditAndPersonalDataTest {

    static final String OFFICER = TestTokens.token("officer-siti", Set.of(Roles.OFFICER), Set.of("64.72"));
    static final String SUPERVISOR = TestTokens.token("supervisor-budi", Set.of(Roles.SUPERVISOR), Set.of("64"));
    static final String AUDITOR = TestTokens.token("auditor-ani", Set.of(Roles.AUDITOR), Set.of("*"));
    static final String PARTNER = TestTokens.token("partner-bpjs", Set.of(Roles.PARTNER), Set.of("64.72"),
            Set.of("PKH"));

    @Test
    void whoChangedThisHouseholdListsEveryWriteWithActorAndRequestId() {
        String id = as(OFFICER).header("X-Request-Id", "req-register-1").contentType(ContentType.JSON)
                .body(RegistryTestSupport.householdJson(RegistryTestSupport.randomKk(), RegistryTestSupport.single()))
                .post("/api/v1/households").then().statusCode(201)
                .header("X-Request-Id", "req-register-1")
                .header("X-Content-Type-Options", "nosniff").header("X-Frame-Options", "DENY")
                .header("Cache-Control", "no-store").header("Referrer-Policy", "no-referrer")
                .extract().path("id");
        as(OFFICER).header("X-Request-Id", "req-member-2").contentType(ContentType.JSON)
                .body(RegistryTestSupport.randomPerson("CHILD", "F", 3, 10).json())
                .post("/api/v1/households/" + id + "/members").then().statusCode(201);
        as(SUPERVISOR).header("X-Request-Id", "req-verify-3").contentType(ContentType.JSON)
                .body("{\"status\": \"VERIFIED\", \"reason\": \"FIELD_VERIFICATION\"}")
                .post("/api/v1/households/" + id + "/status").then().statusCode(200);
        // A refused write leaves no trace: the audit row commits with the write or not at all.
        as(SUPERVISOR).contentType(ContentType.JSON)
                .body("{\"status\": \"GRADUATED\", \"reason\": \"FIELD_VERIFICATION\"}")
                .post("/api/v1/households/" + id + "/status").then().statusCode(409);
        // A partner reads the household (personal data): logged.
        as(PARTNER).header("X-Request-Id", "req-partner-4").get("/api/v1/households/" + id).then().statusCode(200);

        as(AUDITOR).get("/api/v1/audit?order=oldest&householdId=" + id).then().statusCode(200)
                .body("", hasSize(4))
                .body("action", equalTo(List.of("REGISTER", "ADD_MEMBER", "STATUS", "READ")))
                .body("actor", equalTo(List.of("officer-siti", "officer-siti", "supervisor-budi", "partner-bpjs")))
                .body("requestId", equalTo(List.of("req-register-1", "req-member-2", "req-verify-3",
                        "req-partner-4")))
                .body("[2].summary", equalTo("status REGISTERED -> VERIFIED, reason FIELD_VERIFICATION"));
        // An auditor of another province sees none of it; an officer may not read the log at all.
        as(TestTokens.token("auditor-aceh", Set.of(Roles.AUDITOR), Set.of("11")))
                .get("/api/v1/audit?entityId=" + id).then().statusCode(200).body("", hasSize(0));
        as(OFFICER).get("/api/v1/audit?entityId=" + id).then().statusCode(403);
    }

    @Test
    void searchesOnlyCountHouseholdsInTheCallersRegions() {
        String kk = RegistryTestSupport.randomKk();
        as(TestTokens.staff()).contentType(ContentType.JSON)
                .body(RegistryTestSupport.householdJson(kk, RegistryTestSupport.single())
                        .replace(RegistryTestSupport.VILLAGE, "11.01.01.2001"))
                .post("/api/v1/households").then().statusCode(201);
        as(OFFICER).get("/api/v1/households?kk=" + kk).then().statusCode(200).body("total", equalTo(0))
                .body("items", hasSize(0));
        as(TestTokens.token("officer-aceh", Set.of(Roles.OFFICER), Set.of("11.01"))).get("/api/v1/households?kk=" + kk)
                .then().statusCode(200).body("total", equalTo(1));
    }

    @Test
    void noNikOrNameReachesTheLogOrTheTopic() throws Exception {
        List<RegistryTestSupport.Person> family = RegistryTestSupport.family();
        String kk = RegistryTestSupport.randomKk();
        String id = as(OFFICER).contentType(ContentType.JSON).body(RegistryTestSupport.householdJson(kk, family))
                .post("/api/v1/households").then().statusCode(201).extract().path("id");
        // A refused registration (the same people again) must not log them either.
        as(OFFICER).contentType(ContentType.JSON)
                .body(RegistryTestSupport.householdJson(RegistryTestSupport.randomKk(), family))
                .post("/api/v1/households").then().statusCode(409);
        Awaitility.await().atMost(Duration.ofSeconds(30))
                .until(() -> !TestKafka.readAll(Topics.REGISTRY_HOUSEHOLD, e -> id.equals(e.key())).isEmpty());
        String topic = String.join("\n", TestKafka.readAll(Topics.REGISTRY_HOUSEHOLD).stream()
                .map(e -> e.value() + " " + e.headers()).toList());
        Path logFile = Path.of("target", "registry-test.log");
        assertTrue(Files.exists(logFile), "the test profile logs to " + logFile);
        String log = Files.readString(logFile);
        String audit = as(AUDITOR).get("/api/v1/audit?entityId=" + id).then().statusCode(200).extract().asString();
        for (RegistryTestSupport.Person p : family) {
            for (String where : List.of("log", "topic", "audit")) {
                String text = switch (where) {
                    case "log" -> log;
                    case "topic" -> topic;
                    default -> audit;
                };
                assertFalse(text.contains(p.nik()), "a NIK in the " + where);
                assertFalse(text.contains(p.name()), "a name in the " + where);
            }
        }
    }
}
