package id.graduasi.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Comparator;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded PostgreSQL a machine without one gets from {@code ./graduasi up}: it starts for whoever runs the
 * launcher (run as root, as an unprivileged user, which PostgreSQL requires) and keeps its data across restarts.
 */
class EmbeddedDatabaseTest {

    static final boolean ROOT = "root".equals(System.getProperty("user.name"));

    @TempDir
    Path state;

    @Test
    void startsForWhoeverRunsTheLauncherAndKeepsItsDataAcrossRestarts() throws Exception {
        Path data = state.resolve("postgres");
        int port = freePort();
        try {
            try (EmbeddedDatabase database = EmbeddedDatabase.start(data, port);
                    Connection c = connect(port); Statement s = c.createStatement()) {
                s.execute("create table kept (n int)");
                s.execute("insert into kept values (42)");
                try (ResultSet r = s.executeQuery("select current_setting('max_connections')")) {
                    r.next();
                    assertEquals("300", r.getString(1), "enough connections for the four services' pools");
                }
            }
            if (ROOT) {
                assertTrue(Files.isSymbolicLink(data), ".graduasi/postgres links to the unprivileged user's folder");
            }
            try (EmbeddedDatabase again = EmbeddedDatabase.start(data, port);
                    Connection c = connect(port); Statement s = c.createStatement();
                    ResultSet r = s.executeQuery("select n from kept")) {
                r.next();
                assertEquals(42, r.getInt(1));
            }
        } finally {
            if (ROOT) {
                delete(EmbeddedDatabase.Unprivileged.home(data));
            }
        }
    }

    private static Connection connect(int port) throws Exception {
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/postgres", "postgres", "");
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static void delete(Path folder) throws Exception {
        if (Files.exists(folder)) {
            try (Stream<Path> all = Files.walk(folder)) {
                for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }
}
