package id.graduasi.registry;

import static id.graduasi.registry.RegistryTestSupport.given;
import static id.graduasi.registry.RegistryTestSupport.randomKk;
import static id.graduasi.registry.RegistryTestSupport.registerHousehold;

import java.io.OutputStream;
import java.net.Socket;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import id.graduasi.testing.GraduasiTestResource;
import id.graduasi.testing.TestDatabaseAccess;
import id.graduasi.testing.TestTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;

/**
 * A client that hangs up while its write is in a transaction must not take a database connection with it: with
 * Hibernate Reactive, cancelling the request's work mid-transaction closed the session without ending the
 * transaction, and the pooled connection was never returned (quarkus#51576). Found by bench/rest: at the end of a
 * wrk run, the 16 requests in flight were cancelled and the registry answered every later request with a timeout.
 */
@QuarkusTest
@QuarkusTestResource(value = GraduasiTestResource.class, restrictToAnnotatedClass = false)
class ClientHangUpTest {

    @Test
    void writesWhoseClientsHangUpMidwayLeaveEveryPooledConnectionUsable() throws Exception {
        String id = registerHousehold(randomKk());
        byte[] body = IndicatorTest.observation(LocalDate.now(ZoneOffset.UTC).toString(), 700_000, "EARTH")
                .getBytes(StandardCharsets.UTF_8);
        byte[] request = ("POST /api/v1/households/" + id + "/indicators HTTP/1.1\r\nHost: localhost\r\n"
                + "Authorization: Bearer " + TestTokens.staff() + "\r\nContent-Type: application/json\r\n"
                + "Content-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        // More hang-ups than the pool has connections (20), each while its write waits in its transaction for the
        // household's lock, which the test holds meanwhile.
        try (Connection holder = TestDatabaseAccess.owner(); Statement lock = holder.createStatement()) {
            lock.execute("select pg_advisory_lock(hashtextextended('household:" + id + "', 0))");
            List<Socket> clients = new ArrayList<>();
            for (int i = 0; i < 30; i++) {
                Socket socket = new Socket("localhost", RestAssured.port);
                OutputStream out = socket.getOutputStream();
                out.write(request);
                out.write(body);
                out.flush();
                clients.add(socket);
            }
            awaitWaiting(holder, 20);
            for (Socket socket : clients) {
                socket.setSoLinger(true, 0);
                socket.close();
            }
            lock.execute("select pg_advisory_unlock_all()");
        }
        // Twice the pool's size of reads at once: each needs a connection, and each must get one.
        List<CompletableFuture<Integer>> reads = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            reads.add(CompletableFuture.supplyAsync(() -> given().get("/api/v1/households/" + id).statusCode()));
        }
        for (CompletableFuture<Integer> read : reads) {
            assertEquals(200, read.get(20, TimeUnit.SECONDS));
        }
    }

    /** Until {@code n} sessions wait for an advisory lock (the writes, inside their transactions). */
    private static void awaitWaiting(Connection db, int n) {
        Awaitility.await("the writes reach the lock").atMost(Duration.ofSeconds(30)).until(() -> {
            try (Statement s = db.createStatement(); ResultSet r = s.executeQuery("select count(*) from pg_stat_activity"
                    + " where datname = current_database() and wait_event = 'advisory'")) {
                r.next();
                return r.getInt(1) >= n;
            }
        });
    }
}
