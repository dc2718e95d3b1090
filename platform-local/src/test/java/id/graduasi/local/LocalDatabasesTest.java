package id.graduasi.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher's rule for keys and data, against the real PostgreSQL with databases of the test's own names:
 * with the key file, the databases stay; without it, they are dropped so that a new key never meets old data.
 */
class LocalDatabasesTest {

    static final String ADMIN = System.getenv().getOrDefault("GRADUASI_TEST_PG_URL",
            "jdbc:postgresql://127.0.0.1:5432/postgres");
    static final String USER = System.getenv().getOrDefault("GRADUASI_TEST_PG_USER", "postgres");
    static final String PASSWORD = System.getenv().getOrDefault("GRADUASI_TEST_PG_PASSWORD", "");

    final String suffix = UUID.randomUUID().toString().substring(0, 8);
    final List<String> names = List.of("graduasi_localtest_a_" + suffix, "graduasi_localtest_b_" + suffix);

    @TempDir
    Path state;

    @AfterEach
    void dropLeftovers() throws SQLException {
        try (Connection c = admin()) {
            for (String name : names) {
                c.createStatement().execute("drop database if exists " + name + " with (force)");
            }
        }
    }

    @Test
    void withItsKeyTheDataIsKept() throws Exception {
        create(names.get(0));
        Files.writeString(state.resolve("nik.key"), "the key that wrote the data");
        assertEquals(List.of(), LocalDatabases.dropIfKeyMissing(state.resolve("nik.key"), ADMIN, USER, PASSWORD, names));
        assertTrue(exists(names.get(0)));
    }

    @Test
    void withoutTheKeyTheDatabasesStartClean() throws Exception {
        create(names.get(0));
        assertEquals(List.of(names.get(0)),
                LocalDatabases.dropIfKeyMissing(state.resolve("nik.key"), ADMIN, USER, PASSWORD, names));
        assertFalse(exists(names.get(0)));
        assertFalse(exists(names.get(1)));
    }

    /**
     * Several launchers (or test runs) creating the runtime role at once all succeed and it then exists once.
     * A role of this test's own name, so dropping it afterwards takes nothing from another run.
     */
    @Test
    void theRuntimeRoleIsCreatedOnceWhoeverCreatesItAtTheSameTime() throws Exception {
        String role = "graduasi_localtest_role_" + suffix;
        var pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            var start = new java.util.concurrent.CountDownLatch(1);
            List<java.util.concurrent.Future<Object>> attempts = new java.util.ArrayList<>();
            for (int i = 0; i < 4; i++) {
                attempts.add(pool.submit(() -> {
                    start.await();
                    LocalDatabases.ensureRuntimeRole(ADMIN, USER, PASSWORD, role, "it's secret");
                    return null;
                }));
            }
            start.countDown();
            for (var attempt : attempts) {
                attempt.get(); // none failed
            }
            LocalDatabases.ensureRuntimeRole(ADMIN, USER, PASSWORD, role, "it's secret"); // and again later
            try (Connection c = admin(); PreparedStatement q = c.prepareStatement(
                    "select rolcanlogin, rolsuper from pg_roles where rolname = ?")) {
                q.setString(1, role);
                var r = q.executeQuery();
                assertTrue(r.next(), "created");
                assertTrue(r.getBoolean(1), "can log in");
                assertFalse(r.getBoolean(2), "not a superuser");
            }
        } finally {
            pool.shutdownNow();
            try (Connection c = admin()) {
                c.createStatement().execute("drop role if exists " + role);
            }
        }
    }

    private void create(String name) throws SQLException {
        try (Connection c = admin()) {
            c.createStatement().execute("create database " + name);
        }
    }

    private boolean exists(String name) throws SQLException {
        try (Connection c = admin(); PreparedStatement q = c.prepareStatement(
                "select 1 from pg_database where datname = ?")) {
            q.setString(1, name);
            return q.executeQuery().next();
        }
    }

    private static Connection admin() throws SQLException {
        return DriverManager.getConnection(ADMIN, USER, PASSWORD);
    }
}
