package id.graduasi.local;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Keeps the local NIK key and the data written with it together (issue #15). The key lives in
 * {@code .graduasi/nik.key}, the databases on a PostgreSQL server that outlives the folder: when the key is
 * missing (the folder was deleted, or this is another checkout's first {@code up}), databases that exist hold
 * NIKs nobody can read any more, so they are dropped and created afresh before a new key is made — the platform
 * then either reuses the data with its key or starts clean, never a new key over old data.
 */
final class LocalDatabases {

    private LocalDatabases() {
    }

    /**
     * Creates the login role the services run as unless it exists (docs/security.md, "The audit database role";
     * the services' own migration grants it their tables). Roles belong to the whole server, which test runs
     * may share: another session creating it at the same moment is not an error, and it is never dropped.
     */
    static void ensureRuntimeRole(String adminJdbcUrl, String user, String password, String role,
            String rolePassword) throws SQLException {
        if (!role.matches("[a-z_][a-z0-9_]*")) { // the name goes into DDL as it is
            throw new IllegalArgumentException("not a role name: " + role);
        }
        try (Connection c = DriverManager.getConnection(adminJdbcUrl, user, password);
                Statement create = c.createStatement()) {
            create.execute("create role " + role + " login password '" + rolePassword.replace("'", "''") + "'");
        } catch (SQLException e) {
            // 42710 duplicate_object: it exists; 23505 unique_violation: created concurrently by another session
            if (!"42710".equals(e.getSQLState()) && !"23505".equals(e.getSQLState())) {
                throw e;
            }
        }
    }

    /**
     * Drops the given databases if the key file does not exist.
     * @param adminJdbcUrl a JDBC URL of the server's maintenance database ({@code .../postgres})
     * @return the databases dropped
     */
    static List<String> dropIfKeyMissing(Path keyFile, String adminJdbcUrl, String user, String password,
            List<String> databases) throws SQLException {
        List<String> dropped = new ArrayList<>();
        if (Files.exists(keyFile)) {
            return dropped;
        }
        try (Connection c = DriverManager.getConnection(adminJdbcUrl, user, password);
                PreparedStatement exists = c.prepareStatement("select 1 from pg_database where datname = ?")) {
            for (String name : databases) {
                if (!name.matches("[a-z0-9_]+")) { // names go into DDL as they are
                    throw new IllegalArgumentException("not a database name: " + name);
                }
                exists.setString(1, name);
                if (exists.executeQuery().next()) {
                    c.createStatement().execute("drop database " + name + " with (force)");
                    dropped.add(name);
                }
            }
        }
        return dropped;
    }
}
