package id.graduasi.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What every service's database must grant the role the service runs as (issue #15, docs/security.md "The audit
 * database role"): the audit log for reading and appending only — not updating, deleting, truncating, disabling
 * its trigger, replacing the trigger's function or dropping it — and every other table, present or created by a
 * later migration, for reading and writing. Run in the service's {@code @QuarkusTest} JVM.
 */
public final class AuditRoleChecks {

    /** SQLSTATE insufficient_privilege (also "must be owner of ..."). */
    static final String INSUFFICIENT_PRIVILEGE = "42501";

    private AuditRoleChecks() {
    }

    /** The runtime role is neither the owner, a member of it, nor a superuser; it can read and append. */
    public static void runtimeRoleIsNotTheOwner() throws SQLException {
        try (Connection db = TestDatabaseAccess.runtime(); Statement s = db.createStatement()) {
            ResultSet r = s.executeQuery("select current_user, r.rolsuper, pg_has_role(current_user, c.relowner,"
                    + " 'MEMBER'), pg_get_userbyid(c.relowner) from pg_class c, pg_roles r"
                    + " where c.oid = 'audit_log'::regclass and r.rolname = current_user");
            assertTrue(r.next());
            assertNotEquals(TestDatabaseAccess.ownerName(), r.getString(1), "the service runs as the owner");
            assertEquals(TestDatabaseAccess.ownerName(), r.getString(4), "audit_log is the migrating owner's");
            assertFalse(r.getBoolean(2), "the runtime role is a superuser");
            assertFalse(r.getBoolean(3), "the runtime role is a member of audit_log's owner");

            s.executeQuery("select count(*) from audit_log").close();
            db.setAutoCommit(false);
            try {
                assertEquals(1, s.executeUpdate("insert into audit_log (id, service, at, actor, action, entity_type)"
                        + " values (gen_random_uuid(), 'audit-role-check', now(), 'test', 'CHECK', 'Test')"));
            } finally {
                db.rollback(); // an entry outside the chain would be reported as unchained
            }
        }
    }

    /** Every way to change or remove audit entries, or stop the database refusing it, is refused. */
    public static void runtimeRoleCannotChangeTheAuditLog() throws SQLException {
        Map<String, String> refused = Map.ofEntries(
                Map.entry("update", "update audit_log set summary = 'changed'"),
                Map.entry("delete", "delete from audit_log"),
                Map.entry("truncate", "truncate audit_log"),
                Map.entry("disable the trigger", "alter table audit_log disable trigger audit_log_append_only"),
                Map.entry("drop the trigger", "drop trigger audit_log_append_only on audit_log"),
                Map.entry("replace the trigger's function", "create or replace function audit_log_append_only()"
                        + " returns trigger language plpgsql as $$ begin return new; end $$"),
                Map.entry("drop the table", "drop table audit_log"),
                Map.entry("rename the table", "alter table audit_log rename to audit_log_old"),
                Map.entry("remove the chain head", "delete from audit_chain_head"),
                Map.entry("change a pending entry", "update audit_pending set summary = 'changed'"),
                Map.entry("remove a pending entry", "delete from audit_pending"),
                Map.entry("rewrite the migration history", "update flyway_schema_history set checksum = 0"));
        try (Connection db = TestDatabaseAccess.runtime()) {
            for (var attempt : refused.entrySet()) {
                try (Statement s = db.createStatement()) {
                    SQLException e = assertThrows(SQLException.class, () -> s.execute(attempt.getValue()),
                            attempt.getKey() + " was allowed");
                    assertEquals(INSUFFICIENT_PRIVILEGE, e.getSQLState(), attempt.getKey() + ": " + e.getMessage());
                }
            }
        }
    }

    /**
     * The runtime role can read and write every other table, including one a later migration creates (the
     * owner's default privileges), and use every sequence.
     */
    public static void runtimeRoleCanUseEveryOtherTable() throws SQLException {
        String role;
        try (Connection db = TestDatabaseAccess.runtime(); Statement s = db.createStatement()) {
            ResultSet r = s.executeQuery("select current_user");
            r.next();
            role = r.getString(1);
            List<String> missing = new ArrayList<>();
            // By oid: a name would be resolved through the search path, which may be evaluated for other schemas.
            r = s.executeQuery("select relname from pg_class where relnamespace = current_schema()::regnamespace"
                    + " and relkind in ('r', 'p')"
                    + " and relname not in ('audit_log', 'audit_chain_head', 'audit_pending', 'flyway_schema_history')"
                    + " and not has_table_privilege(current_user, oid, 'SELECT, INSERT, UPDATE, DELETE')");
            while (r.next()) {
                missing.add(r.getString(1));
            }
            r = s.executeQuery("select relname from pg_class where relnamespace = current_schema()::regnamespace"
                    + " and relkind = 'S' and not has_sequence_privilege(current_user, oid, 'USAGE, UPDATE')");
            while (r.next()) {
                missing.add(r.getString(1));
            }
            assertEquals(List.of(), missing, "tables and sequences the runtime role cannot use");
            r = s.executeQuery("select count(*) from pg_class where relnamespace = current_schema()::regnamespace"
                    + " and relkind = 'r'");
            r.next();
            assertTrue(r.getInt(1) > 5, "the service's tables are in the schema checked");
            r = s.executeQuery("select has_table_privilege(current_user, 'audit_chain_head', 'SELECT, INSERT, UPDATE')");
            r.next();
            assertTrue(r.getBoolean(1), "appending moves the chain head");
            r = s.executeQuery("select has_table_privilege(current_user, 'audit_pending', 'SELECT, INSERT')");
            r.next();
            assertTrue(r.getBoolean(1), "a write appends its pending entry");
        }
        try (Connection owner = TestDatabaseAccess.owner(); Statement s = owner.createStatement()) {
            owner.setAutoCommit(false);
            try {
                s.execute("create table later_migration_probe (id bigserial primary key, note text)");
                ResultSet r = s.executeQuery("select has_table_privilege('" + role + "', 'later_migration_probe',"
                        + " 'SELECT, INSERT, UPDATE, DELETE'), has_sequence_privilege('" + role
                        + "', 'later_migration_probe_id_seq', 'USAGE')");
                r.next();
                if (!r.getBoolean(1) || !r.getBoolean(2)) {
                    fail("a table a later migration creates is not granted to " + role);
                }
            } finally {
                owner.rollback();
            }
        }
    }
}
