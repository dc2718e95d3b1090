package id.graduasi.registry;

import static id.graduasi.registry.RegistryTestSupport.as;
import static id.graduasi.registry.SpdciEnvelopes.envelope;
import static id.graduasi.registry.SpdciEnvelopes.idQuery;
import static id.graduasi.registry.SpdciPartnersTestResource.CLIENT_A;
import static id.graduasi.registry.SpdciPartnersTestResource.SENDER_A;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import id.graduasi.security.Roles;
import id.graduasi.testing.GraduasiTestResource;
import id.graduasi.testing.TestTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;

/**
 * What a DCI client gets when it is refused: 401 and 403 as the spec's HttpErrorResponse ({"errors": [{code,
 * message}]}, codes of the spec's Error enum), never an empty body or problem+json; and a transaction's status
 * as soon as its request was acknowledged.
 */
@QuarkusTest
@QuarkusTestResource(value = GraduasiTestResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = SpdciPartnersTestResource.class, restrictToAnnotatedClass = false)
class SpdciErrorAnswersTest {

    static final List<String> PATHS = List.of("/registry/sync/search", "/registry/search", "/registry/subscribe",
            "/registry/unsubscribe", "/registry/txn/status", "/registry/sync/txn/status");

    private static String search() {
        return envelope(SENDER_A, UUID.randomUUID().toString(), "search", null, 1, """
                {"transaction_id": "t-%s", "search_request": [{"reference_id": "r-1", "timestamp": "%s",
                 "search_criteria": %s}]}""".formatted(UUID.randomUUID(), OffsetDateTime.now(),
                idQuery("KK", RegistryTestSupport.randomKk(), "Group")));
    }

    private static void expectHttpError(RequestSpecification request, String path, int status, String code) {
        request.contentType(ContentType.JSON).body(search()).post(path).then().statusCode(status)
                .contentType(startsWith("application/json"))
                .body("errors", hasSize(1))
                .body("errors[0].code", equalTo(code))
                .body("errors[0].message", not(equalTo(null)));
    }

    @Test
    void withoutAValidTokenForThisServiceEveryEndpointAnswers401InTheSpecsErrorSchema() {
        String otherAudience = TestTokens.forAudience("assistance-service", "intruder", Set.of(Roles.PARTNER));
        for (String path : PATHS) {
            expectHttpError(RestAssured.given(), path, 401, "err.request.unauthorized");
            expectHttpError(as(otherAudience), path, 401, "err.request.unauthorized");
            expectHttpError(as("not-a-token"), path, 401, "err.request.unauthorized");
        }
    }

    @Test
    void aRoleWithoutSpdciAccessGets403InTheSpecsErrorSchema() {
        String officer = TestTokens.token("officer-a", Set.of(Roles.OFFICER), Set.of("*"));
        for (String path : PATHS) {
            expectHttpError(as(officer), path, 403, "err.request.forbidden");
        }
    }

    @Test
    void aTransactionsStatusIsAvailableAsSoonAsItsRequestIsAcknowledged() {
        String token = TestTokens.client(CLIENT_A, Set.of(Roles.PARTNER), Set.of("64.72"), Set.of());
        try (SpdciCallbackServer partner = new SpdciCallbackServer()) {
            String transaction = "t-" + UUID.randomUUID();
            String correlation = as(token).contentType(ContentType.JSON)
                    .body(envelope(SENDER_A, UUID.randomUUID().toString(), "search", partner.uri(), 1, """
                            {"transaction_id": "%s", "search_request": [{"reference_id": "r-1", "timestamp": "%s",
                             "search_criteria": %s}]}""".formatted(transaction, OffsetDateTime.now(),
                            idQuery("KK", RegistryTestSupport.randomKk(), "Group"))))
                    .post("/registry/search").then().statusCode(200).body("message.ack_status", equalTo("ACK"))
                    .extract().path("message.correlation_id");
            // No wait: the next request asks.
            for (String[] query : new String[][] {{"transaction_id", transaction}, {"correlation_id", correlation}}) {
                JsonPath status = as(token).contentType(ContentType.JSON)
                        .body(envelope(SENDER_A, UUID.randomUUID().toString(), "txn-status", null, 1, """
                                {"transaction_id": "s-%s", "txnstatus_request": {"reference_id": "s-1",
                                 "txn_type": "search", "attribute_type": "%s", "attribute_value": "%s"}}"""
                                .formatted(UUID.randomUUID(), query[0], query[1])))
                        .post("/registry/sync/txn/status").then().statusCode(200).extract().jsonPath();
                assertEquals(correlation, status.getString("message.correlation_id"), query[0]);
                assertEquals("search", status.getString("message.txnstatus_response.txn_type"), query[0]);
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
