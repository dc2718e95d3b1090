package id.graduasi.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import id.graduasi.registry.imports.ImportService;
import id.graduasi.testing.GraduasiTestResource;
import id.graduasi.testing.TestDatabaseAccess;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;

/**
 * A bulk import refreshes the planner's statistics as it grows the tables. The service runs as a role that does
 * not own them, and PostgreSQL skips (with a mere warning) an ANALYZE by anyone but the owner: before V7 the
 * statistics were never refreshed, the plans prepared on empty tables scanned them whole, and an import of
 * 100,000 households ran at a quarter of its speed.
 */
@QuarkusTest
@QuarkusTestResource(value = GraduasiTestResource.class, restrictToAnnotatedClass = false)
class ImportStatisticsTest {

    @Inject
    ImportService jobs;

    @Test
    void theImportsAnalyzeRunsAlthoughTheServiceDoesNotOwnItsTables() throws Throwable {
        Map<String, Long> before = analyzeCounts();
        VertxContextSupport.subscribeAndAwait(jobs::analyze);
        Map<String, Long> after = analyzeCounts();
        for (String table : new String[] {"household", "member", "outbox_event"}) {
            assertTrue(after.get(table) > before.get(table), table + " was not analyzed: " + before + " -> " + after);
        }
    }

    @Test
    void theServicesRoleAloneCannotAnalyzeItsTablesWhichIsWhyTheImportGoesThroughTheOwnersFunction() throws Exception {
        try (Connection db = TestDatabaseAccess.runtime(); Statement s = db.createStatement()) {
            Map<String, Long> before = analyzeCounts();
            s.execute("analyze household");
            assertEquals(before.get("household"), analyzeCounts().get("household"));
        }
    }

    private static Map<String, Long> analyzeCounts() throws Exception {
        try (Connection db = TestDatabaseAccess.owner(); Statement s = db.createStatement();
                ResultSet r = s.executeQuery("select relname, analyze_count from pg_stat_user_tables"
                        + " where relname in ('household', 'member', 'outbox_event')")) {
            Map<String, Long> counts = new HashMap<>();
            while (r.next()) {
                counts.put(r.getString(1), r.getLong(2));
            }
            return counts;
        }
    }
}
