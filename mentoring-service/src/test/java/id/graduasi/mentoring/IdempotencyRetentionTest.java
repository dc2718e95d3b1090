package id.graduasi.mentoring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import id.graduasi.rest.IdempotencyPruner;
import id.graduasi.testing.GraduasiTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;

/** Idempotency records are kept for their retention (7 days by default), then pruned. */
@QuarkusTest
@QuarkusTestResource(value = GraduasiTestResource.class, restrictToAnnotatedClass = false)
class IdempotencyRetentionTest {

    @Inject
    IdempotencyPruner pruner;

    private static Connection database() throws Exception {
        var config = ConfigProvider.getConfig();
        return DriverManager.getConnection(config.getValue("quarkus.datasource.jdbc.url", String.class),
                config.getValue("quarkus.datasource.username", String.class),
                config.getOptionalValue("quarkus.datasource.password", String.class).orElse(""));
    }

    private static void insert(Connection db, String scope, Instant createdAt) throws Exception {
        try (PreparedStatement p = db.prepareStatement("insert into idempotency_record (scope, key, request_hash,"
                + " status, body, created_at) values (?, ?, ?, 201, '{}', ?)")) {
            p.setString(1, scope);
            p.setString(2, UUID.randomUUID().toString());
            p.setString(3, "0".repeat(64));
            p.setTimestamp(4, Timestamp.from(createdAt));
            p.executeUpdate();
        }
    }

    private static long count(Connection db, String scope) throws Exception {
        try (PreparedStatement p = db.prepareStatement("select count(*) from idempotency_record where scope = ?")) {
            p.setString(1, scope);
            try (ResultSet r = p.executeQuery()) {
                r.next();
                return r.getLong(1);
            }
        }
    }

    @Test
    void recordsOlderThanTheRetentionArePrunedAndYoungerOnesKept() throws Throwable {
        String old = "test-old-" + UUID.randomUUID();
        String young = "test-young-" + UUID.randomUUID();
        try (Connection db = database()) {
            for (int i = 0; i < 3; i++) {
                insert(db, old, Instant.now().minus(Duration.ofDays(8)));
            }
            insert(db, young, Instant.now().minus(Duration.ofDays(6)));
            long pruned = VertxContextSupport.subscribeAndAwait(() -> pruner.prune());
            assertTrue(pruned >= 3, "pruned " + pruned);
            assertEquals(0, count(db, old));
            assertEquals(1, count(db, young));
        }
    }
}
