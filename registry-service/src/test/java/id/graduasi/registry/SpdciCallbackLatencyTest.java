package id.graduasi.registry;

import static id.graduasi.registry.RegistryTestSupport.family;
import static id.graduasi.registry.RegistryTestSupport.given;
import static id.graduasi.registry.RegistryTestSupport.randomKk;
import static id.graduasi.registry.RegistryTestSupport.registerHousehold;
import static id.graduasi.registry.SpdciEnvelopes.idQuery;
import static id.graduasi.registry.SpdciEnvelopes.search;
import static id.graduasi.registry.SpdciEnvelopes.txnStatus;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import id.graduasi.testing.GraduasiTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;

/**
 * An on-* callback leaves once the request's work has committed, not at the delivery worker's next poll: with
 * the poll an hour apart, the on-search and txn/on-status callbacks still arrive within a second of the ACK, and
 * the transaction's status can be asked as soon as the search is ACKed.
 */
@QuarkusTest
@QuarkusTestResource(value = GraduasiTestResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = SpdciPartnersTestResource.class, restrictToAnnotatedClass = false)
@TestProfile(SpdciCallbackLatencyTest.SlowPoll.class)
class SpdciCallbackLatencyTest {

    public static class SlowPoll implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            // The first poll runs at start; the next an hour later: only the wake on commit can deliver in time.
            return Map.of("graduasi.registry.spdci.delivery.interval", "1h");
        }
    }

    @Test
    void onSearchAndTxnOnStatusArriveWithinASecondOfTheAck() throws Exception {
        String kk = randomKk();
        registerHousehold(kk, family());
        try (SpdciCallbackServer partner = new SpdciCallbackServer()) {
            String transaction = "t-fast-" + UUID.randomUUID();
            given().contentType(ContentType.JSON).body(search(partner.uri(), transaction, idQuery("KK", kk, "Group")))
                    .post("/registry/search").then().statusCode(200).body("message.ack_status", equalTo("ACK"));
            await().atMost(Duration.ofSeconds(1)).until(() -> partner.at("/registry/on-search"), l -> !l.isEmpty());

            // Its status right after the ACK, synchronously and by callback.
            given().contentType(ContentType.JSON).body(txnStatus(null, "x", "search", "transaction_id",
                    "\"" + transaction + "\"")).post("/registry/sync/txn/status").then().statusCode(200)
                    .body("message.txnstatus_response.txn_status.search_response[0].status", equalTo("succ"));
            given().contentType(ContentType.JSON).body(txnStatus(partner.uri(), "x", "search", "transaction_id",
                    "\"" + transaction + "\"")).post("/registry/txn/status").then().statusCode(200)
                    .body("message.ack_status", equalTo("ACK"));
            await().atMost(Duration.ofSeconds(1)).until(() -> partner.at("/registry/txn/on-status"),
                    l -> !l.isEmpty());
        }
    }
}
