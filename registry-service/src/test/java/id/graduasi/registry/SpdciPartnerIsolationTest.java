package id.graduasi.registry;

import static id.graduasi.registry.RegistryTestSupport.as;
import static id.graduasi.registry.RegistryTestSupport.family;
import static id.graduasi.registry.RegistryTestSupport.householdJson;
import static id.graduasi.registry.RegistryTestSupport.randomKk;
import static id.graduasi.registry.SpdciEnvelopes.envelope;
import static id.graduasi.registry.SpdciEnvelopes.idQuery;
import static id.graduasi.registry.SpdciPartnersTestResource.CLIENT_A;
import static id.graduasi.registry.SpdciPartnersTestResource.CLIENT_B;
import static id.graduasi.registry.SpdciPartnersTestResource.CLIENT_ELSEWHERE;
import static id.graduasi.registry.SpdciPartnersTestResource.CLIENT_PRIVATE;
import static id.graduasi.registry.SpdciPartnersTestResource.PRIVATE_CALLBACK;
import static id.graduasi.registry.SpdciPartnersTestResource.SENDER_A;
import static id.graduasi.registry.SpdciPartnersTestResource.SENDER_B;
import static id.graduasi.registry.SpdciPartnersTestResource.SENDER_ELSEWHERE;
import static id.graduasi.registry.SpdciPartnersTestResource.SENDER_PRIVATE;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
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
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;

/**
 * Two partner agencies on the SPDCI API: A (client spmis-a, Samarinda 64.72) and B (client spmis-b, Kalimantan
 * Utara 65). Who sends a message is the authenticated client, not the sender_id it writes; what A made is found
 * only by A, within A's regions.
 */
@QuarkusTest
@QuarkusTestResource(value = GraduasiTestResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = SpdciPartnersTestResource.class, restrictToAnnotatedClass = false)
class SpdciPartnerIsolationTest {

    static final String A_REGION = "64.72";
    static final String B_REGION = "65";
    static final String KALTARA_VILLAGE = "65.01.01.1001";

    static final String TOKEN_A = TestTokens.client(CLIENT_A, Set.of(Roles.PARTNER), Set.of(A_REGION), Set.of("PKH"));
    static final String TOKEN_B = TestTokens.client(CLIENT_B, Set.of(Roles.PARTNER), Set.of(B_REGION), Set.of("PKH"));

    private static Response post(String token, String path, String body) {
        return as(token).contentType(ContentType.JSON).body(body).post(path);
    }

    private static String register(String village) {
        return RegistryTestSupport.given().contentType(ContentType.JSON)
                .body(householdJson(randomKk(), family()).replace(RegistryTestSupport.VILLAGE, village))
                .post("/api/v1/households").then().statusCode(201).extract().path("id");
    }

    private static String searchMessage(String transactionId, String householdId) {
        return """
                {"transaction_id": "%s", "search_request": [{"reference_id": "ref-%s", "timestamp": "%s",
                 "search_criteria": %s}]}""".formatted(transactionId, transactionId, OffsetDateTime.now(),
                idQuery("HOUSEHOLD_ID", householdId, "Group"));
    }

    private static String txnStatusMessage(String attributeType, String value) {
        return """
                {"transaction_id": "status-%s", "txnstatus_request": {"reference_id": "s-1", "txn_type": "search",
                 "attribute_type": "%s", "attribute_value": %s}}""".formatted(UUID.randomUUID(), attributeType,
                value);
    }

    private static String subscribeMessage(String filter) {
        return """
                {"transaction_id": "sub-%s", "subscribe_request": [{"reference_id": "r-1", "timestamp": "%s",
                 "subscribe_criteria": {"version": "1.0.0", "reg_type": "ns:org:RegistryType:Social",
                 "reg_event_type": "REGISTER", "filter_type": "expression", "filter": %s,
                 "notify_record_type": "Group"}}]}""".formatted(UUID.randomUUID(), OffsetDateTime.now(), filter);
    }

    /** Every household, whatever its region: the region scope alone must keep others' households out. */
    static final String BROAD_FILTER = """
            {"type": "ns:org:QueryType:expression", "value": {"expression": {"collection": "Group",
             "query": {"dtsen_decile": {"$le": 10}}}}}""";

    private static String subscribe(String token, String sender, SpdciCallbackServer server) {
        post(token, "/registry/subscribe", envelope(sender, UUID.randomUUID().toString(), "subscribe", server.uri(), 1,
                subscribeMessage(BROAD_FILTER))).then().statusCode(200).body("message.ack_status", equalTo("ACK"));
        JsonPath onSubscribe = await().atMost(Duration.ofSeconds(20))
                .until(() -> server.at("/registry/on-subscribe"), l -> !l.isEmpty()).get(0).body();
        assertEquals("succ", onSubscribe.getString("message.subscribe_response[0].status"));
        return onSubscribe.getString("message.subscribe_response[0].subscriptions[0].code");
    }

    private static List<JsonPath> registrationsNotified(SpdciCallbackServer server, String householdId) {
        return server.at("/registry/notify").stream().map(SpdciCallbackServer.Received::body)
                .filter(b -> b.prettify().contains(householdId)).toList();
    }

    @Test
    void partnerBSendingPartnerAsSenderIdAndIdsIsRefusedAndGetsNothingOfA() throws Exception {
        String household = register(RegistryTestSupport.VILLAGE);
        String messageId = UUID.randomUUID().toString();
        String transactionId = "a-" + UUID.randomUUID();

        // A searches its own region's household: found, and the answer is stored under A.
        JsonPath answer = post(TOKEN_A, "/registry/sync/search",
                envelope(SENDER_A, messageId, "search", null, 1, searchMessage(transactionId, household)))
                .then().statusCode(200).body("message.search_response[0].status", equalTo("succ"))
                .extract().jsonPath();
        assertEquals(1, answer.getInt("message.search_response[0].pagination.total_count"));
        String correlation = answer.getString("message.correlation_id");

        try (SpdciCallbackServer a = new SpdciCallbackServer(); SpdciCallbackServer b = new SpdciCallbackServer()) {
            String subscriptionOfA = subscribe(TOKEN_A, SENDER_A, a);

            // B writes A's sender_id: refused with the spec's error, before anything is looked up.
            for (String path : List.of("/registry/sync/search", "/registry/sync/txn/status")) {
                String message = path.contains("txn") ? txnStatusMessage("transaction_id", "\"" + transactionId + "\"")
                        : searchMessage(transactionId, household);
                String action = path.contains("txn") ? "txn-status" : "search";
                post(TOKEN_B, path, envelope(SENDER_A, messageId, action, null, 1, message)).then().statusCode(403)
                        .body("errors[0].code", equalTo("err.sender_id.invalid"))
                        .body(not(containsString(household)));
            }
            post(TOKEN_B, "/registry/unsubscribe", envelope(SENDER_A, UUID.randomUUID().toString(), "unsubscribe",
                    b.uri(), 1, "{\"transaction_id\": \"u-1\", \"subscription_codes\": [\"" + subscriptionOfA + "\"]}"))
                    .then().statusCode(403).body("errors[0].code", equalTo("err.sender_id.invalid"));

            // B under its own sender_id, with A's message_id: a new message of B's, not A's stored answer.
            String replay = post(TOKEN_B, "/registry/sync/search",
                    envelope(SENDER_B, messageId, "search", null, 1, searchMessage("b-" + UUID.randomUUID(), household)))
                    .then().statusCode(200).extract().asString();
            assertFalse(replay.contains(correlation), "A's answer was replayed to B: " + replay);
            assertEquals(0, JsonPath.from(replay).getInt("message.search_response[0].pagination.total_count"),
                    "B's search runs within B's regions");

            // B asks for A's transaction by A's transaction_id and by A's correlation_id: as if it did not exist.
            for (String[] query : new String[][] {{"transaction_id", "\"" + transactionId + "\""},
                    {"correlation_id", "\"" + correlation + "\""}, {"reference_id_list", "[\"ref-" + transactionId + "\"]"}}) {
                post(TOKEN_B, "/registry/sync/txn/status", envelope(SENDER_B, UUID.randomUUID().toString(),
                        "txn-status", null, 1, txnStatusMessage(query[0], query[1]))).then().statusCode(404)
                        .body("message.error.code", equalTo("err.request.not_found"))
                        .body(not(containsString(household)));
            }
            // A itself finds it (so the refusals above are about the client, not a broken lookup).
            post(TOKEN_A, "/registry/sync/txn/status", envelope(SENDER_A, UUID.randomUUID().toString(), "txn-status",
                    null, 1, txnStatusMessage("correlation_id", "\"" + correlation + "\""))).then().statusCode(200)
                    .body(containsString(household));

            // B cannot end A's subscription, even under its own sender_id.
            post(TOKEN_B, "/registry/unsubscribe", envelope(SENDER_B, UUID.randomUUID().toString(), "unsubscribe",
                    b.uri(), 1, "{\"transaction_id\": \"u-2\", \"subscription_codes\": [\"" + subscriptionOfA + "\"]}"))
                    .then().statusCode(200).body("message.ack_status", equalTo("ACK"));
            JsonPath refused = await().atMost(Duration.ofSeconds(20))
                    .until(() -> b.at("/registry/on-unsubscribe"), l -> !l.isEmpty()).get(0).body();
            assertEquals("rjct", refused.getString("message.status"));
            assertEquals("rjct.subscription_code.invalid", refused.getString("message.status_reason_code"));
            String later = register(RegistryTestSupport.VILLAGE);
            await().atMost(Duration.ofSeconds(30)).until(() -> registrationsNotified(a, later), l -> !l.isEmpty());
        }
    }

    @Test
    void aPartnerSubscriptionIsNotifiedOnlyOfHouseholdsInItsRegions() throws Exception {
        try (SpdciCallbackServer a = new SpdciCallbackServer()) {
            subscribe(TOKEN_A, SENDER_A, a);
            String elsewhere = register(KALTARA_VILLAGE);
            String inRegion = register(RegistryTestSupport.VILLAGE);
            await().atMost(Duration.ofSeconds(30)).until(() -> registrationsNotified(a, inRegion), l -> !l.isEmpty());
            // The 65 household's event is on the same topic; give the notifier time to have handled it too.
            Thread.sleep(3000);
            assertTrue(registrationsNotified(a, elsewhere).isEmpty(),
                    "a partner limited to 64.72 was notified of a household in 65.01");
        }
    }

    @Test
    void callbacksOnlyGoToTheClientsRegisteredPublicCallbackUris() throws Exception {
        try (SpdciCallbackServer local = new SpdciCallbackServer()) {
            // A registered callback URI on a private address: refused, even though it is registered.
            String privateClient = TestTokens.client(CLIENT_PRIVATE, Set.of(Roles.PARTNER), Set.of("*"), Set.of());
            post(privateClient, "/registry/search", envelope(SENDER_PRIVATE, UUID.randomUUID().toString(), "search",
                    PRIVATE_CALLBACK, 1, searchMessage("p-1", UUID.randomUUID().toString())))
                    .then().statusCode(400).body("message.error.code", equalTo("err.sender_uri.invalid"))
                    .body("message.error.message", containsString("10.20.30.40"));
            // A sender_uri that is not registered for this client (its registration is elsewhere): refused.
            String elsewhere = TestTokens.client(CLIENT_ELSEWHERE, Set.of(Roles.PARTNER), Set.of("*"), Set.of());
            post(elsewhere, "/registry/search", envelope(SENDER_ELSEWHERE, UUID.randomUUID().toString(), "search",
                    local.uri(), 1, searchMessage("e-1", UUID.randomUUID().toString())))
                    .then().statusCode(400).body("message.error.code", equalTo("err.sender_uri.invalid"));
            // The cloud metadata address, written into a registered URI's authority, is not below it.
            post(TOKEN_A, "/registry/search", envelope(SENDER_A, UUID.randomUUID().toString(), "search",
                    "http://169.254.169.254/latest", 1, searchMessage("m-1", UUID.randomUUID().toString())))
                    .then().statusCode(400).body("message.error.code", equalTo("err.sender_uri.invalid"));
            Thread.sleep(1000);
            assertTrue(local.at("/registry/on-search").isEmpty(), "a refused request called back");
        }
    }

    @Test
    void aClientThatIsNotARegisteredPartnerIsRefusedWhateverItsRole() {
        String stranger = TestTokens.client("unregistered-client", Set.of(Roles.PARTNER), Set.of("*"), Set.of());
        post(stranger, "/registry/sync/search", envelope(SENDER_A, UUID.randomUUID().toString(), "search", null, 1,
                searchMessage("x-1", UUID.randomUUID().toString()))).then().statusCode(403)
                .body("errors[0].code", equalTo("err.request.forbidden"));
    }
}
