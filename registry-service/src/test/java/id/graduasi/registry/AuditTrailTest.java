package id.graduasi.registry;

import static id.graduasi.registry.RegistryTestSupport.as;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import id.graduasi.security.AuditResource;
import id.graduasi.security.Roles;
import id.graduasi.testing.GraduasiTestResource;
import id.graduasi.testing.TestDatabaseAccess;
import id.graduasi.testing.TestTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;

/** The audit log read in keyset pages, newest first, and its hash chain verified against tampering. */
@QuarkusTest
@QuarkusTestResource(value = GraduasiTestResource.class, restrictToAnnotatedClass = false)
class AuditTrailTest {

    static final String AUDITOR = TestTokens.token("auditor-ani", Set.of(Roles.AUDITOR), Set.of("*"));

    private static String householdWithFiveEntries() {
        String id = RegistryTestSupport.registerHousehold(RegistryTestSupport.randomKk());
        RegistryTestSupport.moveTo(id, "VERIFIED");
        RegistryTestSupport.moveTo(id, "ACTIVE");
        RegistryTestSupport.given().contentType("application/json")
                .body(RegistryTestSupport.randomPerson("OTHER_RELATIVE", "M", 20, 40).json())
                .post("/api/v1/households/" + id + "/members").then().statusCode(201);
        RegistryTestSupport.moveTo(id, "EXITED");
        return id;
    }

    private static List<Map<String, Object>> entries(String query) {
        return as(AUDITOR).get("/api/v1/audit?" + query).then().statusCode(200).extract().path("");
    }

    @Test
    void pagesOfTwoWalkAHouseholdsEntriesNewestFirstExactlyOnceAndTheTimeRangeBoundsThem() {
        String id = householdWithFiveEntries();
        List<Map<String, Object>> all = entries("householdId=" + id);
        assertTrue(all.size() >= 5, "entries: " + all.size());
        List<Instant> times = all.stream().map(e -> Instant.parse((String) e.get("at"))).toList();
        assertEquals(times.stream().sorted(Comparator.reverseOrder()).toList(), times, "newest first");

        List<Object> walked = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            Response page = as(AUDITOR).get("/api/v1/audit?limit=2&householdId=" + id
                    + (cursor == null ? "" : "&after=" + cursor));
            page.then().statusCode(200);
            walked.addAll(page.jsonPath().getList("id"));
            cursor = page.header(AuditResource.NEXT_CURSOR);
            if (cursor != null) {
                assertTrue(page.header("Link").contains("after=" + cursor) && page.header("Link").contains("next"));
            }
            pages++;
        } while (cursor != null && pages < 20);
        assertEquals(all.stream().map(e -> e.get("id")).toList(), walked, "every entry once, in order");
        assertEquals(walked.size(), new HashSet<>(walked).size());

        // from is inclusive, to exclusive: between the oldest and the newest entry leaves both out.
        String from = ((String) all.get(all.size() - 1).get("at"));
        String to = ((String) all.get(0).get("at"));
        List<Map<String, Object>> between = entries("householdId=" + id + "&from=" + Instant.parse(from).plusNanos(1000)
                + "&to=" + to);
        assertEquals(all.subList(1, all.size() - 1).stream().map(e -> e.get("id")).toList(),
                between.stream().map(e -> e.get("id")).toList());
        as(AUDITOR).get("/api/v1/audit?from=yesterday").then().statusCode(400).body("errors[0].field", equalTo("from"));
        as(AUDITOR).get("/api/v1/audit?after=not-a-cursor").then().statusCode(400)
                .body("errors[0].field", equalTo("after"));
    }

    private static JsonPath verification() {
        return as(AUDITOR).get("/api/v1/audit/verification").then().statusCode(200).extract().jsonPath();
    }

    /** The owner's connection: the service's own role may not touch the audit log (AuditRoleTest). */
    private static Connection database() throws Exception {
        return TestDatabaseAccess.owner();
    }

    /** What someone with the owner's rights can do: switch the append-only trigger off, change, switch it on. */
    private static void asOwner(Connection db, String sql, Object... params) throws Exception {
        try (Statement s = db.createStatement()) {
            s.execute("alter table audit_log disable trigger audit_log_append_only");
        }
        try (PreparedStatement p = db.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                p.setObject(i + 1, params[i]);
            }
            p.executeUpdate();
        } finally {
            try (Statement s = db.createStatement()) {
                s.execute("alter table audit_log enable trigger audit_log_append_only");
            }
        }
    }

    @Test
    void aChangedOrRemovedAuditRowIsReportedAsTheFirstBrokenLink() throws Exception {
        String household = householdWithFiveEntries();
        JsonPath intact = verification();
        assertTrue(intact.getBoolean("intact"), intact.prettify());
        assertTrue(intact.getLong("entriesChecked") >= 5);
        assertNull(intact.get("firstBrokenSeq"));

        // The entry about the household's VERIFIED status, as stored.
        Map<String, Object> target = entries("order=oldest&householdId=" + household).get(1);
        String id = (String) target.get("id");
        long seq = ((Number) target.get("seq")).longValue();
        try (Connection db = database()) {
            String original;
            try (PreparedStatement p = db.prepareStatement("select summary from audit_log where id = ?::uuid")) {
                p.setString(1, id);
                try (ResultSet r = p.executeQuery()) {
                    r.next();
                    original = r.getString(1);
                }
            }
            // Changed: the row's own hash no longer matches.
            asOwner(db, "update audit_log set summary = 'nothing happened' where id = ?::uuid", id);
            try {
                JsonPath changed = verification();
                assertEquals(false, changed.getBoolean("intact"));
                assertEquals(seq, changed.getLong("firstBrokenSeq"));
                assertEquals(id, changed.getString("firstBrokenId"));
                assertTrue(changed.getString("problem").contains("does not match its hash"), changed.prettify());
            } finally {
                asOwner(db, "update audit_log set summary = ? where id = ?::uuid", original, id);
            }
            assertTrue(verification().getBoolean("intact"), "restored");

            // Removed: the chain has a hole where it was.
            List<Object> row = new ArrayList<>();
            try (PreparedStatement p = db.prepareStatement("select * from audit_log where id = ?::uuid")) {
                p.setString(1, id);
                try (ResultSet r = p.executeQuery()) {
                    r.next();
                    for (int i = 1; i <= r.getMetaData().getColumnCount(); i++) {
                        row.add(r.getObject(i));
                    }
                }
            }
            asOwner(db, "delete from audit_log where id = ?::uuid", id);
            try {
                JsonPath removed = verification();
                assertEquals(false, removed.getBoolean("intact"));
                assertEquals(seq, removed.getLong("firstBrokenSeq"));
                assertNotNull(removed.getString("problem"));
                assertTrue(removed.getString("problem").contains("missing"), removed.prettify());
            } finally {
                String placeholders = String.join(", ", java.util.Collections.nCopies(row.size(), "?"));
                try (PreparedStatement p = db.prepareStatement("insert into audit_log values (" + placeholders + ")")) {
                    for (int i = 0; i < row.size(); i++) {
                        p.setObject(i + 1, row.get(i));
                    }
                    p.executeUpdate();
                }
            }
        }
        as(AUDITOR).get("/api/v1/audit/verification").then().statusCode(200).body("intact", equalTo(true))
                .body("firstBrokenSeq", nullValue());
    }

    @Test
    void anAuditedWriteWaitsForNoOtherWriteAndIsChainedOnceTheChainIsFree() throws Exception {
        String household = RegistryTestSupport.registerHousehold(RegistryTestSupport.randomKk());
        try (Connection db = database()) {
            // A transaction holds the chain's head, as a write used to until it committed.
            db.setAutoCommit(false);
            try (Statement s = db.createStatement()) {
                s.execute("select 1 from audit_chain_head for update");
            }
            try {
                java.util.concurrent.CompletableFuture.runAsync(() -> RegistryTestSupport.moveTo(household, "VERIFIED"))
                        .get(10, java.util.concurrent.TimeUnit.SECONDS);
            } finally {
                db.commit();
            }
        }
        List<Map<String, Object>> entries = entries("order=oldest&householdId=" + household);
        assertEquals(2, entries.size(), entries.toString());
        assertNotNull(entries.get(1).get("seq"), "chained before the log is read");
        assertTrue(verification().getBoolean("intact"));
    }
}
