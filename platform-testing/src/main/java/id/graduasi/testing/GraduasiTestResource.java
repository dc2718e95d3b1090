package id.graduasi.testing;

import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Gives a {@code @QuarkusTest} application the shared real Kafka broker and a fresh database of its own on a
 * real PostgreSQL, so tests never see another run's rows. Use with
 * {@code @QuarkusTestResource(value = GraduasiTestResource.class, restrictToAnnotatedClass = false)}.
 */
public class GraduasiTestResource implements QuarkusTestResourceLifecycleManager {

    private TestInfrastructure.TestDatabase database;

    @Override
    public Map<String, String> start() {
        TestInfrastructure infrastructure = TestInfrastructure.get();
        database = infrastructure.createDatabase("graduasi_test");
        return Map.of(
                "kafka.bootstrap.servers", infrastructure.bootstrapServers(),
                "quarkus.datasource.jdbc.url", database.jdbcUrl(),
                "quarkus.datasource.reactive.url", database.reactiveUrl(),
                // Runs as the restricted role, migrates as the owner (docs/security.md, "The audit database role").
                "quarkus.datasource.username", database.user(),
                "quarkus.datasource.password", database.password(),
                "quarkus.flyway.username", database.ownerUser(),
                "quarkus.flyway.password", database.ownerPassword(),
                // Bearer tokens from TestTokens (services that verify tokens; the others ignore these).
                "mp.jwt.verify.publickey", TestTokens.publicKey(),
                "mp.jwt.verify.issuer", TestTokens.ISSUER);
    }

    @Override
    public void stop() {
        if (database != null) {
            TestInfrastructure.get().dropDatabase(database.name());
        }
    }
}
