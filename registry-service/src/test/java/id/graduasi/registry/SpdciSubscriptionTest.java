package id.graduasi.registry;

import static id.graduasi.registry.RegistryTestSupport.family;
import static id.graduasi.registry.RegistryTestSupport.given;
import static id.graduasi.registry.RegistryTestSupport.randomKk;
import static id.graduasi.registry.RegistryTestSupport.randomPerson;
import static id.graduasi.registry.RegistryTestSupport.registerHousehold;
import static id.graduasi.registry.SpdciEnvelopes.envelope;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import id.graduasi.testing.GraduasiTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

@QuarkusTest
@QuarkusTestResource(value = GraduasiTestResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = SpdciPartnersTestResource.class, restrictToAnnotatedClass = false)
class SpdciSubscriptionTest {

    private static final String REGION_FILTER = """
            {"type": "ns:org:QueryType:expression", "value": {"expression": {"collection": "Group",
             "query": {"region_code": {"$eq": "64.72"}}}}}""";

    private static String item(String reference, String event, String recordType) {
        return """
                {"reference_id": "%s", "timestamp": "%s", "subscribe_criteria": {"version": "1.0.0",
                 "reg_type": "ns:org:RegistryType:Social", "reg_event_type": "%s", "filter_type": "expression",
                 "filter": %s, "notify_record_type": "%s"}}""".formatted(reference, OffsetDateTime.now(), event,
                REGION_FILTER, recordType);
    }

    /** @return the subscription codes, in request order, from the on-subscribe callback */
    private static List<String> subscribe(SpdciCallbackServer partner, String... items) {
        int before = partner.at("/registry/on-subscribe").size();
        given().contentType(ContentType.JSON).body(envelope("subscribe", partner.uri(), items.length,
                "{\"transaction_id\": \"sub-" + UUID.randomUUID() + "\", \"subscribe_request\": ["
                        + String.join(", ", items) + "]}"))
                .post("/registry/subscribe").then().statusCode(200).body("message.ack_status", equalTo("ACK"));
        JsonPath onSubscribe = await().atMost(Duration.ofSeconds(20))
                .until(() -> partner.at("/registry/on-subscribe"), l -> l.size() > before).get(before).body();
        assertEquals("on-subscribe", onSubscribe.getString("header.action"));
        List<String> statuses = onSubscribe.getList("message.subscribe_response.status");
        assertTrue(statuses.stream().allMatch("succ"::equals), "subscribed: " + statuses);
        return onSubscribe.getList("message.subscribe_response.subscriptions.flatten().code");
    }

    private static List<JsonPath> notifies(SpdciCallbackServer partner, String event, String householdId) {
        return partner.at("/registry/notify").stream().map(SpdciCallbackServer.Received::body)
                .filter(b -> event.equals(b.getString("message.notify_event[0].data.reg_event_type")))
                .filter(b -> b.prettify().contains(householdId))
                .toList();
    }

    @Test
    void subscribersHearOfRegistrationsAndNewMembersUntilTheyUnsubscribe() throws Exception {
        try (SpdciCallbackServer partner = new SpdciCallbackServer();
                SpdciCallbackServer control = new SpdciCallbackServer()) {
            List<String> codes = subscribe(partner, item("r-1", "REGISTER", "Group"),
                    item("r-2", "spdci:common:RegistryEventType:NewHouseHoldMember", "spdci-extensions-dci:Member"));
            subscribe(control, item("c-1", "REGISTER", "Group"));

            List<RegistryTestSupport.Person> family = family();
            String id = registerHousehold(randomKk(), family);
            JsonPath registered = await().atMost(Duration.ofSeconds(30))
                    .until(() -> notifies(partner, "REGISTER", id), l -> !l.isEmpty()).get(0);
            assertEquals("notify", registered.getString("header.action"));
            assertEquals(codes.get(0), registered.getString("header.meta.subscription_code"));
            assertEquals("Group", registered.getString("message.notify_event[0].data.reg_record_type"));
            Map<String, Object> group = registered.getMap("message.notify_event[0].data.reg_records");
            assertEquals("urn:graduasi:household:" + id, group.get("@id"));
            assertEquals(3, group.get("group_size"));
            assertTrue(registered.prettify().contains(family.get(0).nik()), "the partner gets the NIK");

            var newcomer = randomPerson("CHILD", "F", 0, 1);
            given().contentType(ContentType.JSON).body(newcomer.json())
                    .post("/api/v1/households/" + id + "/members").then().statusCode(201);
            JsonPath added = await().atMost(Duration.ofSeconds(30))
                    .until(() -> notifies(partner, "NewHouseHoldMember", id), l -> !l.isEmpty()).get(0);
            assertEquals("Member", added.getString("message.notify_event[0].data.reg_record_type"));
            assertEquals(newcomer.nik(), added.getString(
                    "message.notify_event[0].data.reg_records.demographic_info.identifier[0].identifier_value"));
            // The members registered with the household came with REGISTER, not as new members.
            assertEquals(1, notifies(partner, "NewHouseHoldMember", id).size());
            assertEquals(1, notifies(partner, "REGISTER", id).size());

            given().contentType(ContentType.JSON).body(envelope("unsubscribe", partner.uri(), 2, """
                    {"transaction_id": "unsub-1", "timestamp": "%s", "subscription_codes": ["%s", "%s"]}"""
                    .formatted(OffsetDateTime.now(), codes.get(0), codes.get(1))))
                    .post("/registry/unsubscribe").then().statusCode(200).body("message.ack_status", equalTo("ACK"));
            JsonPath unsubscribed = await().atMost(Duration.ofSeconds(20))
                    .until(() -> partner.at("/registry/on-unsubscribe"), l -> !l.isEmpty()).get(0).body();
            assertEquals("succ", unsubscribed.getString("message.status"));
            assertEquals(List.of("unsubscribe", "unsubscribe"),
                    unsubscribed.getList("message.subscription_status.status"));

            String later = registerHousehold(randomKk(), family());
            // The control subscriber still hears of it: by then the notifier has passed this household.
            await().atMost(Duration.ofSeconds(30)).until(() -> notifies(control, "REGISTER", later), l -> !l.isEmpty());
            assertTrue(notifies(partner, "REGISTER", later).isEmpty(), "no notify after unsubscribe");
        }
    }

    /** The notifier reads the subscriptions a page at a time (2 in tests): five subscribers take three pages. */
    @Test
    void everySubscriberHearsOfAnEventHoweverManyPagesTheSubscriptionsTake() throws Exception {
        List<SpdciCallbackServer> partners = new java.util.ArrayList<>();
        try {
            for (int i = 0; i < 5; i++) {
                partners.add(new SpdciCallbackServer());
            }
            List<String> codes = new java.util.ArrayList<>();
            for (SpdciCallbackServer partner : partners) {
                codes.addAll(subscribe(partner, item("p-1", "REGISTER", "Group")));
            }
            String id = registerHousehold(randomKk(), family());
            for (SpdciCallbackServer partner : partners) {
                JsonPath heard = await().atMost(Duration.ofSeconds(30))
                        .until(() -> notifies(partner, "REGISTER", id), l -> !l.isEmpty()).get(0);
                assertTrue(codes.contains(heard.getString("header.meta.subscription_code")));
            }
            for (SpdciCallbackServer partner : partners) {
                assertEquals(1, notifies(partner, "REGISTER", id).size(), "each subscriber once");
            }
        } finally {
            for (SpdciCallbackServer partner : partners) {
                partner.close();
            }
        }
    }

    @Test
    void aPersonMovedInByAMergeIsNotifiedAsANewHouseholdMemberOfTheSurvivor() throws Exception {
        try (SpdciCallbackServer partner = new SpdciCallbackServer()) {
            subscribe(partner, item("m-1", "NewHouseHoldMember", "Group"));
            String survivor = registerHousehold(randomKk(), family());
            var moving = randomPerson("HEAD", "M", 30, 50);
            String duplicate = registerHousehold(randomKk(), List.of(moving));
            given().contentType(ContentType.JSON).body("{\"survivorId\": \"" + survivor + "\"}")
                    .post("/api/v1/households/" + duplicate + "/merge").then().statusCode(200);

            JsonPath moved = await().atMost(Duration.ofSeconds(30))
                    .until(() -> notifies(partner, "NewHouseHoldMember", survivor), l -> !l.isEmpty()).get(0);
            assertEquals("Group", moved.getString("message.notify_event[0].data.reg_record_type"));
            assertEquals(4, moved.getInt("message.notify_event[0].data.reg_records.group_size"));
            assertTrue(moved.prettify().contains(moving.nik()), "the moved person is in the survivor's members");
        }
    }

    @Test
    void unknownEventsAndFiltersAreRejectedWithTheSpecReasonCodes() throws Exception {
        try (SpdciCallbackServer partner = new SpdciCallbackServer()) {
            given().contentType(ContentType.JSON).body(envelope("subscribe", partner.uri(), 2, """
                    {"transaction_id": "sub-bad", "subscribe_request": [%s, %s]}""".formatted(
                    item("b-1", "Death", "Group"),
                    item("b-2", "REGISTER", "Group").replace("region_code", "income"))))
                    .post("/registry/subscribe").then().statusCode(200).body("message.ack_status", equalTo("ACK"));
            JsonPath response = await().atMost(Duration.ofSeconds(20))
                    .until(() -> partner.at("/registry/on-subscribe"), l -> !l.isEmpty()).get(0).body();
            assertEquals(List.of("rjct", "rjct"), response.getList("message.subscribe_response.status"));
            assertEquals(List.of("rjct.notify_types.invalid", "rjct.notify_details.invalid"),
                    response.getList("message.subscribe_response.status_reason_code"));

            given().contentType(ContentType.JSON).body(envelope("unsubscribe", partner.uri(), 1, """
                    {"transaction_id": "unsub-bad", "timestamp": "%s", "subscription_codes": ["nope"]}"""
                    .formatted(OffsetDateTime.now())))
                    .post("/registry/unsubscribe").then().statusCode(200);
            JsonPath unsubscribed = await().atMost(Duration.ofSeconds(20))
                    .until(() -> partner.at("/registry/on-unsubscribe"), l -> !l.isEmpty()).get(0).body();
            assertEquals("rjct.subscription_code.invalid", unsubscribed.getString("message.status_reason_code"));
        }
    }
}
