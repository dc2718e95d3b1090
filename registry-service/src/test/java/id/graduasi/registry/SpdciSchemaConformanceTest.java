package id.graduasi.registry;

import static id.graduasi.registry.RegistryTestSupport.family;
import static id.graduasi.registry.RegistryTestSupport.given;
import static id.graduasi.registry.RegistryTestSupport.randomKk;
import static id.graduasi.registry.RegistryTestSupport.registerHousehold;
import static id.graduasi.registry.SpdciEnvelopes.envelope;
import static id.graduasi.registry.SpdciEnvelopes.idQuery;
import static id.graduasi.registry.SpdciEnvelopes.search;
import static id.graduasi.registry.SpdciEnvelopes.txnStatus;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.oas.OpenApi30;

import id.graduasi.testing.GraduasiTestResource;
import id.graduasi.testing.TestTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

/**
 * Every answer of every SPDCI endpoint, and every callback, validated against the schema the spec
 * ({@code ../shared/standards/spdci/social_api_v1.0.0.yaml}) gives it: the synchronous envelopes, the ACK and
 * ERR acknowledgements, the 401/403 error object, and on-search, on-subscribe, notify, on-unsubscribe and
 * txn/on-status as the partner receives them.
 */
@QuarkusTest
@QuarkusTestResource(value = GraduasiTestResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = SpdciPartnersTestResource.class, restrictToAnnotatedClass = false)
class SpdciSchemaConformanceTest {

    static final Path SPEC = Path.of("../../shared/standards/spdci/social_api_v1.0.0.yaml").toAbsolutePath()
            .normalize();
    static final ObjectMapper JSON = new ObjectMapper();
    static final String ACK = "/components/responses/Response/content/application~1json/schema";
    static final String HTTP_ERROR = "/components/responses/HttpErrorResponse/content/application~1json/schema";

    final List<String> failures = new ArrayList<>();

    private static String answer(String path) {
        return "/paths/" + path.replace("/", "~1") + "/post/responses/default/content/application~1json/schema";
    }

    private static String callback(String path) {
        return "/paths/" + path.replace("/", "~1") + "/post/requestBody/content/application~1json/schema";
    }

    private static java.util.Set<com.networknt.schema.ValidationMessage> errors(String pointer, String json)
            throws Exception {
        var factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4, builder -> builder
                .metaSchema(OpenApi30.getInstance()).defaultMetaSchemaIri(OpenApi30.getInstance().getIri()));
        return factory.getSchema(SchemaLocation.of(SPEC.toUri() + "#" + pointer)).validate(JSON.readTree(json));
    }

    private void conforms(String what, String pointer, String json) throws Exception {
        var errors = errors(pointer, json);
        if (!errors.isEmpty()) {
            failures.add(what + ": " + errors + "\n  " + json);
        }
    }

    private void conforms(String what, String pointer, Response response) throws Exception {
        conforms(what + " (HTTP " + response.statusCode() + ")", pointer, response.asString());
    }

    private static Response post(String path, String body) {
        return given().contentType(ContentType.JSON).body(body).post(path);
    }

    @Test
    void everyAnswerAndCallbackMatchesTheSpecSchemas() throws Exception {
        assertTrue(Files.exists(SPEC), "the spec is at " + SPEC);
        // The schemas bite: answers that break them are caught.
        assertTrue(!errors(ACK, "{\"message\": {\"ack_status\": \"MAYBE\"}}").isEmpty(), "ACK schema");
        assertTrue(!errors(HTTP_ERROR, "{\"errors\": [{\"code\": 7}]}").isEmpty(), "error schema");
        assertTrue(!errors(answer("/registry/sync/search"), "{\"message\": {}}").isEmpty(), "answer schema");
        assertTrue(!errors(callback("/registry/on-search"), "{\"header\": {\"action\": \"on-search\"}}").isEmpty(),
                "callback schema");
        String kk = randomKk();
        registerHousehold(kk, family());
        try (SpdciCallbackServer partner = new SpdciCallbackServer()) {
            // Synchronous answers.
            Response found = post("/registry/sync/search", search(null, "t-sync", idQuery("KK", kk, "Group")));
            assertEquals(200, found.statusCode());
            conforms("sync/search", answer("/registry/sync/search"), found);
            conforms("sync/search, no match", answer("/registry/sync/search"),
                    post("/registry/sync/search", search(null, "t-none", idQuery("KK", randomKk(), "Group"))));
            conforms("sync/search, by NIN as members", answer("/registry/sync/search"),
                    post("/registry/sync/search", search(null, "t-member", idQuery("KK", kk, "Member"))));

            // Asynchronous requests: ACKs, then the callbacks.
            String transaction = "t-async-" + UUID.randomUUID();
            conforms("search ACK", ACK, post("/registry/search", search(partner.uri(), transaction,
                    idQuery("KK", kk, "Group"))));
            conforms("on-search", callback("/registry/on-search"), await().atMost(Duration.ofSeconds(20))
                    .until(() -> partner.at("/registry/on-search"), l -> !l.isEmpty()).get(0).raw());
            conforms("sync/txn/status", answer("/registry/sync/txn/status"), post("/registry/sync/txn/status",
                    txnStatus(null, "x", "search", "transaction_id", "\"" + transaction + "\"")));
            conforms("txn/status ACK", ACK, post("/registry/txn/status", txnStatus(partner.uri(), "x", "search",
                    "transaction_id", "\"" + transaction + "\"")));
            conforms("txn/on-status", callback("/registry/txn/on-status"), await().atMost(Duration.ofSeconds(20))
                    .until(() -> partner.at("/registry/txn/on-status"), l -> !l.isEmpty()).get(0).raw());

            conforms("subscribe ACK", ACK, post("/registry/subscribe", envelope("subscribe", partner.uri(), 1,
                    "{\"transaction_id\": \"sub-" + UUID.randomUUID() + "\", \"subscribe_request\": [" + """
                    {"reference_id": "s-1", "timestamp": "%s", "subscribe_criteria": {"version": "1.0.0",
                     "reg_type": "ns:org:RegistryType:Social", "reg_event_type": "REGISTER", "filter_type": "expression",
                     "filter": {"type": "ns:org:QueryType:expression", "value": {"expression": {"collection": "Group",
                     "query": {"region_code": {"$eq": "64.72"}}}}}, "notify_record_type": "Group"}}]}"""
                    .formatted(OffsetDateTime.now()))));
            String onSubscribe = await().atMost(Duration.ofSeconds(20))
                    .until(() -> partner.at("/registry/on-subscribe"), l -> !l.isEmpty()).get(0).raw();
            conforms("on-subscribe", callback("/registry/on-subscribe"), onSubscribe);
            String code = JSON.readTree(onSubscribe).path("message").path("subscribe_response").path(0)
                    .path("subscription_code").asText();
            registerHousehold(randomKk(), family());
            conforms("notify", callback("/registry/notify"), await().atMost(Duration.ofSeconds(30))
                    .until(() -> partner.at("/registry/notify"), l -> !l.isEmpty()).get(0).raw());
            conforms("unsubscribe ACK", ACK, post("/registry/unsubscribe", envelope("unsubscribe", partner.uri(), 1,
                    """
                    {"transaction_id": "unsub-1", "timestamp": "%s", "subscription_codes": ["%s"]}"""
                            .formatted(OffsetDateTime.now(), code))));
            conforms("on-unsubscribe", callback("/registry/on-unsubscribe"), await().atMost(Duration.ofSeconds(20))
                    .until(() -> partner.at("/registry/on-unsubscribe"), l -> !l.isEmpty()).get(0).raw());
        }

        // Refusals: the ERR acknowledgement and the HTTP error object.
        conforms("ERR acknowledgement", ACK, post("/registry/sync/search", "{\"header\": {}}"));
        conforms("401", HTTP_ERROR, RestAssured.given().contentType(ContentType.JSON)
                .body(search(null, "t", idQuery("KK", kk, "Group"))).post("/registry/sync/search"));
        conforms("403", HTTP_ERROR, RegistryTestSupport.as(TestTokens.client("not-a-partner", Set.of("PARTNER"),
                Set.of("*"), Set.of())).contentType(ContentType.JSON).body(search(null, "t", idQuery("KK", kk, "Group")))
                .post("/registry/sync/search"));

        assertEquals(List.of(), failures, () -> String.join("\n\n", failures));
    }
}
