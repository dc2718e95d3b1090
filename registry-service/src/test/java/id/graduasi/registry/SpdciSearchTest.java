package id.graduasi.registry;

import static id.graduasi.registry.RegistryTestSupport.family;
import static id.graduasi.registry.RegistryTestSupport.randomKk;
import static id.graduasi.registry.RegistryTestSupport.registerHousehold;
import static id.graduasi.registry.SpdciEnvelopes.envelope;
import static id.graduasi.registry.SpdciEnvelopes.idQuery;
import static id.graduasi.registry.SpdciEnvelopes.search;
import static id.graduasi.registry.SpdciEnvelopes.txnStatus;
import static id.graduasi.registry.RegistryTestSupport.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import id.graduasi.testing.GraduasiTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ValidatableResponse;

@QuarkusTest
@QuarkusTestResource(value = GraduasiTestResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = SpdciPartnersTestResource.class, restrictToAnnotatedClass = false)
class SpdciSearchTest {

    private static ValidatableResponse post(String path, String body) {
        return given().contentType(ContentType.JSON).body(body).post(path).then();
    }

    @SuppressWarnings("unchecked")
    private static Set<String> identifiers(Object record, String field) {
        return ((List<Map<String, Object>>) ((Map<String, Object>) record).get(field)).stream()
                .map(i -> i.get("identifier_type") + "=" + i.get("identifier_value")).collect(Collectors.toSet());
    }

    @Test
    @SuppressWarnings("unchecked")
    void syncSearchByNinAnswersTheHouseholdAsAGroupWithEveryMembersNik() {
        String kk = randomKk();
        List<RegistryTestSupport.Person> family = family();
        String id = registerHousehold(kk, family);

        JsonPath body = post("/registry/sync/search", search(null, "t-nin", idQuery("NIN", family.get(1).nik(), "Group")))
                .statusCode(200)
                .body("header.action", equalTo("on-search"))
                .body("header.status", equalTo("succ"))
                .body("header.receiver_id", equalTo(SpdciEnvelopes.SENDER))
                .body("message.transaction_id", equalTo("t-nin"))
                .body("message.correlation_id", notNullValue())
                .body("message.search_response[0].reference_id", equalTo("ref-1"))
                .body("message.search_response[0].status", equalTo("succ"))
                .body("message.search_response[0].data.reg_record_type", equalTo("Group"))
                .body("message.search_response[0].pagination.total_count", equalTo(1))
                .extract().jsonPath();
        Map<String, Object> group = body.getMap("message.search_response[0].data.reg_records[0]");
        assertEquals("spdci:Group", group.get("@type"));
        assertEquals(Set.of("HOUSEHOLD_ID=" + id, "KK=" + kk), identifiers(group, "group_identifier"));
        assertEquals(3, group.get("group_size"));
        assertEquals(2, group.get("poverty_score"));
        List<Map<String, Object>> members = (List<Map<String, Object>>) group.get("member_list");
        assertEquals(family.stream().map(p -> "NIN=" + p.nik()).collect(Collectors.toSet()), members.stream()
                .flatMap(m -> identifiers(m.get("demographic_info"), "identifier").stream()).collect(Collectors.toSet()));
        Map<String, Object> head = (Map<String, Object>) group.get("group_head_info");
        assertEquals(Set.of("NIN=" + family.get(0).nik()), identifiers(head.get("demographic_info"), "identifier"));
        assertEquals("female", ((Map<String, Object>) head.get("demographic_info")).get("sex"));

        // As a Member: the person alone.
        Map<String, Object> member = post("/registry/sync/search",
                search(null, "t-nin-member", idQuery("NIN", family.get(1).nik(), "Member")))
                .statusCode(200)
                .body("message.search_response[0].data.reg_record_type", equalTo("Member"))
                .body("message.search_response[0].data.reg_records.size()", equalTo(1))
                .extract().jsonPath().getMap("message.search_response[0].data.reg_records[0]");
        assertEquals(Set.of("NIN=" + family.get(1).nik()), identifiers(member.get("demographic_info"), "identifier"));
        assertEquals("CHILD", member.get("relationship_head"));
    }

    @Test
    void syncSearchByHouseholdIdOrKkNumberFindsTheHousehold() {
        String kk = randomKk();
        String id = registerHousehold(kk, family());
        for (String query : List.of(idQuery("HOUSEHOLD_ID", id, "Group"), idQuery("KK", kk, "Group"))) {
            post("/registry/sync/search", search(null, "t-id", query)).statusCode(200)
                    .body("message.search_response[0].status", equalTo("succ"))
                    .body("message.search_response[0].data.reg_records.size()", equalTo(1))
                    .body("message.search_response[0].data.reg_records[0].'@id'",
                            equalTo("urn:graduasi:household:" + id));
        }
        post("/registry/sync/search", search(null, "t-id", idQuery("HOUSEHOLD_ID", UUID.randomUUID().toString(),
                "Group"))).statusCode(200)
                .body("message.search_response[0].status", equalTo("succ"))
                .body("message.search_response[0].data.reg_records.size()", equalTo(0))
                .body("message.search_response[0].pagination.total_count", equalTo(0));
    }

    /** Three households whose heads share a birth date nobody else in the test database has. */
    private static LocalDate threeHouseholdsWithHeadsBornOn() {
        LocalDate born = LocalDate.of(1940, 1, 1).plusDays(ThreadLocalRandom.current().nextInt(0, 7000));
        for (int i = 0; i < 3; i++) {
            var head = new RegistryTestSupport.Person(RegistryTestSupport.nik("M", born, 100 + i), "Kepala " + i, "M",
                    born, "HEAD");
            registerHousehold(randomKk(), List.of(head));
        }
        return born;
    }

    @Test
    void expressionAndPredicateQueriesMatchAttributesAndPageThroughTheResults() {
        LocalDate born = threeHouseholdsWithHeadsBornOn();
        String expression = """
                {"query_type": "expression", "response_entity": "Group",
                 "query": {"type": "ns:org:QueryType:expression", "value": {"expression": {"collection": "Group",
                   "query": {"$and": [{"birth_date": {"$eq": "%s"}}, {"dtsen_decile": {"$le": 3}},
                                      {"region_code": {"$eq": "64.72"}}, {"status": {"$in": ["REGISTERED"]}}]}}}},
                 "sort": [{"attribute_name": "registration_date", "sort_order": "desc"}],
                 "pagination": {"page_size": 2, "page_number": %d}}""";
        post("/registry/sync/search", search(null, "t-expr", expression.formatted(born, 1))).statusCode(200)
                .body("message.search_response[0].status_reason_message", nullValue())
                .body("message.search_response[0].status", equalTo("succ"))
                .body("message.search_response[0].data.reg_records.size()", equalTo(2))
                .body("message.search_response[0].pagination.page_size", equalTo(2))
                .body("message.search_response[0].pagination.page_number", equalTo(1))
                .body("message.search_response[0].pagination.total_count", equalTo(3));
        post("/registry/sync/search", search(null, "t-expr", expression.formatted(born, 2))).statusCode(200)
                .body("message.search_response[0].data.reg_records.size()", equalTo(1))
                .body("message.search_response[0].pagination.total_count", equalTo(3));

        String predicate = """
                {"query_type": "predicate", "response_entity": "Member",
                 "query": [{"seq_num": 1, "expression1": {"attribute_name": "birth_date", "operator": "eq",
                            "attribute_value": "%s"}, "condition": "and",
                            "expression2": {"attribute_name": "sex", "operator": "eq", "attribute_value": "male"}},
                           {"seq_num": 2, "expression1": {"attribute_name": "welfare_category", "operator": "in",
                            "attribute_value": ["MISKIN", "RTSM"]}, "condition": "not",
                            "expression2": {"attribute_name": "group_size", "operator": "gt", "attribute_value": 1}}],
                 "pagination": {"page_size": 2, "page_number": 2}}""".formatted(born);
        post("/registry/sync/search", search(null, "t-pred", predicate)).statusCode(200)
                .body("message.search_response[0].status_reason_message", nullValue())
                .body("message.search_response[0].status", equalTo("succ"))
                .body("message.search_response[0].data.reg_record_type", equalTo("Member"))
                .body("message.search_response[0].data.reg_records.size()", equalTo(1))
                .body("message.search_response[0].pagination.total_count", equalTo(3));
    }

    @Test
    void unsupportedQueriesAreRejectedWithTheSpecReasonCodes() {
        post("/registry/sync/search", search(null, "t-bad", """
                {"query_type": "predicate", "query": [{"expression1": {"attribute_name": "income",
                 "operator": "eq", "attribute_value": 1}}]}""")).statusCode(200)
                .body("message.search_response[0].status", equalTo("rjct"))
                .body("message.search_response[0].status_reason_code", equalTo("rjct.search_criteria.invalid"))
                .body("message.search_response[0].status_reason_message", containsString("attribute 'income'"));
        post("/registry/sync/search", search(null, "t-bad", """
                {"query_type": "graphql", "query": {"expression": "query { member }"}}""")).statusCode(200)
                .body("message.search_response[0].status_reason_code", equalTo("rjct.search_criteria.invalid"))
                .body("message.search_response[0].status_reason_message", containsString("query_type 'graphql'"));
        post("/registry/sync/search", search(null, "t-bad", """
                {"query_type": "idtype-value", "query": {"type": "KK", "value": "6472000000000001"},
                 "pagination": {"page_size": 0}}""")).statusCode(200)
                .body("message.search_response[0].status_reason_code", equalTo("rjct.pagination.invalid"));
        post("/registry/sync/search", search(null, "t-bad", """
                {"query_type": "idtype-value", "query": {"type": "PASSPORT", "value": "A123"}}""")).statusCode(200)
                .body("message.search_response[0].status_reason_code", equalTo("rjct.search_criteria.invalid"));
    }

    @Test
    void badEnvelopesGetTheSpecErrorAcknowledgementNeverA500() {
        post("/registry/sync/search", "{not json").statusCode(400)
                .body("message.ack_status", equalTo("ERR"))
                .body("message.error.code", equalTo("err.request.bad"))
                .body("message.correlation_id", notNullValue());
        post("/registry/search", "[]").statusCode(400).body("message.error.code", equalTo("err.request.bad"));
        post("/registry/search", "{\"message\": {}}").statusCode(400)
                .body("message.error.message", containsString("header"));
        String valid = search("http://127.0.0.1:1", "t-env", idQuery("KK", "6472000000000001", "Group"));
        post("/registry/search", valid.replaceFirst("\"message_id\": \"[^\"]*\",", "")).statusCode(400)
                .body("message.error.code", equalTo("err.request.bad"))
                .body("message.error.message", containsString("header.message_id"));
        post("/registry/search", valid.replace("\"action\": \"search\"", "\"action\": \"subscribe\""))
                .statusCode(400).body("message.error.message", containsString("header.action"));
        post("/registry/search", valid.replace("\"sender_uri\": \"http://127.0.0.1:1\",", "")).statusCode(400)
                .body("message.error.code", equalTo("err.sender_uri.invalid"));
        post("/registry/search", valid.replace("\"version\": \"1.0.0\", \"message_id\"", "\"version\": \"2.0.0\", \"message_id\""))
                .statusCode(400).body("message.error.code", equalTo("err.version.not_supported"));
        post("/registry/search", valid.replace("\"is_msg_encrypted\": false", "\"is_msg_encrypted\": true"))
                .statusCode(400).body("message.error.code", equalTo("err.encryption.invalid"));
        post("/registry/sync/search", envelope("search", null, 1, "{\"transaction_id\": \"t\"}")).statusCode(400)
                .body("message.error.message", containsString("message.search_request"));
        post("/registry/sync/txn/status", txnStatus(null, "t", "search", "transaction_id", "\"never-sent\""))
                .statusCode(404).body("message.error.code", equalTo("err.request.not_found"));
        post("/registry/sync/txn/status", txnStatus(null, "t", "search", "colour", "\"x\"")).statusCode(400)
                .body("message.error.message", containsString("attribute_type"));
    }

    @Test
    void asyncSearchDeliversOnSearchToTheSenderAndTxnStatusReportsIt() throws Exception {
        String kk = randomKk();
        String id = registerHousehold(kk, family());
        try (SpdciCallbackServer partner = new SpdciCallbackServer()) {
            String transaction = "t-async-" + UUID.randomUUID();
            String correlation = post("/registry/search", search(partner.uri(), transaction,
                    idQuery("KK", kk, "Group"))).statusCode(200)
                    .body("message.ack_status", equalTo("ACK"))
                    .extract().path("message.correlation_id");

            JsonPath onSearch = await().atMost(Duration.ofSeconds(20))
                    .until(() -> partner.at("/registry/on-search"), l -> !l.isEmpty()).get(0).body();
            assertEquals("on-search", onSearch.getString("header.action"));
            assertEquals(transaction, onSearch.getString("message.transaction_id"));
            assertEquals(correlation, onSearch.getString("message.correlation_id"));
            assertEquals("urn:graduasi:household:" + id,
                    onSearch.getString("message.search_response[0].data.reg_records[0].'@id'"));

            for (var status : List.of(
                    txnStatus(null, "x", "search", "transaction_id", "\"" + transaction + "\""),
                    txnStatus(null, "x", "search", "correlation_id", "\"" + correlation + "\""),
                    txnStatus(null, "x", "search", "reference_id_list", "[\"ref-1\"]"))) {
                post("/registry/sync/txn/status", status).statusCode(200)
                        .body("header.action", equalTo("txn-on-status"))
                        .body("message.txnstatus_response.txn_type", equalTo("search"))
                        .body("message.txnstatus_response.txn_status.search_response[0].status", equalTo("succ"));
            }
            post("/registry/sync/txn/status", txnStatus(null, "x", "search", "correlation_id",
                    "\"" + correlation + "\"")).statusCode(200)
                    .body("message.correlation_id", equalTo(correlation))
                    .body("message.txnstatus_response.txn_status.transaction_id", equalTo(transaction))
                    .body("message.txnstatus_response.txn_status.search_response[0].data.reg_records[0].'@id'",
                            equalTo("urn:graduasi:household:" + id));

            post("/registry/txn/status", txnStatus(partner.uri(), "x", "search", "transaction_id",
                    "\"" + transaction + "\"")).statusCode(200).body("message.ack_status", equalTo("ACK"))
                    .body("message.correlation_id", equalTo(correlation));
            JsonPath onStatus = await().atMost(Duration.ofSeconds(20))
                    .until(() -> partner.at("/registry/txn/on-status"), l -> !l.isEmpty()).get(0).body();
            assertEquals("txn-on-status", onStatus.getString("header.action"));
            assertEquals(correlation, onStatus.getString("message.correlation_id"));
            assertEquals("succ", onStatus.getString("message.txnstatus_response.txn_status.search_response[0].status"));
        }
    }

    @Test
    void aCallbackRefusedAtFirstIsDeliveredOnceOnRetry() throws Exception {
        String kk = randomKk();
        registerHousehold(kk, family());
        try (SpdciCallbackServer partner = new SpdciCallbackServer()) {
            partner.refuseNext(2);
            post("/registry/search", search(partner.uri(), "t-retry", idQuery("KK", kk, "Group"))).statusCode(200)
                    .body("message.ack_status", equalTo("ACK"));
            await().atMost(Duration.ofSeconds(30)).until(() -> partner.at("/registry/on-search"), l -> !l.isEmpty());
            assertEquals(2, partner.refused());
            // Delivered means done: nothing arrives a second time.
            await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5))
                    .until(() -> partner.at("/registry/on-search").size() == 1);
        }
    }

    @Test
    void aResentMessageIdGetsTheFirstAnswerAgain() {
        String kk = randomKk();
        registerHousehold(kk, family());
        String request = search(null, "t-resend", idQuery("KK", kk, "Group"));
        String first = post("/registry/sync/search", request).statusCode(200).extract().path("message.correlation_id");
        String second = post("/registry/sync/search", request).statusCode(200).extract().path("message.correlation_id");
        assertEquals(first, second);
        assertTrue(first.matches("[0-9a-f-]{36}"));
    }
}
