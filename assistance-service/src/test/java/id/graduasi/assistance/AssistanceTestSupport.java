package id.graduasi.assistance;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;
import java.util.Set;

import org.awaitility.Awaitility;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import id.graduasi.assistance.security.CallbackSignature;
import id.graduasi.events.contract.GraduationDecided;
import id.graduasi.events.contract.GraduationDecidedV2;
import id.graduasi.events.contract.GraduationReverted;
import id.graduasi.events.contract.GraduationRevertedV2;
import id.graduasi.events.contract.HouseholdRegistered;
import id.graduasi.events.contract.HouseholdStatusChanged;
import id.graduasi.events.contract.MemberAdded;
import id.graduasi.security.Roles;
import id.graduasi.testing.TestKafka;
import id.graduasi.testing.TestTokens;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;

/** Requests with bearer tokens, and payment callbacks signed as the provider signs them. */
final class AssistanceTestSupport {

    /** The %test profile's callback secret (application.properties). */
    static final String CALLBACK_SECRET = "test-only-callback-secret-not-for-production";

    private AssistanceTestSupport() {
    }

    /** A request as staff allowed everything everywhere (ADMIN, SUPERVISOR, OFFICER; regions *). */
    static RequestSpecification given() {
        return withToken(TestTokens.staff());
    }

    /** A request as the named staff member (ADMIN, SUPERVISOR, OFFICER; regions *): the token names the actor. */
    static RequestSpecification as(String user) {
        return withToken(TestTokens.token(user, Set.of(Roles.ADMIN, Roles.SUPERVISOR, Roles.OFFICER), Set.of("*")));
    }

    static RequestSpecification withToken(String token) {
        return RestAssured.given().header("Authorization", "Bearer " + token);
    }

    /** A payment confirmation signed with the shared secret, sent now. */
    static RequestSpecification signed(Object body) {
        return signed(body, Instant.now().getEpochSecond(), CALLBACK_SECRET);
    }

    static RequestSpecification signed(Object body, long timestamp, String secret) {
        String json = json(body);
        return RestAssured.given().contentType(ContentType.JSON)
                .header(CallbackSignature.TIMESTAMP, Long.toString(timestamp))
                .header(CallbackSignature.SIGNATURE, CallbackSignature.sign(secret, timestamp, json)).body(json);
    }

    /**
     * The birth day of a child who makes a household PKH-eligible today (under 7) and is not yet born on the
     * reference date of any cycle of 2025 or before: the tests' cycles are in those years so that this child earns
     * nothing in them (a child counts only from birth) and each test's families can be told apart by the age of
     * their other child on its cycle's reference date.
     */
    static LocalDate bornHalfAYearAgo() {
        return LocalDate.now().minusMonths(6);
    }

    /** A VERIFIED household in {@code village} with members born on these days; returns once assistance has it. */
    static String household(String village, LocalDate... births) {
        UUID household = UUID.randomUUID();
        TestKafka.publish(new HouseholdRegistered(household, village, births.length, LocalDate.now()));
        for (LocalDate birth : births) {
            TestKafka.publish(new MemberAdded(household, UUID.randomUUID(), "CHILD", "F", birth, null, false, false,
                    false, LocalDate.now()));
        }
        // Same key, same partition: once this is applied, every event before it was too.
        TestKafka.publish(new HouseholdStatusChanged(household, village, "REGISTERED", "VERIFIED",
                "FIELD_VERIFICATION", Instant.now()));
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> given().get("/api/v1/households/" + household)
                .then().extract().path("status"), "VERIFIED"::equals);
        return household.toString();
    }

    /**
     * A decision as graduation-service publishes it during the transition: v1 and v2 (assistance acts on v2 only).
     * The outcome is graduation-service's reading of the pathway, reproduced here because this test plays its part.
     */
    static void publishDecided(GraduationDecided v1) {
        TestKafka.publish(v1);
        TestKafka.publish(v2(v1));
    }

    static void publishReverted(GraduationReverted v1) {
        TestKafka.publish(v1);
        TestKafka.publish(v2(v1));
    }

    static GraduationDecidedV2 v2(GraduationDecided d) {
        GraduationDecidedV2.Outcome outcome = "ADMINISTRATIVE_EXIT".equals(d.pathway())
                ? GraduationDecidedV2.Outcome.EXITED : GraduationDecidedV2.Outcome.GRADUATED;
        return new GraduationDecidedV2(d.decisionId(), d.householdId(), d.villageCode(), outcome, d.decidedOn(),
                outcome == GraduationDecidedV2.Outcome.GRADUATED ? d.decidedOn().plusMonths(12) : null, d.pathway(), 1,
                d.reasonCode(), d.decidedOn());
    }

    static GraduationRevertedV2 v2(GraduationReverted r) {
        return new GraduationRevertedV2(r.decisionId(), r.householdId(), r.villageCode(),
                GraduationDecidedV2.Outcome.GRADUATED, r.revertedOn(), r.pathway(), 1, r.reasonCode(), r.revertedOn());
    }

    /**
     * A JDBC connection of the test's own to the application's database (autocommit on): to hold a lock as another
     * replica or user would, for as long as a test needs.
     */
    static java.sql.Connection database() throws java.sql.SQLException {
        var config = org.eclipse.microprofile.config.ConfigProvider.getConfig();
        return java.sql.DriverManager.getConnection(config.getValue("quarkus.datasource.jdbc.url", String.class),
                config.getOptionalValue("quarkus.datasource.username", String.class).orElse("postgres"),
                config.getOptionalValue("quarkus.datasource.password", String.class).orElse(""));
    }

    static String json(Object body) {
        try {
            return body instanceof String s ? s : new ObjectMapper().writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
